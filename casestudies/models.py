"""Case study library: pages, methods and taxonomies, suggestions, open-data settings."""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable
from wagtail.search import index

from community.enums import Nation
from core.blocks import RICH_TEXT_FEATURES, BaseStreamBlock
from core.models import BasePage, TimeStampedModel
from core.page_cache import CachedForAnonymousMixin

from .enums import Completeness, Outcome, Sector, WorkersInvolved


class TaxonomyTerm(index.Indexed, models.Model):
    """Abstract base for the small, editor-managed vocabularies (one slug each, used in URLs)."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class Method(TaxonomyTerm):
    """A participation method (deliberative panel, citizens' jury, ...) with its own public page."""

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("participation method")
        verbose_name_plural = _("participation methods")

    def get_absolute_url(self) -> str:
        return reverse("casestudies:method_detail", kwargs={"slug": self.slug})

    @staticmethod
    def list_url() -> str:
        return reverse("casestudies:method_list")


class LifecycleStage(TaxonomyTerm):
    """A stage of the data/AI lifecycle where the public had a say."""

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("lifecycle stage")
        verbose_name_plural = _("lifecycle stages")


class DataKind(TaxonomyTerm):
    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("kind of data")
        verbose_name_plural = _("kinds of data")


class SystemKind(TaxonomyTerm):
    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("kind of system")
        verbose_name_plural = _("kinds of system")


class CaseStudyIndexPage(CachedForAnonymousMixin, BasePage):
    intro = RichTextField(features=RICH_TEXT_FEATURES, blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    search_fields = [*BasePage.search_fields, index.SearchField("intro")]
    parent_page_types = ["participation.HomePage"]
    subpage_types = ["casestudies.CaseStudyPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("case study index")
        verbose_name_plural = _("case study indexes")


class CaseStudyPageTag(TaggedItemBase):
    """Affected groups (tags) on a case study."""

    content_object = ParentalKey(
        "casestudies.CaseStudyPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class CaseStudyPage(CachedForAnonymousMixin, BasePage):
    summary = models.TextField(_("summary"), max_length=1000)
    organisation = models.ForeignKey(
        "community.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="case_studies",
    )
    sector = models.CharField(_("sector"), max_length=30, choices=Sector.choices, db_index=True)
    nation = models.CharField(
        _("nation"), max_length=20, choices=Nation.choices, blank=True, db_index=True
    )
    region = models.CharField(_("region or place"), max_length=100, blank=True)
    start_year = models.PositiveSmallIntegerField(_("start year"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("end year"), null=True, blank=True)
    data_kinds = ParentalManyToManyField(
        "casestudies.DataKind",
        blank=True,
        related_name="case_studies",
        verbose_name=_("kinds of data"),
    )
    system_kinds = ParentalManyToManyField(
        "casestudies.SystemKind",
        blank=True,
        related_name="case_studies",
        verbose_name=_("kinds of system"),
    )
    lifecycle_stages = ParentalManyToManyField(
        "casestudies.LifecycleStage",
        blank=True,
        related_name="case_studies",
        verbose_name=_("lifecycle stages where the public had a say"),
    )
    methods = ParentalManyToManyField(
        "casestudies.Method",
        blank=True,
        related_name="case_studies",
        verbose_name=_("participation methods"),
    )
    affected_groups = ClusterTaggableManager(
        through=CaseStudyPageTag, blank=True, verbose_name=_("affected groups")
    )
    workers_involved = models.CharField(
        _("workers involved"),
        max_length=10,
        choices=WorkersInvolved.choices,
        default=WorkersInvolved.UNKNOWN,
        db_index=True,
    )
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.ONGOING, db_index=True
    )
    body = StreamField(BaseStreamBlock(), blank=True, use_json_field=True)
    lessons = RichTextField(_("lessons"), features=RICH_TEXT_FEATURES, blank=True)
    completeness = models.CharField(
        _("completeness"),
        max_length=10,
        choices=Completeness.choices,
        default=Completeness.STUB,
        db_index=True,
    )
    last_reviewed = models.DateField(_("last reviewed"), null=True, blank=True)

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("organisation"),
                FieldPanel("sector"),
                FieldRowPanel([FieldPanel("nation"), FieldPanel("region")]),
                FieldRowPanel([FieldPanel("start_year"), FieldPanel("end_year")]),
            ],
            heading=_("Who, where and when"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("data_kinds"),
                FieldPanel("system_kinds"),
                FieldPanel("lifecycle_stages"),
                FieldPanel("methods"),
                FieldPanel("affected_groups"),
                FieldPanel("workers_involved"),
            ],
            heading=_("Data, systems and participation"),
        ),
        FieldPanel("outcome"),
        InlinePanel("outcome_evidence", label=_("Outcome evidence")),
        InlinePanel("key_figures", label=_("Key figures")),
        FieldPanel("body"),
        FieldPanel("lessons"),
        InlinePanel("sources", label=_("Sources")),
        MultiFieldPanel(
            [FieldPanel("completeness"), FieldPanel("last_reviewed")], heading=_("Review")
        ),
    ]
    search_fields = [
        *BasePage.search_fields,
        # Ranking: title (boost 2 on Page) above summary above body and lessons (unboosted).
        index.SearchField("summary", boost=1.5),
        index.SearchField("body"),
        index.SearchField("lessons"),
        index.FilterField("sector"),
        index.FilterField("outcome"),
        index.FilterField("nation"),
        index.RelatedFields("organisation", [index.SearchField("name")]),
    ]
    parent_page_types = ["casestudies.CaseStudyIndexPage"]
    subpage_types: list[str] = []

    @property
    def years(self) -> str:
        if self.start_year and self.end_year and self.start_year != self.end_year:
            return f"{self.start_year}\u2013{self.end_year}"
        return str(self.start_year or self.end_year or "")

    class Meta:
        verbose_name = _("case study")
        verbose_name_plural = _("case studies")
        constraints = [
            models.CheckConstraint(
                condition=Q(start_year__isnull=True)
                | Q(end_year__isnull=True)
                | Q(start_year__lte=F("end_year")),
                name="casestudies_years_in_order",
            ),
        ]


class CaseStudySearchDocument(models.Model):
    """A case study's stored search document: the tsvector Wagtail's search matches on
    (``title || body`` of its ``wagtailsearch_indexentry`` row), kept in its own row so the
    library can match a word with one GIN index lookup instead of concatenating and re-checking
    two vectors per case study (docs/performance.md, issue 18). Not a page field, so revisions
    never carry it.

    PostgreSQL only: a trigger on ``wagtailsearch_indexentry`` writes it whenever Wagtail indexes
    a case study (publish, edit, ``update_index``) and deletes it with the entry (migration
    0005); the GIN index has no planner statistics, so even a word in every case study is
    matched from the index. On SQLite the table stays empty and the library uses the search
    backend's own fallback."""

    page = models.OneToOneField(
        CaseStudyPage,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_document",
    )
    document = SearchVectorField()

    def __str__(self) -> str:
        return f"search document of page {self.page_id}"


class OutcomeEvidence(Orderable):
    """Evidence for the outcome: what changed, in which decision, when, and the source."""

    page = ParentalKey(CaseStudyPage, on_delete=models.CASCADE, related_name="outcome_evidence")
    what_changed = models.TextField(_("what changed"))
    decision = models.CharField(_("in which decision"), max_length=255)
    when = models.CharField(
        _("when"),
        max_length=50,
        blank=True,
        help_text=_("A year, month or date, e.g. 2021 or May 2021."),
    )
    source_url = models.URLField(_("source link"), blank=True)

    panels = [
        FieldPanel("what_changed"),
        FieldPanel("decision"),
        FieldPanel("when"),
        FieldPanel("source_url"),
    ]


class KeyFigure(Orderable):
    page = ParentalKey(CaseStudyPage, on_delete=models.CASCADE, related_name="key_figures")
    value = models.CharField(_("value"), max_length=50)
    label = models.CharField(_("label"), max_length=255)
    source = models.CharField(_("source"), max_length=255, blank=True)
    source_url = models.URLField(_("source link"), blank=True)

    panels = [
        FieldPanel("value"),
        FieldPanel("label"),
        FieldPanel("source"),
        FieldPanel("source_url"),
    ]


class Source(Orderable):
    page = ParentalKey(CaseStudyPage, on_delete=models.CASCADE, related_name="sources")
    title = models.CharField(_("title"), max_length=255)
    url = models.URLField(_("URL"), blank=True)
    publisher = models.CharField(_("publisher"), max_length=255, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)

    panels = [FieldPanel("title"), FieldPanel("url"), FieldPanel("publisher"), FieldPanel("date")]


class CaseStudySuggestion(TimeStampedModel):
    """What a member typed when suggesting a case study; the draft page it created is linked."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="case_study_suggestions",
    )
    page = models.ForeignKey(
        CaseStudyPage, null=True, on_delete=models.SET_NULL, related_name="suggestions"
    )
    title = models.CharField(_("title"), max_length=255)
    organisation_name = models.CharField(_("organisation"), max_length=200)
    what_happened = models.TextField(_("what happened"), max_length=5000)
    links = models.TextField(_("links"), max_length=2000, blank=True)
    connection = models.TextField(_("your connection"), max_length=1000, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["member", "-created_at"], name="casestudies_sugg_member_idx")
        ]

    def __str__(self) -> str:
        return self.title


@register_setting(icon="doc-full")
class OpenDataSettings(BaseSiteSetting):
    licence_name = models.CharField(
        _("licence name"), max_length=120, default="Creative Commons Attribution 4.0 International"
    )
    licence_short_name = models.CharField(
        _("licence short name"), max_length=30, default="CC BY 4.0"
    )
    licence_url = models.URLField(
        _("licence URL"), default="https://creativecommons.org/licenses/by/4.0/"
    )
    dataset_version = models.CharField(_("dataset version"), max_length=20, default="1.0")
    attribution = models.CharField(
        _("attribution"),
        max_length=255,
        blank=True,
        help_text=_("How re-users should credit the data, e.g. the community's name."),
    )

    panels = [
        FieldPanel("licence_name"),
        FieldPanel("licence_short_name"),
        FieldPanel("licence_url"),
        FieldPanel("dataset_version"),
        FieldPanel("attribution"),
    ]

    class Meta:
        verbose_name = _("case study open data")

"""Guidance: an index of guides, each guide optionally split into chapters, plus reader feedback."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.blocks import RICH_TEXT_FEATURES, BaseStreamBlock
from core.models import BasePage, TimeStampedModel
from core.page_cache import CachedForAnonymousMixin
from core.pages import page_view_serve

from .enums import AdoptionPurpose, AdoptionReview, AdoptionStage, Audience, GuideStatus


class GuidanceIndexPage(CachedForAnonymousMixin, BasePage):
    """/guidance/: every guide, grouped by status, filterable by audience and topic."""

    intro = RichTextField(features=RICH_TEXT_FEATURES, blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    search_fields = [*BasePage.search_fields, index.SearchField("intro")]
    parent_page_types = ["participation.HomePage"]
    subpage_types = ["guidance.GuidePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("guidance index page")
        verbose_name_plural = _("guidance index pages")


class GuideAudience(models.Model):
    """One of the audiences a guide is written for (the values of enums.Audience)."""

    slug = models.SlugField(max_length=40, unique=True, choices=Audience.choices)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "slug"]
        verbose_name = _("audience")

    def __str__(self) -> str:
        return str(dict(Audience.choices).get(self.slug, self.slug))

    @property
    def label(self) -> str:
        return str(self)


class GuidePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "guidance.GuidePage", on_delete=models.CASCADE, related_name="tagged_topics"
    )


class GuidePage(CachedForAnonymousMixin, RoutablePageMixin, BasePage):
    """A practice guide: versioned, reviewable, with an optional set of chapter pages."""

    summary = models.TextField(_("summary"), max_length=1000)
    audiences = ParentalManyToManyField(
        GuideAudience, blank=True, related_name="guides", verbose_name=_("audience")
    )
    partner_organisations = ParentalManyToManyField(
        "community.Organisation",
        blank=True,
        related_name="partner_guides",
        verbose_name=_("partner organisations"),
    )
    related_case_studies = ParentalManyToManyField(
        "casestudies.CaseStudyPage",
        blank=True,
        related_name="guides",
        verbose_name=_("related case studies"),
        help_text=_("Case studies this guide cites; each shows the guide as related guidance."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=GuideStatus.choices, default=GuideStatus.DRAFT
    )
    superseded_by = models.ForeignKey(
        "guidance.GuidePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supersedes",
        verbose_name=_("superseded by"),
        help_text=_("Required when the status is superseded: the guide that replaces this one."),
    )
    version = models.CharField(_("version"), max_length=20, default="1.0")
    published_date = models.DateField(_("published date"), null=True, blank=True)
    last_reviewed_date = models.DateField(_("last reviewed"), null=True, blank=True)
    next_review_date = models.DateField(_("next review due"), null=True, blank=True)
    tags = ClusterTaggableManager(
        through=GuidePageTag, blank=True, verbose_name=_("topics"), related_name="guide_pages"
    )
    body = StreamField(BaseStreamBlock(), blank=True, use_json_field=True)

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    about_panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("status"), FieldPanel("version")]),
                FieldPanel("superseded_by", heading=_("Superseded by")),
                FieldRowPanel(
                    [
                        FieldPanel("published_date"),
                        FieldPanel("last_reviewed_date"),
                        FieldPanel("next_review_date"),
                    ]
                ),
            ],
            heading=_("Status, version and review"),
        ),
        InlinePanel("change_log", label=_("Public change log")),
        FieldPanel("audiences", widget=forms.CheckboxSelectMultiple),
        FieldPanel("partner_organisations"),
        FieldPanel("related_case_studies"),
        FieldPanel("tags"),
    ]
    # Editors see the content first, then the facts readers rely on to trust a guide.
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(about_panels, heading=_("About this guide")),
            ObjectList(BasePage.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("status"),
    ]
    parent_page_types = ["guidance.GuidanceIndexPage"]
    subpage_types = ["guidance.GuideChapterPage"]

    class Meta:
        verbose_name = _("guide")
        verbose_name_plural = _("guides")
        constraints = [
            models.CheckConstraint(
                condition=Q(next_review_date__isnull=True)
                | Q(last_reviewed_date__isnull=True)
                | Q(next_review_date__gte=F("last_reviewed_date")),
                name="guidance_guide_next_review_after_last",
            ),
            models.CheckConstraint(
                condition=~Q(status=GuideStatus.SUPERSEDED) | Q(superseded_by__isnull=False),
                name="guidance_guide_superseded_has_successor",
            ),
        ]
        indexes = [models.Index(fields=["status"], name="guidance_guide_status_idx")]

    def clean(self):
        super().clean()
        errors = {}
        if self.status == GuideStatus.SUPERSEDED and not self.superseded_by_id:
            errors["superseded_by"] = _("Choose the guide that replaces this one.")
        if self.superseded_by_id and self.pk and self.superseded_by_id == self.pk:
            errors["superseded_by"] = _("A guide cannot be superseded by itself.")
        if (
            self.last_reviewed_date
            and self.next_review_date
            and self.next_review_date < self.last_reviewed_date
        ):
            errors["next_review_date"] = _(
                "The next review must be on or after the last review date."
            )
        if errors:
            raise ValidationError(errors)

    @path("")
    def guide(self, request):
        return self.render(request)

    @path("print/")
    def print_view(self, request):
        """The whole guide on one page (its context: guidance/page_contexts.py)."""
        return self.render(request, template="guidance/guide_print.html", whole_guide=True)

    @path("use/")
    def use_view(self, request):
        """A member reports that their organisation considers, pilots or uses this guide
        (issue 21; the view: guidance.views.adoption_report_view, via core.pages)."""
        return page_view_serve(self, "use", request)


class GuideChangeLogEntry(Orderable):
    """One row of a guide's public change log."""

    page = ParentalKey(GuidePage, on_delete=models.CASCADE, related_name="change_log")
    date = models.DateField(_("date"))
    version = models.CharField(_("version"), max_length=20)
    summary = models.TextField(_("what changed"), max_length=1000)

    panels = [
        FieldRowPanel([FieldPanel("date"), FieldPanel("version")]),
        FieldPanel("summary"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("change log entry")
        verbose_name_plural = _("change log")

    def __str__(self) -> str:
        return f"{self.version} ({self.date:%Y-%m-%d})"


# The guide's own routes (GuidePage: print/, use/): a chapter with one of these slugs would hide it.
GUIDE_ROUTE_SLUGS = frozenset({"print", "use"})


class GuideChapterPage(CachedForAnonymousMixin, BasePage):
    """An optional chapter of a guide (/guidance/<guide>/<chapter>/)."""

    summary = models.TextField(_("summary"), max_length=1000, blank=True)
    body = StreamField(BaseStreamBlock(), blank=True, use_json_field=True)

    content_panels = [*BasePage.content_panels, FieldPanel("summary"), FieldPanel("body")]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
    ]
    parent_page_types = ["guidance.GuidePage"]
    subpage_types: list[str] = []

    def clean(self):
        super().clean()
        if self.slug in GUIDE_ROUTE_SLUGS:
            raise ValidationError(
                {
                    "slug": _(
                        "The slug “%(slug)s” is taken by the guide's own pages: choose another"
                    )
                    % {"slug": self.slug}
                }
            )

    class Meta:
        verbose_name = _("guide chapter")
        verbose_name_plural = _("guide chapters")


class GuideFeedback(TimeStampedModel):
    """A reader's answer to "Was this useful?" on a guide or one of its chapters."""

    guide = models.ForeignKey(GuidePage, on_delete=models.CASCADE, related_name="feedback")
    page = models.ForeignKey(
        Page,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("The guide or chapter the reader was on."),
    )
    version = models.CharField(_("version read"), max_length=20)
    useful = models.BooleanField(_("useful"))
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="guide_feedback",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("guide feedback")
        verbose_name_plural = _("guide feedback")
        indexes = [
            models.Index(fields=["guide", "-created_at"], name="guidance_fb_guide_idx"),
        ]

    def __str__(self) -> str:
        answer = _("useful") if self.useful else _("not useful")
        return f"{self.guide.title} v{self.version}: {answer}"

    @property
    def page_title(self) -> str:
        return self.page.title


class AdoptionReport(TimeStampedModel):
    """A member's report that their organisation considers, pilots or uses a guide (or a chapter).

    Public only when `review` is APPROVED, and then the organisation is named only when
    `may_name` is true: every public consumer reads reports through
    `guidance.selectors.adoption_public_reports` / `adoption_public_label`, never this table
    directly. Each change of stage or review adds an `AdoptionReportChange` row (the history).
    """

    guide = models.ForeignKey(
        GuidePage,
        on_delete=models.CASCADE,
        related_name="adoption_reports",
        verbose_name=_("guide"),
    )
    chapter = models.ForeignKey(
        "guidance.GuideChapterPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="adoption_reports",
        verbose_name=_("chapter"),
        help_text=_("Leave empty when the report is about the whole guide."),
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="adoption_reports",
        verbose_name=_("reported by"),
    )
    organisation = models.ForeignKey(
        "community.Organisation",
        on_delete=models.PROTECT,
        related_name="adoption_reports",
        verbose_name=_("organisation"),
    )
    stage = models.CharField(_("stage"), max_length=20, choices=AdoptionStage.choices)
    purpose = models.CharField(_("used for"), max_length=20, choices=AdoptionPurpose.choices)
    purpose_detail = models.CharField(
        _("what it is used for, in a few words"), max_length=200, blank=True
    )
    since = models.DateField(_("since"), help_text=_("The first day of the month it started."))
    public_link = models.URLField(_("public link"), blank=True)
    account = models.TextField(_("short account"), max_length=1500, blank=True)
    may_name = models.BooleanField(
        _("the organisation may be named publicly"),
        default=False,
        help_text=_("When not, the report counts in totals but the organisation is never named."),
    )
    review = models.CharField(
        _("review"),
        max_length=20,
        choices=AdoptionReview.choices,
        default=AdoptionReview.PENDING,
    )
    review_note = models.TextField(
        _("note to the member"),
        max_length=1500,
        blank=True,
        help_text=_("The reason for declining, or what more is needed."),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    guide_version = models.CharField(_("guide version when reported"), max_length=20, blank=True)
    case_study = models.ForeignKey(
        "casestudies.CaseStudyPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("draft case study"),
    )

    class Meta:
        ordering = ["-since", "-created_at"]
        verbose_name = _("adoption report")
        verbose_name_plural = _("adoption reports")
        indexes = [
            models.Index(fields=["guide", "review", "stage"], name="guidance_adopt_guide_idx"),
            models.Index(fields=["organisation", "review"], name="guidance_adopt_org_idx"),
            models.Index(fields=["review", "-created_at"], name="guidance_adopt_review_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.get_stage_display()} {self.guide.title}"


class AdoptionReportChange(models.Model):
    """One step of a report's history: a new stage, a review decision, or an edit."""

    report = models.ForeignKey(AdoptionReport, on_delete=models.CASCADE, related_name="changes")
    changed_at = models.DateTimeField(default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    stage = models.CharField(max_length=20, choices=AdoptionStage.choices)
    review = models.CharField(max_length=20, choices=AdoptionReview.choices)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["changed_at", "pk"]
        verbose_name = _("adoption report change")

    def __str__(self) -> str:
        return f"{self.report_id} {self.changed_at:%Y-%m-%d}: {self.stage} / {self.review}"

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.blocks import RICH_TEXT_FEATURES, BaseStreamBlock
from core.models import BasePage
from core.page_cache import CachedForAnonymousMixin

from .enums import UpdateKind


class HomePageFeaturedLink(Orderable):
    page = ParentalKey("participation.HomePage", related_name="featured_links")
    title = models.CharField(max_length=120)
    description = models.CharField(max_length=250, blank=True)
    link_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    link_url = models.URLField(blank=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("link_page"),
        FieldPanel("link_url"),
    ]

    @property
    def href(self) -> str:
        return self.link_page.url if self.link_page_id else self.link_url

    @property
    def target(self):
        """What the link leads to: the page, or the path/URL (for {% localurl %})."""
        return self.link_page if self.link_page_id else self.link_url


class HomePage(BasePage):
    intro = RichTextField(features=RICH_TEXT_FEATURES, blank=True)
    body = StreamField(BaseStreamBlock(), blank=True, use_json_field=True)
    # Which sections show, and their headings (participation/home.py fills them).
    show_case_studies = models.BooleanField(_("show case studies"), default=True)
    case_studies_heading = models.CharField(
        _("case studies heading"), max_length=120, default="Case studies"
    )
    show_guidance = models.BooleanField(_("show guidance"), default=True)
    guidance_heading = models.CharField(_("guidance heading"), max_length=120, default="Guidance")
    show_meeting = models.BooleanField(_("show the next meeting"), default=True)
    meeting_heading = models.CharField(_("meeting heading"), max_length=120, default="Next meeting")
    show_unconference = models.BooleanField(_("show the current unconference"), default=True)
    unconference_heading = models.CharField(
        _("unconference heading"), max_length=120, default="Unconference"
    )
    join_heading = models.CharField(
        _("joining heading"), max_length=120, default="Join the community"
    )
    join_text = RichTextField(features=RICH_TEXT_FEATURES, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        InlinePanel("featured_links", label=_("Featured links"), max_num=6),
        MultiFieldPanel(
            [
                FieldPanel("show_case_studies"),
                FieldPanel("case_studies_heading"),
                FieldPanel("show_guidance"),
                FieldPanel("guidance_heading"),
                FieldPanel("show_meeting"),
                FieldPanel("meeting_heading"),
                FieldPanel("show_unconference"),
                FieldPanel("unconference_heading"),
                FieldPanel("join_heading"),
                FieldPanel("join_text"),
            ],
            heading=_("Home page sections"),
        ),
        FieldPanel("body"),
    ]

    search_fields = [*BasePage.search_fields, index.SearchField("intro")]
    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")


class StandardPage(CachedForAnonymousMixin, BasePage):
    """A plain content page: about, accessibility statement, privacy notice."""

    intro = models.TextField(max_length=600, blank=True)
    body = StreamField(BaseStreamBlock(), blank=True, use_json_field=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]
    parent_page_types = ["participation.HomePage", "participation.StandardPage"]
    subpage_types = ["participation.StandardPage"]

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("pages")


class UpdatesIndexPage(CachedForAnonymousMixin, BasePage):
    """/updates/: opinion pieces, weeknotes and news, filterable by kind and tag (GET)."""

    intro = RichTextField(features=RICH_TEXT_FEATURES, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*BasePage.search_fields, index.SearchField("intro")]
    parent_page_types = ["participation.HomePage"]
    subpage_types = ["participation.UpdatePage"]
    max_count_per_parent = 1
    per_page = 10  # updates per page of the index (participation/page_contexts.py)

    class Meta:
        verbose_name = _("updates index page")
        verbose_name_plural = _("updates index pages")


class UpdatePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "participation.UpdatePage", related_name="tagged_items", on_delete=models.CASCADE
    )


class UpdatePage(CachedForAnonymousMixin, BasePage):
    """One opinion piece, weeknote or news item."""

    kind = models.CharField(max_length=20, choices=UpdateKind.choices, default=UpdateKind.NEWS)
    date = models.DateField(default=datetime.date.today, help_text=_("The date shown on the post."))
    author_name = models.CharField(max_length=120, blank=True)
    author_role = models.CharField(max_length=200, blank=True)
    summary = models.TextField(max_length=400, help_text=_("One or two sentences for listings."))
    body = StreamField(BaseStreamBlock(), blank=True, use_json_field=True)
    tags = ClusterTaggableManager(through=UpdatePageTag, blank=True)
    related_case_studies = ParentalManyToManyField(
        "casestudies.CaseStudyPage", blank=True, related_name="related_updates"
    )
    related_guides = ParentalManyToManyField(
        "guidance.GuidePage", blank=True, related_name="related_updates"
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("kind"),
                FieldPanel("date"),
                FieldPanel("author_name"),
                FieldPanel("author_role"),
            ],
            heading=_("About this update"),
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("tags"),
        MultiFieldPanel(
            [FieldPanel("related_case_studies"), FieldPanel("related_guides")],
            heading=_("Related"),
        ),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("author_name"),
        index.FilterField("kind"),
        index.FilterField("date"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]
    parent_page_types = ["participation.UpdatesIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("update")
        verbose_name_plural = _("updates")
        indexes = [models.Index(fields=["kind", "-date"], name="update_kind_date_idx")]

    @property
    def card_summary(self) -> str:
        return self.listing_summary or self.summary

    @property
    def live_related_case_studies(self) -> list:
        return [page for page in self.related_case_studies.all() if page.live]

    @property
    def live_related_guides(self) -> list:
        return [page for page in self.related_guides.all() if page.live]

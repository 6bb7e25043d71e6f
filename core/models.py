"""The ground's models: the abstract bases every app builds on (TimeStampedModel, BasePage), the
site settings and navigation, and the worker heartbeat. The ground imports no other app of the
project (docs/decisions.md, "Layers").

The four concrete models here were created by the ``participation`` app; they keep its tables
(``db_table``) and their content types were relabelled in place (core migration 0001), so no row
moved and every permission still points at them."""

from django.db import models
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, PageViewRestriction
from wagtail.search import index

from .content_cache import content_cached, request_site, site_has_view_restrictions
from .i18n import locale_default
from .pages import page_context_build


def in_active_language(text: str, **translations: str) -> str:
    """``text`` (English) or its translation for the active language, given as keyword
    arguments by language code (``cy="..."``), when that is not blank."""
    language = (translation.get_language() or "").replace("-", "_")
    return translations.get(language) or text


class TimeStampedModel(models.Model):
    """Abstract base: created and modified timestamps for every domain model."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Heartbeat(models.Model):
    """The last time a named periodic job ran (written by the worker, read by /healthz)."""

    name = models.CharField(max_length=50, unique=True)
    last_seen = models.DateTimeField()

    class Meta:
        db_table = "participation_heartbeat"

    def __str__(self) -> str:
        return f"{self.name} at {self.last_seen:%Y-%m-%d %H:%M:%S}"


class BasePage(Page):
    """Abstract base for every content page: listing title, summary, image and search fields."""

    listing_title = models.CharField(
        max_length=255, blank=True, help_text=_("Shorter title for cards and listings (optional).")
    )
    listing_summary = models.TextField(
        max_length=400,
        blank=True,
        help_text=_("One or two sentences for cards and search results."),
    )
    listing_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    promote_panels = [
        *Page.promote_panels,
        MultiFieldPanel(
            [
                FieldPanel("listing_title"),
                FieldPanel("listing_summary"),
                FieldPanel("listing_image"),
            ],
            heading=_("Listings"),
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("listing_summary")]

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        """Wagtail's context plus what the app's registered builders add (core.pages)."""
        context = super().get_context(request, *args, **kwargs)
        context.update(page_context_build(self, request, *args, **kwargs))
        return context

    def route(self, request, path_components):
        """Serve the English page when a Welsh (non-default locale) tree lacks a translation:
        route the rest of the path through this page's default-locale original. The page
        template then says, in Welsh, that the page is not yet translated (docs/welsh.md)."""
        try:
            return super().route(request, path_components)
        except Http404:
            if not path_components:
                raise
            default = locale_default()
            if self.locale_id == default.pk:
                raise
            original = self.get_translation_or_none(default)
            if original is None:
                raise
            return original.specific.route(request, path_components)

    def get_view_restrictions(self):
        """Wagtail's check (two queries on every page served) only when the site has a view
        restriction at all; whether it has one is kept per content version (core.content_cache:
        saving or deleting a restriction bumps the version)."""
        if not site_has_view_restrictions():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()

    @property
    def card_title(self) -> str:
        return self.listing_title or self.title

    @property
    def card_summary(self) -> str:
        return self.listing_summary or self.search_description


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    organisation_name = models.CharField(max_length=120, default="Public participation community")
    organisation_name_cy = models.CharField(
        _("organisation name in Welsh"),
        max_length=120,
        blank=True,
        help_text=_("Shown on Welsh pages (/cy/). Leave blank to show the English name."),
    )
    tagline = models.CharField(max_length=200, blank=True)
    footer_text = RichTextField(features=["bold", "italic", "link"], blank=True)
    footer_text_cy = RichTextField(
        _("footer text in Welsh"),
        features=["bold", "italic", "link"],
        blank=True,
        help_text=_("Shown on Welsh pages (/cy/). Leave blank to show the English text."),
    )
    contact_email = models.EmailField(blank=True)

    panels = [
        FieldPanel("organisation_name"),
        FieldPanel("organisation_name_cy"),
        FieldPanel("tagline"),
        FieldPanel("footer_text"),
        FieldPanel("footer_text_cy"),
        FieldPanel("contact_email"),
    ]

    @classmethod
    def for_request(cls, request):
        """Wagtail's per-request settings, read once per content version and site
        (core.content_cache) instead of once per request."""
        attr_name = cls.get_cache_attr_name()
        if hasattr(request, attr_name):
            return getattr(request, attr_name)
        site = request_site(request)
        if site is None:
            return super().for_request(request)  # raises as Wagtail does
        site_settings = content_cached(
            f"settings:{cls._meta.label}:{site.pk}", lambda: cls.for_site(site)
        )
        site_settings._request = request
        setattr(request, attr_name, site_settings)
        return site_settings

    @property
    def site_name(self) -> str:
        """The organisation's name in the active language (docs/welsh.md)."""
        return in_active_language(self.organisation_name, cy=self.organisation_name_cy)

    @property
    def footer(self) -> str:
        """The footer text in the active language."""
        return in_active_language(self.footer_text, cy=self.footer_text_cy)

    class Meta:
        db_table = "participation_sitesettings"
        verbose_name = _("site settings")


@register_setting(icon="list-ul")
class NavigationSettings(BaseSiteSetting, ClusterableModel):
    panels = [InlinePanel("main_links", label=_("Main navigation"))]

    class Meta:
        db_table = "participation_navigationsettings"
        verbose_name = _("navigation")


class NavigationLink(Orderable):
    settings = ParentalKey(NavigationSettings, related_name="main_links")
    label = models.CharField(max_length=60)
    label_cy = models.CharField(
        _("label in Welsh"),
        max_length=60,
        blank=True,
        help_text=_("Shown on Welsh pages (/cy/). Leave blank to show the English label."),
    )
    link_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    link_url = models.CharField(
        max_length=255,
        blank=True,
        help_text=_(
            "A path on this site in English (/events/; Welsh pages link to /cy/events/) "
            "or a full URL."
        ),
    )

    panels = [
        FieldPanel("label"),
        FieldPanel("label_cy"),
        FieldPanel("link_page"),
        FieldPanel("link_url"),
    ]

    class Meta(Orderable.Meta):
        db_table = "participation_navigationlink"

    def __str__(self) -> str:
        return self.label

    @property
    def href(self) -> str:
        return self.link_page.url if self.link_page_id else self.link_url

    @property
    def target(self):
        """What the link leads to: the page, or the path/URL (for {% localurl %})."""
        return self.link_page if self.link_page_id else self.link_url

    @property
    def localised_label(self) -> str:
        """The label in the active language."""
        return in_active_language(self.label, cy=self.label_cy)

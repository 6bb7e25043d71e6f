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

# What routing reads of the pages on the way down (the page served is loaded in full).
_ROUTING_FIELDS = (
    "id",
    "path",
    "depth",
    "url_path",
    "content_type_id",
    "translation_key",
    "locale_id",
)


def _routes_itself(page: Page) -> bool:
    """Whether ``page``'s type routes paths below it its own way (a routable page)."""
    model = page.specific_class
    return model is None or getattr(model, "route", None) is not BasePage.route


def _route_below(page: Page, request, components: list[str]):
    """Route ``components`` below ``page`` (whose own routing, if any, has been tried)."""
    prefixes = [
        page.url_path + "/".join(components[: depth + 1]) + "/" for depth in range(len(components))
    ]
    found = {
        row.url_path: row
        for row in Page.objects.filter(
            slug__in=set(components), url_path__in=prefixes, path__startswith=page.path
        ).only(*_ROUTING_FIELDS)
    }
    chain: list[Page] = [page]  # chain[depth] is the parent of components[depth]
    try:
        for depth, prefix in enumerate(prefixes):
            parent = chain[-1]
            child = found.get(prefix)
            if child is None:
                if depth and _routes_itself(parent):
                    return parent.specific.route(request, components[depth:])
                raise Http404
            child._cached_parent_obj = parent
            if depth + 1 == len(components) or _routes_itself(child):
                return child.specific.route(request, components[depth + 1 :])
            chain.append(child)
        raise Http404  # not reached: the last component returns above
    except Http404:
        # As Wagtail's routing unwinds: each page on the way, deepest first, may serve the
        # rest of the path from its default-locale original.
        for depth in range(len(chain) - 1, -1, -1):
            try:
                return _route_in_original(chain[depth], request, components[depth:])
            except Http404:
                continue
        raise


def _route_in_original(page: Page, request, remaining: list[str]):
    """The rest of the path below the default-locale original of ``page`` (another locale's)."""
    default = locale_default()
    if page.locale_id == default.pk:
        raise Http404
    # A page's translations are part of the frame (core.content_cache): kept per frame version.
    original = content_cached(
        f"route-original:{page.translation_key}:{default.pk}",
        lambda: (
            Page.objects.filter(translation_key=page.translation_key, locale_id=default.pk)
            .only(*_ROUTING_FIELDS)
            .first()
        ),
        request=request,
    )
    if original is None:
        raise Http404
    if _routes_itself(original):
        return original.specific.route(request, remaining)
    return _route_below(original, request, remaining)


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
        """Wagtail's routing, in one query for the whole path instead of two per level (issue 18):
        every page on the way down is read at once by its ``url_path``, and only the page served
        is loaded as its specific type. A page type with its own ``route`` (a routable page) on
        the way is handed the rest of the path, as Wagtail would.

        Serve the English page when a Welsh (non-default locale) tree lacks a translation:
        route the rest of the path through the default-locale original of the deepest Welsh page
        found. The page template then says, in Welsh, that the page is not yet translated
        (docs/welsh.md)."""
        if not path_components:
            return super().route(request, path_components)
        return _route_below(self, request, list(path_components))

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

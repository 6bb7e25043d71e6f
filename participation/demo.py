"""Demo content for the site-wide app: the home page, the site, its settings and navigation."""

from wagtail.models import Locale, Page, Site

from .models import HomePage, HomePageFeaturedLink, NavigationLink, NavigationSettings, SiteSettings

HOME_INTRO = (
    "<p>A community of practice for people in councils, the NHS, government departments, "
    "regulators and statistics producers who want the public, affected communities and workers "
    "to have a real say in data, digital and AI decisions.</p>"
    "<p>Browse case studies and guidance, come to our monthly meetings (usually the second "
    "Wednesday of the month, 2pm UK time, online) and help shape the agenda.</p>"
)

NAVIGATION = [
    ("Case studies", "/case-studies/"),
    ("Guidance", "/guidance/"),
    ("Events", "/events/"),
    ("Members", "/members/"),
    ("Updates", "/updates/"),
]


def home_page() -> HomePage:
    """Return the demo home page, creating it (and pointing the default site at it) if needed."""
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        locale = Locale.get_default()
        home = HomePage(
            title="Giving communities a powerful say in public sector data and AI",
            slug="home",
            intro=HOME_INTRO,
            locale=locale,
        )
        # Wagtail's migration makes a placeholder "Welcome" page at slug "home"; replace it.
        for placeholder in (
            root.get_children().filter(slug="home").exclude(content_type__model="homepage")
        ):
            placeholder.delete()
        root.add_child(instance=home)
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name="Public participation community",
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save()
    return home


def load(*, stdout) -> None:
    home = home_page()
    site = Site.objects.get(is_default_site=True)
    site_settings = SiteSettings.for_site(site)
    site_settings.organisation_name = "Public participation community"
    site_settings.tagline = "Public participation in public-sector data and AI"
    site_settings.footer_text = (
        "<p>A community of practice funded by The Mohn Westlake Foundation. "
        "Content is available under CC BY 4.0 unless stated otherwise.</p>"
    )
    site_settings.save()
    nav = NavigationSettings.for_site(site)
    if not nav.main_links.exists():
        for order, (label, url) in enumerate(NAVIGATION):
            NavigationLink.objects.create(settings=nav, label=label, link_url=url, sort_order=order)
    if not home.featured_links.exists():
        HomePageFeaturedLink.objects.create(
            page=home,
            sort_order=0,
            title="Read the case studies",
            description="What happened when public bodies did, or did not, involve people.",
            link_url="/case-studies/",
        )
        HomePageFeaturedLink.objects.create(
            page=home,
            sort_order=1,
            title="Come to a meeting",
            description="Monthly, online, under the Chatham House rule.",
            link_url="/events/",
        )
    stdout.write(f"  home page: {home.url_path}")

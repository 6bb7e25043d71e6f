from wagtail.models import Locale, Page, Site

from core.services import site_url_parts
from participation.models import HomePage


def build_site() -> HomePage:
    """Return the home page of the default site, creating locale, root, home and site if absent."""
    locale, _ = Locale.objects.get_or_create(language_code="en-gb")
    Locale.objects.get_or_create(language_code="cy")
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    home = HomePage.objects.first()
    if home is None:
        for child in root.get_children():
            child.delete()
        home = HomePage(
            title="Public participation community",
            slug="home",
            intro="<p>A community of practice on public participation in data and AI.</p>",
            locale=locale,
        )
        root.add_child(instance=home)
        home.save_revision().publish()
    hostname, port = site_url_parts()  # the site is where SITE_URL (http://testserver) says
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": hostname, "port": port, "root_page": home, "site_name": "Test"},
    )
    return home

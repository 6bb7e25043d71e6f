"""Sitemap, robots.txt, canonical URLs and Open Graph metadata, breadcrumbs and pagination."""

import xml.etree.ElementTree as ET

import pytest
from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory

from core.sitemaps import NamedURLSitemap, register_sitemap, unregister_sitemap
from tests.factories.participation import standard_page, update_page, updates_index

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def sitemap_locations(response) -> list[str]:
    root = ET.fromstring(response.content)  # noqa: S314 (our own response)
    return [url.findtext(f"{SITEMAP}loc") for url in root.findall(f"{SITEMAP}url")]


class FakeEventSitemap(Sitemap):
    """Stands in for the events app's sitemap of public events."""

    def items(self):
        return ["/events/monthly-meeting-2025-01/", "/events/design-lab/"]

    def location(self, item):
        return item


@pytest.mark.django_db
def test_sitemap_lists_live_pages_and_registered_sections(client, home_page, monkeypatch):
    import core.sitemaps

    # Only the sections registered here (the apps' real sections are tested in test_sources.py).
    monkeypatch.setattr(core.sitemaps, "_SITEMAPS", {})
    index = updates_index(home=home_page)
    update = update_page(index=index, title="Live update")
    update_page(index=index, title="Draft update", live=False)
    standard_page(parent=home_page, title="About", slug="about")
    register_sitemap("events", FakeEventSitemap)
    register_sitemap("static", NamedURLSitemap(["search"]))
    try:
        response = client.get("/sitemap.xml")
    finally:
        unregister_sitemap("events")
        unregister_sitemap("static")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    paths = {loc.split("://", 1)[1].split("/", 1)[1] for loc in sitemap_locations(response)}
    assert paths == {
        "",
        "updates/",
        update.url.lstrip("/"),
        "about/",
        "events/monthly-meeting-2025-01/",
        "events/design-lab/",
        "search/",
    }


def test_pages_section_name_is_reserved():
    with pytest.raises(ValueError):
        register_sitemap("pages", FakeEventSitemap)


@pytest.mark.django_db
def test_robots_txt_disallows_private_areas_and_points_to_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    for path in ("/admin/", "/django-admin/", "/account/", "/accounts/", "/unsubscribe/"):
        assert f"Disallow: {path}" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /" not in lines  # public pages stay crawlable


@pytest.mark.django_db
def test_wagtail_pages_have_canonical_url_and_open_graph(client, home_page):
    index = updates_index(home=home_page)
    page = update_page(index=index, title="AI adoption", summary="Two adoption challenges.")
    html = client.get(page.url).content.decode()
    canonical = f"http://testserver{page.url}"
    assert f'<link rel="canonical" href="{canonical}">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:title" content="AI adoption">' in html
    assert f'<meta property="og:url" content="{canonical}">' in html
    assert '<meta property="og:description" content="Two adoption challenges.">' in html

    home = client.get("/").content.decode()
    assert '<link rel="canonical" href="http://testserver/">' in home
    assert '<meta property="og:type" content="website">' in home
    assert 'aria-label="Breadcrumb"' not in home  # no breadcrumbs on the home page


@pytest.mark.django_db
def test_non_page_views_have_no_page_meta_but_get_view_breadcrumbs(client, home_page):
    html = client.get("/search/").content.decode()
    assert 'rel="canonical"' not in html
    crumbs = html.split('aria-label="Breadcrumb"', 1)[1].split("</nav>", 1)[0]
    assert '<a href="/">Home</a>' in crumbs
    assert '<span aria-current="page">Search</span>' in crumbs


def render_pagination(number: int, total_items: int, query: str = "kind=news") -> str:
    request = RequestFactory().get(f"/updates/?{query}&page={number}")
    page_obj = Paginator(list(range(total_items)), 10).get_page(number)
    return render_to_string("components/pagination.html", {"page_obj": page_obj}, request=request)


def test_pagination_component_is_accessible_and_elides():
    html = render_pagination(6, 200)
    assert '<nav class="pagination" aria-label="Pagination">' in html
    assert 'href="?kind=news&amp;page=5" rel="prev"' in html
    assert 'href="?kind=news&amp;page=7" rel="next"' in html
    assert (
        '<a href="?kind=news&amp;page=6" aria-current="page">'
        '<span class="visually-hidden">Page </span>6</a>' in html
    )
    assert html.count('aria-current="page"') == 1
    assert "&hellip;" in html  # long ranges are elided
    assert 'page=20"' in html and 'page=1"' in html  # first and last stay reachable
    assert "Page 6 of 20" in html


def test_pagination_component_edges_and_single_page():
    first = render_pagination(1, 25)
    assert 'rel="prev"' not in first and 'rel="next"' in first
    last = render_pagination(3, 25)
    assert 'rel="prev"' in last and 'rel="next"' not in last
    assert render_pagination(1, 5).strip() == ""


def test_breadcrumbs_component_marks_only_the_current_page():
    html = render_to_string(
        "components/breadcrumbs.html",
        {"crumbs": [("Home", "/"), ("Events", "/events/"), ("Design lab", None)]},
    )
    assert '<nav class="breadcrumbs" aria-label="Breadcrumb">' in html
    assert '<li><a href="/events/">Events</a></li>' in html
    assert '<li><span aria-current="page">Design lab</span></li>' in html
    assert render_to_string("components/breadcrumbs.html", {"crumbs": []}).strip() == ""

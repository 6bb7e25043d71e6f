import datetime
import io
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from participation import demo
from participation.enums import UpdateKind
from participation.models import StandardPage, UpdatePage
from tests.factories.participation import standard_page, update_page, updates_index

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def index(home_page):
    return updates_index(home=home_page)


def titles(html: str, candidates) -> list[str]:
    """The candidate titles in the order they appear in the page."""
    found = [(html.find(title), title) for title in candidates if title in html]
    return [title for _, title in sorted(found)]


@pytest.mark.django_db
def test_updates_index_lists_live_updates_newest_first(client, index):
    update_page(index=index, title="Older news", date=datetime.date(2024, 1, 5))
    update_page(index=index, title="Newer opinion", kind="opinion", date=datetime.date(2024, 9, 5))
    update_page(index=index, title="Draft weeknote", live=False)

    response = client.get("/updates/")

    html = response.content.decode()
    assert response.status_code == 200
    assert titles(html, ["Older news", "Newer opinion"]) == ["Newer opinion", "Older news"]
    assert "Draft weeknote" not in html
    assert "2 updates" in html
    assert 'href="/updates/feed/"' in html  # feed link for people and feed readers


@pytest.mark.django_db
def test_updates_filter_by_kind_and_tag_with_get(client, index):
    day = datetime.date(2024, 5, 1)
    update_page(index=index, title="Opinion on AI", kind="opinion", tags=["AI"], date=day)
    update_page(index=index, title="Opinion on data", kind="opinion", tags=["Data"], date=day)
    update_page(index=index, title="News on AI", kind=UpdateKind.NEWS, tags=["AI"], date=day)

    html = client.get("/updates/", {"kind": "opinion"}).content.decode()
    assert set(titles(html, ["Opinion on AI", "Opinion on data", "News on AI"])) == {
        "Opinion on AI",
        "Opinion on data",
    }
    assert '<option value="opinion" selected>' in html

    html = client.get("/updates/", {"kind": "opinion", "tag": "ai"}).content.decode()
    assert "Opinion on AI" in html
    assert "Opinion on data" not in html and "News on AI" not in html
    assert '<option value="ai" selected>' in html
    assert "Clear filters" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [
        {"kind": "not-a-kind"},
        {"tag": "<script>alert(1)</script>"},
        {"tag": "x" * 5000},
        {"kind": "opinion\x00"},
        {"page": "999"},
        {"page": "-1"},
        {"page": "abc"},
    ],
)
def test_updates_hostile_filters_are_ignored_not_500(client, index, params):
    update_page(index=index, title="Visible update")
    response = client.get("/updates/", params)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Visible update" in html
    assert "<script>alert(1)</script>" not in html


@pytest.mark.django_db
def test_updates_pagination_keeps_filters_and_marks_current_page(client, index):
    for n in range(12):
        update_page(index=index, title=f"Weeknote {n:02d}", kind=UpdateKind.WEEKNOTE)
    update_page(index=index, title="A news item", kind=UpdateKind.NEWS)

    first = client.get("/updates/", {"kind": "weeknote"}).content.decode()
    assert 'aria-label="Updates pages"' in first
    assert 'href="?kind=weeknote&amp;page=2" rel="next"' in first
    assert 'aria-current="page"' in first
    assert "Page 1 of 2" in first
    assert first.count('class="card"') == 10

    second = client.get("/updates/", {"kind": "weeknote", "page": 2}).content.decode()
    assert second.count('class="card"') == 2
    assert 'href="?kind=weeknote&amp;page=1" rel="prev"' in second
    assert "A news item" not in second


@pytest.mark.django_db
def test_updates_index_query_count_does_not_grow_with_items(client, index):
    update_page(index=index, tags=["AI", "Data"])
    client.get("/updates/")  # warm caches (site root paths, settings)
    with CaptureQueriesContext(connection) as one:
        client.get("/updates/")
    for _ in range(8):
        update_page(index=index, tags=["AI", "Data", "Trust"])
    with CaptureQueriesContext(connection) as many:
        response = client.get("/updates/")
    assert response.content.decode().count('class="card"') == 9
    assert len(many) == len(one)


@pytest.mark.django_db
def test_update_page_shows_author_date_kind_tags_and_breadcrumbs(client, index):
    page = update_page(
        index=index,
        title="Prioritising AI",
        kind=UpdateKind.OPINION,
        date=datetime.date(2024, 8, 16),
        author_name="Sam Writer",
        author_role="Founder and Executive Director",
        tags=["AI", "Priorities"],
        body="Priorities should be decided in the open.",
    )

    html = client.get(page.url).content.decode()

    assert "<h1>Prioritising AI</h1>" in html
    assert '<time datetime="2024-08-16">16 August 2024</time>' in html
    assert "By Sam Writer, Founder and Executive Director" in html
    assert "Opinion" in html
    assert 'href="/updates/?tag=ai"' in html
    assert "Priorities should be decided in the open." in html
    # Breadcrumbs: home > updates > this page (current, not a link).
    assert 'aria-label="Breadcrumb"' in html
    crumbs = html.split('aria-label="Breadcrumb"', 1)[1].split("</nav>", 1)[0]
    assert 'href="/updates/">Updates</a>' in crumbs
    assert '<span aria-current="page">Prioritising AI</span>' in crumbs


@pytest.mark.django_db
def test_atom_feed_lists_live_updates_newest_first(client, index):
    update_page(index=index, title="First post", date=datetime.date(2024, 8, 16), tags=["AI"])
    update_page(index=index, title="Second post", date=datetime.date(2024, 9, 5))
    update_page(index=index, title="Unpublished post", live=False)

    response = client.get("/updates/feed/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314 (our own response)
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Second post", "First post"]
    first = entries[1]
    assert first.find(f"{ATOM}link").get("href").startswith("http://testserver/updates/")
    assert first.findtext(f"{ATOM}published").startswith("2024-08-16")
    assert first.findtext(f"{ATOM}summary") == "A short summary of the update."
    assert {c.get("term") for c in first.findall(f"{ATOM}category")} == {"News", "AI"}


@pytest.mark.django_db
def test_standard_page_renders_body_and_last_updated(client, home_page):
    page = standard_page(
        parent=home_page, title="Privacy notice", slug="privacy", body="We hold your address."
    )
    html = client.get("/privacy/").content.decode()
    assert page.url == "/privacy/"
    assert "<h1>Privacy notice</h1>" in html
    assert "We hold your address." in html
    assert "Last updated" in html


@pytest.mark.django_db
def test_demo_content_is_idempotent_and_has_the_dated_posts(home_page):
    demo.load(stdout=io.StringIO())
    counts = (UpdatePage.objects.count(), StandardPage.objects.count())
    demo.load(stdout=io.StringIO())
    assert (UpdatePage.objects.count(), StandardPage.objects.count()) == counts

    opinions = dict(UpdatePage.objects.filter(kind=UpdateKind.OPINION).values_list("title", "date"))
    assert opinions["Prioritising AI"] == datetime.date(2024, 8, 16)
    assert opinions["AI adoption"] == datetime.date(2024, 8, 18)
    assert opinions["Digital Centre of Government: first reflections"] == datetime.date(2024, 10, 7)
    assert opinions["Saving money with AI in the UK public sector"] == datetime.date(2025, 2, 21)
    assert len(opinions) == 5
    assert UpdatePage.objects.filter(kind=UpdateKind.WEEKNOTE, date="2024-12-08").exists()
    assert UpdatePage.objects.filter(kind=UpdateKind.NEWS).exists()
    assert set(StandardPage.objects.values_list("slug", flat=True)) >= {
        "about",
        "accessibility",
        "privacy",
    }
    privacy = StandardPage.objects.get(slug="privacy")
    text = str(privacy.body)
    assert "Chatham House rule" in text
    assert "download" in text and "delete" in text


@pytest.mark.django_db
def test_update_links_live_related_case_studies_and_guides(client, home_page, index):
    from tests.factories.casestudies import case_study, library_index
    from tests.factories.guidance import guidance_index, guide_page

    library = library_index(home_page)
    camden = case_study(library, title="Camden's Data Charter")
    draft = case_study(library, title="Unpublished case study")
    draft.unpublish()
    guide = guide_page(index=guidance_index(home=home_page), title="Participation in procurement")
    page = update_page(
        index=index,
        title="Saving money with AI",
        related_case_studies=[camden, draft],
        related_guides=[guide],
    )

    html = client.get(page.url).content.decode()

    assert "Related case studies" in html and "Related guidance" in html
    assert f'<a href="{camden.url}">Camden&#x27;s Data Charter</a>' in html
    assert f'<a href="{guide.url}">Participation in procurement</a>' in html
    assert "Unpublished case study" not in html
    assert list(camden.related_updates.all()) == [page]

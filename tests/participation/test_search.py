import pytest

from core import search
from core.search import SearchResult, register_search_source, unregister_search_source
from tests.factories.participation import standard_page, update_page, updates_index


@pytest.fixture
def index(home_page):
    return updates_index(home=home_page)


@pytest.fixture
def event_source():
    """A plain-model source like the one events will register from its AppConfig.ready()."""
    calls = []

    def search_events(query: str) -> list[SearchResult]:
        calls.append(query)
        items = [
            SearchResult(
                title=f"Community meeting {n}: {query}", url=f"/events/meeting-{n}/", meta="Event"
            )
            for n in range(1, 13)
        ]
        return items if "meeting" in query.lower() else []

    previous = search._SOURCES.get("event")  # the real one, registered by events
    register_search_source("event", "Events", search_events, order=30)
    yield calls
    unregister_search_source("event")
    if previous is not None:
        search._SOURCES["event"] = previous


def section(html: str, heading_id: str) -> str:
    return html.split(f'id="{heading_id}"', 1)[1].split("</section>", 1)[0]


@pytest.mark.django_db
def test_search_finds_pages_grouped_by_kind(client, home_page, index):
    update_page(index=index, title="Participatory procurement lessons", body="Procurement of AI.")
    standard_page(parent=home_page, title="Procurement policy", slug="procurement-policy")
    update_page(index=index, title="Unrelated post", body="Nothing to see.")
    update_page(index=index, title="Draft procurement post", live=False)

    response = client.get("/search/", {"q": "procurement"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "2 results for “procurement”" in html
    updates = section(html, "group-updatepage")
    pages = section(html, "group-standardpage")
    assert "Participatory procurement lessons" in updates and "Updates" in updates
    assert "Procurement policy" in pages and "Pages" in pages
    assert "Unrelated post" not in html
    assert "Draft procurement post" not in html
    # Groups are in a fixed order: updates before standard pages.
    assert html.index('id="group-updatepage"') < html.index('id="group-standardpage"')


@pytest.mark.django_db
def test_search_ranks_title_matches_first(client, index):
    update_page(index=index, title="Weekly roundup", body="We mentioned the data charter once.")
    update_page(
        index=index,
        title="Camden's data charter",
        summary="The data charter explained.",
        body="The data charter sets out how Camden uses data.",
    )
    groups = search.site_search(query="charter")
    titles = [result.title for result in groups[0].results]
    assert titles == ["Camden's data charter", "Weekly roundup"]


@pytest.mark.django_db
def test_registered_source_is_grouped_and_paginated(client, home_page, event_source):
    response = client.get("/search/", {"q": "meeting"})
    html = response.content.decode()
    events = section(html, "group-event")
    assert "Events" in events and "(12 results)" in events
    assert events.count('class="search-result"') == search.GROUP_PREVIEW_SIZE
    assert 'href="?q=meeting&amp;kind=event"' in events
    assert event_source == ["meeting"]

    page_two = client.get("/search/", {"q": "meeting", "kind": "event", "page": 2})
    html = page_two.content.decode()
    assert html.count('class="search-result"') == 2
    assert "Community meeting 11: meeting" in html and "Community meeting 1: meeting" not in html
    assert 'aria-label="Search results pages"' in html
    assert 'href="?q=meeting&amp;kind=event&amp;page=1" rel="prev"' in html
    assert '<ol class="search-results" start="11">' in html


@pytest.mark.django_db
def test_failing_source_does_not_break_search(client, index):
    update_page(index=index, title="Data sharing update")

    def broken(query):
        raise RuntimeError("backend down")

    register_search_source("broken", "Broken", broken)
    try:
        response = client.get("/search/", {"q": "sharing"})
    finally:
        unregister_search_source("broken")
    assert response.status_code == 200
    assert "Data sharing update" in response.content.decode()


@pytest.mark.django_db
def test_empty_and_no_match_states(client, home_page):
    empty = client.get("/search/").content.decode()
    assert "Search case studies, guidance, updates, events and unconference sessions." in empty
    assert "There is a problem" not in empty

    none = client.get("/search/", {"q": "zzqxv"}).content.decode()
    assert "Nothing matched “zzqxv”." in none


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "x" * 201,
        "a" * 100_000,
        "data\x00charter",
    ],
)
def test_overlong_or_nul_query_is_a_form_error_not_500(client, home_page, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert 'href="#id_q"' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "' OR 1=1 --",
        '"unbalanced',
        "<script>alert(1)</script>",
        "a & b | !c",
        "-not +must (paren",
        "line\r\nbreak\ttab\x07bell",
        "emoji 🙂 Cymraeg ŵ ŷ",
        "*",
    ],
)
def test_hostile_queries_are_answered_and_escaped(client, home_page, index, query):
    update_page(index=index, title="Something")
    response = client.get("/search/", {"q": query, "kind": "../../etc", "page": "x"})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


@pytest.mark.django_db
def test_header_has_search_box(client, home_page):
    html = client.get("/").content.decode()
    assert '<form class="site-search" role="search" action="/search/" method="get">' in html
    assert '<label class="visually-hidden" for="site-search-q">Search the site</label>' in html


@pytest.mark.django_db
def test_search_covers_case_studies_and_guidance_in_their_own_groups(client, home_page, index):
    from tests.factories.casestudies import case_study, library_index
    from tests.factories.guidance import guidance_index, guide_page

    case_study(library_index(home_page), title="Procurement with residents")
    guide_page(index=guidance_index(home=home_page), title="Procurement guide")
    update_page(index=index, title="Procurement weeknote")

    html = client.get("/search/", {"q": "procurement"}).content.decode()

    kinds = ("casestudypage", "guidepage", "updatepage")
    order = [html.index(f'id="group-{kind}"') for kind in kinds]
    assert order == sorted(order)
    assert "Procurement with residents" in section(html, "group-casestudypage")
    assert "Procurement guide" in section(html, "group-guidepage")
    assert "Procurement weeknote" in section(html, "group-updatepage")


@pytest.mark.django_db
def test_welsh_search_also_finds_english_pages(client, index):
    update_page(index=index, title="Procurement weeknote")
    html = client.get("/cy/search/", {"q": "procurement"}).content.decode()
    assert "Procurement weeknote" in html

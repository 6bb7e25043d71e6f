"""The site search after issue 18 gives the same groups, counts, results and HTML as the search
before it (tests/participation/search_reference.py, core/search.py as it was), in a number of
queries that does not grow with the data, and never sends the database a list of ids longer
than one page of results (issue 18: "Search stays in the database")."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.models import Locale

from core import search
from participation.models import StandardPage
from participation.views import SearchView
from tests.factories.casestudies import case_study, library_index
from tests.factories.guidance import chapter_page, guidance_index, guide_page
from tests.factories.participation import standard_page, update_page, updates_index
from tests.participation import search_reference
from tests.participation.test_search_coverage import KINDS, TITLE_WORD

pytestmark = pytest.mark.django_db

# Words of known frequency in the generated data: in every case study, in every third, in one.
COMMON, MIDDLING, RARE = "participation", "deliberation", "photovoice"
QUERIES = [COMMON, MIDDLING, RARE, "community data", "deliberation participation", "nothingmatches"]


def _build(home, count: int, start: int = 0) -> None:
    library = library_index(home)
    for n in range(start, start + count):
        words = [COMMON, "community" if n % 2 else "data"]
        if n % 3 == 0:
            words.append(MIDDLING)
        if n == 7:
            words.append(RARE)
        case_study(
            library,
            # Some titles hold the word, so that the ranking is not the order of creation.
            title=f"Case {n} on {MIDDLING}" if n % 5 == 0 else f"Case {n}",
            summary=f"Summary {n} about {' '.join(words[:2])}.",
            body_text=" ".join(words * (1 + n % 4)),
        )


@pytest.fixture
def site(home_page):
    _build(home_page, 24)
    guide = guide_page(index=guidance_index(home=home_page), title=f"A guide to {COMMON}")
    chapter_page(guide=guide, title=f"{MIDDLING.capitalize()} in practice", summary=COMMON)
    index = updates_index(home=home_page)
    for n in range(3):
        update_page(index=index, title=f"Weeknote {n}", body=f"{COMMON} and community data.")
    standard_page(parent=home_page, title="About", slug="about", body=f"Our {COMMON} work.")
    # A Welsh home page with a Welsh page: /cy/search/ finds it and the English ones.
    welsh_home = home_page.copy_for_translation(Locale.objects.get(language_code="cy"))
    welsh_home.save_revision().publish()
    welsh = StandardPage(
        title=f"Cyfranogiad ({COMMON})", slug="cyfranogiad", intro="Tudalen Gymraeg."
    )
    welsh_home.add_child(instance=welsh)
    welsh.save_revision().publish()
    return home_page


def _flatten(groups) -> list:
    return [
        (group.kind, str(group.label), group.order, group.count, list(group.results))
        for group in groups
    ]


@pytest.mark.parametrize("language", ["en-gb", "cy"])
def test_results_and_counts_are_those_of_the_reference(site, language):
    with translation.override(language):
        for query in QUERIES:
            assert _flatten(search.site_search(query=query)) == _flatten(
                search_reference.site_search(query=query)
            ), query
            # The cap on page results (MAX_RESULTS_PER_SOURCE) cuts the same ranked list.
            assert _flatten(search.search_pages(query=query, limit=7)) == _flatten(
                search_reference.search_pages(query=query, limit=7)
            ), query


@pytest.mark.parametrize(
    "params",
    [
        {"q": COMMON},
        {"q": MIDDLING},
        {"q": RARE},
        {"q": "community data"},
        {"q": COMMON, "kind": "casestudypage", "page": "2"},
        {"q": COMMON, "kind": "casestudypage", "page": "3"},
        {"q": MIDDLING, "kind": "casestudypage"},
        {"q": COMMON, "kind": "updatepage"},
    ],
)
def test_search_page_html_is_that_of_the_reference(client, site, monkeypatch, params):
    for prefix in ("", "/cy"):
        new = client.get(f"{prefix}/search/", params).content.decode()
        with monkeypatch.context() as patch:
            patch.setattr(search, "site_search", search_reference.site_search)
            old = client.get(f"{prefix}/search/", params).content.decode()
        assert new == old, (prefix, params)
    assert 'class="search-result"' in new or "Nothing matched" in new


IN_LIST = re.compile(r'\."(?:id|page_ptr_id|object_id)"\)? IN \(([^)]*)\)')


def _search(client, params) -> tuple[int, list[str]]:
    # Warm the per-process and per-content-version caches (site root, content types, the page
    # frame's settings and navigation: the first request may create the settings row).
    client.get("/search/", params)
    client.get("/search/", params)
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/search/", params)
    assert response.status_code == 200
    return len(captured), [query["sql"] for query in captured.captured_queries]


def _longest_id_list(statements: list[str]) -> int:
    lengths = [
        len([part for part in match.split(",") if part.strip()])
        for sql in statements
        for match in IN_LIST.findall(sql)
    ]
    return max(lengths, default=0)


def test_queries_constant_as_case_studies_grow_and_no_long_id_lists(client, home_page):
    _build(home_page, 20)
    small = {
        "grouped": _search(client, {"q": COMMON}),
        "kind page 2": _search(client, {"q": COMMON, "kind": "casestudypage", "page": "2"}),
    }
    _build(home_page, 180, start=20)
    large = {
        "grouped": _search(client, {"q": COMMON}),
        "kind page 2": _search(client, {"q": COMMON, "kind": "casestudypage", "page": "3"}),
    }
    one_page = max(SearchView.per_page, search.GROUP_PREVIEW_SIZE)
    for name in small:
        assert small[name][0] == large[name][0], (name, small[name][0], large[name][0])
        for statements in (small[name][1], large[name][1]):
            assert _longest_id_list(statements) <= one_page, name
    # The page really listed 200 matches (the cap of page results) while sending short lists.
    html = client.get("/search/", {"q": COMMON}).content.decode()
    assert "See all 200 results in Case studies" in html


def test_every_kind_matching_costs_at_most_twelve_queries(client, home_page):
    for kind, build in KINDS.items():
        build(home_page, f"The {TITLE_WORD} {kind}", "Plain.")
    queries, statements = _search(client, {"q": TITLE_WORD})
    html = client.get("/search/", {"q": TITLE_WORD}).content.decode()
    for kind in ("casestudypage", "guidepage", "guidechapterpage", "updatepage", "standardpage"):
        assert f'id="group-{kind}"' in html, kind
    for kind in ("method", "event", "unconference", "session"):
        assert f'id="group-{kind}"' in html, kind
    assert queries <= 12, "\n".join(statements)
    # One query loads the five page kinds' previews: at most five results of each.
    assert _longest_id_list(statements) <= search.GROUP_PREVIEW_SIZE * 5

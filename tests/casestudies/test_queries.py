"""The index and a case study use the same number of queries for 1 and for 25 case studies."""

import re

import pytest
from django.db import connection
from django.http import QueryDict
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from casestudies.models import CaseStudyPage
from casestudies.selectors import PER_PAGE, case_studies_select, case_study_query_from_params
from tests.factories.casestudies import case_study
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db

FULL = {
    "methods": ("jury", "panel"),
    "stages": ("design",),
    "data_kinds": ("health-records",),
    "system_kinds": ("predictive-model",),
    "tags": ("patients", "carers"),
    "figures": (("19%", "error rate"),),
    "organisation": "An organisation",
}


def count_queries(client, url: str) -> int:
    client.get(url)  # warm caches (site root paths, content types) the same way for both runs
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url", ["/case-studies/", "/case-studies/?sector=health&method=jury&tag=patients&q=study"]
)
def test_index_queries_do_not_grow_with_case_studies(
    client, library, url, django_assert_num_queries
):
    case_study(library, **FULL)
    one = count_queries(client, url)
    for _ in range(24):
        case_study(library, **FULL, publish=False)  # live rows; no revisions needed here
    response = client.get(url)
    assert len(response.context["case_studies"]) >= 1
    with django_assert_num_queries(one):
        client.get(url)


def test_detail_queries_do_not_grow_with_case_studies(client, library, django_assert_num_queries):
    first = case_study(library, **FULL)
    one = count_queries(client, first.url)
    for _ in range(24):
        case_study(library, **FULL, publish=False)  # live rows; no revisions needed here
    # Warmed like the first count: new pages bump the content version, and the page's cached
    # detail (taxonomies, figures, citation) is rebuilt once after a change.
    client.get(first.url)
    with django_assert_num_queries(one):
        response = client.get(first.url)
    assert "19%" in response.content.decode()


# --- Issue 18: the library index at 20 and at 200 case studies ----------------------------------
GROWING_URLS = [
    "/case-studies/",
    "/case-studies/?q=participation",
    "/case-studies/?q=deliberation&sort=newest",
    "/case-studies/?sector=health&sector=justice&outcome=positive&region=england",
    "/case-studies/?q=participation&sector=health&outcome=negative&sort=title",
    "/case-studies/?page=2",
    "/case-studies/?q=participation&page=2",
    "/case-studies/data.csv?sector=health",
]


def _matching_ids(index, url: str) -> list[int]:
    params = QueryDict(url.partition("?")[2])
    return case_studies_select(query=case_study_query_from_params(params=params), index=index).ids


def _queries(client, url: str) -> int:
    client.get(url)  # warm the caches a request fills (frames, content types) ...
    client.get(url)  # ... twice: the first one may still see a version bumped by the set-up
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.postgres
def test_index_queries_are_the_same_for_20_and_200_case_studies(client, generated_library):
    """Index, a search word, filters, page 2 and the CSV: the same number of queries whether
    20 or 200 case studies are live (the generated pages, 180 of them unpublished at first;
    the 20 include matches for every URL, so no page is empty)."""
    index, ids = generated_library
    few_ids = set()
    for url in GROWING_URLS:
        few_ids.update(_matching_ids(index, url)[:2])
    few_ids.update(pk for pk in ids if len(few_ids) < 20)
    assert len(few_ids) == 20
    CaseStudyPage.objects.filter(pk__in=ids).exclude(pk__in=few_ids).update(live=False)
    few = {url: _queries(client, url) for url in GROWING_URLS}
    CaseStudyPage.objects.filter(pk__in=ids).update(live=True)
    many = {url: _queries(client, url) for url in GROWING_URLS}
    assert many == few, [(url, few[url], many[url]) for url in GROWING_URLS]
    assert client.get("/case-studies/?page=2").context["page_obj"].paginator.count == 200


# The CSV export (issue 18: "at most 12 queries on any public page"): the frame (the active
# locale, the library index, its view restrictions) and ONE statement for the rows with every
# related list, with PostgreSQL's JIT off for it (a savepoint, the SET and its release here:
# tests run inside a transaction; BEGIN, SET and COMMIT in production); a member adds the user.
EXPORT_QUERIES = 7
EXPORT_URL = "/case-studies/data.csv?sector=health&sector=justice"
RELATED_TABLES = (
    "casestudies_casestudypage_data_kinds",
    "casestudies_casestudypage_system_kinds",
    "casestudies_casestudypage_lifecycle_stages",
    "casestudies_casestudypage_methods",
    "casestudies_outcomeevidence",
    "casestudies_keyfigure",
    "casestudies_source",
    "casestudies_casestudypagetag",
)


def _export_statements(client) -> tuple[int, list[str], str]:
    client.get(EXPORT_URL)  # warm what a request fills (frames, site root paths)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(EXPORT_URL)
    assert response.status_code == 200
    return len(captured), [q["sql"] for q in captured], response.content.decode()


@pytest.mark.postgres
def test_the_csv_export_reads_every_related_list_in_one_statement(client, generated_library):
    """Anonymous and signed in, with 20 and with 200 case studies live: the same number of
    queries, within the export's budget, and one statement that reads the rows and all eight
    related lists (never one query per relation, never one per row)."""
    _index, ids = generated_library
    CaseStudyPage.objects.filter(pk__in=ids[20:]).update(live=False)
    member = UserFactory()
    counts = {}
    for size in ("few", "many"):
        if size == "many":
            CaseStudyPage.objects.filter(pk__in=ids).update(live=True)
        client.logout()
        anonymous, statements, body = _export_statements(client)
        client.force_login(member)
        signed_in, _statements, member_body = _export_statements(client)
        counts[size] = (anonymous, signed_in)
        assert member_body == body
        reading = [sql for sql in statements if any(f'"{t}"' in sql for t in RELATED_TABLES)]
        assert len(reading) == 1
        assert all(f'"{table}"' in reading[0] for table in RELATED_TABLES)
        assert 'FROM "casestudies_casestudypage"' in reading[0]
    assert counts["few"] == counts["many"]
    assert counts["many"] == (EXPORT_QUERIES, EXPORT_QUERIES + 1)
    assert len(body.splitlines()) > 21  # the 200 include more than the 20 matches


IN_LIST = re.compile(r"\bIN \(([^()]*)\)", re.IGNORECASE)


@pytest.mark.postgres
def test_a_searched_filtered_paged_request_sends_no_list_longer_than_a_page(
    client, generated_library
):
    """The search is a subquery: no statement carries a list of ids (or anything) longer than
    one page of results, however many case studies match."""
    url = "/case-studies/?q=participation&sector=health&sector=justice&sector=education&page=2"
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.context["page_obj"].paginator.count > PER_PAGE * 2  # so page 2 is full
    assert len(response.context["case_studies"]) == PER_PAGE
    longest = max(
        (len(items.split(",")) for q in captured for items in IN_LIST.findall(q["sql"])),
        default=0,
    )
    assert longest <= PER_PAGE
    facet_statements = [q["sql"] for q in captured if q["sql"].startswith("WITH b AS")]
    assert len(facet_statements) == 1  # every facet count, the total: one statement


@pytest.mark.postgres
def test_members_share_the_cached_selection(client, generated_library):
    """With the selection cache on, a signed-in member's repeat of a search reads the page of
    ids, the total and the counts from the cache (no facet statement), and a content change
    makes it out of date."""
    index, _ids = generated_library
    client.force_login(UserFactory())
    url = "/case-studies/?q=participation&sector=health"
    with override_settings(CASE_STUDY_SELECTION_CACHE_SECONDS=600):
        first = client.get(url)
        with CaptureQueriesContext(connection) as captured:
            again = client.get(url)
        assert not [q for q in captured if q["sql"].startswith("WITH b AS")]
        assert [p.pk for p in again.context["case_studies"]] == [
            p.pk for p in first.context["case_studies"]
        ]
        assert again.context["selection"].count == first.context["selection"].count
        before = first.context["selection"].count
        case_study(index, title="Participation in hospital data", sector="health")
        after = client.get(url).context["selection"].count
        assert after == before + 1

"""Search ranking and lenient handling of malformed parameters on the library index."""

import pytest
from django.http import QueryDict

from casestudies.models import CaseStudyPage
from casestudies.selectors import case_studies_select, case_study_query_from_params
from tests.factories.casestudies import case_study

pytestmark = pytest.mark.django_db


@pytest.mark.postgres
def test_title_match_ranks_above_body_only_match(library):
    body_only = case_study(
        library,
        title="Residents and council software",
        body_text="The council asked residents about an algorithm for housing allocation. "
        "Residents discussed the algorithm at length.",
    )
    title_match = case_study(
        library, title="Algorithm register for housing", body_text="A short account."
    )
    case_study(library, title="Unrelated", body_text="Nothing about that here.")
    selection = case_studies_select(
        query=case_study_query_from_params(params=QueryDict("q=algorithm")), index=library
    )
    assert selection.ids == [title_match.pk, body_only.pk]


@pytest.mark.postgres
def test_search_uses_stemming(library):
    page = case_study(library, title="Deliberating about data", body_text="Jurors deliberated.")
    selection = case_studies_select(
        query=case_study_query_from_params(params=QueryDict("q=deliberation")), index=library
    )
    assert page.pk in selection.ids


def test_search_combines_with_facets(library, client):
    case_study(library, title="Hospital data panel", sector="health")
    case_study(library, title="Court data panel", sector="justice")
    response = client.get("/case-studies/", {"q": "panel", "sector": "justice"})
    assert response.status_code == 200
    titles = [page.title for page in response.context["case_studies"]]
    assert titles == ["Court data panel"]
    content = response.content.decode()
    assert "Search: “panel”" in content  # the selection shown as removable links
    assert 'href="/case-studies/?q=panel"' in content  # removing the sector keeps the search


@pytest.mark.parametrize(
    "params",
    [
        {"page": "abc"},
        {"page": "99999"},
        {"page": "-1"},
        {"sector": "nonsense"},
        {"method": "x" * 500},
        {"sort": "sideways"},
        {"q": "x" * 2000},
        {"q": "data " * 400},
        {"q": "\x00 ' \" ; -- <script>"},
        {"q": 'NOT AND NEAR("a" OR'},
        {"tag": ["a", "b", "c"] * 20},
    ],
)
def test_malformed_params_give_a_sensible_page(library, client, params):
    case_study(library, title="Only one")
    response = client.get("/case-studies/", params)
    assert response.status_code == 200
    assert "<h1>Case studies</h1>" in response.content.decode()


def test_long_query_is_truncated_with_a_notice(library, client):
    response = client.get("/case-studies/", {"q": "y" * 2000})
    content = response.content.decode()
    assert response.context["selection"].query.q == "y" * 200
    assert "only its first 200 characters" in content


def test_out_of_range_page_falls_back_to_last_page(library, client):
    for number in range(21):
        case_study(library, title=f"Study {number:02d}", publish=False)
    response = client.get("/case-studies/", {"page": "99999", "sort": "title"})
    page_obj = response.context["page_obj"]
    assert page_obj.number == 2
    assert [page.title for page in page_obj.object_list] == ["Study 20"]
    first = client.get("/case-studies/", {"sort": "title"}).context["page_obj"]
    assert len(first.object_list) == 20


def test_sort_by_title_and_newest(library, client):
    older = case_study(library, title="Beta")
    newer = case_study(library, title="Alpha")
    by_title = client.get("/case-studies/", {"sort": "title"}).context["case_studies"]
    assert [page.pk for page in by_title] == [newer.pk, older.pk]
    newest = client.get("/case-studies/", {"sort": "newest"}).context["case_studies"]
    assert [page.pk for page in newest] == [newer.pk, older.pk]
    CaseStudyPage.objects.get(pk=older.pk).save_revision().publish()  # republished, not new
    newest = client.get("/case-studies/").context["case_studies"]
    assert [page.pk for page in newest] == [newer.pk, older.pk]


def test_empty_state_suggests_which_filter_to_remove(library, client):
    case_study(library, sector="health", outcome="positive")
    case_study(library, sector="health", outcome="positive")
    case_study(library, sector="justice", outcome="negative")
    response = client.get("/case-studies/", {"sector": "health", "outcome": "negative"})
    content = response.content.decode()
    assert response.context["selection"].count == 0
    assert "No case studies match all of your choices." in content
    assert "Remove “Sector” to see 1 case studies" in content
    assert "Remove “Outcome” to see 2 case studies" in content
    assert 'href="/case-studies/?outcome=negative"' in content


@pytest.mark.postgres
def test_full_text_search_can_use_the_gin_index_on_title_and_body(library):
    """The index of participation's migration 0007 matches the expression Wagtail's search
    filters on, so PostgreSQL can answer a search from it instead of reading every entry."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    case_study(library, title="Photovoice with young carers", body_text="Photos and stories.")
    with CaptureQueriesContext(connection) as captured:
        results = list(CaseStudyPage.objects.live().search("photovoice"))
    assert [page.title for page in results] == ["Photovoice with young carers"]
    (search_sql,) = [q["sql"] for q in captured.captured_queries if "@@" in q["sql"]]
    # Wagtail filters on this expression ...
    expression = '("wagtailsearch_indexentry"."title" || "wagtailsearch_indexentry"."body") @@'
    assert expression in search_sql
    # ... and PostgreSQL can answer that expression from the index.
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # tiny table: ask whether it *can*
        cursor.execute(
            "EXPLAIN SELECT id FROM wagtailsearch_indexentry "
            "WHERE (title || body) @@ to_tsquery('photovoice')"
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "participation_search_title_body_gin" in plan, plan

"""The stored search document (issue 18 point 1): every case study has a GIN-indexed tsvector,
kept in step with Wagtail's index by a trigger, and the library matches a word with it instead of
concatenating ``title || body`` for every case study."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casestudies.models import CaseStudyPage, CaseStudySearchDocument
from casestudies.selectors import case_studies_select, case_study_query_from_params
from tests.factories.casestudies import case_study

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("the stored search document is PostgreSQL's (SQLite keeps the fallback)")


def _matches(word: str) -> set[int]:
    return set(
        CaseStudySearchDocument.objects.filter(document=word).values_list("page_id", flat=True)
    )


def _library_titles(**params) -> list[str]:
    selection = case_studies_select(query=case_study_query_from_params(params=params))
    return [page.title for page in selection.pages()]


def test_publishing_editing_and_deleting_a_case_study_keep_its_search_document(library):
    page = case_study(library, title="Photovoice with young carers", body_text="Stories.")
    assert _matches("photovoice") == {page.pk}
    assert _library_titles(q="photovoice") == ["Photovoice with young carers"]

    # An edit published through a revision replaces the old words with the new.
    page = CaseStudyPage.objects.get(pk=page.pk)
    page.title = "Citizens' panel on hospital data"
    page.save_revision().publish()
    assert _matches("photovoice") == set()
    assert _matches("hospital") == {page.pk}
    assert _library_titles(q="photovoice") == []
    assert _library_titles(q="hospital") == ["Citizens' panel on hospital data"]

    # A draft does not change what the live page is found by.
    page = CaseStudyPage.objects.get(pk=page.pk)
    page.title = "Draft title about allotments"
    page.save_revision()
    assert _matches("allotment") == set()
    assert _library_titles(q="hospital") == ["Citizens' panel on hospital data"]

    page.delete()
    assert not CaseStudySearchDocument.objects.filter(page_id=page.pk).exists()


def test_a_common_word_is_matched_from_the_stored_document_not_title_and_body(library):
    for number in range(6):
        case_study(library, title=f"Participation story {number}", body_text="Participation.")
    case_study(library, title="Deliberation only", body_text="A jury met twice.")

    with CaptureQueriesContext(connection) as captured:
        selection = case_studies_select(
            query=case_study_query_from_params(params={"q": "participation"})
        )
        titles = [page.title for page in selection.pages()]
    assert selection.count == 6
    assert sorted(titles) == [f"Participation story {number}" for number in range(6)]

    statements = [query["sql"] for query in captured.captured_queries]
    # No statement concatenates Wagtail's two vectors any more: matches come from the document.
    assert not [sql for sql in statements if '"title" || "wagtailsearch_indexentry"."body"' in sql]
    counts = next(sql for sql in statements if sql.startswith("WITH b AS"))
    assert '"casestudies_casestudysearchdocument"' in counts
    assert '"document" @@' in counts

    # PostgreSQL can answer that match from the GIN index (a tiny table: ask whether it *can*),
    # and the index's column carries no statistics that would make it read every row for a
    # word found in nearly every case study.
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT page_id FROM casestudies_casestudysearchdocument "
            "WHERE document @@ to_tsquery('participation')"
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute(
            "SELECT attstattarget FROM pg_attribute WHERE attrelid = "
            "'casestudies_casestudysearchdocument'::regclass AND attname = 'document'"
        )
        (statistics_target,) = cursor.fetchone()
    assert "casestudies_search_document_gin" in plan, plan
    assert statistics_target == 0

"""The CSV and JSON exports read plain values, not page objects (issue 18 point 3): for every
selection their rows are exactly those the page objects give (the columns, their order, the
related lists and their order, the URLs), and no list of ids is sent to the database. The
download itself is byte for byte the CSV the page objects write, for the same case studies in
the same order as the library index selects them."""

import csv
import io
import re

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from casestudies.opendata import CSV_HEADER, case_study_csv_row, case_study_record
from casestudies.selectors import (
    case_studies_export_records,
    case_studies_select,
    case_studies_select_for_export,
    case_study_query_from_params,
)
from casestudies.selectors import library as library_module

pytestmark = pytest.mark.django_db
ID_LIST = re.compile(r"IN \((\d+, ){20,}")

SELECTIONS = [
    {},
    {"sort": "title"},
    {"sort": "newest", "sector": "health"},
    {"q": "participation"},
    {"q": "deliberation", "sort": "relevance"},
    {"q": "photovoice"},
    {"region": "wales", "outcome": "positive"},
    {"q": "zzqxv-no-match"},
    {"method": "no-such-method", "sector": ["health", "no-such-sector"], "sort": "relevance"},
    {"tag": "no-such-tag", "sort": "title"},
]


@pytest.mark.parametrize("params", SELECTIONS)
def test_export_records_give_the_rows_the_pages_give(generated_library, params):
    index, ids = generated_library
    request = RequestFactory().get("/case-studies/data.csv", params)
    query = case_study_query_from_params(params=params)

    def selection():
        return case_studies_select(query=query, index=index, with_page=False)

    expected = [case_study_csv_row(page=page, request=request) for page in selection().pages()]
    with CaptureQueriesContext(connection) as captured:
        records = case_studies_export_records(selection=selection(), request=request)
    rows = [case_study_csv_row(page=record, request=request) for record in records]
    assert rows == expected
    # The JSON export's records too (typed values, not CSV text).
    assert [case_study_record(page=record, request=request) for record in records] == [
        case_study_record(page=page, request=request) for page in selection().pages()
    ]
    if not params:
        assert len(rows) == len(ids)
        # Related lists and URLs are really there, not just equally empty.
        assert any(
            row[1].endswith(f"/case-studies/{record.slug}/")
            for row, record in zip(rows, records, strict=True)
        )
        assert any(row[CSV_HEADER.index("methods")] for row in rows)
        assert any(row[CSV_HEADER.index("key_figures")] for row in rows)
    # One statement per relation, filtered by the selection as a subquery: no id list.
    id_lists = [q["sql"] for q in captured.captured_queries if ID_LIST.search(q["sql"])]
    assert not id_lists, "a list of ids was sent to the database"


def _csv_from_pages(pages, request) -> str:
    """The CSV the page objects give: what the download held before it read plain values."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for page in pages:
        writer.writerow(case_study_csv_row(page=page, request=request))
    return out.getvalue()


@pytest.mark.parametrize("params", SELECTIONS)
def test_the_csv_download_is_byte_for_byte_what_the_page_objects_give(
    client, generated_library, params
):
    index, _ids = generated_library
    request = RequestFactory().get("/case-studies/data.csv", params)
    query = case_study_query_from_params(params=params)
    selection = case_studies_select(query=query, index=index, with_page=False)
    expected = _csv_from_pages(selection.pages(), request)

    response = client.get("/case-studies/data.csv", params)

    assert response.content.decode("utf-8") == expected
    assert len(expected.splitlines()) == selection.count + 1  # the header, then every match
    # The JSON export states the same cleaned query (unknown values dropped) and count.
    dataset = client.get("/case-studies/data.json", params).json()["dataset"]
    assert dataset["count"] == selection.count
    selected = {key: list(values) for key, values in selection.query.selected.items()}
    assert dataset["query"] == {"q": selection.query.q, **selected}


def test_the_export_selection_is_the_index_selection_without_its_counts(generated_library):
    """Same cleaned query, same case studies in the same order, and none of the index's facet
    statement."""
    index, _ids = generated_library
    for params in SELECTIONS:
        query = case_study_query_from_params(params=params)
        selection = case_studies_select(query=query, index=index, with_page=False)
        with CaptureQueriesContext(connection) as captured:
            export = case_studies_select_for_export(query=query, index=index)
        assert export.query == selection.query, params
        assert export.plan.ids(0, None) == selection.ids, params
        assert not [q for q in captured if q["sql"].startswith("WITH b AS")], params


@pytest.mark.postgres
def test_a_common_word_exports_in_the_capped_ranking_order_of_the_index(
    client, generated_library, monkeypatch
):
    """A search matching more than RANK_ALL_UP_TO case studies ranks only the newest ones, on
    the index and in the export alike."""
    index, _ids = generated_library
    monkeypatch.setattr(library_module, "RANK_ALL_UP_TO", 50)
    monkeypatch.setattr(library_module, "RANK_NEWEST", 30)
    params = {"q": "participation"}
    query = case_study_query_from_params(params=params)
    selection = case_studies_select(query=query, index=index, with_page=False)
    assert selection.rank_capped
    export = case_studies_select_for_export(query=query, index=index)
    assert export.plan.rank_capped
    request = RequestFactory().get("/case-studies/data.csv", params)
    response = client.get("/case-studies/data.csv", params)
    assert response.content.decode("utf-8") == _csv_from_pages(selection.pages(), request)

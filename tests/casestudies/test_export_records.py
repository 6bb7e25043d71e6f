"""The CSV and JSON exports read plain values, not page objects (issue 18 point 3): for every
selection their rows are exactly those the page objects give (the columns, their order, the
related lists and their order, the URLs), and no list of ids is sent to the database."""

import re

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from casestudies.opendata import CSV_HEADER, case_study_csv_row, case_study_record
from casestudies.selectors import (
    case_studies_export_records,
    case_studies_select,
    case_study_query_from_params,
)

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

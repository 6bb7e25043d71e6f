"""The index and a case study use the same number of queries for 1 and for 25 case studies."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories.casestudies import case_study

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
    with django_assert_num_queries(one):
        response = client.get(first.url)
    assert "19%" in response.content.decode()

"""A case study page keeps what it shows beyond its own columns (taxonomies, evidence, figures,
sources, citation facts) per content version (issue 18): a signed-in member's repeat visit reads
none of it from the database, and an edit shows at once."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casestudies.models import CaseStudyPage, KeyFigure, Method
from tests.factories.casestudies import case_study
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


def test_a_members_repeat_visit_reads_the_taxonomy_from_the_cache_until_an_edit(client, library):
    study = case_study(
        library, methods=("jury",), tags=("patients",), figures=(("19%", "error rate"),)
    )
    client.force_login(UserFactory())
    first = client.get(study.url).content.decode()
    assert "19%" in first
    assert re.search(r"Version</dt>\s*<dd>1</dd>", first)
    with CaptureQueriesContext(connection) as captured:
        again = client.get(study.url).content.decode()
    assert again.count("19%") == first.count("19%")
    tables = " ".join(q["sql"] for q in captured.captured_queries)
    for table in ("casestudies_method", "casestudies_keyfigure", "wagtailcore_pagelogentry"):
        assert f'"{table}"' not in tables, table

    # Renaming a method (a taxonomy term) shows on the next request.
    method = Method.objects.get(slug="jury")
    method.name = "Citizens' jury, renamed"
    method.save()
    assert "Citizens&#x27; jury, renamed" in client.get(study.url).content.decode()

    # So does a new key figure published with the page.
    page = CaseStudyPage.objects.get(pk=study.pk)
    page.key_figures.add(KeyFigure(value="42", label="panel members"))
    page.save_revision().publish()
    html = client.get(study.url).content.decode()
    assert "panel members" in html
    # ... and "Cite this" counts the new publication.
    assert re.search(r"Version</dt>\s*<dd>2</dd>", html)

"""Routing (core.models.BasePage.route, issue 18): the whole path is read in one query whatever
its depth, a routable page still gets its own paths, and a Welsh URL falls back to the English
page when the Welsh one is missing or not live."""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from tests.factories.casestudies import case_study, library_index
from tests.factories.guidance import guidance_index, guide_page

pytestmark = pytest.mark.django_db


def _page_queries(captured) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if '"wagtailcore_page"' in q["sql"]]


def test_a_deep_page_is_routed_in_two_page_queries(client, home_page):
    study = case_study(library_index(home_page), title="Participatory budgeting in Camden")
    home = home_page.specific
    request = RequestFactory().get(study.url)
    with CaptureQueriesContext(connection) as captured:
        routed = home.route(request, ["case-studies", study.slug])
    assert routed.page.pk == study.pk
    assert type(routed.page).__name__ == "CaseStudyPage"
    # One query for every page on the path, one for the page served (Wagtail: two per level).
    assert len(_page_queries(captured)) == 2
    response = client.get(study.url)
    assert "Participatory budgeting in Camden" in response.content.decode()
    assert client.get("/case-studies/no-such-study/").status_code == 404
    assert client.get(study.url + "deeper/").status_code == 404


def test_a_routable_page_still_serves_its_own_paths(client, home_page):
    guide = guide_page(index=guidance_index(home=home_page), title="Running a citizens' panel")
    response = client.get(guide.url + "print/")
    assert response.status_code == 200
    assert "Running a citizens&#x27; panel" in response.content.decode()


def test_a_welsh_draft_translation_falls_back_to_the_live_english_page(client, home_page):
    guide = guide_page(index=guidance_index(home=home_page), title="Running a citizens' panel")
    welsh = Locale.objects.get(language_code="cy")
    home_cy = home_page.copy_for_translation(welsh)
    home_cy.save_revision().publish()
    index_cy = guide.get_parent().specific.copy_for_translation(welsh)
    index_cy.save_revision().publish()
    draft_cy = guide.copy_for_translation(welsh)  # a draft: not live
    draft_cy.title = "Drafft heb ei gyhoeddi"
    draft_cy.save_revision()

    response = client.get("/cy" + guide.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Running a citizens&#x27; panel" in html
    assert "Drafft heb ei gyhoeddi" not in html
    assert "ar gael yn Gymraeg eto" in html  # "not yet available in Welsh"
    # The routable page's own paths work through the fallback too.
    assert client.get("/cy" + guide.url + "print/").status_code == 200
    assert client.get("/cy/guidance/no-such-guide/").status_code == 404

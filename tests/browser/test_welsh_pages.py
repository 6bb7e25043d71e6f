"""Welsh pages in a real browser: lang="cy" on the document, zero axe violations, including a
page with a mixed-language fragment (an English page served under /cy/ with the Welsh notice);
the switcher (a plain form, no JavaScript needed) keeps you on the same page."""

import datetime as dt

import pytest
from wagtail.models import Locale

from tests.browser.conftest import assert_no_axe_violations
from tests.factories import guidance as g
from tests.factories.casestudies import case_study, library_index
from tests.factories.events import MeetingFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def welsh_site(home_page):
    welsh = Locale.objects.get_or_create(language_code="cy")[0]
    guides = g.guidance_index(home=home_page)
    guide = g.guide_page(
        index=guides,
        title="Worker voice in procurement",
        slug="worker-voice",
        body=[g.heading("Who this guide is for"), g.paragraph("Buyers and unions.")],
    )
    home_cy = home_page.copy_for_translation(welsh)
    home_cy.title = "Cymuned cyfranogiad y cyhoedd"
    home_cy.save_revision().publish()
    guides_cy = guides.copy_for_translation(welsh)
    guides_cy.title = "Canllawiau"
    guides_cy.save_revision().publish()
    guide_cy = guide.copy_for_translation(welsh)
    guide_cy.title = "Llais gweithwyr mewn caffael"
    guide_cy.body = [g.heading("Ar gyfer pwy"), g.paragraph("Prynwyr ac undebau.")]
    guide_cy.save_revision().publish()
    study = case_study(library_index(home_page), title="Citizens' jury on health data")
    starts = dt.datetime(2031, 4, 9, 13, 0, tzinfo=dt.UTC)  # a Wednesday, BST
    MeetingFactory(slug="april", starts_at=starts, ends_at=starts + dt.timedelta(minutes=75))
    return {"guide_cy": guide_cy, "study": study}


def lang(page) -> str:
    return page.evaluate("document.documentElement.lang")


def test_welsh_pages_are_accessible_and_marked_cy(page, live_server, welsh_site):
    for path in ["/cy/", "/cy/guidance/", welsh_site["guide_cy"].url, "/cy/accounts/login/"]:
        page.goto(live_server.url + path)
        assert lang(page) == "cy", path
        assert_no_axe_violations(page)
    assert page.locator("h1").first.is_visible()

    page.goto(live_server.url + "/cy/events/")
    assert lang(page) == "cy"
    assert "Dydd Mercher 9 Ebrill 2031" in page.content()
    assert "amser y DU (BST)" in page.content()
    assert_no_axe_violations(page)


def test_untranslated_page_is_a_marked_english_fragment_in_a_welsh_page(
    page, live_server, welsh_site
):
    study = welsh_site["study"]
    page.goto(live_server.url + "/cy" + study.url)
    assert lang(page) == "cy"
    notice = page.locator(".language-fallback")
    assert "ar gael yn Gymraeg eto" in notice.inner_text()
    fragment = page.locator("main [lang='en-GB']").first
    assert study.title in fragment.inner_text()
    assert_no_axe_violations(page)
    notice.get_by_role("link").click()
    page.wait_for_load_state()
    assert page.url == live_server.url + study.url
    assert lang(page) == "en-GB"


def test_switcher_keeps_you_on_the_same_page(page, live_server, welsh_site):
    page.goto(live_server.url + "/events/april/")
    page.locator(".language-switcher button").click()
    page.wait_for_load_state()
    assert page.url == live_server.url + "/cy/events/april/"
    assert lang(page) == "cy"
    page.locator(".language-switcher button").click()
    page.wait_for_load_state()
    assert page.url == live_server.url + "/events/april/"
    assert lang(page) == "en-GB"

"""Issue 21 items 1 and 2 as people do them, in Chromium at 1280 and 390 px with JavaScript
off: a member reports that their organisation pilots a guide, an organiser approves it and turns
it into a draft case study, and a visitor sees it on the guide with its count and name (an
organisation that asked not to be named is only counted). Screenshots:
var/test-artefacts/journeys/."""

import datetime as dt

import pytest

from casestudies.models import CaseStudyPage
from guidance.enums import AdoptionPurpose, AdoptionReview, AdoptionStage
from guidance.models import AdoptionReport
from tests.browser.conftest import assert_no_axe_violations, login
from tests.factories.casestudies import library_index
from tests.factories.guidance import chapter_page, guidance_index, guide_page
from tests.factories.users import (
    DEFAULT_PASSWORD,
    MemberProfileFactory,
    OrganisationFactory,
    UserFactory,
    organiser_user,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WIDTHS = [1280, 390]


@pytest.fixture
def setting(home_page):
    library_index(home_page)
    guide = guide_page(
        index=guidance_index(home=home_page), title="Running a panel", slug="running-a-panel"
    )
    chapter = chapter_page(guide=guide, title="Recruiting the panel")
    member = UserFactory(email="reporter@example.org", name="Rhiannon Reporter")
    MemberProfileFactory(
        user=member, organisation=OrganisationFactory(name="Cardiff and Vale Health Board")
    )
    organiser_user(email="olu@example.org", name="Olu Organiser")
    AdoptionReport.objects.create(
        guide=guide,
        organisation=OrganisationFactory(name="Quiet District Council"),
        stage=AdoptionStage.ADOPTED,
        purpose=AdoptionPurpose.SERVICE,
        since=dt.date(2025, 2, 1),
        may_name=False,
        review=AdoptionReview.APPROVED,
    )
    return {"guide": guide, "chapter": chapter}


def _context(chromium, width, *, js=True):
    context = chromium.new_context(
        bypass_csp=True,
        java_script_enabled=js,
        locale="en-GB",
        timezone_id="Europe/London",
        viewport={"width": width, "height": 900},
    )
    context.set_default_timeout(30_000)
    return context


@pytest.mark.parametrize("width", WIDTHS)
def test_report_a_pilot_approve_it_see_it_on_the_guide_without_javascript(
    chromium, live_server, setting, journey_shot, width
):
    base = live_server.url
    # A member, from the chapter they use, reports a pilot.
    member_ctx = _context(chromium, width, js=False)
    page = member_ctx.new_page()
    login(page, live_server, email="reporter@example.org", password=DEFAULT_PASSWORD)
    page.goto(f"{base}/guidance/running-a-panel/{setting['chapter'].slug}/")
    page.click("text=Tell us your organisation is considering, piloting or using this guide")
    assert page.url.startswith(f"{base}/guidance/running-a-panel/use/")
    assert page.input_value("input[name=organisation_name]") == "Cardiff and Vale Health Board"
    assert page.input_value("select[name=part]") == str(setting["chapter"].pk)
    page.locator("main form button[type=submit]").click()  # nothing chosen yet
    assert "There is a problem" in page.content()
    journey_shot(page, "report-errors")
    page.check("input[name=stage][value=piloting]")
    page.check("input[name=purpose][value=service]")
    page.fill("input[name=since_month]", "9")
    page.fill("input[name=since_year]", "2025")
    page.fill("textarea[name=account]", "A panel of patients chose the questions.")
    page.check("input[name=may_name]")
    journey_shot(page, "report-filled")
    page.locator("main form button[type=submit]").click()
    assert page.url == f"{base}/guidance/reports/"
    assert "Awaiting review" in page.content()
    journey_shot(page, "your-reports")
    member_ctx.close()

    # An organiser approves it and turns it into a draft case study.
    organiser_ctx = _context(chromium, width, js=False)
    page = organiser_ctx.new_page()
    login(page, live_server, email="olu@example.org", password=DEFAULT_PASSWORD)
    page.goto(f"{base}/guidance/organise/reports/")
    journey_shot(page, "organiser-list")
    page.click("text=Cardiff and Vale Health Board")
    page.check("input[name=decision][value=approved]")
    page.locator("main form.form button[type=submit]").last.click()
    assert "Decision saved" in page.content()
    page.click("text=Turn into a draft case study")
    assert "is waiting in moderation" in page.content()
    journey_shot(page, "organiser-case-study")
    organiser_ctx.close()
    report = AdoptionReport.objects.get(organisation__name="Cardiff and Vale Health Board")
    assert report.review == "approved"
    assert CaseStudyPage.objects.get(pk=report.case_study_id).live is False

    # Anyone sees it on the guide: the count, the name, what for; the other only counted.
    visitor_ctx = _context(chromium, width)
    page = visitor_ctx.new_page()
    page.goto(f"{base}/guidance/running-a-panel/")
    section = page.locator(".guide-adoption").inner_text()
    assert "2 organisations have told us" in section
    assert "Cardiff and Vale Health Board" in section
    assert "Quiet District Council" not in page.content()
    assert "1 more organisation asked not to be named" in section
    page.locator(".guide-adoption").scroll_into_view_if_needed()
    journey_shot(page, "guide-shows-use")
    assert_no_axe_violations(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    visitor_ctx.close()

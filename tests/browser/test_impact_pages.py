"""Issue 21 items 3-5 in Chromium: the impact dashboard (charts and tables) at 1280, 390 and
320 px with no sideways scrolling and no axe violations, the organisation directory filtered
without JavaScript, an organisation's page, the Welsh dashboard, and the organisers' dashboard
with its attendance trends and adoption pipeline. Screenshots: journey_shot."""

import datetime as dt
import shutil
from pathlib import Path

import pytest

from community.demo import DEMO_ORGANISER_EMAIL, DEMO_PASSWORD
from guidance.models import AdoptionReport
from guidance.selectors import adoption_public_reports
from tests.browser.conftest import assert_no_axe_violations, login
from tests.demo_pages import load_demo_site
from tests.factories.guidance import guidance_index, guide_page
from tests.factories.users import OrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/work/shots/impact")


def _context(chromium, width, *, js=True):
    context = chromium.new_context(
        bypass_csp=True,
        locale="en-GB",
        timezone_id="Europe/London",
        viewport={"width": width, "height": 900},
        java_script_enabled=js,
    )
    context.set_default_timeout(30_000)
    return context


def _shot(journey_shot, page, step):
    path = journey_shot(page, step)
    if SHOTS.parent.exists():
        SHOTS.mkdir(exist_ok=True)
        shutil.copy(path, SHOTS / path.name)


def _no_sideways_scroll(page):
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px"


@pytest.mark.parametrize("width", [1280, 390, 320])
def test_dashboard_charts_and_tables_at_every_width(
    chromium, live_server, home_page, journey_shot, width
):
    load_demo_site()
    context = _context(chromium, width)
    page = context.new_page()
    page.goto(f"{live_server.url}/impact/")
    assert page.locator("h1").inner_text() == "Impact"
    charts = page.locator(".impact-figure__chart img")
    assert charts.count() == 7
    for i in range(charts.count()):
        chart = charts.nth(i)
        chart.scroll_into_view_if_needed()
        page.wait_for_function(
            "(img) => img.complete && img.naturalWidth > 0", arg=chart.element_handle()
        )
        assert chart.get_attribute("alt")
    tables = page.locator(".impact-figure table caption")
    assert tables.count() >= 5
    # Demo adoption reports from two years show on the adoption table (the latest month).
    adoption_table = page.locator("#caption-adoption").locator("xpath=..")
    last_row = adoption_table.locator("tbody tr").last.inner_text()
    assert any(ch.isdigit() and ch != "0" for ch in last_row), last_row
    _no_sideways_scroll(page)
    assert_no_axe_violations(page)
    _shot(journey_shot, page, "dashboard")
    context.close()


def test_directory_filters_without_javascript_and_organisation_page(
    chromium, live_server, home_page, journey_shot
):
    load_demo_site()
    named = adoption_public_reports().filter(may_name=True).select_related("organisation").first()
    context = _context(chromium, 390, js=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/organisations/")
    total = page.locator("#results-heading").inner_text()
    _shot(journey_shot, page, "directory")
    kind = named.organisation.kind
    page.check(f"input[name=kind][value={kind}]")
    page.click("form.directory-filters button[type=submit]")
    page.wait_for_load_state()
    assert f"kind={kind}" in page.url
    shown = int(page.locator("#results-heading").inner_text().split()[0])
    assert 1 <= shown <= int(total.split()[0])
    for kind_box in page.locator("input[name=kind]").all():
        assert kind_box.is_checked() == (kind_box.get_attribute("value") == kind)
    assert named.organisation.name in page.content()
    _no_sideways_scroll(page)
    _shot(journey_shot, page, "directory-filtered")
    page.click(f"text={named.organisation.name}")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == named.organisation.name
    assert named.guide.title in page.content()
    _no_sideways_scroll(page)
    _shot(journey_shot, page, "organisation")
    context.close()

    context = _context(chromium, 1280)
    page = context.new_page()
    page.goto(f"{live_server.url}{named.organisation.get_absolute_url()}")
    assert_no_axe_violations(page)
    _shot(journey_shot, page, "organisation")
    page.goto(f"{live_server.url}/cy/impact/")
    assert page.locator("html").get_attribute("lang") == "cy"
    assert_no_axe_violations(page)
    _shot(journey_shot, page, "dashboard-welsh")
    context.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_organisers_dashboard_trends_and_pipeline(
    chromium, live_server, home_page, journey_shot, width
):
    load_demo_site()
    context = _context(chromium, width)
    page = context.new_page()
    login(page, live_server, email=DEMO_ORGANISER_EMAIL, password=DEMO_PASSWORD)
    page.goto(f"{live_server.url}/events/organise/")
    assert page.locator("#attendance-trends").is_visible()
    assert page.locator("#adoption-pipeline").is_visible()
    assert page.locator("#pipeline-caption").is_visible()
    _no_sideways_scroll(page)
    assert_no_axe_violations(page)
    _shot(journey_shot, page, "organise")
    context.close()


def test_dashboard_without_javascript_at_320_px(chromium, live_server, home_page, journey_shot):
    guide = guide_page(index=guidance_index(home=home_page), title="A guide")
    for name, stage in (("Camden", "piloting"), ("Cardiff", "adopted")):
        AdoptionReport.objects.create(
            guide=guide,
            organisation=OrganisationFactory(name=name),
            stage=stage,
            purpose="service",
            since=dt.date.today().replace(day=1),
            review="approved",
            may_name=True,
        )
    context = _context(chromium, 320, js=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/impact/")
    chart = page.locator("img[src$='/impact/charts/adoption.svg']")
    page.wait_for_function(
        "(img) => img.complete && img.naturalWidth > 0", arg=chart.element_handle()
    )
    assert "This month: 0 considering, 1 piloting, 1 using." in chart.get_attribute("alt")
    region = page.locator(".impact-figure__table").first
    assert region.get_attribute("role") == "region" and region.get_attribute("aria-labelledby")
    _no_sideways_scroll(page)
    _shot(journey_shot, page, "dashboard-no-js")
    context.close()

"""The library, guidance and events on a phone (issue 19 item 10), in Chromium at 390 px.

The header folds into a "Menu" disclosure and each list page's filters into a "Filter"
disclosure (details/summary: no JavaScript needed) that names how many filters are active, so the
page heading and the first result come first; long facets show their most common options and a
"Show all" that works without JavaScript. At 1280 px everything is shown as before.
"""

import pytest

from tests.browser.conftest import assert_no_axe_violations
from tests.demo_pages import load_demo_site
from tests.factories.casestudies import case_study, library_index

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def phone(chromium):
    context = chromium.new_context(
        bypass_csp=True, locale="en-GB", timezone_id="Europe/London", viewport=PHONE
    )
    context.set_default_timeout(30_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def phone_no_js(chromium):
    context = chromium.new_context(
        java_script_enabled=False, locale="en-GB", timezone_id="Europe/London", viewport=PHONE
    )
    context.set_default_timeout(30_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def long_library(home_page):
    """A library whose "Participation methods" and "Affected groups" facets are long (12 each)."""
    index = library_index(home_page)
    methods = [f"method-{i:02d}" for i in range(12)]
    groups = [f"group {i:02d}" for i in range(12)]
    for i in range(12):
        case_study(
            index,
            title=f"Case study number {i:02d}",
            sector="health" if i % 2 else "justice",
            methods=tuple(methods[: i + 1]),  # method-00 is on all 12, method-11 on one
            stages=("design",),
            tags=tuple(groups[: i + 1]),
        )
    return index


def top(page, selector: str) -> float:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, f"{selector} is not shown"
    return box["y"]


def test_demo_library_at_390px_shows_the_heading_and_first_result_in_the_first_screen(
    phone, live_server, home_page, journey_shot
):
    load_demo_site()
    phone.goto(f"{live_server.url}/case-studies/")
    heading, first_result = top(phone, "h1"), top(phone, ".case-study-results > li")
    print(f"\n390 px: h1 top {heading:.0f} px, first case study top {first_result:.0f} px")
    assert heading < 400
    assert first_result < 900
    # The filters are one press away, and closed: the toggle says "Filter".
    toggle = phone.locator("summary.filter-disclosure__toggle")
    assert toggle.inner_text().strip() == "Filter"
    assert not phone.locator("#case-study-q").is_visible()
    journey_shot(phone, "library first screen")
    toggle.click()
    assert phone.locator("#case-study-q").is_visible()
    assert_no_axe_violations(phone)
    journey_shot(phone, "library filters open")
    phone.set_viewport_size(DESKTOP)
    phone.goto(f"{live_server.url}/case-studies/")
    # Wide screen: the filters are a sidebar, always shown, with no toggle.
    assert phone.locator("#case-study-q").is_visible()
    assert not toggle.is_visible()
    assert phone.locator("nav.account-nav a", has_text="Sign in").is_visible()
    journey_shot(phone, "library wide")


def test_filter_toggle_counts_the_active_filters(phone, live_server, long_library, journey_shot):
    phone.goto(f"{live_server.url}/case-studies/?sector=health&method=method-00&q=case")
    toggle = phone.locator("summary.filter-disclosure__toggle")
    assert "Filter (3 active)" in toggle.inner_text()
    assert top(phone, ".case-study-results > li") < 900
    journey_shot(phone, "library three filters")
    phone.goto(f"{live_server.url}/case-studies/?sector=health")
    assert "Filter (1 active)" in toggle.inner_text()
    phone.goto(f"{live_server.url}/case-studies/")
    assert "active" not in toggle.inner_text()


def test_show_all_options_of_a_long_facet_without_javascript(
    phone_no_js, live_server, long_library, journey_shot
):
    page = phone_no_js
    page.goto(f"{live_server.url}/case-studies/")
    page.locator("summary.filter-disclosure__toggle").click()
    methods = page.locator("#facet-method")
    # The five most common methods are shown; the rarest (on one case study) is folded away.
    assert methods.locator("input[value='method-00']").is_visible()
    rare = methods.locator("input[value='method-11']")
    assert not rare.is_visible()
    show_all = methods.locator("summary", has_text="Show all 12 options")
    show_all.click()
    assert rare.is_visible()
    assert methods.locator("summary").inner_text().strip() == "Show fewer options"
    journey_shot(page, "method facet show all")
    rare.check()
    page.locator("form.case-study-filters button[type=submit]").last.click()
    page.wait_for_load_state()
    assert "method=method-11" in page.url
    assert page.locator(".case-study-results > li").count() == 1
    assert "Case study number 11" in page.locator(".case-study-results").inner_text()
    assert "Filter (1 active)" in page.locator("summary.filter-disclosure__toggle").inner_text()
    # A chosen option is never folded away, so it can be seen and unticked.
    page.locator("summary.filter-disclosure__toggle").click()
    assert page.locator("#facet-method input[value='method-11']").is_visible()


def test_header_menu_opens_with_the_keyboard_at_390px(phone, live_server, long_library):
    phone.goto(f"{live_server.url}/case-studies/")
    nav_link = phone.locator("nav.account-nav a", has_text="Sign in")
    assert not nav_link.is_visible()
    assert not phone.locator("#site-search-q").is_visible()
    menu = phone.locator("summary.site-menu__toggle")
    for _ in range(10):
        phone.keyboard.press("Tab")
        if menu.evaluate("el => el === document.activeElement"):
            break
    else:
        raise AssertionError("the Menu toggle cannot be reached with the Tab key")
    assert menu.get_attribute("aria-expanded") in (None, "false")
    phone.keyboard.press("Enter")
    assert nav_link.is_visible()
    assert phone.locator("#site-search-q").is_visible()
    assert phone.locator("details.site-menu").get_attribute("open") is not None
    phone.keyboard.press("Tab")  # on into the menu
    assert phone.evaluate("document.activeElement.closest('.site-menu__body') !== null")
    assert_no_axe_violations(phone)


@pytest.mark.parametrize("path", ["/guidance/", "/events/"])
def test_guidance_and_events_filters_fold_on_a_phone(phone, live_server, home_page, path):
    load_demo_site()
    phone.goto(f"{live_server.url}{path}")
    toggle = phone.locator("summary.filter-disclosure__toggle")
    assert toggle.is_visible()
    assert top(phone, "h1") < 400
    form_field = phone.locator("details.filter-disclosure select").first
    assert not form_field.is_visible()
    toggle.click()
    assert form_field.is_visible()
    assert_no_axe_violations(phone)

"""Case study library in a real browser: axe on each page type, and a keyboard-only journey."""

import pytest

from tests.browser.conftest import assert_no_axe_violations, login
from tests.factories.casestudies import case_study, library_index, method
from tests.factories.users import DEFAULT_PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def library(home_page):
    index = library_index(home_page)
    method("citizens-jury", "Citizens' jury", "A jury of residents hears evidence.")
    method("design-lab", "Design lab")
    case_study(
        index,
        title="Jurors weigh a hospital data platform",
        sector="health",
        methods=("citizens-jury",),
        stages=("design",),
        tags=("patients",),
        figures=(("40", "jurors"),),
        organisation="A health board",
        body_text="Forty residents met over four weekends.",
    )
    case_study(index, title="Court claims automation", sector="justice", outcome="negative")
    case_study(index, title="Health lab on records", sector="health", methods=("design-lab",))
    return index


def tab_to(page, selector: str, limit: int = 250) -> None:
    """Press Tab until the element matching ``selector`` has focus (keyboard only)."""
    target = page.locator(selector).first
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError(f"could not reach {selector} with the Tab key")


@pytest.mark.parametrize(
    "path",
    [
        "/case-studies/",
        "/case-studies/?sector=health&method=citizens-jury&q=jurors",
        "/case-studies/?sector=justice&method=design-lab",  # empty state
        "/case-studies/data/",
        "/case-studies/methods/citizens-jury/",
    ],
)
def test_library_pages_have_no_axe_violations(page, live_server, library, path):
    page.goto(f"{live_server.url}{path}")
    assert page.locator("h1").count() == 1
    assert_no_axe_violations(page)


def test_case_study_page_has_no_axe_violations(page, live_server, library):
    page.goto(f"{live_server.url}/case-studies/")
    page.get_by_role("link", name="Jurors weigh a hospital data platform").click()
    page.wait_for_load_state()
    assert "Cite this case study" in page.content()
    assert_no_axe_violations(page)


def test_suggest_form_has_no_axe_violations_empty_and_with_errors(page, live_server, library):
    user = UserFactory()
    login(page, live_server, email=user.email, password=DEFAULT_PASSWORD)
    page.goto(f"{live_server.url}/case-studies/suggest/")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Send suggestion").click()
    page.wait_for_load_state()
    assert page.locator(".error-summary").is_visible()
    assert_no_axe_violations(page)


def test_keyboard_journey_filter_search_open(page, live_server, library):
    page.goto(f"{live_server.url}/case-studies/")
    tab_to(page, "input[name=sector][value=health]")
    page.keyboard.press("Space")
    assert page.locator("input[name=sector][value=health]").is_checked()
    tab_to(page, "input[name=method][value=citizens-jury]")
    page.keyboard.press("Space")
    tab_to(page, "form.case-study-filters button[type=submit] >> nth=-1")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "sector=health" in page.url and "method=citizens-jury" in page.url
    assert page.locator(".case-study-results li").count() == 1

    tab_to(page, "#case-study-q")
    page.keyboard.type("jurors")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "q=jurors" in page.url and "sector=health" in page.url

    tab_to(page, ".case-study-results a")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == "Jurors weigh a hospital data platform"

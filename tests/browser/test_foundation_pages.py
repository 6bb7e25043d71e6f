import pytest

from tests.browser.conftest import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/", "Public participation community"),
        ("/accounts/login/", "Sign in"),  # sentence case (issue 19)
        ("/accounts/signup/", "Sign up"),
    ],
)
def test_page_has_no_axe_violations(page, live_server, home_page, path, heading):
    page.goto(f"{live_server.url}{path}")
    assert heading in page.locator("h1").first.inner_text()
    assert_no_axe_violations(page)


def test_skip_link_is_first_focus_and_moves_to_main(page, live_server, home_page):
    page.goto(f"{live_server.url}/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main-content"

"""A member without admin rights who opens /admin/ lands on the site's 403 page (no redirect loop
between /admin/ and the log-in page), which passes axe; so does an organiser page's refusal."""

import pytest

from tests.browser.conftest import assert_no_axe_violations, login
from tests.factories.users import DEFAULT_PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("path", ["/admin/", "/events/organise/"])
def test_member_sees_the_403_page_with_what_to_do(page, live_server, home_page, path):
    UserFactory(email="forbidden-member@example.org", name="Fran Member")
    login(page, live_server, email="forbidden-member@example.org", password=DEFAULT_PASSWORD)
    response = page.goto(f"{live_server.url}{path}")
    assert response.status == 403
    assert page.url == f"{live_server.url}{path}", "no redirect"
    assert page.locator("main h1").inner_text() == "You cannot open this page"
    steps = page.locator("#forbidden-next-steps")
    assert steps.get_by_role("heading", name="What you can do").is_visible()
    assert steps.get_by_role("link", name="Go to your account").is_visible()
    assert steps.get_by_role("link", name="Go to the home page").is_visible()
    assert page.locator("header.site-header").is_visible()
    assert_no_axe_violations(page)
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320

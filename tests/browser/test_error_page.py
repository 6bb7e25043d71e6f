"""The 500 page: says what happened, shows the reference to quote (the X-Request-ID the response
carries), passes axe and reflows at 320 px even with the longest reference a proxy may send."""

import pytest

from tests.browser.conftest import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("sent", [None, "proxy-" + "a1b2c3d4" * 11 + "end"])  # 100 characters
def test_the_500_page_shows_the_reference_to_quote(page, live_server, settings, sent):
    settings.ROOT_URLCONF = "tests.ops.urls"  # the site's URLs plus a view that fails
    if sent:
        page.set_extra_http_headers({"X-Request-ID": sent})
    response = page.goto(f"{live_server.url}/test-failure/")
    assert response.status == 500
    reference = response.headers["x-request-id"]
    assert reference == (sent or reference) and len(reference) >= 32
    assert page.locator("main h1").inner_text() == "Sorry, there is a problem with the service"
    assert page.locator("main").get_by_text("quote this reference").is_visible()
    assert page.locator("strong.reference").inner_text() == reference
    assert_no_axe_violations(page)
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320

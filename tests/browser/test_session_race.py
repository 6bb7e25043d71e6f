"""Sign-up -> verify -> log in -> account in Chromium, with a request from before the log-in
answered after it (as the log-in page's favicon request can be): the member stays signed in
(core/sessions.py; issue 16). The request goes through the page's own cookie jar, so a
deletion in its answer would remove the browser's new session cookie, as it did before the fix."""

import re

import pytest
from django.conf import settings
from django.core import mail

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-and-unusual-passphrase"


def session_cookie(page) -> str | None:
    for cookie in page.context.cookies():
        if cookie["name"] == settings.SESSION_COOKIE_NAME:
            return cookie["value"]
    return None


def test_a_late_answer_to_a_request_from_before_log_in_keeps_the_member_signed_in(
    page, live_server, home_page
):
    base = live_server.url
    page.goto(f"{base}/accounts/signup/")
    page.fill("#id_name", "Kim Keyboard")
    page.fill("#id_email", "kim@example.org")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.check("#id_agree_code_of_conduct")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^/\s]+/)", mail.outbox[-1].body)
    # Verified on another device (a phone's mail app): following the link there confirms the
    # address but signs in only the browser that signed up (issue 19), so this one still has its
    # anonymous session from signing up and logs in by hand.
    phone = page.context.browser.new_context()
    phone_page = phone.new_page()
    phone_page.goto(f"{base}{link.group(1)}")
    with phone_page.expect_navigation():
        phone_page.click("main form button[type=submit]")
    phone.close()

    page.goto(f"{base}/accounts/login/")
    before_log_in = session_cookie(page)
    assert before_log_in  # signing up and verifying left an anonymous session
    page.fill("input[name=login]", "kim@example.org")
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("form.form button[type=submit]")
    assert "Sign out" in page.locator("header").inner_text()

    # The log-in page's favicon request, sent with the old cookie, answered now.
    answer = page.context.request.get(
        f"{base}/favicon.ico",
        headers={"Cookie": f"{settings.SESSION_COOKIE_NAME}={before_log_in}"},
    )
    assert settings.SESSION_COOKIE_NAME not in (answer.headers.get("set-cookie") or "")
    assert session_cookie(page) not in (None, before_log_in)

    page.goto(f"{base}/account/")
    assert page.locator("#id_name").input_value() == "Kim Keyboard"
    assert "Sign out" in page.locator("header").inner_text()

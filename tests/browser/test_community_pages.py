"""Community journeys in Chromium with axe-core: sign-up by keyboard only, log-in, profile edit
(with its error state) and the member directory."""

import re

import pytest
from django.core import mail

from tests.browser.conftest import assert_no_axe_violations, login
from tests.factories.users import DEFAULT_PASSWORD, MemberProfileFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def tab_to(page, selector: str, limit: int = 60) -> None:
    """Press Tab until the element matching ``selector`` has focus (keyboard only)."""
    for _press in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} never received focus by Tab")


def test_signup_journey_by_keyboard_only(page, live_server, home_page):
    page.goto(f"{live_server.url}/accounts/signup/")
    assert_no_axe_violations(page)

    # First an empty submission: the error summary appears and has no violations.
    tab_to(page, "form.form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator(".error-summary").is_visible()
    assert_no_axe_violations(page)

    for selector, text in [
        ("#id_name", "Kim Keyboard"),
        ("#id_email", "kim@example.org"),
        ("#id_password1", "a-long-and-unusual-passphrase"),
        ("#id_password2", "a-long-and-unusual-passphrase"),
    ]:
        tab_to(page, selector)
        page.keyboard.press("Control+A")
        page.keyboard.type(text)
    tab_to(page, "#id_agree_code_of_conduct")
    page.keyboard.press("Space")
    tab_to(page, "form.form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/accounts/confirm-email/$"))
    assert "Check your email" in page.locator("h1").inner_text()
    assert_no_axe_violations(page)

    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^/\s]+/)", mail.outbox[-1].body)
    page.goto(f"{live_server.url}{link.group(1)}")
    assert_no_axe_violations(page)
    tab_to(page, "main form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    # The link signs the new member in and lands on "Complete your profile" (issue 19).
    page.wait_for_url(re.compile(r"/account/welcome/$"))
    assert page.locator("h1").inner_text() == "Complete your profile"
    assert "Sign out" in page.locator("header").inner_text()
    assert_no_axe_violations(page)

    # Sign out and back in by keyboard.
    tab_to(page, "header a[href$='/accounts/logout/']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tab_to(page, "main form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    page.goto(f"{live_server.url}/accounts/login/")
    tab_to(page, "input[name=login]")
    page.keyboard.type("kim@example.org")
    tab_to(page, "input[name=password]")
    page.keyboard.type("a-long-and-unusual-passphrase")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.goto(f"{live_server.url}/account/")
    assert page.locator("#id_name").input_value() == "Kim Keyboard"


def test_login_and_profile_edit_with_error_state(page, live_server, home_page):
    user = UserFactory(email="pat@example.org", name="Pat Profile")
    page.goto(f"{live_server.url}/accounts/login/")
    assert_no_axe_violations(page)
    login(page, live_server, email=user.email, password=DEFAULT_PASSWORD)

    page.goto(f"{live_server.url}/account/")
    assert_no_axe_violations(page)

    page.fill("#id_name", "")
    page.fill("#id_organisation_name", "A Brand New Collective")
    with page.expect_navigation():
        page.click("text=Save your profile")
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    assert "Choose the kind of organisation" in summary.inner_text()
    assert_no_axe_violations(page)

    page.fill("#id_name", "Pat Profile")
    page.select_option("#id_organisation_kind", "charity")
    page.fill("#id_bio", "<b>I run citizens' juries</b>")
    page.check("#id_visibility_0")
    with page.expect_navigation():
        page.click("text=Save your profile")
    assert "Your profile has been saved." in page.locator(".messages").inner_text()

    page.goto(f"{live_server.url}/members/{user.pk}/")
    assert "<b>I run citizens' juries</b>" in page.locator(".member-bio").inner_text()
    assert_no_axe_violations(page)


def test_directory_has_no_violations(page, live_server, home_page):
    for index, visibility in enumerate(["public", "members", "hidden", "public"]):
        MemberProfileFactory(
            user=UserFactory(name=f"Directory Person {index}"),
            visibility=visibility,
            interests=["procurement"],
            expertise=["citizens' jury"],
        )
    page.goto(f"{live_server.url}/members/")
    assert page.locator(".card").count() == 2
    assert_no_axe_violations(page)

    page.select_option("#id_interest", "procurement")
    with page.expect_navigation():
        page.click("text=Show members")
    assert "interest=procurement" in page.url
    assert_no_axe_violations(page)

    viewer = UserFactory(email="viewer@example.org")
    login(page, live_server, email=viewer.email, password=DEFAULT_PASSWORD)
    page.goto(f"{live_server.url}/members/")
    assert page.locator(".card").count() == 3
    assert_no_axe_violations(page)


def test_approval_and_unsubscribe_pages_have_no_violations(page, live_server, home_page):
    from community.emails import unsubscribe_url
    from tests.factories.users import organiser_user

    pending = MemberProfileFactory(
        user=UserFactory(name="Penny Pending", approval_status="pending")
    ).user
    organiser = organiser_user(email="org@example.org")
    login(page, live_server, email=organiser.email, password=DEFAULT_PASSWORD)
    page.goto(f"{live_server.url}/members/approvals/")
    assert "Penny Pending" in page.locator("table").inner_text()
    assert_no_axe_violations(page)

    page.click("text=Approve or decline")
    page.check("#id_decision_1")  # decline without a reason: the error state
    with page.expect_navigation():
        page.click("text=Save decision and email them")
    assert "Give a reason" in page.locator(".error-summary").inner_text()
    assert_no_axe_violations(page)

    path = unsubscribe_url(user=pending, kind="all").replace("http://testserver", "")
    page.goto(f"{live_server.url}{path}")
    assert_no_axe_violations(page)
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert "You have been unsubscribed" in page.locator("h1").inner_text()
    page.goto(f"{live_server.url}/unsubscribe/not-a-real-token/")
    assert "does not work" in page.locator("h1").inner_text()
    assert_no_axe_violations(page)

"""Sign-up that flows (issue 19 item 5): the verification link signs the new member in and takes
them to "Complete your profile"; a member waiting for approval lands signed in and is told so;
every account form says what to do ("Enter your name"), never "This field is required."."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from community.enums import ApprovalStatus
from community.models import MemberProfile, User
from tests.factories.users import DEFAULT_PASSWORD, UserFactory, signup_form

pytestmark = pytest.mark.django_db

SIGNUP = signup_form(name="Nadia Newcomer", email="nadia@example.org")


def confirm_link() -> str:
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^/\s]+/)", mail.outbox[-1].body)
    assert link, mail.outbox[-1].body
    return link.group(1)


def signed_in_email(client) -> str | None:
    response = client.get("/account/")
    return response.context["user"].email if response.status_code == 200 else None


def test_verification_link_signs_in_and_lands_on_complete_your_profile(client, home_page):
    assert client.post("/accounts/signup/", SIGNUP).status_code == 302
    assert signed_in_email(client) is None  # not before the address is confirmed
    response = client.post(confirm_link())
    assert response.status_code == 302
    assert response["Location"] == "/account/welcome/"
    assert EmailAddress.objects.get(email="nadia@example.org").verified
    page = client.get("/account/welcome/").content.decode()
    assert "<h1>Complete your profile</h1>" in page
    assert "Welcome, Nadia Newcomer." in page
    assert "waiting for approval" not in page
    assert signed_in_email(client) == "nadia@example.org"


def test_profile_step_saves_the_few_fields_or_can_be_skipped(client, home_page):
    client.post("/accounts/signup/", SIGNUP)
    client.post(confirm_link())
    page = client.get("/account/welcome/").content.decode()
    assert 'href="/account/"' in page and "Skip for now" in page
    for field in ("id_name", "id_organisation_name", "id_job_title", "id_sector", "id_region"):
        assert f'id="{field}"' in page
    assert 'id="id_bio"' not in page  # the rest stays on the account page
    response = client.post(
        "/account/welcome/",
        {
            "name": "Nadia Newcomer",
            "organisation_name": "Camden Council",
            "organisation_kind": "local_authority",
            "job_title": "Data ethics lead",
            "sector": "",
            "region": "",
            "interests": "procurement, data charters",
            "visibility": "members",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/account/"
    profile = MemberProfile.objects.get(user__email="nadia@example.org")
    assert profile.organisation.name == "Camden Council"
    assert profile.job_title == "Data ethics lead"
    assert sorted(profile.interests.names()) == ["data charters", "procurement"]


def test_profile_step_errors_are_specific(client, home_page):
    client.force_login(UserFactory(name="Pat"))
    response = client.post("/account/welcome/", {"name": "", "visibility": "members"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "There is a problem" in body
    assert "Enter your name" in body
    assert "This field is required" not in body


def test_pending_member_lands_signed_in_and_is_told_they_wait_for_approval(
    client, home_page, settings
):
    settings.MEMBER_APPROVAL_REQUIRED = True
    client.post("/accounts/signup/", SIGNUP)
    response = client.post(confirm_link())
    assert response["Location"] == "/account/welcome/"
    assert User.objects.get(email="nadia@example.org").approval_status == ApprovalStatus.PENDING
    page = client.get("/account/welcome/").content.decode()
    assert "Your membership is waiting for approval" in page
    assert "You are signed in and your email address is confirmed." in page
    assert signed_in_email(client) == "nadia@example.org"


def test_a_link_opened_in_another_browser_confirms_but_does_not_sign_in(client, home_page):
    from django.test import Client

    client.post("/accounts/signup/", SIGNUP)
    other = Client()
    response = other.post(confirm_link())
    assert response.status_code == 302
    assert EmailAddress.objects.get(email="nadia@example.org").verified
    assert signed_in_email(other) is None


ERRORS = [
    ("/accounts/signup/", {}, ["Enter your name", "Enter your email address", "Enter a password"]),
    (
        "/accounts/signup/",
        {**SIGNUP, "email": "nadia-at-example"},
        ["Enter an email address in the correct format, like name@example.com"],
    ),
    ("/accounts/login/", {}, ["Enter your email address", "Enter your password"]),
    (
        "/accounts/login/",
        {"login": "not an address", "password": "x"},
        ["Enter an email address in the correct format, like name@example.com"],
    ),
    ("/accounts/password/reset/", {}, ["Enter your email address"]),
    ("/accounts/login/code/", {}, ["Enter your email address"]),
]


@pytest.mark.parametrize(("url", "data", "messages"), ERRORS)
def test_account_forms_say_what_to_do(client, home_page, url, data, messages):
    body = client.post(url, data).content.decode()
    assert "There is a problem" in body
    for message in messages:
        assert message in body, (url, message)
    assert "This field is required" not in body


def test_signed_in_account_forms_say_what_to_do(client, home_page):
    client.force_login(UserFactory(email="pat@example.org"))
    body = client.post("/accounts/password/change/", {}).content.decode()
    for message in ("Enter your current password", "Enter a new password"):
        assert message in body
    assert "This field is required" not in body
    body = client.post("/accounts/email/", {"action_add": "", "email": "nope"}).content.decode()
    assert "Enter an email address in the correct format, like name@example.com" in body
    page = client.get("/accounts/password/change/").content.decode()
    assert "Current password" in page and "Confirm your new password" in page


def test_sign_in_still_works_with_the_new_forms(client, home_page):
    UserFactory(email="pat@example.org")
    response = client.post(
        "/accounts/login/", {"login": "pat@example.org", "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    assert signed_in_email(client) == "pat@example.org"

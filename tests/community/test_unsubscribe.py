"""One-click unsubscribe (RFC 8058) and List-Unsubscribe headers on every e-mail."""

import re

import pytest
import time_machine
from django.core import mail, signing
from django.test import Client
from django.utils.translation import gettext_lazy

from community.emails import (
    ALL_OPTIONAL,
    UNSUBSCRIBE_SALT,
    send_member_email,
    unsubscribe_token,
    unsubscribe_url,
)
from community.enums import EmailKind
from community.selectors import email_preferences_for
from tests.factories.users import UserFactory, signup_form

pytestmark = pytest.mark.django_db


def path_of(url: str) -> str:
    return url.replace("http://testserver", "")


def test_one_post_without_cookies_unsubscribes(home_page):
    user = UserFactory()
    url = path_of(unsubscribe_url(user=user, kind=EmailKind.MEETING_REMINDERS))
    client = Client(enforce_csrf_checks=True)  # as a mail provider's server would: no cookies
    response = client.post(
        url,
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not client.cookies.get("csrftoken")
    preferences = email_preferences_for(user=user)
    assert preferences.pk
    assert not preferences.allows(EmailKind.MEETING_REMINDERS)
    assert preferences.allows(EmailKind.CHANGE_NOTICES)  # only that kind


def test_get_shows_a_confirmation_and_changes_nothing(client, home_page):
    user = UserFactory()
    response = client.get(path_of(unsubscribe_url(user=user, kind=EmailKind.DIGEST)))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Stop getting Weekly digest?" in body
    assert '<form method="post"' in body
    assert email_preferences_for(user=user).pk is None


def test_all_optional_switches_everything_off_and_mentions_security_emails(client, home_page):
    user = UserFactory()
    url = path_of(unsubscribe_url(user=user, kind=ALL_OPTIONAL))
    assert "sign-in codes" in client.get(url).content.decode()
    response = client.post(url)
    assert "You have been unsubscribed" in response.content.decode()
    preferences = email_preferences_for(user=user)
    assert not any(preferences.allows(kind) for kind in EmailKind.values)


@pytest.mark.parametrize("method", ["get", "post"])
def test_tampered_token_gets_a_clear_400(client, home_page, method):
    user = UserFactory()
    token = unsubscribe_token(user=user, kind=EmailKind.DIGEST)
    response = getattr(client, method)(f"/unsubscribe/{token[:-3]}xyz/")
    assert response.status_code == 400
    assert "This unsubscribe link does not work" in response.content.decode()


def test_token_for_unknown_kind_or_user_is_400(client, home_page):
    bad_kind = signing.dumps({"u": 1, "k": "everything"}, salt=UNSUBSCRIBE_SALT, compress=True)
    assert client.post(f"/unsubscribe/{bad_kind}/").status_code == 400
    gone = signing.dumps({"u": 987654, "k": "digest"}, salt=UNSUBSCRIBE_SALT, compress=True)
    assert client.post(f"/unsubscribe/{gone}/").status_code == 400


def test_expired_token_gets_a_clear_400(client, home_page):
    user = UserFactory()
    with time_machine.travel("2026-01-01 12:00:00+00:00", tick=False):
        token = unsubscribe_token(user=user, kind=EmailKind.DIGEST)
    with time_machine.travel("2026-06-01 12:00:00+00:00", tick=False):
        response = client.post(f"/unsubscribe/{token}/")
    assert response.status_code == 400
    assert "expired" in response.content.decode()
    assert email_preferences_for(user=user).pk is None


def assert_one_click_headers(message) -> None:
    headers = message.extra_headers
    assert headers.get("List-Unsubscribe-Post") == "List-Unsubscribe=One-Click", message.subject
    url = re.fullmatch(r"<(http://testserver/unsubscribe/[^/]+/)>", headers["List-Unsubscribe"])
    assert url, headers["List-Unsubscribe"]


def test_headers_on_every_email_kind_sent_so_far(
    client, home_page, organiser, django_capture_on_commit_callbacks
):
    """Sign-up verification, sign-in code, password reset, approval decision, and one e-mail of
    every preference kind through send_member_email: each carries RFC 8058 headers whose link
    works."""
    client.post(
        "/accounts/signup/",
        signup_form(name="Hedda Headers", email="hedda@example.org"),
    )
    client.logout()
    existing = UserFactory(email="existing@example.org")
    client.post("/accounts/login/code/", {"email": "existing@example.org"})
    Client().post("/accounts/password/reset/", {"email": "existing@example.org"})

    pending = UserFactory(approval_status="pending")
    client.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/members/approvals/{pending.pk}/", {"decision": "approved"})

    for kind in EmailKind.values:
        sent = send_member_email(
            user=existing,
            kind=kind,
            subject=gettext_lazy("Test %(kind)s"),
            subject_params={"kind": kind},
            template="community/emails/member_approved",
            force=True,  # the digest is off by default
        )
        assert sent is not None

    assert len(mail.outbox) == 4 + len(EmailKind.values)
    for message in mail.outbox:
        assert_one_click_headers(message)
    # The links in the headers work: the sign-up verification's turns off optional e-mail.
    first = mail.outbox[0].extra_headers["List-Unsubscribe"][1:-1]
    assert Client().post(path_of(first)).status_code == 200
    hedda = existing.__class__.objects.get(email="hedda@example.org")
    assert not email_preferences_for(user=hedda).allows(EmailKind.MEETING_REMINDERS)


def test_send_member_email_respects_an_unsubscribe(home_page):
    user = UserFactory()
    Client().post(path_of(unsubscribe_url(user=user, kind=EmailKind.DIGEST)))
    sent = send_member_email(
        user=user,
        kind=EmailKind.DIGEST,
        subject=gettext_lazy("Digest"),
        template="community/emails/member_approved",
    )
    assert sent is None
    assert mail.outbox == []

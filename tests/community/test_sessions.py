"""Sign-up -> verify -> log in -> account: a request the browser sent before the log-in and that is
answered after it (the favicon, a page loading in another tab, a fast script) must not sign the
member out again (core/sessions.py; issue 16: "signed out after logging in once in five
runs"). The test client stands in for the browser: its cookie jar takes every Set-Cookie."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client

from tests.factories.users import DEFAULT_PASSWORD, UserFactory, signup_form

pytestmark = pytest.mark.django_db

COOKIE = settings.SESSION_COOKIE_NAME
PASSWORD = "a-long-and-unusual-passphrase"


def _sign_up_and_verify(client, email: str) -> None:
    response = client.post(
        "/accounts/signup/", signup_form(name="Kim Keyboard", email=email, password=PASSWORD)
    )
    assert response.status_code == 302
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^/\s]+/)", mail.outbox[-1].body)
    # Verified from another device: the address is confirmed, and this client keeps the
    # anonymous session signing up left (the same browser would be signed in; issue 19).
    assert Client().post(link.group(1)).status_code == 302


def _log_in(client, email: str, password: str) -> None:
    response = client.post("/accounts/login/", {"login": email, "password": password})
    assert response.status_code == 302, response.content.decode()[:2000]


def _signed_in_as(client) -> str | None:
    response = client.get("/account/")
    if response.status_code != 200:
        return None
    return response.context["user"].email


def test_a_request_sent_before_log_in_does_not_sign_the_member_out(client, home_page):
    _sign_up_and_verify(client, "kim@example.org")
    before_log_in = client.cookies[COOKIE].value  # signing up left an anonymous session
    _log_in(client, "kim@example.org", PASSWORD)
    assert client.cookies[COOKIE].value != before_log_in  # the log-in replaced the session
    assert _signed_in_as(client) == "kim@example.org"

    # The browser's favicon request from the log-in page, answered after the log-in.
    in_flight = Client()
    in_flight.cookies[COOKIE] = before_log_in
    for path in ("/favicon.ico", "/", "/accounts/login/"):
        response = in_flight.get(path)
        assert COOKIE not in response.cookies, f"{path} deleted the session cookie"
        client.cookies.update(response.cookies)  # one browser, one cookie jar

    assert _signed_in_as(client) == "kim@example.org"


def test_the_same_race_with_a_member_who_only_browsed_before_logging_in(client, home_page):
    user = UserFactory(email="pat@example.org")
    session = client.session
    session["seen_notice"] = True  # any anonymous session, e.g. allauth's half-finished log-in
    session.save()
    client.cookies[COOKIE] = session.session_key
    _log_in(client, user.email, DEFAULT_PASSWORD)

    in_flight = Client()
    in_flight.cookies[COOKIE] = session.session_key
    client.cookies.update(in_flight.get("/").cookies)
    assert _signed_in_as(client) == "pat@example.org"


def test_signing_out_still_deletes_the_session_cookie(client, home_page):
    user = UserFactory(email="pat@example.org")
    _log_in(client, user.email, DEFAULT_PASSWORD)
    response = client.post("/accounts/logout/")
    assert response.cookies[COOKIE].value == ""
    assert response.cookies[COOKIE]["max-age"] == 0
    assert _signed_in_as(client) is None

"""Sign-up, verification, sign-in by password and by e-mailed code, rate limits, allauth pages."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail

from community.enums import ApprovalStatus
from community.models import MemberProfile, User
from tests.factories.users import DEFAULT_PASSWORD, UserFactory, signup_form

pytestmark = pytest.mark.django_db

SIGNUP = signup_form(name="Sam Signup", email="sam@example.org")


def link_in(message, pattern: str) -> str:
    match = re.search(pattern, message.body)
    assert match, message.body
    return match.group(0).replace("http://testserver", "")


def test_signup_verification_then_profile(client, home_page):
    response = client.post("/accounts/signup/", SIGNUP)
    assert response.status_code == 302
    user = User.objects.get(email="sam@example.org")
    assert user.name == "Sam Signup"
    assert user.code_of_conduct_version == settings.CODE_OF_CONDUCT_VERSION
    assert user.code_of_conduct_agreed_at is not None
    assert MemberProfile.objects.filter(user=user).exists()
    assert not EmailAddress.objects.get(user=user).verified

    # Mandatory verification: signing in before verifying only sends another e-mail.
    client.logout()
    assert len(mail.outbox) == 1
    confirm = link_in(mail.outbox[0], r"http://testserver/accounts/confirm-email/[^/\s]+/")
    page = client.get(confirm)
    assert page.status_code == 200
    assert "sam@example.org" in page.content.decode()
    client.post(confirm)
    assert EmailAddress.objects.get(user=user).verified

    assert client.login(email="sam@example.org", password=SIGNUP["password1"])
    account = client.get("/account/")
    assert account.status_code == 200
    assert "Your profile" in account.content.decode()
    assert 'value="Sam Signup"' in account.content.decode()


def test_signup_without_code_of_conduct_is_refused(client, home_page):
    data = {**SIGNUP}
    del data["agree_code_of_conduct"]
    response = client.post("/accounts/signup/", data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert "You need to agree to the code of conduct to join." in body
    assert not User.objects.filter(email="sam@example.org").exists()


def test_signup_pending_when_approval_required_and_organisers_told(
    client, home_page, settings, django_capture_on_commit_callbacks
):
    from tests.factories.users import organiser_user

    organiser = organiser_user(email="olu@example.org")
    settings.MEMBER_APPROVAL_REQUIRED = True
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/signup/", SIGNUP)
    sam = User.objects.get(email="sam@example.org")
    assert sam.approval_status == ApprovalStatus.PENDING
    (notice,) = [m for m in mail.outbox if m.to == [organiser.email]]
    assert "Sam Signup" in notice.subject
    assert f"/members/approvals/{sam.pk}/" in notice.body
    assert notice.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def request_code(client, email: str) -> str:
    mail.outbox.clear()
    response = client.post("/accounts/login/code/", {"email": email})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"].startswith("/accounts/login/code/confirm/")
    (message,) = mail.outbox
    code = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", message.body, re.MULTILINE)
    assert code, message.body
    return code.group(1)


def test_sign_in_by_emailed_code(client, home_page):
    user = UserFactory(email="coder@example.org")
    code = request_code(client, "coder@example.org")
    response = client.post("/accounts/login/code/confirm/", {"code": code})
    assert response.status_code == 302
    assert client.get("/account/").context["user"] == user


def test_wrong_code_is_refused_with_a_clear_message(client, home_page):
    UserFactory(email="coder@example.org")
    code = request_code(client, "coder@example.org")
    wrong = "AAAA-AAAA" if code != "AAAA-AAAA" else "BBBB-BBBB"
    response = client.post("/accounts/login/code/confirm/", {"code": wrong})
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert "Incorrect code." in body
    assert "_auth_user_id" not in client.session


def test_sixth_rapid_failed_login_is_refused(client, home_page):
    UserFactory(email="target@example.org")
    for _attempt in range(5):
        response = client.post(
            "/accounts/login/", {"login": "target@example.org", "password": "wrong-password-1"}
        )
        assert "The email address and/or password you specified are not correct." in (
            response.content.decode()
        )
    # The sixth attempt is refused even with the right password.
    response = client.post(
        "/accounts/login/", {"login": "target@example.org", "password": DEFAULT_PASSWORD}
    )
    body = response.content.decode()
    assert "Too many failed login attempts. Try again later." in body
    assert "There is a problem" in body
    assert "_auth_user_id" not in client.session


def test_sixth_rapid_code_request_is_refused(client, home_page):
    UserFactory(email="coder@example.org")
    for _attempt in range(5):
        response = client.post("/accounts/login/code/", {"email": "coder@example.org"})
        assert response.status_code == 302
        client.cookies.clear()
    mail.outbox.clear()
    response = client.post("/accounts/login/code/", {"email": "coder@example.org"})
    body = response.content.decode()
    assert "Too many failed login attempts. Try again later." in body
    assert "There is a problem" in body
    assert mail.outbox == []


def test_rate_limited_pages_use_the_site_layout(client, home_page, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "1/m/ip"}
    client.post("/accounts/signup/", {"email": "x"})
    response = client.post("/accounts/signup/", {"email": "y"})
    assert response.status_code == 429
    body = response.content.decode()
    assert "Too many requests" in body
    assert "Skip to main content" in body


def test_password_reset_all_steps(client, home_page):
    UserFactory(email="forgetful@example.org")
    response = client.post("/accounts/password/reset/", {"email": "forgetful@example.org"})
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200  # "we have sent you an e-mail"
    link = link_in(mail.outbox[-1], r"http://testserver/accounts/password/reset/key/\S+/")
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    done = client.post(
        set_url, {"password1": "another-long-passphrase", "password2": "another-long-passphrase"}
    )
    assert done.status_code == 302
    assert client.get(done["Location"]).status_code == 200
    assert client.login(email="forgetful@example.org", password="another-long-passphrase")


ALLAUTH_PAGES = [
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/login/code/",
    "/accounts/password/reset/",
    "/accounts/password/reset/done/",
    "/accounts/confirm-email/",
]


@pytest.mark.parametrize("path", ALLAUTH_PAGES)
def test_allauth_pages_render_in_the_site_layout(client, home_page, path):
    response = client.get(path)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Skip to main content" in body
    assert '<main id="main-content"' in body
    assert "<h1" in body


@pytest.mark.parametrize(
    "path", ["/accounts/email/", "/accounts/password/change/", "/accounts/logout/"]
)
def test_signed_in_allauth_pages_render_in_the_site_layout(client, home_page, path):
    client.force_login(UserFactory())
    response = client.get(path)
    assert response.status_code == 200
    assert "Skip to main content" in response.content.decode()


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/accounts/login/", {"login": "", "password": ""}),
        ("/accounts/signup/", {"email": "not-an-email"}),
        ("/accounts/login/code/", {"email": "nope"}),
        ("/accounts/password/reset/", {"email": "nope"}),
    ],
)
def test_allauth_forms_show_an_error_summary(client, home_page, path, data):
    response = client.post(path, data)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'class="error-summary"' in body
    assert "There is a problem" in body


def test_password_change_shows_an_error_summary(client, home_page):
    client.force_login(UserFactory())
    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": "wrong", "password1": "x", "password2": "y"},
    )
    assert 'class="error-summary"' in response.content.decode()

"""Security hardening: production settings and headers, CSP, cookies, e-mail header injection,
password rules, upload limits and the admin log-in going through allauth's rate limits.

`manage.py check --deploy` with production settings is tested in test_foundation.py.
"""

import json
import os
import re
import subprocess
import sys
from email import message_from_bytes

import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils.translation import gettext_lazy
from wagtail.images.fields import WagtailImageField

from community.emails import send_member_email
from community.models import User
from participation.settings import base as base_settings
from tests.factories.participation import standard_page, update_page, updates_index
from tests.factories.users import DEFAULT_PASSWORD, UserFactory, signup_form

PRODUCTION_PROBE = r"""
import json, django
django.setup()
from django.conf import settings
from django.test import Client
names = ["DEBUG", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
         "SECURE_HSTS_PRELOAD", "SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY",
         "CSRF_COOKIE_SECURE", "CSRF_COOKIE_HTTPONLY", "LANGUAGE_COOKIE_SECURE",
         "SESSION_COOKIE_SAMESITE", "X_FRAME_OPTIONS", "SECURE_CONTENT_TYPE_NOSNIFF",
         "SECURE_REFERRER_POLICY", "DATA_UPLOAD_MAX_MEMORY_SIZE", "WAGTAILADMIN_LOGIN_URL"]
client = Client(HTTP_HOST="participation.example.org")
secure = client.get("/robots.txt", secure=True)
plain = client.get("/robots.txt", secure=False)
print(json.dumps({
    "settings": {name: getattr(settings, name) for name in names},
    "headers": dict(secure.headers.items()),
    "status": secure.status_code,
    "plain_status": plain.status_code,
    "plain_location": plain.get("Location"),
}))
"""


@pytest.fixture(scope="module")
def production():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "participation.settings.production",
        "SECRET_KEY": "p" * 30 + "-production-like-secret-for-tests-" + "q" * 30,
        "ALLOWED_HOSTS": "participation.example.org",
    }
    result = subprocess.run(  # noqa: S603 (our own probe script)
        [sys.executable, "-c", PRODUCTION_PROBE],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=settings.BASE_DIR,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_settings_are_hardened(production):
    s = production["settings"]
    assert s["DEBUG"] is False
    assert s["SECURE_SSL_REDIRECT"] is True
    assert s["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert s["SECURE_HSTS_INCLUDE_SUBDOMAINS"] and s["SECURE_HSTS_PRELOAD"]
    for name in ("SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "LANGUAGE_COOKIE_SECURE"):
        assert s[name] is True, name
    assert s["SESSION_COOKIE_HTTPONLY"] is True and s["CSRF_COOKIE_HTTPONLY"] is True
    assert s["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert s["WAGTAILADMIN_LOGIN_URL"] == "account_login"


def test_production_response_headers(production):
    headers = {k.lower(): v for k, v in production["headers"].items()}
    assert production["status"] == 200
    assert headers["strict-transport-security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert "'unsafe-inline'" not in headers["content-security-policy"]
    # Plain HTTP is redirected to HTTPS.
    assert production["plain_status"] == 301
    assert production["plain_location"] == "https://participation.example.org/robots.txt"


def csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


ALLOWED_SOURCES = {"'self'", "'none'", "data:"}


@pytest.mark.django_db
def test_public_pages_send_strict_csp_and_security_headers(client, home_page):
    index = updates_index(home=home_page)
    update = update_page(index=index, title="Header check", tags=["AI"])
    standard_page(parent=home_page, title="About", slug="about")
    paths = [
        "/",
        "/updates/",
        update.url,
        "/about/",
        "/search/?q=data",
        "/search/",
        "/accounts/login/",
        "/accounts/signup/",
        "/no-such-page/",
    ]
    for path in paths:
        response = client.get(path)
        assert response.status_code in (200, 404), path
        directives = csp_directives(response["Content-Security-Policy"])
        assert directives["default-src"] == ["'self'"], path
        assert directives["script-src"] == ["'self'"], path
        assert directives["style-src"] == ["'self'"], path
        assert directives["frame-ancestors"] == ["'none'"], path
        assert directives["object-src"] == ["'none'"], path
        sources = {source for values in directives.values() for source in values}
        assert sources <= ALLOWED_SOURCES, (path, sources - ALLOWED_SOURCES)
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"
        html = response.content.decode()
        # Nothing the policy would block: no inline scripts, style attributes or <style>.
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), path
        assert not re.search(r"\sstyle=", html), path
        assert "<style" not in html, path
        assert not re.search(r"""(src|href)=["']https?://(?!localhost|testserver)""", html), path


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_secure_and_httponly(client, home_page):
    user = UserFactory()
    with override_settings(
        SESSION_COOKIE_SECURE=base_settings.SESSION_COOKIE_SECURE,
        CSRF_COOKIE_SECURE=base_settings.CSRF_COOKIE_SECURE,
    ):
        client.get(reverse("account_login"))
        csrf = client.cookies["csrftoken"]
        client.post(reverse("account_login"), {"login": user.email, "password": DEFAULT_PASSWORD})
        session = client.cookies["sessionid"]
    assert client.session["_auth_user_id"] == str(user.pk)
    for cookie in (csrf, session):
        assert cookie["secure"] is True, cookie.key
        assert cookie["httponly"] is True, cookie.key
        assert cookie["samesite"] == "Lax", cookie.key


@pytest.mark.django_db
def test_subject_with_crlf_and_bcc_line_cannot_inject_headers():
    member = UserFactory(email="member@example.org", name="Member")
    hostile = (
        "Topic: AI in schools\r\nBcc: everyone@example.net\r\nX-Injected: yes\n"
        "Content-Type: text/html"
    )

    send_member_email(
        user=member,
        kind=None,
        subject=gettext_lazy("Message: %(subject)s"),
        subject_params={"subject": hostile},  # member-written text reaches subjects this way
        template="participation/emails/message",
        context={"message": "A short note."},
    )

    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.recipients() == ["member@example.org"]
    assert sent.bcc == [] and sent.cc == []
    assert "\n" not in sent.subject and "\r" not in sent.subject
    assert "Bcc: everyone@example.net" in sent.subject  # kept as harmless text on one line
    parsed = message_from_bytes(sent.message().as_bytes())
    assert parsed.get_all("Bcc") is None
    assert parsed.get_all("X-Injected") is None
    assert len(parsed.get_all("Subject")) == 1
    assert len(parsed.get_all("To")) == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Sh0rt!pw", "This password is too short."),
        ("password123", "This password is too common."),
        ("12345678901", "This password is entirely numeric."),
    ],
)
def test_signup_rejects_short_common_and_numeric_passwords(client, home_page, password, message):
    response = client.post(
        reverse("account_signup"),
        signup_form(name="Weak Password", email="weak@example.org", password=password),
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.filter(email="weak@example.org").exists()
    assert mail.outbox == []


def test_upload_limits_are_configured():
    assert 0 < settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 10 * 1024 * 1024
    assert 0 < settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= 10 * 1024 * 1024
    assert 0 < settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE <= 20 * 1024 * 1024
    # Only raster formats: no SVG (scriptable) images.
    assert set(settings.WAGTAILIMAGES_EXTENSIONS) <= {"gif", "jpg", "jpeg", "png", "webp", "avif"}
    assert "svg" not in settings.WAGTAILIMAGES_EXTENSIONS
    assert not {"html", "htm", "svg", "js", "exe"} & set(settings.WAGTAILDOCS_EXTENSIONS)


@pytest.mark.django_db
def test_too_large_post_is_rejected_with_400_not_500(client, home_page):
    body = "login=a%40example.org&password=" + "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10)
    response = client.post(
        reverse("account_login"), data=body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400


@pytest.mark.django_db
def test_too_large_image_is_refused_by_wagtail_image_form(home_page):

    too_big = SimpleUploadedFile(
        "big.png", b"\x89PNG\r\n\x1a\n" + b"0" * (settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE + 1)
    )
    field = WagtailImageField()
    with pytest.raises(ValidationError) as error:
        field.clean(too_big)
    assert "too big" in str(error.value).lower()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "next_url"),
    [
        ("/admin/", "/admin/"),
        ("/admin/login/?next=/admin/pages/", "/admin/pages/"),
        ("/django-admin/login/?next=/django-admin/", "/django-admin/"),
    ],
)
def test_admin_login_goes_to_allauth_login(client, home_page, path, next_url):
    response = client.get(path)
    assert response.status_code == 302
    login_url = reverse("account_login")
    assert response["Location"].split("?")[0] == login_url
    followed = client.get(response["Location"])
    assert followed.status_code == 200
    assert f'value="{next_url}"' in followed.content.decode()  # allauth keeps ?next=


@pytest.mark.django_db
def test_admin_login_path_is_rate_limited_then_staff_get_in(client, home_page):
    staff = UserFactory(email="editor@example.org", is_staff=True, is_superuser=True)
    login_url = client.get("/admin/login/?next=/admin/")["Location"]
    for _ in range(5):
        response = client.post(login_url, {"login": staff.email, "password": "wrong-password"})
        assert "_auth_user_id" not in client.session
    blocked = client.post(login_url, {"login": staff.email, "password": DEFAULT_PASSWORD})
    assert "Too many failed login attempts" in blocked.content.decode()
    assert "_auth_user_id" not in client.session

    cache.clear()  # the limit's window passes
    response = client.post(login_url, {"login": staff.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_login_next_cannot_redirect_to_another_site(client, home_page):
    user = UserFactory()
    response = client.get("/admin/login/?next=https://evil.example/")
    response = client.post(
        response["Location"], {"login": user.email, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]

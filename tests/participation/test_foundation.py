import re

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from community.models import User
from tests.factories.users import signup_form


@pytest.mark.django_db
def test_home_page_renders_editable_intro(client, home_page):
    home_page.intro = "<p>Practitioners sharing how they involve the public.</p>"
    home_page.save_revision().publish()

    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Practitioners sharing how they involve the public." in html
    assert '<html lang="en-GB">' in html
    assert 'href="#main-content"' in html and 'id="main-content"' in html


@pytest.mark.django_db
def test_admin_login_page_renders(client, home_page):
    # The admin's log-in is allauth's rate-limited one (see test_security.py).
    response = client.get("/admin/login/", follow=True)
    assert response.redirect_chain[0][0].startswith("/accounts/login/")
    assert response.status_code == 200
    assert 'name="password"' in response.content.decode()


@pytest.mark.django_db
def test_signup_sends_verification_email_then_login_by_email(client, home_page):
    response = client.post(
        reverse("account_signup"),
        signup_form(
            name="Priya Shah",
            email="priya@camden.example.gov.uk",
            password="a-long-enough-passphrase",
        ),
    )
    assert response.status_code == 302
    user = User.objects.get(email="priya@camden.example.gov.uk")
    assert user.name == "Priya Shah"
    assert user.code_of_conduct_agreed_at is not None
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["priya@camden.example.gov.uk"]
    link = re.search(r"https?://[^\s]+/accounts/confirm-email/[^\s]+/", message.body).group(0)
    path = link.split("testserver", 1)[1]

    # Before verification the log-in is refused (verification is mandatory).
    client.post(
        reverse("account_login"), {"login": user.email, "password": "a-long-enough-passphrase"}
    )
    assert "_auth_user_id" not in client.session

    confirm = client.post(path)
    assert confirm.status_code == 302
    assert user.emailaddress_set.get().verified

    response = client.post(
        reverse("account_login"), {"login": user.email, "password": "a-long-enough-passphrase"}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.django_db
def test_signup_without_code_of_conduct_shows_error(client, home_page):
    response = client.post(
        reverse("account_signup"),
        {
            "name": "No Consent",
            "email": "no@example.org",
            "password1": "a-long-enough-passphrase",
            "password2": "a-long-enough-passphrase",
        },
    )
    assert response.status_code == 200
    assert "You need to agree to the code of conduct to join." in response.content.decode()
    assert not User.objects.filter(email="no@example.org").exists()


@pytest.mark.django_db
def test_healthz_all_up(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    statuses = {name: c["status"] for name, c in body["components"].items()}
    # The core components, plus any that apps registered with core.health.health_check_register.
    assert {"database", "cache", "broker"} <= statuses.keys()
    assert set(statuses.values()) == {"up"}


@pytest.mark.django_db
def test_healthz_503_names_broker_when_broker_points_nowhere(client):
    with override_settings(CELERY_BROKER_URL="redis://127.0.0.1:1/0"):
        response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["components"]["broker"]["status"] == "down"
    assert body["components"]["database"]["status"] == "up"


@pytest.mark.django_db
def test_healthz_503_names_the_database_when_it_cannot_answer(client, monkeypatch):
    """The database down: the middleware that reads the site from it must not turn /healthz
    into a 500; /healthz answers 503 and says the database is down."""
    from django.db import OperationalError
    from wagtail.models import Site

    from core.health import HEALTH_CHECKS

    def down(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(Site, "_find_for_request", staticmethod(down))
    monkeypatch.setitem(HEALTH_CHECKS, "database", down)
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["components"]["database"]["status"] == "down"
    assert "connection refused" in body["components"]["database"]["error"]


@pytest.mark.django_db
def test_unknown_page_gets_friendly_404(client, home_page):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_production_settings_refuse_to_start_without_secret_key():
    import subprocess
    import sys

    env = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "participation.settings.production"}
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_check_deploy_is_clean_with_production_settings():
    import os
    import subprocess
    import sys

    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "participation.settings.production",
        "SECRET_KEY": "x" * 20 + "production-like-secret-for-the-check-" + "y" * 20,
        "ALLOWED_HOSTS": "participation.example.org",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout

"""Download my data (JSON from every registered exporter) and delete my account (erasers)."""

import json

import pytest
from django.core.cache import cache

from community.models import EmailPreferences, MemberProfile, User
from core import data_rights
from tests.factories.users import DEFAULT_PASSWORD, MemberProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(home_page):
    user = UserFactory(name="Dana Data", email="dana@example.org")
    MemberProfileFactory(
        user=user,
        pronouns="they/them",
        bio="I like citizens' juries.",
        interests=["statistics"],
        expertise=["citizens' jury"],
    )
    EmailPreferences.objects.create(user=user, digest=True, reminder_offsets_off=[60])
    return user


def test_export_is_a_json_attachment_with_the_profile(client, person):
    client.force_login(person)
    response = client.get("/account/my-data.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="my-data-')
    assert response["Cache-Control"] == "no-store"
    data = json.loads(response.content)
    assert data["account"]["email"] == "dana@example.org"
    assert data["account"]["name"] == "Dana Data"
    assert data["profile"]["pronouns"] == "they/them"
    assert data["profile"]["bio"] == "I like citizens' juries."
    assert data["profile"]["interests"] == ["statistics"]
    assert data["profile"]["expertise"] == ["citizens' jury"]
    assert data["email_preferences"]["digest"] is True
    assert data["email_preferences"]["reminder_offsets_off_minutes"] == [60]
    assert data["consent"]["code_of_conduct_version"] == ""


def test_export_includes_other_apps_exporters(client, person):
    data_rights.register_exporter("test_things", lambda user: [{"owner": user.email}])
    try:
        client.force_login(person)
        data = json.loads(client.get("/account/my-data.json").content)
    finally:
        data_rights._exporters.pop("test_things")
    assert data["test_things"] == [{"owner": "dana@example.org"}]


def test_export_needs_sign_in(client, home_page):
    response = client.get("/account/my-data.json")
    assert response.status_code == 302


def test_delete_needs_the_email_retyped(client, person):
    client.force_login(person)
    page = client.get("/account/delete/")
    assert "Type your email address to confirm" in page.content.decode()
    response = client.post("/account/delete/", {"confirm_email": "someone@else.org"})
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    assert User.objects.filter(pk=person.pk).exists()


def test_delete_runs_erasers_removes_user_and_blocks_sign_in(client, person):
    written_for_others = {"author": person.pk, "text": "Session notes", "author_name": "Dana"}

    def anonymise(*, user):
        if written_for_others["author"] == user.pk:
            written_for_others.update(author=None, author_name="a former member")

    data_rights.register_eraser("test_notes", anonymise)
    try:
        client.force_login(person)
        response = client.post("/account/delete/", {"confirm_email": "DANA@example.org"})
    finally:
        data_rights._erasers.pop("test_notes")
    assert response.status_code == 302
    assert written_for_others == {
        "author": None,
        "text": "Session notes",
        "author_name": "a former member",
    }
    assert not User.objects.filter(email="dana@example.org").exists()
    assert not MemberProfile.objects.filter(user_id=person.pk).exists()
    assert not EmailPreferences.objects.filter(user_id=person.pk).exists()
    assert "_auth_user_id" not in client.session
    assert "Your account and personal data have been deleted." in client.get("/").content.decode()

    cache.clear()
    login = client.post(
        "/accounts/login/", {"login": "dana@example.org", "password": DEFAULT_PASSWORD}
    )
    assert login.status_code == 200
    assert "_auth_user_id" not in client.session
    assert not client.login(email="dana@example.org", password=DEFAULT_PASSWORD)


def test_forged_delete_without_sign_in_does_nothing(client, person):
    response = client.post("/account/delete/", {"confirm_email": "dana@example.org"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert User.objects.filter(pk=person.pk).exists()


def test_export_and_delete_with_every_registered_app(client, person):
    """With the real registry (every installed app's exporters and erasers) and a registration
    in another app: the export has every section, and deletion succeeds."""
    from events.models import Registration
    from tests.factories.events import RegistrationFactory

    RegistrationFactory(user=person)
    client.force_login(person)
    data = json.loads(client.get("/account/my-data.json").content)
    assert set(data_rights.exporters()) <= set(data)
    assert data["event_registrations"]

    response = client.post("/account/delete/", {"confirm_email": "dana@example.org"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=person.pk).exists()
    assert not Registration.objects.filter(user_id=person.pk).exists()

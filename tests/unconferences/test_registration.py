"""Registration answers: saved, organisers-only view and CSV, in "download my data", deleted with
the member; organisers have the admin model permissions."""

import csv
import io

import pytest
from django.contrib.auth.models import Group

from core.data_rights import erasers, exporters
from events.unconferences.models import Registration

pytestmark = pytest.mark.django_db

ANSWERS = {
    "access_needs": "Step-free access",
    "dietary_needs": "Vegan",
    "photo_consent": "",
    "travel_bursary": "on",
    "travel_bursary_reason": '=HYPERLINK("x") travelling from Wrexham',
}


def test_member_registers_with_the_events_questions(client, unconference, unregistered):
    client.force_login(unregistered)
    url = f"/unconferences/{unconference.slug}/register/"
    # A bursary request needs a reason.
    response = client.post(url, {**ANSWERS, "travel_bursary_reason": ""})
    assert response.status_code == 200
    assert "Tell us briefly why you need a bursary" in response.content.decode()
    assert client.post(url, ANSWERS).status_code == 302
    registration = Registration.objects.get(user=unregistered)
    assert registration.travel_bursary
    assert registration.photo_consent is False
    assert registration.dietary_needs == "Vegan"


def test_pending_member_cannot_register(client, unconference):
    from tests.factories.users import UserFactory

    pending = UserFactory(approval_status="pending")
    client.force_login(pending)
    response = client.post(f"/unconferences/{unconference.slug}/register/", ANSWERS)
    assert response.status_code == 403
    assert not Registration.objects.filter(user=pending).exists()


def test_answers_are_for_organisers_only_and_export_as_csv(
    client, unconference, registered_member, organiser
):
    Registration.objects.filter(user=registered_member).update(
        access_needs="Hearing loop", travel_bursary=True, travel_bursary_reason="=1+1"
    )
    list_url = f"/unconferences/{unconference.slug}/organise/registrations/"
    csv_url = f"/unconferences/{unconference.slug}/organise/registrations.csv"
    client.force_login(registered_member)
    assert client.get(list_url).status_code == 403
    assert client.get(csv_url).status_code == 403
    client.force_login(organiser)
    assert "Hearing loop" in client.get(list_url).content.decode()
    response = client.get(csv_url)
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert rows[0]["name"] == registered_member.name
    assert rows[0]["access_needs"] == "Hearing loop"
    assert rows[0]["travel_bursary_reason"] == "'=1+1"  # no formula injection


def test_answers_in_my_data_and_deleted_with_me(unconference, registered_member):
    Registration.objects.filter(user=registered_member).update(dietary_needs="Halal")
    data = exporters()["unconferences"](registered_member)
    assert data["registrations"][0]["dietary_needs"] == "Halal"
    erasers()["unconferences"](user=registered_member)
    assert not Registration.objects.filter(user=registered_member).exists()


def test_organisers_group_can_manage_unconferences_in_the_admin(client, organiser):
    from events.unconferences.roles import organiser_permissions_ensure

    organiser_permissions_ensure()  # what migration 0002 did (tables may have been flushed since)
    group = Group.objects.get(name="Organisers")
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"add_unconference", "change_space", "add_slot", "change_topicboard"} <= codenames
    client.force_login(organiser)
    for path in ("unconferences", "spaces", "slots"):
        response = client.get(f"/admin/unconferences/{path}/")
        assert response.status_code == 200
    response = client.get("/admin/unconferences/unconferences/new/")
    assert response.status_code == 200


def test_account_page_lists_my_unconferences(client, unconference, registered_member):
    client.force_login(registered_member)
    body = client.get("/account/").content.decode()
    assert "Your unconferences" in body
    assert unconference.title in body

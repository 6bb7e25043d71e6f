"""Optional approval: pending members, the organisers' queue, decisions e-mailed with a reason."""

import pytest
from django.core import mail

from community.enums import ApprovalStatus
from community.permissions import participation_refusal
from tests.factories.users import MemberProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending(home_page):
    user = UserFactory(name="Penny Pending", approval_status=ApprovalStatus.PENDING)
    MemberProfileFactory(user=user, job_title="Policy officer")
    return user


def test_queue_lists_pending_members_for_organisers(
    client, organiser, pending, member_with_profile
):
    client.force_login(organiser)
    response = client.get("/members/approvals/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Penny Pending" in body
    assert "Policy officer" in body
    assert "Mira Member" not in body  # already approved
    assert "1 person waiting for approval" in client.get("/account/").content.decode()


def test_queue_is_refused_to_members_and_anonymous(client, member_with_profile, pending):
    anonymous = client.get("/members/approvals/")
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/accounts/login/")
    client.force_login(member_with_profile)
    assert client.get("/members/approvals/").status_code == 403
    assert (
        client.post(f"/members/approvals/{pending.pk}/", {"decision": "approved"}).status_code
        == 403
    )
    pending.refresh_from_db()
    assert pending.approval_status == ApprovalStatus.PENDING


def test_approve_emails_the_member(client, organiser, pending, django_capture_on_commit_callbacks):
    client.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/members/approvals/{pending.pk}/", {"decision": "approved"})
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.approval_status == ApprovalStatus.APPROVED
    assert participation_refusal(pending) is None
    (message,) = mail.outbox
    assert message.to == [pending.email]
    assert "approved" in message.subject
    assert "register for meetings" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_decline_needs_a_reason_and_emails_it(
    client, organiser, pending, django_capture_on_commit_callbacks
):
    client.force_login(organiser)
    response = client.post(f"/members/approvals/{pending.pk}/", {"decision": "declined"})
    assert response.status_code == 400
    assert "Give a reason when you decline someone." in response.content.decode()
    pending.refresh_from_db()
    assert pending.approval_status == ApprovalStatus.PENDING

    reason = "This community is for people working on public participation."
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/members/approvals/{pending.pk}/", {"decision": "declined", "reason": reason})
    pending.refresh_from_db()
    assert pending.approval_status == ApprovalStatus.DECLINED
    (message,) = mail.outbox
    assert reason in message.body
    assert reason in message.alternatives[0][0]
    assert "declined" in participation_refusal(pending)


def test_decided_member_is_no_longer_in_the_queue(client, organiser, pending):
    client.force_login(organiser)
    client.post(f"/members/approvals/{pending.pk}/", {"decision": "approved"})
    assert client.get(f"/members/approvals/{pending.pk}/").status_code == 404
    assert "Penny Pending" not in client.get("/members/approvals/").content.decode()


def test_bad_decision_is_a_form_error(client, organiser, pending):
    client.force_login(organiser)
    response = client.post(f"/members/approvals/{pending.pk}/", {"decision": "banish"})
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()


def test_pending_member_can_sign_in_and_is_told_why_they_cannot_take_part(client, pending):
    from tests.factories.users import DEFAULT_PASSWORD

    assert client.login(email=pending.email, password=DEFAULT_PASSWORD)
    body = client.get("/account/").content.decode()
    assert "You cannot take part yet" in body
    assert participation_refusal(pending) in body.replace("&#x27;", "'")
    # Pending members are not listed in the directory yet: they see only their own card, marked
    # as seen by nobody else (the rule's "themself" row, docs/community.md); others never see it.
    own = client.get("/members/").content.decode()
    assert "Penny Pending" in own
    assert "Your profile: only you can see it until your membership is approved." in own
    client.logout()
    assert "Penny Pending" not in client.get("/members/").content.decode()


def test_pending_member_is_refused_an_rsvp_until_approved(
    client, organiser, pending, django_capture_on_commit_callbacks
):
    """The whole flow across apps: refused with the explanation, approved (and told), then
    registered."""
    from events.services import RegistrationRefused, meeting_register
    from tests.factories.events import MeetingFactory

    meeting = MeetingFactory()
    with pytest.raises(RegistrationRefused) as refused:
        meeting_register(meeting=meeting, user=pending)
    assert "waiting for an organiser's approval" in str(refused.value)

    client.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/members/approvals/{pending.pk}/", {"decision": "approved"})
    assert any(message.to == [pending.email] for message in mail.outbox)
    pending.refresh_from_db()
    registration = meeting_register(meeting=meeting, user=pending)
    assert registration.user == pending

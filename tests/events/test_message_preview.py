"""Messages with a preview (issue 19 item 6): before an organiser messages attendees they see
the e-mail as it will arrive (rendered by the code that sends it), can send it to themselves
first, and then send it to the number of people shown, once."""

import html
import re

import pytest
from django.core import mail
from django.urls import reverse

from community.models import EmailPreferences
from events.models import EventEmail, OrganiserMessage
from events.services import meeting_register
from events.tasks import send_organiser_message
from tests.factories.events import MeetingFactory
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db

TEXT = {"subject": "Room change", "body": "We are in room 2.\nBring your own <tea> & biscuits."}


@pytest.fixture
def full_meeting(db):
    meeting = MeetingFactory(title="Design lab", capacity=2)
    people = [UserFactory(name=f"Person {i}") for i in range(3)]
    for person in people:
        meeting_register(meeting=meeting, user=person)  # two places, one on the waiting list
    return meeting, people


@pytest.fixture
def organiser_client(client, organiser_user):
    organiser_user.name = "Olu Organiser"
    organiser_user.save()
    client.force_login(organiser_user)
    return client


def post(client, meeting, action=None, **data):
    payload = {**TEXT, **data}
    if action:
        payload["action"] = action
    return client.post(reverse("events:message_attendees", kwargs={"slug": meeting.slug}), payload)


def same_link(text: str) -> str:
    """The unsubscribe link's signed token carries the second it was made, so two renderings of
    the same e-mail differ there only: compare them with the token blanked out."""
    return re.sub(r"/unsubscribe/[^/\s\"]+/", "/unsubscribe/<token>/", text)


def shown(page: str, css_class: str, tag: str = "div|pre|dd") -> str:
    match = re.search(rf'<({tag}) class="[^"]*\b{css_class}\b[^"]*">(.*?)</\1>', page, re.DOTALL)
    assert match, css_class
    return match.group(2)


def test_organise_page_offers_a_preview_before_any_send(organiser_client, full_meeting):
    meeting, _people = full_meeting
    page = organiser_client.get(
        reverse("events:organise_meeting", kwargs={"slug": meeting.slug})
    ).content.decode()
    url = reverse("events:message_attendees", kwargs={"slug": meeting.slug})
    form = page.split(f'action="{url}"')[1].split("</form>")[0]
    assert 'name="action" value="preview"' in form and "Preview the message" in form
    assert "Send the message" not in page


def test_preview_shows_exactly_the_email_the_test_send_delivers(
    organiser_client, organiser_user, full_meeting, django_capture_on_commit_callbacks
):
    meeting, _people = full_meeting
    mail.outbox.clear()
    response = post(organiser_client, meeting, "preview")
    assert response.status_code == 200
    page = response.content.decode()
    assert not mail.outbox and not OrganiserMessage.objects.exists()
    # The text stays in the form for the next step
    assert 'value="Room change"' in page
    assert "We are in room 2.\nBring your own &lt;tea&gt; &amp; biscuits.</textarea>" in page
    assert "Send to 2 people" in page  # the waiting list is not included

    with django_capture_on_commit_callbacks(execute=True):
        response = post(organiser_client, meeting, "test")
    assert response.status_code == 200
    (test,) = mail.outbox
    assert test.to == [organiser_user.email]
    # Subject, from, greeting, body and footer shown are the e-mail's own
    assert html.unescape(shown(page, "email-preview__subject")) == test.subject
    assert test.subject == "[Public participation community] Design lab: Room change"
    assert "/unsubscribe/<token>/" in same_link(test.body)
    assert same_link(html.unescape(shown(page, "email-preview__text"))) == same_link(test.body)
    assert test.body.startswith("Hello Olu Organiser,")
    assert "Bring your own <tea> & biscuits." in test.body
    assert "Stop messages from organisers:" in test.body
    assert html.unescape(shown(page, "email-preview__headers", "dl")).count(test.from_email) == 1
    sent_html = test.alternatives[0][0]
    preview_html = page.split('<div class="email-preview__body">')[1].split(
        '</div>\n    <details class="email-preview__plain">'
    )[0]
    assert same_link(preview_html.strip()) in same_link(sent_html)
    assert "Bring your own &lt;tea&gt; &amp; biscuits." in preview_html  # escaped, not markup
    assert "Stop messages from organisers</a>" in preview_html


def test_test_send_goes_only_to_the_organiser_and_records_nothing(
    organiser_client, organiser_user, full_meeting, django_capture_on_commit_callbacks
):
    meeting, people = full_meeting
    EmailPreferences.objects.create(user=organiser_user, organiser_messages=False)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = post(organiser_client, meeting, "test", include_waitlist="on")
    page = response.content.decode()
    assert response.status_code == 200
    assert f"We sent a test to {organiser_user.email}. Nobody else got it." in page
    assert [m.to for m in mail.outbox] == [[organiser_user.email]]  # even with these off
    assert not callbacks  # nothing queued
    assert not OrganiserMessage.objects.exists()
    assert not EventEmail.objects.exists()
    # Still on the preview, with the text and the tick kept
    assert "Bring your own &lt;tea&gt; &amp; biscuits.</textarea>" in page
    assert 'name="include_waitlist" id="id_include_waitlist" checked' in page
    assert "Send to 3 people" in page
    # The real send afterwards still reaches every attendee
    fingerprint = re.search(r'name="previewed" value="([0-9a-f]+)"', page).group(1)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = post(
            organiser_client, meeting, "send", include_waitlist="on", previewed=fingerprint
        )
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)


def test_send_to_n_people_sends_once(
    organiser_client, full_meeting, django_capture_on_commit_callbacks
):
    meeting, people = full_meeting
    page = post(organiser_client, meeting, "preview").content.decode()
    fingerprint = re.search(r'name="previewed" value="([0-9a-f]+)"', page).group(1)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = post(organiser_client, meeting, "send", previewed=fingerprint)
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people[:2])
    # each attendee's e-mail is the previewed one, with their own name
    first = next(m for m in mail.outbox if m.to == [people[0].email])
    assert first.body.startswith("Hello Person 0,")
    assert html.unescape(shown(page, "email-preview__subject")) == first.subject
    page = organiser_client.get(response.url).content.decode()
    assert "Your message is being sent to 2 people." in page
    message = OrganiserMessage.objects.get()
    assert send_organiser_message(message_id=message.pk) == 0  # a redelivered task: nothing
    assert len(mail.outbox) == 2


def test_a_changed_message_is_shown_again_instead_of_sent(organiser_client, full_meeting):
    meeting, _people = full_meeting
    page = post(organiser_client, meeting, "preview").content.decode()
    fingerprint = re.search(r'name="previewed" value="([0-9a-f]+)"', page).group(1)
    mail.outbox.clear()
    response = post(
        organiser_client, meeting, "send", previewed=fingerprint, body="Changed after the preview"
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "changed after you checked it. Nothing was sent." in page
    assert "Changed after the preview" in shown(page, "email-preview__text")
    assert not mail.outbox and not OrganiserMessage.objects.exists()
    # Someone registering after the preview changes the number: shown again, too
    meeting_register(meeting=MeetingFactory(), user=UserFactory())  # another meeting: no change
    page = post(organiser_client, meeting, "preview").content.decode()
    fingerprint = re.search(r'name="previewed" value="([0-9a-f]+)"', page).group(1)
    meeting.capacity = 5
    meeting.save()
    meeting_register(meeting=meeting, user=UserFactory())
    response = post(organiser_client, meeting, "send", previewed=fingerprint)
    assert response.status_code == 409
    assert "Send to 3 people" in response.content.decode()


def test_the_message_names_the_meetings_topic(organiser_client, full_meeting):
    meeting, _people = full_meeting
    meeting.topic = "Procurement in Wales"
    meeting.save()
    page = post(organiser_client, meeting, "preview").content.decode()
    assert "Procurement in Wales" in shown(page, "email-preview__text")


def test_preview_counts_who_turned_organiser_messages_off(organiser_client, full_meeting):
    meeting, people = full_meeting
    EmailPreferences.objects.create(user=people[0], organiser_messages=False)
    page = post(organiser_client, meeting, "preview").content.decode()
    assert "It goes to 1 person" in page and "Send to 1 person" in page
    assert "1 person has turned off messages from organisers and will not get it." in page


def test_preview_with_empty_fields_is_a_form_error(organiser_client, full_meeting):
    meeting, _people = full_meeting
    response = post(organiser_client, meeting, "preview", subject="", body="")
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()


@pytest.mark.parametrize("action", ["preview", "test"])
def test_members_cannot_preview_or_test(client, member, full_meeting, action):
    meeting, _people = full_meeting
    mail.outbox.clear()
    assert post(client, meeting, action).status_code == 302  # anonymous: to sign in
    client.force_login(member)
    assert post(client, meeting, action).status_code == 403
    assert not mail.outbox


def test_a_failed_test_send_says_so(organiser_client, full_meeting, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    meeting, _people = full_meeting
    response = post(organiser_client, meeting, "test")
    assert response.status_code == 503
    page = response.content.decode()
    assert "We could not send the test e-mail." in page
    assert 'value="Room change"' in page
    assert not OrganiserMessage.objects.exists()

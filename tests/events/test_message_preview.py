"""Messages with a preview (issue 19 item 6): before an organiser messages attendees they see
the e-mail as it will arrive (rendered by the code that sends it), can send it to themselves
first, and then send it to the number of people shown, once."""

import html
import re
import uuid

import pytest
from django.core import mail
from django.urls import reverse

from community.models import EmailPreferences
from events import services
from events.models import EventEmail, OrganiserMessage
from events.services import meeting_register
from events.tasks import send_organiser_message
from events.timezones import LONDON
from tests.factories.events import MeetingFactory
from tests.factories.users import UserFactory
from tests.factories.users import organiser_user as make_organiser

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
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = post(
            organiser_client, meeting, "send", include_waitlist="on", **preview_form(page)
        )
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)


def test_send_to_n_people_sends_once(
    organiser_client, full_meeting, django_capture_on_commit_callbacks
):
    meeting, people = full_meeting
    page = post(organiser_client, meeting, "preview").content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = post(organiser_client, meeting, "send", **preview_form(page))
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
    mail.outbox.clear()
    response = post(
        organiser_client, meeting, "send", **preview_form(page), body="Changed after the preview"
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "changed after you checked it. Nothing was sent." in page
    assert "Changed after the preview" in shown(page, "email-preview__text")
    assert not mail.outbox and not OrganiserMessage.objects.exists()
    # Someone registering after the preview changes the number: shown again, too
    meeting_register(meeting=MeetingFactory(), user=UserFactory())  # another meeting: no change
    page = post(organiser_client, meeting, "preview").content.decode()
    meeting.capacity = 5
    meeting.save()
    meeting_register(meeting=meeting, user=UserFactory())
    response = post(organiser_client, meeting, "send", **preview_form(page))
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
    assert "We could not send the test email." in page
    assert 'value="Room change"' in page
    assert not OrganiserMessage.objects.exists()


def preview_form(page: str) -> dict:
    return {
        "previewed": re.search(r'name="previewed" value="([0-9a-f]+)"', page).group(1),
        "send_token": re.search(r'name="send_token" value="([0-9a-f-]+)"', page).group(1),
    }


def test_a_second_send_from_the_same_preview_sends_nothing(
    organiser_client, full_meeting, django_capture_on_commit_callbacks
):
    """A double click on "Send", or the preview form sent again (back button, reload), e-mails
    nobody twice: the organiser is told when the message went and to how many people."""
    meeting, people = full_meeting
    form = preview_form(post(organiser_client, meeting, "preview").content.decode())
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        first = post(organiser_client, meeting, "send", **form)
        second = post(organiser_client, meeting, "send", **form)
    assert first.status_code == second.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people[:2])
    assert OrganiserMessage.objects.count() == 1
    page = organiser_client.get(second.url).content.decode()
    sent_at = OrganiserMessage.objects.get().created_at.astimezone(LONDON)
    assert (
        f"This message was already sent on {sent_at:%-d %B %Y} at {sent_at:%H:%M} to 2 people. "
        "It was not sent again." in page
    )
    # Going back and changing the text is a new message, with a new token
    page = post(organiser_client, meeting, "preview", body="A second message", **form)
    again = preview_form(page.content.decode())
    assert again["send_token"] != form["send_token"]
    with django_capture_on_commit_callbacks(execute=True):
        post(organiser_client, meeting, "send", body="A second message", **again)
    assert OrganiserMessage.objects.count() == 2 and len(mail.outbox) == 4


def test_the_token_survives_a_test_send_and_a_concurrent_duplicate_sends_nothing(
    organiser_client, organiser_user, full_meeting
):
    meeting, _people = full_meeting
    form = preview_form(post(organiser_client, meeting, "preview").content.decode())
    tested = preview_form(post(organiser_client, meeting, "test", **form).content.decode())
    assert tested["send_token"] == form["send_token"]
    token = uuid.UUID(form["send_token"])
    services.organiser_message_send(
        meeting=meeting, sender=organiser_user, send_token=token, **TEXT
    )
    # The race the view's check cannot see: the unique token refuses the second row
    with pytest.raises(services.OrganiserMessageAlreadySent):
        services.organiser_message_send(
            meeting=meeting, sender=organiser_user, send_token=token, **TEXT
        )
    assert OrganiserMessage.objects.count() == 1


def test_a_tampered_send_token_is_shown_again_not_sent(organiser_client, full_meeting):
    meeting, _people = full_meeting
    form = preview_form(post(organiser_client, meeting, "preview").content.decode())
    mail.outbox.clear()
    response = post(organiser_client, meeting, "send", **{**form, "send_token": "not-a-token"})
    assert response.status_code == 400
    assert "Check your message" in response.content.decode()
    assert not mail.outbox and not OrganiserMessage.objects.exists()


def test_send_a_test_to_me_is_limited_per_organiser(organiser_client, full_meeting, client):
    meeting, _people = full_meeting
    mail.outbox.clear()
    for _ in range(5):
        assert post(organiser_client, meeting, "test").status_code == 200
    assert len(mail.outbox) == 5
    response = post(organiser_client, meeting, "test", body="Typed before the limit")
    assert response.status_code == 429
    page = response.content.decode()
    assert "You have sent yourself several tests in the last few minutes" in page
    assert "Typed before the limit</textarea>" in page  # the typed text is kept
    assert "We sent a test to" not in page
    assert len(mail.outbox) == 5
    # Previewing and sending still work; another organiser has their own allowance
    assert post(organiser_client, meeting, "preview").status_code == 200
    client.force_login(make_organiser())
    assert post(client, meeting, "test").status_code == 200
    assert len(mail.outbox) == 6


@pytest.mark.parametrize(
    "extra",
    [{}, {"action": "send"}, {"action": "send", "previewed": "0" * 32}],
    ids=["no action", "send without a token", "send without the preview's token"],
)
def test_a_send_not_from_the_preview_form_sends_nothing_and_shows_the_preview(
    organiser_client, full_meeting, django_capture_on_commit_callbacks, extra
):
    """An old form, a script or a hand-made post cannot skip the preview, nor the one-time
    token that stops a double click sending twice."""
    meeting, people = full_meeting
    mail.outbox.clear()
    url = reverse("events:message_attendees", kwargs={"slug": meeting.slug})
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = organiser_client.post(url, {**TEXT, **extra})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Check your message" in page and "Nothing has been sent yet." in page
    assert not mail.outbox and not callbacks and not OrganiserMessage.objects.exists()
    # From that preview, one press sends it to every attendee once
    with django_capture_on_commit_callbacks(execute=True):
        sent = post(organiser_client, meeting, "send", **preview_form(page))
    assert sent.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people[:2])

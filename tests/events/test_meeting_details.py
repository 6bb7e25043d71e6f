"""Event pages people want to open (issue 19 item 3): a series' description, host and agenda,
inherited by its occurrences unless they have their own, and each occurrence's topic line, on
the event page, in the events list, in the .ics DESCRIPTION, in e-mails and in site search."""

import datetime as dt
import io
import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from events import demo
from events.calendars import meeting_ics
from events.links import google_calendar_url
from events.models import Meeting
from events.search import search_meetings
from events.services import meeting_register
from tests.factories.events import MeetingFactory, MeetingSeriesFactory
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db

SERIES_TEXT = {
    "description": "A monthly hour for people who involve the public in data decisions.",
    "host": "The community of practice convenor",
    "agenda": "14:00 Welcome\n14:05 The month's topic\n14:55 What we heard",
}


def future(days: int) -> dict:
    start = (timezone.now() + dt.timedelta(days=days)).replace(second=0, microsecond=0)
    return {"starts_at": start, "ends_at": start + dt.timedelta(minutes=75)}


@pytest.fixture
def series(db):
    return MeetingSeriesFactory(**SERIES_TEXT)


def occurrence(series, days=10, **fields):
    fields.setdefault("agenda", "")
    return MeetingFactory(
        series=series, title=series.title, occurrence_key=None, **future(days), **fields
    )


def test_occurrence_inherits_the_series_texts(series):
    meeting = occurrence(series)
    assert meeting.effective_description == SERIES_TEXT["description"]
    assert meeting.effective_host == SERIES_TEXT["host"]
    assert meeting.effective_agenda == SERIES_TEXT["agenda"]
    assert meeting.topic_line == ""  # the series' shared agenda does not tell meetings apart


def test_occurrence_overrides_each_text_on_its_own(series):
    meeting = occurrence(
        series, host="A member from a council data team", agenda="Open space all afternoon"
    )
    assert meeting.effective_host == "A member from a council data team"
    assert meeting.effective_agenda == "Open space all afternoon"
    assert meeting.effective_description == SERIES_TEXT["description"]  # not overridden
    assert meeting.topic_line == "Open space all afternoon"  # its own agenda's first line
    meeting.topic = "Paying participants fairly"
    assert meeting.topic_line == "Paying participants fairly"
    # A change to the series reaches occurrences that did not override the text
    series.description = "New description for every meeting."
    series.save()
    assert Meeting.objects.get(pk=meeting.pk).effective_description == (
        "New description for every meeting."
    )


def test_one_off_meeting_has_only_its_own_texts():
    meeting = MeetingFactory(agenda="", description="Just this one.", host="")
    assert meeting.effective_description == "Just this one."
    assert meeting.effective_host == "" and meeting.effective_agenda == ""


def test_event_page_shows_inherited_description_host_and_agenda(client, home_page, series):
    meeting = occurrence(series, topic="Recruiting diverse voices")
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert '<p class="lead event__topic">Recruiting diverse voices</p>' in page
    assert "<title>Community of practice meeting: Recruiting diverse voices |" in page
    assert "<dt>Host</dt><dd>The community of practice convenor</dd>" in page
    about = page.split('id="about"')[1].split("</section>")[0]
    assert SERIES_TEXT["description"] in about
    agenda = page.split('id="agenda"')[1].split("</section>")[0]
    assert "14:05 The month&#x27;s topic" in agenda


def test_event_page_shows_the_occurrences_own_texts_instead(client, home_page, series):
    meeting = occurrence(
        series,
        description="This month we meet a guest from a statistics producer.",
        host="Guest host from a regulator",
        agenda="14:00 A guest talk\n14:30 Questions",
    )
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Guest host from a regulator" in page
    assert "This month we meet a guest from a statistics producer." in page
    assert "14:00 A guest talk" in page
    assert SERIES_TEXT["host"] not in page
    assert SERIES_TEXT["description"] not in page
    assert "14:55 What we heard" not in page


def test_events_list_shows_each_meetings_topic_line(client, home_page, series):
    occurrence(series, days=10, topic="Recruiting diverse voices")
    occurrence(series, days=40, topic="Storytelling in deliberation")
    occurrence(series, days=70)  # nothing of its own: no line under the title
    page = client.get(reverse("events:meeting_list")).content.decode()
    cards = page.split('<li class="card">')[1:]
    assert len(cards) == 3
    assert '<p class="card__topic">Recruiting diverse voices</p>' in cards[0]
    assert '<p class="card__topic">Storytelling in deliberation</p>' in cards[1]
    assert "card__topic" not in cards[2]
    assert SERIES_TEXT["agenda"].splitlines()[0] not in page


def test_ics_description_and_calendar_links_carry_the_effective_texts(series):
    meeting = occurrence(series, topic="Recruiting diverse voices", host="A guest host")
    (event,) = Calendar.from_ical(meeting_ics(meetings=[meeting])).walk("VEVENT")
    description = str(event["DESCRIPTION"])
    assert "Topic: Recruiting diverse voices" in description
    assert "Host: A guest host" in description
    assert SERIES_TEXT["description"] in description
    assert "14:05 The month's topic" in description
    assert "Recruiting+diverse+voices" in google_calendar_url(meeting)


def test_confirmation_email_describes_the_meeting(series, django_capture_on_commit_callbacks):
    meeting = occurrence(series, topic="Recruiting diverse voices")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        meeting_register(meeting=meeting, user=UserFactory())
    (message,) = mail.outbox
    assert "Topic: Recruiting diverse voices" in message.body
    assert f"Host: {SERIES_TEXT['host']}" in message.body
    assert "14:05 The month's topic" in message.body
    html = message.alternatives[0][0]
    assert "Recruiting diverse voices" in html and SERIES_TEXT["host"] in html


def test_site_search_finds_a_meeting_by_topic_and_host(series):
    meeting = occurrence(series, topic="Storytelling in deliberation")
    occurrence(series, days=40)
    (result,) = search_meetings("storytelling")
    assert result.url == meeting.get_absolute_url()
    assert result.summary == "Storytelling in deliberation"
    assert len(search_meetings("convenor")) == 2  # the series' host, inherited by both


def test_demo_upcoming_meetings_have_their_own_topics_and_keep_edits():
    demo.load(stdout=io.StringIO())
    upcoming = list(
        Meeting.objects.filter(series__slug=demo.SERIES_SLUG, starts_at__gte=timezone.now())
        .select_related("series")
        .order_by("starts_at")
    )
    assert len(upcoming) >= 5
    topics = [m.topic for m in upcoming[: len(demo.UPCOMING_TOPICS)]]
    assert all(topics) and len(set(topics)) == len(topics)
    first = upcoming[0]
    assert first.effective_host and first.effective_agenda and first.effective_description
    first.topic = "An organiser's own topic"
    first.save()
    demo.load(stdout=io.StringIO())  # idempotent, and an organiser's edit stays
    first.refresh_from_db()
    assert first.topic == "An organiser's own topic"


def test_public_calendar_feed_reads_inherited_texts_in_constant_queries(client, series):
    def feed_queries() -> tuple[int, bytes]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("events:calendar_public"))
        return len(queries), response.content

    occurrence(series, days=10)
    feed_queries()  # the first request of a test also reads the site's settings
    one, _content = feed_queries()
    for days in (40, 70, 100):
        occurrence(series, days=days)
    many, content = feed_queries()
    assert one == many
    events = Calendar.from_ical(content).walk("VEVENT")
    assert len(events) == 4
    assert all(SERIES_TEXT["host"] in str(event["DESCRIPTION"]) for event in events)


def test_admin_forms_offer_the_texts_and_show_what_an_occurrence_inherits(
    client, organiser_user, series
):
    client.force_login(organiser_user)
    page = client.get(reverse("events_meetingseries:edit", args=[series.pk])).content.decode()
    assert 'name="host"' in page and 'name="agenda"' in page and 'name="description"' in page
    meeting = occurrence(series)
    page = client.get(reverse("events_meeting:edit", args=[meeting.pk])).content.decode()
    assert 'name="topic"' in page
    host_input = re.search(r'<input[^>]*name="host"[^>]*>', page).group(0)
    assert f'placeholder="{SERIES_TEXT["host"]}"' in host_input
    assert "Leave empty to use the series&#x27; text, shown greyed out here." in page


def test_a_welsh_event_page_marks_the_organisers_english_text_as_english(client, home_page):
    """Meetings are written in English only: on /cy/ their title, topic, host, description and
    agenda carry lang="en-GB" (screen readers switch voice; the HTML checker's language sweep
    flagged the Welsh event page once meetings had descriptions); on English pages, no lang."""
    meeting = MeetingFactory(
        title="Community of practice meeting",
        topic="Measuring whether participation changed a decision",
        host="Programme team",
        description="We look at how to show what changed.",
        agenda="Welcome\nTalk\nDiscussion",
        **future(10),
    )
    welsh = client.get(f"/cy/events/{meeting.slug}/").content.decode()
    for text in (
        "Community of practice meeting</span>",
        'lang="en-GB">Measuring whether participation changed a decision',
        'lang="en-GB">Programme team',
        '<div lang="en-GB"><p>We look at how to show what changed.',
        '<div lang="en-GB"><p>Welcome',
    ):
        assert text in welsh, text
    assert '<span lang="en-GB">Community of practice meeting' in welsh
    listing = client.get("/cy/events/").content.decode()
    assert 'class="card__topic" lang="en-GB">Measuring whether' in listing
    english = client.get(f"/events/{meeting.slug}/").content.decode()
    assert 'lang="en-GB">Measuring' not in english

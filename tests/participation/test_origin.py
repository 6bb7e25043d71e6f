"""One origin everywhere (issue 16, point 2): with SITE_URL=https://cop.example.org every absolute
URL the site hands out starts with https://cop.example.org/, whatever Host the request came in
on and whatever wagtailcore.Site said before: page heads (canonical, og:url, hreflang), sitemap.xml,
robots.txt, the Atom feeds, open data, every calendar file and every e-mail.

The demo is loaded the way `make demo` does it (``load_demo_content``, which points the default
Site at SITE_URL), then every page of its sitemap is fetched and its <head> checked.
"""

import datetime as dt
import io
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core import mail
from django.core.checks import run_checks
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from wagtail.models import Page, Site

from tests.factories.users import signup_form

ORIGIN = "https://cop.example.org"
URL = re.compile(r"""https?://[^\s"'<>\\)\]]+""")
# The Host header of the sweep (as the brief and a correctly configured proxy give it), and an
# internal address (a proxy that does not pass Host or the scheme on): links never follow it.
PUBLIC = {"HTTP_HOST": "cop.example.org", "secure": True}
INTERNAL = {"HTTP_HOST": "10.0.0.5:8000", "secure": False}
# Other sites an e-mail or a calendar file may rightly link to: the meeting's own video link and
# the "add to calendar" services.
THIRD_PARTY = {"calendar.google.com", "outlook.office.com"}

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def demo(home_page):
    """The demo at SITE_URL=https://cop.example.org: the Site the test factory made for the
    default test SITE_URL (http://testserver) is moved by the loader, as `make demo` does."""
    with override_settings(SITE_URL=ORIGIN):
        call_command("load_demo_content", stdout=io.StringIO())
        yield


def urls_in(text: str) -> list[str]:
    return URL.findall(text)


def external_hosts() -> set[str]:
    from events.models import Meeting

    hosts = {urlsplit(url).hostname for url in Meeting.objects.values_list("join_url", flat=True)}
    return (hosts - {None, ""}) | THIRD_PARTY


def assert_at_origin(urls, where: str, *, allowed_hosts=frozenset()) -> None:
    wrong = [
        url
        for url in urls
        if not url.startswith(f"{ORIGIN}/") and urlsplit(url).hostname not in allowed_hosts
    ]
    assert not wrong, f"{where}: not at {ORIGIN}/: {wrong}"


class _HeadURLs(HTMLParser):
    """Every absolute URL in <head>: link href, and meta content that is a URL."""

    def __init__(self):
        super().__init__()
        self.in_head = False
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "head":
            self.in_head = True
        elif tag == "body":
            self.in_head = False
        elif self.in_head and tag == "link" and attrs.get("href"):
            self.urls.append(attrs["href"])
        elif self.in_head and tag == "meta" and (attrs.get("content") or "").startswith("http"):
            self.urls.append(attrs["content"])

    def handle_endtag(self, tag):
        if tag == "head":
            self.in_head = False


def head_urls(html: str) -> list[str]:
    parser = _HeadURLs()
    parser.feed(html)
    return [url for url in parser.urls if url.startswith(("http:", "https:", "//"))]


def sitemap_locations(client, host) -> list[str]:
    response = client.get("/sitemap.xml", **host)
    assert response.status_code == 200
    ns = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ET.fromstring(response.content)  # noqa: S314 (our own response)
    return [loc.text for loc in root.findall(".//sm:url/sm:loc", ns)]


def ics_urls(content: bytes) -> list[str]:
    calendar = Calendar.from_ical(content)
    urls = []
    for event in calendar.walk("VEVENT"):
        if event.get("url"):
            urls.append(str(event["url"]))
        urls += urls_in(str(event.get("description", "")))
    return urls


def test_every_page_head_and_sitemap_entry_is_at_site_url(client, demo):
    locations = sitemap_locations(client, PUBLIC)
    assert len(locations) > 40  # pages of the tree, meetings, unconference pages...
    assert_at_origin(locations, "sitemap.xml")
    assert sitemap_locations(client, INTERNAL) == locations  # not the request's Host
    canonical = cited = 0
    for location in locations:
        parts = urlsplit(location)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        response = client.get(path, **PUBLIC)
        assert response.status_code == 200, location
        html = response.content.decode()
        assert_at_origin(head_urls(html), f"<head> of {path}")
        links = re.findall(r'<link rel="canonical" href="([^"]*)">', html)
        if links:  # Wagtail pages: canonical and og:url are the sitemap's own address
            assert links == [location]
            assert f'<meta property="og:url" content="{location}">' in html
            canonical += 1
        if re.fullmatch(r"/case-studies/[a-z0-9-]+/", path):  # the citation's stable address
            own = [url for url in urls_in(html) if urlsplit(url).path == path]
            assert own, f"{path}: no stable address in the citation"
            assert_at_origin(own, f"citation on {path}")
            cited += 1
    assert canonical > 30  # every page of the tree has one
    assert cited >= 10  # every case study of the demo

    # The Welsh pages (their own tree, reached under /cy/): heads and hreflang pairs too.
    welsh = Page.objects.live().filter(locale__language_code="cy").specific()
    assert welsh.count() >= 3
    for page in welsh:
        html = client.get(page.url, **PUBLIC).content.decode()
        assert f'<link rel="canonical" href="{ORIGIN}{page.url}">' in html
        assert f'hreflang="cy" href="{ORIGIN}{page.url}"' in html
        assert_at_origin(head_urls(html), f"<head> of {page.url}")

    robots = client.get("/robots.txt", **INTERNAL).content.decode()
    assert f"Sitemap: {ORIGIN}/sitemap.xml" in robots


def test_feeds_and_open_data_are_at_site_url(client, demo):
    atom = "{http://www.w3.org/2005/Atom}"
    for path in (reverse("casestudies:feed"), reverse("updates_feed")):
        for host in (PUBLIC, INTERNAL):
            response = client.get(path, **host)
            assert response.status_code == 200
            feed = ET.fromstring(response.content)  # noqa: S314 (our own response)
            entries = feed.findall(f"{atom}entry")
            assert entries, path
            urls = [link.get("href") for link in feed.iter(f"{atom}link")]
            urls += [element.text for element in feed.iter(f"{atom}id")]
            assert len(urls) >= 2 * len(entries) + 2
            assert_at_origin(urls, path)

    data = json.loads(client.get(reverse("casestudies:data_json"), **INTERNAL).content)
    assert_at_origin([data["dataset"]["data_dictionary"]], "data.json dataset")
    assert_at_origin([record["url"] for record in data["case_studies"]], "data.json records")
    csv_text = client.get(reverse("casestudies:data_csv"), **INTERNAL).content.decode()
    assert_at_origin(urls_in(csv_text), "data.csv")
    assert len(urls_in(csv_text)) >= len(data["case_studies"])


def test_every_calendar_file_is_at_site_url(client, demo):
    from community.demo import DEMO_MEMBER_EMAIL
    from community.models import User
    from events.enums import MeetingStatus
    from events.models import Meeting
    from events.services import calendar_feed_token_get_or_create
    from events.unconferences.enums import Phase
    from events.unconferences.models import Unconference

    member = User.objects.get(email=DEMO_MEMBER_EMAIL)
    token = calendar_feed_token_get_or_create(user=member)
    meeting = Meeting.objects.filter(status=MeetingStatus.SCHEDULED).order_by("-starts_at").first()
    unconference = Unconference.objects.filter(phase=Phase.CLOSED).first()
    files = {
        "public feed": reverse("events:calendar_public"),
        "personal feed": reverse("events:calendar_personal", kwargs={"token": token.token}),
        "one meeting": reverse("events:meeting_ics", kwargs={"slug": meeting.slug}),
        "unconference": reverse("unconferences:schedule_ics", kwargs={"slug": unconference.slug}),
    }
    for name, path in files.items():
        for host in (PUBLIC, INTERNAL):
            response = client.get(path, **host)
            assert response.status_code == 200, name
            urls = ics_urls(response.content)
            assert urls, name
            assert_at_origin(urls, name, allowed_hosts=external_hosts())
    client.force_login(member)
    response = client.get(
        reverse("unconferences:my_sessions_ics", kwargs={"slug": unconference.slug}), **INTERNAL
    )
    assert response.status_code == 200
    assert_at_origin(ics_urls(response.content), "my sessions")

    # The addresses to copy into a calendar program, on /events/ and the account page.
    for path in (reverse("events:meeting_list"), reverse("community:account")):
        html = client.get(path, **INTERNAL).content.decode()
        boxes = re.findall(r'class="events-feed-url"|value="(https?://[^"]+)"', html)
        feed_urls = [url for url in boxes if url]
        assert feed_urls, path
        assert_at_origin(feed_urls, f"calendar address on {path}")


def _assert_emails_at_origin(messages, journey: str) -> None:
    assert messages, f"{journey}: no e-mail was sent"
    allowed = external_hosts()
    for message in messages:
        texts = [message.subject, message.body]
        texts += [content for content, _ in getattr(message, "alternatives", [])]
        texts += [str(value) for value in message.extra_headers.values()]
        for _, content, _ in message.attachments:
            content = content.decode() if isinstance(content, bytes) else content
            # Unfold iCalendar's 75-octet lines (RFC 5545 3.1), as calendar clients do: a long
            # DESCRIPTION is folded, sometimes in the middle of a URL.
            texts.append(content.replace("\r\n ", "").replace("\r\n\t", ""))
        urls = [url for text in texts for url in urls_in(text)]
        assert urls, f"{journey}: no link in {message.subject!r}"
        assert_at_origin(urls, f"{journey}: {message.subject!r}", allowed_hosts=allowed)
        unsubscribe = message.extra_headers.get("List-Unsubscribe", "")
        assert unsubscribe.startswith(f"<{ORIGIN}/unsubscribe/"), journey


def test_every_email_links_to_site_url(client, demo, django_capture_on_commit_callbacks):
    from community.demo import DEMO_MEMBER_EMAIL, DEMO_PASSWORD
    from community.models import User
    from events.enums import MeetingStatus
    from events.models import Meeting
    from events.reminders.services.scanner import reminders_queue_due
    from events.reminders.tasks import send_reminder
    from events.services import meeting_register

    member = User.objects.get(email=DEMO_MEMBER_EMAIL)
    meeting = (
        Meeting.objects.filter(status=MeetingStatus.SCHEDULED, starts_at__gt=timezone.now())
        .exclude(registrations__user=member)
        .order_by("starts_at")
        .first()
    )

    # Registration confirmation (with its calendar file).
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        meeting_register(meeting=meeting, user=member)
    _assert_emails_at_origin(mail.outbox, "registration confirmation")

    # The reminder an hour before.
    mail.outbox = []
    scan_at = meeting.starts_at - dt.timedelta(minutes=59)
    with time_machine.travel(scan_at, tick=False):
        with django_capture_on_commit_callbacks(execute=False):
            due = reminders_queue_due().to_send
        for delivery_id in due:
            send_reminder.delay(delivery_id=delivery_id)
    _assert_emails_at_origin(
        [m for m in mail.outbox if member.email in m.to], "reminder for the member"
    )

    # allauth: sign-up verification and password reset, asked for on either host.
    for host in (PUBLIC, INTERNAL):
        mail.outbox = []
        client.logout()
        email = f"new-{len(host['HTTP_HOST'])}@example.org"
        response = client.post(
            reverse("account_signup"), signup_form(name="New Member", email=email), **host
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        _assert_emails_at_origin(mail.outbox, f"sign-up verification via {host['HTTP_HOST']}")
        assert any("/accounts/confirm-email/" in m.body for m in mail.outbox)

        mail.outbox = []
        response = client.post(
            reverse("account_reset_password"), {"email": DEMO_MEMBER_EMAIL}, **host
        )
        assert response.status_code == 302
        _assert_emails_at_origin(mail.outbox, f"password reset via {host['HTTP_HOST']}")
        assert any("/accounts/password/reset/key/" in m.body for m in mail.outbox)
    assert DEMO_PASSWORD  # the demo members can sign in (used by the other journeys' tests)


def test_sync_command_and_check_follow_site_url(home_page):
    """An install made before the fix has its Site at localhost:80: the check warns, the
    command moves it (printing what changed) and is idempotent."""

    def warnings():
        return [m for m in run_checks(databases=["default"]) if m.id == "participation.W001"]

    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "localhost", 80
    site.save()
    with override_settings(SITE_URL=ORIGIN):
        (warning,) = warnings()
        assert "'localhost'" in warning.msg and "cop.example.org" in warning.msg
        assert "sync_site_from_site_url" in warning.hint
        out = io.StringIO()
        call_command("sync_site_from_site_url", stdout=out)
        assert "hostname: 'localhost' -> 'cop.example.org'" in out.getvalue()
        assert "port: 80 -> 443" in out.getvalue()
        site.refresh_from_db()
        assert (site.hostname, site.port, site.root_url) == ("cop.example.org", 443, ORIGIN)
        assert warnings() == []
        out = io.StringIO()
        call_command("sync_site_from_site_url", stdout=out)
        assert "already matches" in out.getvalue()
    with override_settings(SITE_URL="http://127.0.0.1:8000"):
        assert len(warnings()) == 1
        call_command("sync_site_from_site_url", stdout=io.StringIO())
        site.refresh_from_db()
        assert (site.hostname, site.port) == ("127.0.0.1", 8000)
    with override_settings(SITE_URL="http://cop.example.org"):
        call_command("sync_site_from_site_url", stdout=io.StringIO())
        site.refresh_from_db()
        assert (site.hostname, site.port) == ("cop.example.org", 80)


def test_demo_output_prints_real_urls_and_the_demo_logins(home_page):
    """`make demo` prints addresses one can open, not page-tree paths, and how to sign in."""
    from community.demo import (
        DEMO_ADMIN_EMAIL,
        DEMO_EDITOR_EMAIL,
        DEMO_MEMBER_EMAIL,
        DEMO_ORGANISER_EMAIL,
        DEMO_PASSWORD,
    )

    out = io.StringIO()
    with override_settings(SITE_URL="http://127.0.0.1:8000"):
        call_command("load_demo_content", stdout=out)
    text = out.getvalue()
    assert "/home/" not in text  # a page-tree path, not a URL
    assert "http://127.0.0.1:8000/guidance/" in text
    assert "http://127.0.0.1:8000/cy/guidance/" in text  # the Welsh guide
    assert "http://127.0.0.1:8000/case-studies/" in text
    assert "http://127.0.0.1:8000/updates/" in text
    assert "http://127.0.0.1:8000/events/" in text
    assert "Sign in: http://127.0.0.1:8000/accounts/login/" in text
    logins = text.split("Demo logins", 1)[1]
    assert f"(password: {DEMO_PASSWORD})" in logins
    for role, email in (
        ("organiser", DEMO_ORGANISER_EMAIL),
        ("editor", DEMO_EDITOR_EMAIL),
        ("admin", DEMO_ADMIN_EMAIL),
        ("member", DEMO_MEMBER_EMAIL),
    ):
        assert re.search(rf"^\s+{role}\s+{re.escape(email)}$", logins, re.MULTILINE), role
    # Every path-like thing printed is a URL at SITE_URL.
    for line in text.splitlines():
        for word in line.split():
            if word.startswith("/"):
                pytest.fail(f"a path, not a URL, in the demo output: {line!r}")

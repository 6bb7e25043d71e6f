"""In a real browser: the home page's "Next meeting" shows a waitlisted member their place and a
member facing a full meeting the waiting list (axe on each); a case study's citation box offers
the three downloads and each one downloads (issue 16, points 7 and 12)."""

from pathlib import Path

import pytest

from events.services import meeting_register
from tests.browser.conftest import assert_no_axe_violations
from tests.browser.test_events_pages import sign_in, upcoming
from tests.factories.casestudies import case_study, library_index
from tests.factories.users import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_next_meeting_states_on_the_home_page(page, live_server, home_page):
    meeting = upcoming(title="Small design lab", capacity=1)
    meeting_register(meeting=meeting, user=UserFactory())
    waiting = UserFactory()
    meeting_register(meeting=meeting, user=waiting)

    sign_in(page, live_server, UserFactory())
    page.goto(f"{live_server.url}/")
    box = page.locator(".home-meeting")
    assert "This meeting is full." in box.inner_text()
    box.get_by_role("link", name="Join the waiting list").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"{meeting.get_absolute_url()}#rsvp-section")

    page.context.clear_cookies()
    sign_in(page, live_server, waiting)
    page.goto(f"{live_server.url}/")
    text = page.locator(".home-meeting").inner_text()
    assert "You are on the waiting list: number 1 in the queue." in text
    assert "RSVP for this meeting" not in text
    assert_no_axe_violations(page)


def test_citation_downloads_from_the_case_study_page(page, live_server, home_page):
    study = case_study(library_index(home_page), title="Camden data charter")
    page.goto(f"{live_server.url}{study.url}")
    box = page.locator("section.cite")
    assert "version 1," in box.inner_text()
    for name, extension in (("BibTeX", "bib"), ("RIS", "ris"), ("CSL-JSON", "json")):
        with page.expect_download() as download_info:
            box.get_by_role("link", name=name).click()
        download = download_info.value
        assert download.suggested_filename == f"{study.slug}.{extension}"
        assert "Camden data charter" in Path(download.path()).read_text(encoding="utf-8")
    assert_no_axe_violations(page)

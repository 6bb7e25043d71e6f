"""Guidance in a real browser: every page type has zero axe violations, and the feedback
form works without JavaScript, including its error state."""

import datetime

import pytest

from guidance.enums import Audience, GuideStatus
from guidance.models import GuideFeedback
from tests.browser.conftest import assert_no_axe_violations
from tests.factories import guidance as g

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def guide(home_page):
    from django.core.cache import cache

    cache.clear()  # rate-limit counters
    index = g.guidance_index(home=home_page)
    guide = g.guide_page(
        index=index,
        title="Public participation in procurement",
        slug="procurement",
        status=GuideStatus.PILOT,
        version="0.3",
        audience_slugs=[Audience.COMMISSIONERS],
        tags=["procurement"],
        body=[
            g.heading("Who this guide is for"),
            g.paragraph("Commissioners and buyers."),
            ("checklist", {"title": "Before you buy", "items": ["Map who is affected"]}),
            ("key_questions", {"title": "Key questions", "questions": ["Who is missing?"]}),
        ],
        change_log=[(datetime.date(2026, 1, 14), "0.3", "Rewrote redress.")],
    )
    for title in ("Why procurement is the lever", "Mapping who is affected"):
        g.chapter_page(guide=guide, title=title, body=[g.heading("Key points"), g.paragraph(title)])
    return guide


def test_guidance_pages_have_no_axe_violations(page, live_server, guide):
    page.goto(f"{live_server.url}/guidance/")
    assert page.locator("h1").inner_text() == "Guidance"
    assert page.locator("#status-pilot").is_visible()
    assert_no_axe_violations(page)

    page.goto(f"{live_server.url}/guidance/?audience=statistics-producers")
    assert "No guides match" in page.content()

    page.goto(f"{live_server.url}/guidance/procurement/")
    assert "we want your feedback" in page.locator(".banner--pilot").inner_text()
    page.get_by_role("link", name="Who this guide is for").click()
    assert page.evaluate("location.hash") == "#who-this-guide-is-for"
    assert_no_axe_violations(page)

    page.get_by_role("link", name="1. Why procurement is the lever").click()
    page.wait_for_url("**/procurement/*/")
    assert page.locator("h1").inner_text() == "Why procurement is the lever"
    assert page.locator("a[rel=next]").inner_text().endswith("Mapping who is affected")
    assert_no_axe_violations(page)

    page.goto(f"{live_server.url}/guidance/procurement/print/")
    chapters = page.locator(".guide-print__chapter h2").all_inner_texts()
    assert chapters == ["1. Why procurement is the lever", "2. Mapping who is affected"]
    assert_no_axe_violations(page)


def test_feedback_error_state_then_success(page, live_server, guide, settings):
    settings.GUIDANCE_FEEDBACK_MIN_SECONDS = 0  # a person would read first; the test need not
    page.goto(f"{live_server.url}/guidance/procurement/")
    page.fill("#id_comment", "<b>More examples</b> please")
    page.get_by_role("button", name="Send feedback").click()
    page.wait_for_load_state()
    summary = page.locator(".error-summary")
    assert "Select yes or no." in summary.inner_text()
    assert page.input_value("#id_comment") == "<b>More examples</b> please"
    assert page.title().startswith("Error:")
    assert_no_axe_violations(page)

    page.get_by_label("Yes").check()
    page.get_by_role("button", name="Send feedback").click()
    page.wait_for_load_state()
    assert "Thank you for your feedback" in page.locator("h1").inner_text()
    feedback = GuideFeedback.objects.get()
    assert (feedback.version, feedback.useful) == ("0.3", True)
    assert feedback.comment == "<b>More examples</b> please"

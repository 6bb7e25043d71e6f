"""Issue 19 items 1, 2 and 11 as an organiser does them, in Chromium at 1280 and 390 px:
create a monthly series on the second Wednesday with the repeat picker and see the six dates
(with and without JavaScript), set reminders by tick box and "Add another reminder", and move a
meeting with day, month and year boxes. Screenshots: var/test-artefacts/journeys/."""

import datetime as dt
import json

import pytest

from events.models import Meeting, MeetingSeries
from events.timezones import LONDON
from tests.browser.conftest import axe_violations, login
from tests.factories.events import MeetingFactory
from tests.factories.events import organiser as make_organiser
from tests.factories.users import DEFAULT_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WIDTHS = [1280, 390]


def own_axe_violations(page, selector: str) -> list[dict]:
    """axe on the whole page, keeping violations inside our own part of a Wagtail admin form
    (the rest of the admin is Wagtail's own, separately audited interface)."""
    violations = []
    for violation in axe_violations(page):
        targets = [t for t in violation["targets"] if page.locator(t[0]).count()]
        ours = [
            t
            for t in targets
            if page.locator(t[0]).first.evaluate(f"(el) => !!el.closest({json.dumps(selector)})")
        ]
        if ours:
            violations.append({**violation, "targets": ours})
    return violations


def sign_in_organiser(page, live_server):
    organiser = make_organiser(name="Olu Organiser", email="olu@example.org")
    login(page, live_server, email=organiser.email, password=DEFAULT_PASSWORD)
    return organiser


def fill_date(page, name: str, day: dt.date) -> None:
    page.fill(f"input[name={name}_day]", str(day.day))
    page.fill(f"input[name={name}_month]", str(day.month))
    page.fill(f"input[name={name}_year]", str(day.year))


def next_second_wednesday(today: dt.date) -> dt.date:
    month = today.replace(day=1)
    while True:
        days = (month + dt.timedelta(days=i) for i in range(31))
        wednesdays = [d for d in days if d.month == month.month and d.weekday() == 2]
        if wednesdays[1] > today:
            return wednesdays[1]
        month = (month + dt.timedelta(days=32)).replace(day=1)


@pytest.mark.parametrize("width", WIDTHS)
def test_organiser_creates_a_monthly_series_on_the_second_wednesday(
    page, live_server, home_page, journey_shot, width
):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in_organiser(page, live_server)
    first = next_second_wednesday(dt.datetime.now(LONDON).date())

    page.goto(f"{live_server.url}/admin/events_meetingseries/new/")
    journey_shot(page, "empty series form")
    fill_date(page, "first_date", first)
    page.fill("input[name=start_time]", "14:00")
    page.press("input[name=start_time]", "Escape")
    page.fill("input[name=duration_minutes]", "75")
    page.check("input[name=repeat][value=monthly_weekday]")
    page.select_option("select[name=repeat_ordinal]", "2")
    page.select_option("select[name=repeat_weekday]", "2")
    page.check("input[name=repeat_end][value=never]")
    page.click("button[name=show_dates]")
    page.wait_for_load_state()

    preview = page.locator(".repeat-preview__result")
    assert "Every month on the second Wednesday, 2pm UK time" in preview.inner_text()
    dates = preview.locator("ol li")
    assert dates.count() == 6
    assert dates.nth(0).inner_text().startswith(f"Wednesday {first.day} {first:%B %Y}, 2pm UK time")
    for i in range(6):
        assert dates.nth(i).inner_text().startswith("Wednesday ")
    # What was typed is kept
    assert page.input_value("input[name=first_date_day]") == str(first.day)
    assert page.input_value("input[name=start_time]") in ("14:00", "14:00:00")
    assert not MeetingSeries.objects.exists()
    preview.scroll_into_view_if_needed()
    journey_shot(page, "six dates shown")
    assert own_axe_violations(page, "#w-editor-form") == []

    page.fill("input[name=title]", "Community of practice meeting")
    page.fill("input[name=slug]", f"community-of-practice-{width}")
    page.get_by_role("button", name="Create", exact=True).click()
    page.wait_for_load_state()
    series = MeetingSeries.objects.get()
    assert series.rrule == "FREQ=MONTHLY;BYDAY=+2WE"
    assert series.first_date == first
    journey_shot(page, "series saved")
    assert "Every month on the second Wednesday, 2pm UK time" in page.locator("main").inner_text()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_picker_works_without_javascript(chromium, live_server, home_page, journey_shot, width):
    context = chromium.new_context(
        java_script_enabled=False,
        bypass_csp=True,
        locale="en-GB",
        timezone_id="Europe/London",
        viewport={"width": width, "height": 900},
    )
    context.set_default_timeout(30_000)
    page = context.new_page()
    try:
        sign_in_organiser(page, live_server)
        first = next_second_wednesday(dt.datetime.now(LONDON).date())
        page.goto(f"{live_server.url}/admin/events_meetingseries/new/")
        fill_date(page, "first_date", first)
        page.fill("input[name=start_time]", "14:00")
        page.check("input[name=repeat][value=weekly]")
        page.fill("input[name=repeat_weeks]", "2")
        page.select_option("select[name=repeat_weekday]", "3")
        page.check("input[name=repeat_end][value=after]")
        page.fill("input[name=repeat_count]", "4")
        page.click("button[name=show_dates]")
        page.wait_for_load_state()
        preview = page.locator(".repeat-preview__result")
        text = preview.inner_text()
        assert "Every 2 weeks on Thursday, 2pm UK time, 4 meetings in all" in text
        assert preview.locator("ol li").count() == 4
        assert "The meetings still to come, in UK time:" in text  # not "six" when four are left
        assert page.input_value("input[name=repeat_weeks]") == "2"
        preview.scroll_into_view_if_needed()
        journey_shot(page, "no-js dates shown")
    finally:
        context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_organiser_sets_reminders_by_tick_box_and_add_another(
    page, live_server, home_page, journey_shot, width
):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in_organiser(page, live_server)
    first = next_second_wednesday(dt.datetime.now(LONDON).date())
    page.goto(f"{live_server.url}/admin/events_meetingseries/new/")
    fill_date(page, "first_date", first)
    page.fill("input[name=start_time]", "14:00")
    page.press("input[name=start_time]", "Escape")
    page.fill("input[name=title]", "Reminder test series")
    page.fill("input[name=slug]", f"reminder-test-{width}")
    boxes = page.locator("input[name=reminder_offsets]")
    assert boxes.count() == 3
    labels = [
        page.locator(f"label[for='{boxes.nth(i).get_attribute('id')}']").inner_text()
        for i in range(3)
    ]
    assert [label.strip() for label in labels] == ["1 week before", "1 day before", "1 hour before"]
    page.uncheck("input[name=reminder_offsets][value='10080']")  # not a week before
    page.fill("input[name=reminder_other_number]", "2")
    page.select_option("select[name=reminder_other_unit]", "days")
    page.click("button[name=add_reminder]")
    page.wait_for_load_state()
    added = page.locator("input[name=reminder_offsets][value='2880']")
    assert added.is_checked()
    assert (
        page.locator(f"label[for='{added.get_attribute('id')}']").inner_text().strip()
        == "2 days before"
    )
    assert page.input_value("input[name=reminder_other_number]") == ""
    page.locator("button[name=add_reminder]").scroll_into_view_if_needed()
    journey_shot(page, "reminder added")
    assert own_axe_violations(page, "#w-editor-form") == []

    page.fill("input[name=reminder_other_number]", "two")
    page.click("button[name=add_reminder]")
    page.wait_for_load_state()
    assert "Enter the reminder time as a whole number, like 2" in page.locator("main").inner_text()
    page.fill("input[name=reminder_other_number]", "")
    page.get_by_role("button", name="Create", exact=True).click()
    page.wait_for_load_state()
    assert MeetingSeries.objects.get().reminder_offsets == [2880, 1440, 60]
    journey_shot(page, "series saved with reminders")


@pytest.mark.parametrize("width", WIDTHS)
def test_organiser_moves_a_meeting_with_day_month_and_year(
    page, live_server, home_page, journey_shot, width
):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in_organiser(page, live_server)
    start = (dt.datetime.now(LONDON) + dt.timedelta(days=20)).replace(
        hour=14, minute=0, second=0, microsecond=0
    )
    meeting = MeetingFactory(
        title="Health data", starts_at=start, ends_at=start + dt.timedelta(minutes=75)
    )
    page.goto(f"{live_server.url}/events/organise/{meeting.slug}/")
    move = page.locator("section[aria-labelledby=move]")
    assert "For example, 27 3 2027" in move.inner_text()
    assert move.locator("input[type=date]").count() == 0
    assert page.input_value("input[name=date_day]") == str(start.day)
    move.scroll_into_view_if_needed()
    journey_shot(page, "move form")
    assert axe_violations(page) == []

    # A date that does not exist first: a clear message, nothing moved
    page.fill("input[name=date_day]", "31")
    page.fill("input[name=date_month]", "2")
    page.fill("input[name=date_year]", str(start.year + 1))
    page.click("section[aria-labelledby=move] button[type=submit]")
    page.wait_for_load_state()
    summary = page.locator(".error-summary")
    assert "The new date must be a real date" in summary.inner_text()
    journey_shot(page, "move error")
    assert axe_violations(page) == []
    summary.locator("a").first.click()
    assert page.evaluate("document.activeElement.name") == "date_day"

    new_day = (start + dt.timedelta(days=35)).date()
    fill_date(page, "date", new_day)
    page.fill("input[name=start_time]", "15:00")
    page.fill("input[name=end_time]", "16:15")
    page.click("section[aria-labelledby=move] button[type=submit]")
    page.wait_for_load_state()
    assert "The meeting is moved" in page.locator(".messages").inner_text()
    meeting.refresh_from_db()
    assert meeting.starts_at.astimezone(LONDON).date() == new_day
    assert meeting.starts_at.astimezone(LONDON).hour == 15
    journey_shot(page, "meeting moved")
    assert Meeting.objects.count() == 1

"""Issue 19 items 3 (waiting list), 4 (your events), 5 (sign-up that flows) and 9 (people
pickers), as a person does them in Chromium at 1280 px and 390 px, with axe-core on every page
and a screenshot of each step (var/test-artefacts/journeys/, the ``journey_shot`` fixture)."""

import re

import pytest
from django.core import mail

from events.services import meeting_register
from events.unconferences.models import Topic
from tests.browser.conftest import assert_no_axe_violations, login
from tests.factories.events import MeetingFactory, MeetingSeriesFactory
from tests.factories.unconferences import StandingBoardFactory
from tests.factories.users import (
    DEFAULT_PASSWORD,
    MemberProfileFactory,
    OrganisationFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [1280, 390]
PASSWORD = "a-long-and-unusual-passphrase"


@pytest.fixture(params=WIDTHS, ids=lambda w: f"{w}px")
def sized_page(request, chromium):
    context = chromium.new_context(
        bypass_csp=True,
        locale="en-GB",
        timezone_id="Europe/London",
        viewport={"width": request.param, "height": 900},
    )
    context.set_default_timeout(30_000)
    yield context.new_page()
    context.close()


@pytest.fixture(params=WIDTHS, ids=lambda w: f"{w}px")
def no_js_page(request, chromium):
    context = chromium.new_context(
        java_script_enabled=False,
        locale="en-GB",
        timezone_id="Europe/London",
        viewport={"width": request.param, "height": 900},
    )
    context.set_default_timeout(30_000)
    yield context.new_page()
    context.close()


def test_find_your_waiting_list_position(sized_page, live_server, home_page, journey_shot):
    page = sized_page
    meeting = MeetingFactory(title="Camden data charter session", capacity=1)
    for person in (UserFactory(), UserFactory()):
        meeting_register(meeting=meeting, user=person)
    member = UserFactory(email="wait@example.org", name="Wendy Waiting")
    meeting_register(meeting=meeting, user=member)  # third: number 2 on the waiting list

    login(page, live_server, email=member.email, password=DEFAULT_PASSWORD)
    # Step 1: the account page lists the event with the place (1 click from any page).
    page.goto(f"{live_server.url}/account/")  # "Your account" in the header (or its menu)
    section = page.locator("#section-events").locator("..")
    assert "You are number 2 on the waiting list" in section.inner_text()
    assert "Camden data charter session" in section.inner_text()
    journey_shot(page, "account your events")
    assert_no_axe_violations(page)

    # Step 2: the event page says the same, and its calendar links say so too.
    section.get_by_role("link", name="Camden data charter session").click()
    page.wait_for_load_state()
    rsvp = page.locator("#rsvp-section").inner_text()
    assert "You are on the waiting list: number 2 in the queue." in rsvp
    calendar = page.locator("section[aria-labelledby=calendar]")
    assert calendar.get_by_role("link", name="Add to Google Calendar (you are on the waiting list)")
    assert "text=Waiting+list" in calendar.get_by_role(
        "link", name=re.compile("Google Calendar")
    ).get_attribute("href")
    journey_shot(page, "event page waiting list")
    assert_no_axe_violations(page)


def test_sign_up_and_land_signed_in_on_the_profile_step(
    sized_page, live_server, home_page, journey_shot
):
    page = sized_page
    OrganisationFactory(name="Camden Council")
    page.goto(f"{live_server.url}/accounts/signup/")
    # An empty submission says what to do, field by field.
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    summary = page.locator(".error-summary").inner_text()
    for message in ("Enter your name", "Enter your email address", "Enter a password"):
        assert message in summary
    assert "This field is required" not in page.content()
    journey_shot(page, "sign up errors")
    assert_no_axe_violations(page)

    page.fill("#id_name", "Nadia Newcomer")
    page.fill("#id_email", "nadia@example.org")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.check("#id_agree_code_of_conduct")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert "Check your email" in page.locator("h1").inner_text()
    journey_shot(page, "check your email")

    # The verification e-mail's link, opened in the same browser.
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^/\s]+/)", mail.outbox[-1].body)
    page.goto(f"{live_server.url}{link.group(1)}")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/account/welcome/$"))
    assert page.locator("h1").inner_text() == "Complete your profile"
    assert page.locator("header a[href$='/accounts/logout/']").count() == 1  # signed in
    journey_shot(page, "complete your profile")
    assert_no_axe_violations(page)

    page.fill("#id_organisation_name", "Camden Council")
    page.fill("#id_job_title", "Data ethics lead")
    with page.expect_navigation():
        page.get_by_role("button", name="Save and continue").click()
    assert "Your profile has been saved." in page.locator(".messages").inner_text()
    assert page.locator("#id_job_title").input_value() == "Data ethics lead"
    journey_shot(page, "account after profile step")


def test_pending_member_lands_signed_in_waiting_for_approval(
    sized_page, live_server, home_page, settings, journey_shot
):
    settings.MEMBER_APPROVAL_REQUIRED = True
    page = sized_page
    page.goto(f"{live_server.url}/accounts/signup/")
    page.fill("#id_name", "Pat Pending")
    page.fill("#id_email", "pat@example.org")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.check("#id_agree_code_of_conduct")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^/\s]+/)", mail.outbox[-1].body)
    page.goto(f"{live_server.url}{link.group(1)}")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/account/welcome/$"))
    banner = page.locator("[data-testid=approval-pending]").inner_text()
    assert "Your membership is waiting for approval" in banner
    journey_shot(page, "pending welcome")
    assert_no_axe_violations(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Skip for now").click()
    assert page.url.endswith("/account/")


@pytest.fixture
def picker_world(home_page):
    proposer = UserFactory(email="proposer@example.org", name="Priya Proposer")
    MemberProfileFactory(user=proposer)
    aisha = UserFactory(name="Aisha Rahman")
    MemberProfileFactory(
        user=aisha, visibility="members", organisation=OrganisationFactory(name="Camden Council")
    )
    hidden = UserFactory(name="Aisha Hidden")
    MemberProfileFactory(user=hidden, visibility="hidden")
    for n in range(30):  # enough people that a list of everyone would not scale
        MemberProfileFactory(user=UserFactory(name=f"Member Number {n:02d}"))
    board = StandingBoardFactory(meeting_series=MeetingSeriesFactory())
    return proposer, aisha, board


def test_people_picker_with_javascript(sized_page, live_server, picker_world, journey_shot):
    page = sized_page
    proposer, aisha, board = picker_world
    login(page, live_server, email=proposer.email, password=DEFAULT_PASSWORD)
    page.goto(f"{live_server.url}/topics/{board.slug}/propose/")
    assert page.locator("select[name=co_facilitators]").count() == 0
    page.fill("#id_title", "Data charters that people trust")
    page.fill("#id_description", "What Camden learnt.")
    page.check("input[name=format][value=discussion]")
    field = page.locator("#id_co_facilitators")
    assert field.get_attribute("role") == "combobox"
    field.click()
    field.press_sequentially("aish", delay=30)
    options = page.get_by_role("option")
    options.first.wait_for()
    texts = options.all_inner_texts()
    assert texts == ["Aisha Rahman · Camden Council"]  # the hidden Aisha is never suggested
    assert field.get_attribute("aria-expanded") == "true"
    journey_shot(page, "picker suggestions")
    assert_no_axe_violations(page)
    field.press("ArrowDown")
    field.press("Enter")
    assert field.input_value() == "Aisha Rahman, "
    with page.expect_navigation():
        page.get_by_role("button", name="Propose this topic").click()
    topic = Topic.objects.get(title="Data charters that people trust")
    assert list(topic.co_facilitators.all()) == [aisha]


def test_people_picker_without_javascript(no_js_page, live_server, picker_world, journey_shot):
    page = no_js_page
    proposer, aisha, board = picker_world
    login(page, live_server, email=proposer.email, password=DEFAULT_PASSWORD)
    page.goto(f"{live_server.url}/topics/{board.slug}/propose/")
    page.fill("#id_title", "Data charters that people trust")
    page.fill("#id_description", "What Camden learnt.")
    page.check("input[name=format][value=discussion]")
    page.fill("#id_co_facilitators", "Aisha Rahman, Aisha Hidden")
    with page.expect_navigation():
        page.get_by_role("button", name="Propose this topic").click()
    summary = page.locator(".error-summary").inner_text()
    assert "No member called “Aisha Hidden” was found." in summary
    assert page.locator("#id_co_facilitators").input_value() == "Aisha Rahman, Aisha Hidden"
    journey_shot(page, "picker error no js")
    page.fill("#id_co_facilitators", "Aisha Rahman")
    with page.expect_navigation():
        page.get_by_role("button", name="Propose this topic").click()
    topic = Topic.objects.get(title="Data charters that people trust")
    assert list(topic.co_facilitators.all()) == [aisha]

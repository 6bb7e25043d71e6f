"""Running an unconference from the organiser console (issue 19, item 7), in Chromium at 1280 px
and 390 px, and with JavaScript switched off, without opening the Wagtail admin: phase changes
with a confirmation, rooms and slots added in the tables, bulk moderation (accept, decline with a
reason, merge), the schedule with a named clash, a session moved, publish. axe-core runs on every
console page and state on the way; each step is saved by ``journey_shot``."""

import pytest

from events.unconferences.enums import Phase, TopicStatus
from events.unconferences.models import Ballot, ScheduleRelease, Session, Topic, Vote
from tests.browser.conftest import assert_no_axe_violations, login
from tests.factories.unconferences import (
    RegistrationFactory,
    TopicFactory,
    UnconferenceFactory,
    board_for,
    make_grid,
)
from tests.factories.users import DEFAULT_PASSWORD, UserFactory, organiser_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def dots(board, voter, topics):
    ballot = Ballot.objects.create(board=board, voter=voter, budget=3, used=len(topics))
    for topic in topics:
        Vote.objects.create(ballot=ballot, topic=topic, count=1)


def setup_unconference():
    """Topics as members proposed them. Three of them are voted for in pairs by the same
    members, so with two slots some of them must share a slot (a clash the console names)."""
    uc = UnconferenceFactory(slug="console-uc", title="Console unconference", phase="topics_open")
    board = board_for(uc)
    topics = {
        title: TopicFactory(board=board, title=title)
        for title in (
            "Data trusts",
            "Citizens juries",
            "Paying participants",
            "Should we pay people",
            "Buy our software",
            "Open procurement",
        )
    }
    voters = [UserFactory() for _ in range(6)]
    for voter in voters:
        RegistrationFactory(unconference=uc, user=voter)
    pairs = [
        ("Data trusts", "Citizens juries"),
        ("Data trusts", "Citizens juries"),
        ("Data trusts", "Citizens juries"),
        ("Data trusts", "Paying participants"),
        ("Citizens juries", "Paying participants"),
        ("Should we pay people",),
    ]
    for voter, titles in zip(voters, pairs, strict=True):
        dots(board, voter, [topics[t] for t in titles])
    organiser = organiser_user(name="Olu Organiser")
    return uc, board, topics, organiser


def check(page, journey_shot, step, *, axe):
    if axe:
        assert_no_axe_violations(page)
    journey_shot(page, step)
    assert "/admin/" not in page.url


def submit(page, selector):
    page.click(selector)
    page.wait_for_load_state()


def run_console_journey(page, live_server, journey_shot, *, axe: bool):
    uc, _board, topics, organiser = setup_unconference()
    base = f"{live_server.url}/unconferences/{uc.slug}"
    login(page, live_server, email=organiser.email, password=DEFAULT_PASSWORD)
    page.goto(f"{base}/organise/")
    main = page.locator("main")
    assert "Topic proposals open (now)" in main.inner_text()
    assert "Publishing is not available yet:" in main.inner_text()
    assert "Publish the schedule after voting has closed." in main.inner_text()
    check(page, journey_shot, "01 console", axe=axe)

    # 1. Phase change, confirmed.
    submit(page, "button[name=phase][value=voting]")
    assert page.locator("h1").inner_text() == "Move Console unconference to “Voting open”?"
    assert "No emails are sent" in main.inner_text()
    check(page, journey_shot, "02 phase confirmation", axe=axe)
    submit(page, "button[name=confirm]")
    assert "The unconference is now in “Voting open”." in main.inner_text()
    assert "Voting open (now)" in main.inner_text()

    # 2. Rooms and slots, in the tables (an error state first).
    page.click("text=Edit rooms and time slots")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Rooms and time slots"
    check(page, journey_shot, "03 rooms and slots", axe=axe)
    page.fill("input[name=rooms-0-capacity]", "60")
    submit(page, "main form.form button[type=submit]")
    assert "Rooms, row 1: Enter a room name" in page.locator(".error-summary").inner_text()
    check(page, journey_shot, "04 rooms and slots error", axe=axe)
    page.fill("input[name=rooms-0-name]", "Main hall")
    page.fill("input[name=rooms-1-name]", "Library")
    page.fill("input[name=rooms-1-capacity]", "20")
    page.fill("input[name=slots-0-start]", "10:30")
    page.fill("input[name=slots-0-end]", "11:15")
    page.fill("input[name=slots-1-start]", "11:30")
    page.fill("input[name=slots-1-end]", "12:15")
    submit(page, "main form.form button[type=submit]")
    assert "4 added, 0 changed, 0 deleted" in main.inner_text()
    assert page.locator("input[name=rooms-0-name]").input_value() == "Main hall"
    check(page, journey_shot, "05 rooms and slots saved", axe=axe)
    page.click("text=Back to the organiser console")
    page.wait_for_load_state()

    # 3. Bulk moderation over a filtered list.
    page.click("main .summary >> text=Moderate topics")
    page.wait_for_load_state()
    page.select_option("#topic-status", "proposed")
    submit(page, "form.unconf-filter button[type=submit]")
    assert "6 topics match the filters" in main.inner_text()
    check(page, journey_shot, "06 topics filtered", axe=axe)
    submit(page, "button[name=action][value=accept]")  # nothing selected yet
    assert "Select at least one topic" in page.locator(".error-summary").inner_text()
    check(page, journey_shot, "06b bulk error", axe=axe)
    for title in ("Data trusts", "Citizens juries", "Paying participants", "Open procurement"):
        page.check(f"#select-topic-{topics[title].pk}")
    submit(page, "button[name=action][value=accept]")
    assert "4 topics accepted." in main.inner_text()

    page.check(f"#select-topic-{topics['Buy our software'].pk}")
    page.fill("#id_reason", "Sales pitches are not sessions.")
    submit(page, "button[name=action][value=decline]")
    assert page.locator("h1").inner_text() == "Decline 1 topic?"
    check(page, journey_shot, "07 decline confirmation", axe=axe)
    submit(page, "button[name=confirm]")
    assert "1 topic declined." in main.inner_text()

    page.fill("#topic-q", "pay")
    page.select_option("#topic-status", "")
    submit(page, "form.unconf-filter button[type=submit]")
    page.check(f"#select-topic-{topics['Should we pay people'].pk}")
    page.select_option("#id_target", str(topics["Paying participants"].pk))
    submit(page, "button[name=action][value=merge]")
    assert page.locator("h1").inner_text() == "Merge 1 topic into “Paying participants”?"
    check(page, journey_shot, "08 merge confirmation", axe=axe)
    submit(page, "button[name=confirm]")
    assert "1 topic merged." in main.inner_text()
    check(page, journey_shot, "09 topics moderated", axe=axe)
    assert Topic.objects.get(pk=topics["Buy our software"].pk).status == TopicStatus.DECLINED
    merged = Topic.objects.get(pk=topics["Should we pay people"].pk)
    assert merged.merged_into_id == topics["Paying participants"].pk
    page.click("text=Back to the organiser console")
    page.wait_for_load_state()

    # 4. Close voting (confirmed), run the scheduler: the clash is named and marked.
    submit(page, "button[name=phase][value=scheduling]")
    assert "Voting closes" in main.inner_text()
    submit(page, "button[name=confirm]")
    submit(page, "text=Run the scheduler (keeps locked and frozen sessions)")
    text = main.inner_text()
    assert "4 sessions placed" in text
    clash_list = page.locator(".unconf-clashes").inner_text()
    assert "members voted for both" in clash_list or "member voted for both" in clash_list
    marked = page.locator("td.unconf-cell--clash")
    assert marked.count() == 2
    assert "Clash" in marked.first.inner_text()
    check(page, journey_shot, "10 schedule with named clash", axe=axe)

    # 5. Move a session: choose another slot and room (a swap if the cell is taken).
    session = Session.objects.select_related("slot", "space").get(topic=topics["Open procurement"])
    other_slot = uc.slots.exclude(pk=session.slot_id).first()
    other_space = uc.spaces.exclude(pk=session.space_id).first()
    page.click(f"a[href$='/organise/sessions/{session.topic_id}/']")
    page.wait_for_load_state()
    check(page, journey_shot, "11 move session", axe=axe)
    page.select_option("select[name=slot]", str(other_slot.pk))
    page.select_option("select[name=space]", str(other_space.pk))
    submit(page, "main form.form button[type=submit]")
    assert "Session updated: “Open procurement” is now in" in main.inner_text()
    moved = Session.objects.get(topic=topics["Open procurement"])
    assert (moved.slot_id, moved.space_id) == (other_slot.pk, other_space.pk)

    # 6. Publish (confirmation names the clash that stays).
    page.click("#publish ~ p a.button")
    page.wait_for_load_state()
    assert "voter clash" in main.inner_text()
    check(page, journey_shot, "12 publish confirmation", axe=axe)
    submit(page, "button[name=confirm]")
    assert "Version 1 of the schedule is published." in main.inner_text()
    check(page, journey_shot, "13 published", axe=axe)
    uc.refresh_from_db()
    assert uc.phase == Phase.PUBLISHED
    assert ScheduleRelease.objects.filter(unconference=uc).count() == 1


@pytest.mark.parametrize("width", [1280, 390])
def test_run_an_unconference_from_the_console(
    chromium, live_server, home_page, journey_shot, width
):
    context = chromium.new_context(
        bypass_csp=True,
        locale="en-GB",
        timezone_id="Europe/London",
        viewport={"width": width, "height": 900},
    )
    context.set_default_timeout(30_000)
    try:
        page = context.new_page()
        run_console_journey(page, live_server, journey_shot, axe=True)
        if width == 390:
            width_px = page.evaluate("document.documentElement.scrollWidth")
            assert width_px <= 390, "the published console scrolls sideways at 390 px"
    finally:
        context.close()


def test_run_an_unconference_from_the_console_without_javascript(
    chromium, live_server, home_page, journey_shot
):
    context = chromium.new_context(
        java_script_enabled=False, locale="en-GB", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(30_000)
    try:
        page = context.new_page()
        run_console_journey(page, live_server, journey_shot, axe=False)
    finally:
        context.close()


def test_drag_a_session_to_another_cell(page, live_server, home_page):
    """Drag-and-drop is an extra beside the select boxes: a drop posts the same move form."""
    uc = UnconferenceFactory(slug="drag-uc", title="Drag unconference", phase="scheduling")
    spaces, slots = make_grid(uc, rooms=2, rounds=1)
    topic = TopicFactory(board=board_for(uc), status=TopicStatus.ACCEPTED, title="Data trusts")
    Session.objects.create(topic=topic, space=spaces[0], slot=slots[0])
    organiser = organiser_user(name="Dee Dragger")
    login(page, live_server, email=organiser.email, password=DEFAULT_PASSWORD)
    page.goto(f"{live_server.url}/unconferences/{uc.slug}/organise/")
    source = page.locator(f"td[data-space='{spaces[0].pk}'][data-slot='{slots[0].pk}']")
    target = page.locator(f"td[data-space='{spaces[1].pk}'][data-slot='{slots[0].pk}']")
    assert source.get_attribute("draggable") == "true"
    # The drop submits the move form: wait for that navigation, not for the current page's load
    # state (which is already "loaded" and let CI read the page before the post had answered).
    with page.expect_navigation():
        source.drag_to(target)
    assert "“Data trusts” is now in Room 2" in page.locator("main").inner_text()
    assert Session.objects.get(topic=topic).space == spaces[1]
    assert_no_axe_violations(page)

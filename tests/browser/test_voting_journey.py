"""Dot voting like Decidim (issue 19 item 8), in Chromium at 1280 and 390 px: one "Add a dot" /
"Remove a dot" control per topic, each press saved at once, a "N dots left" counter that stays
in view, no "Save my votes" step. With JavaScript the page updates in place and the counter's
status region says what happened; without it each press comes back to the same topic."""

import pytest

from events.unconferences import selectors, services
from events.unconferences.enums import Phase
from tests.browser.conftest import JOURNEY_SHOTS, assert_no_axe_violations, login
from tests.factories.events import MeetingSeriesFactory
from tests.factories.unconferences import (
    RegistrationFactory,
    StandingBoardFactory,
    TopicFactory,
    UnconferenceFactory,
    board_for,
)
from tests.factories.users import DEFAULT_PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [1280, 390]
DESCRIPTION = "Why it matters, who should come and what we would like to leave with. " * 3


def unconference_board():
    unconference = UnconferenceFactory(
        slug="vote-uc", title="Vote unconference", phase=Phase.VOTING
    )
    board = board_for(unconference)
    member = UserFactory(name="Vera Voter")
    RegistrationFactory(unconference=unconference, user=member)
    topics = [
        TopicFactory(board=board, title=f"Topic {name}", description=DESCRIPTION)
        for name in ("Alder", "Birch", "Cedar", "Damson", "Elm", "Fir")
    ]
    return unconference, board, member, topics


def counter(page) -> str:
    return page.locator("#vote-counter").inner_text()


def in_view(page, selector: str) -> bool:
    box = page.locator(selector).bounding_box()
    height = page.viewport_size["height"]
    return box is not None and box["y"] >= -1 and box["y"] + box["height"] <= height + 1


@pytest.mark.parametrize("width", WIDTHS)
def test_vote_with_javascript_updates_in_place(
    browser_context, live_server, home_page, width, journey_shot
):
    unconference, board, member, topics = unconference_board()
    page = browser_context.new_page()
    page.set_viewport_size({"width": width, "height": 800})
    login(page, live_server, email=member.email, password=DEFAULT_PASSWORD)
    page.goto(f"{live_server.url}{board.vote_url}")
    assert "3 dots left" in counter(page)
    assert page.locator("select, button[name=save]").count() == 0
    journey_shot(page, "ballot")
    page.evaluate("window.stillThisPage = true")  # gone if the page reloads

    alder, birch, cedar, damson = topics[0], topics[1], topics[2], topics[3]
    page.click(f"button[name=add][value='{alder.pk}']")
    status = page.locator("#vote-status")
    status.get_by_text("You added a dot to “Topic Alder”. 2 dots left.").wait_for()
    assert status.get_attribute("role") == "status"
    assert "2 dots left" in counter(page)
    assert "You have used 1 of your 3 dots." in counter(page)
    assert page.evaluate("window.stillThisPage === true")
    # At its maximum (1 dot a topic) the topic offers only "Remove a dot", which has the focus.
    assert page.locator(f"button[name=add][value='{alder.pk}']").count() == 0
    focused = page.evaluate("[document.activeElement.name, document.activeElement.value]")
    assert focused == ["remove", str(alder.pk)]
    assert "Your dots: 1" in page.locator(f"#topic-{alder.pk}").inner_text()

    page.click(f"button[name=add][value='{birch.pk}']")
    status.get_by_text("You added a dot to “Topic Birch”. 1 dot left.").wait_for()
    journey_shot(page, "two dots")
    # The counter stays in view while the member scrolls down the topics.
    page.locator(f"#topic-{topics[-1].pk}").scroll_into_view_if_needed()
    assert in_view(page, "#vote-counter")
    page.screenshot(path=str(JOURNEY_SHOTS / f"vote-counter-stays-in-view-{width}.png"))
    page.evaluate("window.scrollTo(0, 0)")
    page.click(f"button[name=add][value='{cedar.pk}']")
    status.get_by_text("You added a dot to “Topic Cedar”. 0 dots left.").wait_for()
    assert "0 dots left" in counter(page)
    damson_card = page.locator(f"#topic-{damson.pk}")
    assert "You have no dots left. Remove one from another topic" in damson_card.inner_text()
    assert damson_card.locator("button").count() == 0

    page.click(f"button[name=remove][value='{birch.pk}']")
    status.get_by_text("You took a dot off “Topic Birch”. 1 dot left.").wait_for()
    assert page.locator(f"button[name=add][value='{damson.pk}']").count() == 1
    assert page.evaluate("window.stillThisPage === true")
    assert_no_axe_violations(page)
    counts, used = selectors.ballot_counts(board=board, user=member)
    assert used == 2 and set(counts) == {alder.pk, cedar.pk}

    # Errors are said in place: dots spent in another tab, then voting closing.
    services.vote_add(topic=damson, voter=member)
    page.click(f"button[name=add][value='{topics[4].pk}']")
    status.get_by_text("You have used all your dots. Remove one to vote for this topic.").wait_for()
    assert "0 dots left" in counter(page)  # the counter caught up with the other tab
    page.evaluate("window.scrollTo(0, 0)")
    journey_shot(page, "no dots left error")
    unconference.phase = Phase.SCHEDULING
    unconference.save(update_fields=["phase"])
    page.click(f"button[name=remove][value='{alder.pk}']")
    closed = "Voting is not open: the unconference is in the “Scheduling” phase."
    status.get_by_text(closed).wait_for()
    assert page.evaluate("window.stillThisPage === true")
    assert selectors.ballot_counts(board=board, user=member)[1] == 3
    page.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_vote_without_javascript_on_a_standing_board(
    chromium, live_server, home_page, width, journey_shot
):
    series = MeetingSeriesFactory(title="Community of practice meeting")
    board = StandingBoardFactory(meeting_series=series, title="Monthly meeting topics")
    topics = [
        TopicFactory(board=board, title=f"Standing topic {i}", description=DESCRIPTION)
        for i in range(6)
    ]
    member = UserFactory(name="Nia No-script")
    context = chromium.new_context(
        java_script_enabled=False, locale="en-GB", viewport={"width": width, "height": 800}
    )
    context.set_default_timeout(30_000)
    try:
        page = context.new_page()
        login(page, live_server, email=member.email, password=DEFAULT_PASSWORD)
        page.goto(f"{live_server.url}{board.vote_url}")
        last = topics[-1]
        with page.expect_navigation():
            page.click(f"button[name=add][value='{last.pk}']")
        # Back on the same topic, with what happened said in the counter, both on screen.
        assert page.url.endswith(f"{board.vote_url}#topic-{last.pk}")
        assert in_view(page, f"#topic-{last.pk} button[name=remove]")
        assert in_view(page, "#vote-counter")
        assert "You added a dot to “Standing topic 5”. 2 dots left." in counter(page)
        page.screenshot(path=str(JOURNEY_SHOTS / f"vote-no-js-back-on-the-topic-{width}.png"))
        page.evaluate("window.scrollTo(0, 0)")
        journey_shot(page, "after a press")
        with page.expect_navigation():
            page.click(f"button[name=remove][value='{last.pk}']")
        assert "You took a dot off “Standing topic 5”. 3 dots left." in counter(page)
        assert selectors.ballot_counts(board=board, user=member) == ({}, 0)
    finally:
        context.close()

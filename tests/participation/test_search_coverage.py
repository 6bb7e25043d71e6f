"""Site search finds every kind of public object that has a page, by a word of its name and by a
word of its description, and each result links to that page (issue 16, point 9)."""

import datetime as dt
import html as html_lib

import pytest
from django.core.management import call_command

from events.unconferences.enums import TopicStatus
from events.unconferences.models import Session, Unconference
from tests.factories.casestudies import case_study, library_index, method
from tests.factories.events import MeetingFactory, MeetingSeriesFactory
from tests.factories.guidance import chapter_page, guidance_index, guide_page
from tests.factories.participation import update_page, updates_index
from tests.factories.unconferences import (
    SlotFactory,
    SpaceFactory,
    StandingBoardFactory,
    TopicFactory,
    UnconferenceFactory,
    board_for,
)

pytestmark = pytest.mark.django_db

# Made-up words, so that nothing else on the site matches them.
TITLE_WORD = "zephyrquill"
DESCRIPTION_WORD = "marbleglow"


def _case_study(home, title, description):
    return case_study(library_index(home), title=title, summary=description).url


def _guide(home, title, description):
    return guide_page(index=guidance_index(home=home), title=title, summary=description).url


def _chapter(home, title, description):
    guide = guide_page(index=guidance_index(home=home), title="Parent guide")
    return chapter_page(guide=guide, title=title, summary=description).url


def _update(home, title, description):
    return update_page(index=updates_index(home=home), title=title, summary=description).url


def _standard_page(home, title, description):
    from participation.models import StandardPage

    page = StandardPage(title=title, slug="about-us", intro=description)
    home.add_child(instance=page)
    page.save_revision().publish()
    return page.url


def _method(home, title, description):
    return method("a-method", title, description).get_absolute_url()


def _meeting(home, title, description):
    return MeetingFactory(title=title, agenda=description).get_absolute_url()


def _unconference(home, title, description):
    return UnconferenceFactory(title=title, description=description).get_absolute_url()


def _session(home, title, description):
    unconference = UnconferenceFactory(title="Spring day")
    topic = TopicFactory(
        board=board_for(unconference),
        title=title,
        description=description,
        status=TopicStatus.ACCEPTED,
    )
    start = unconference.starts_at + dt.timedelta(hours=1)
    slot = SlotFactory(
        unconference=unconference, starts_at=start, ends_at=start + dt.timedelta(minutes=45)
    )
    space = SpaceFactory(unconference=unconference)
    return Session.objects.create(topic=topic, slot=slot, space=space).get_absolute_url()


def _unconference_topic(home, title, description):
    unconference = UnconferenceFactory(title="Autumn day")
    board = board_for(unconference)
    TopicFactory(board=board, title=title, description=description)  # proposed: listed publicly
    return board.get_absolute_url()


def _standing_board_topic(home, title, description):
    board = StandingBoardFactory(meeting_series=MeetingSeriesFactory(), title="Monthly topics")
    TopicFactory(board=board, title=title, description=description, status=TopicStatus.ACCEPTED)
    return board.get_absolute_url()


def _standing_board(home, title, description):
    series = MeetingSeriesFactory(title="Monthly call", description=description)
    return StandingBoardFactory(meeting_series=series, title=title).get_absolute_url()


KINDS = {
    "case study": _case_study,
    "guide": _guide,
    "guide chapter": _chapter,
    "update": _update,
    "standard page": _standard_page,
    "participation method": _method,
    "event": _meeting,
    "unconference": _unconference,
    "unconference session": _session,
    "unconference topic": _unconference_topic,
    "standing board topic": _standing_board_topic,
    "standing topic board": _standing_board,
}


@pytest.mark.parametrize("where", ["title", "description"])
@pytest.mark.parametrize("kind", list(KINDS))
def test_every_public_kind_is_found_by_its_name_and_its_description(client, home_page, kind, where):
    title = f"The {TITLE_WORD} {kind}" if where == "title" else f"A plain {kind}"
    description = f"About the {DESCRIPTION_WORD} idea." if where == "description" else "Plain."
    url = KINDS[kind](home_page, title, description)
    word = TITLE_WORD if where == "title" else DESCRIPTION_WORD

    html = client.get("/search/", {"q": word}).content.decode()

    assert f'<a href="{url}">{html_lib.escape(title)}</a>' in html, (kind, where)
    page = client.get(url)
    assert page.status_code == 200, url
    assert html_lib.escape(title) in page.content.decode()


def test_section_index_pages_are_found_by_their_introduction(client, home_page):
    library = library_index(home_page)
    library.intro = f"<p>Stories of {DESCRIPTION_WORD} practice.</p>"
    library.save_revision().publish()
    html = client.get("/search/", {"q": DESCRIPTION_WORD}).content.decode()
    assert '<a href="/case-studies/">Case studies</a>' in html


def test_withdrawn_and_hidden_topics_stay_out_of_search(client, home_page):
    board = board_for(UnconferenceFactory())
    for status in (TopicStatus.WITHDRAWN, TopicStatus.HIDDEN, TopicStatus.DECLINED):
        TopicFactory(board=board, title=f"{TITLE_WORD} {status}", status=status)
    html = client.get("/search/", {"q": TITLE_WORD}).content.decode()
    assert "Nothing matched" in html


def test_demo_content_unconference_is_found(client):
    call_command("load_demo_content", verbosity=0)
    html = client.get("/search/", {"q": "unconference"}).content.decode()
    unconference = Unconference.objects.get(slug="unconference-2025")
    assert "unconference 2025" in unconference.title.lower()
    link = f'<a href="{unconference.get_absolute_url()}">{html_lib.escape(unconference.title)}</a>'
    assert link in html
    assert "Nothing matched" not in html


def _search_queries(client, word: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/search/", {"q": word})  # warm per-process caches (site root, settings)
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/search/", {"q": word})
    assert response.status_code == 200
    return len(captured)


def test_search_queries_stay_within_budget_however_many_match(client, home_page):
    """Every kind found costs the same queries for one match as for many: the search runs in
    the database, not over rows in Python (one query per source, one per page type found)."""
    for kind, build in KINDS.items():
        build(home_page, f"The {TITLE_WORD} {kind}", "Plain.")
    one = _search_queries(client, TITLE_WORD)
    for n in range(3):
        UnconferenceFactory(title=f"{TITLE_WORD} extra {n}")
        StandingBoardFactory(meeting_series=MeetingSeriesFactory(), title=f"{TITLE_WORD} {n}")
        MeetingFactory(title=f"{TITLE_WORD} meeting {n}")
    many = _search_queries(client, TITLE_WORD)
    assert many == one, (one, many)

import datetime
from types import SimpleNamespace

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.text import slugify
from hypothesis import given, settings
from hypothesis import strategies as st

from guidance.enums import GuideStatus
from guidance.selectors import body_outline, guides_current
from tests.factories import guidance as g

pytestmark = pytest.mark.django_db


def _html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_contents_list_and_anchors_come_from_headings(client, guide):
    html = _html(client, "/guidance/procurement/")
    assert '<a href="#why-procurement-matters">Why procurement matters</a>' in html
    assert 'id="new-section-on-redress"' not in html

    guide.body = [
        g.heading("Why procurement matters"),
        g.paragraph("Because buying shapes services."),
        g.heading("New section on redress", "h3"),
    ]
    guide.save_revision().publish()

    html = _html(client, "/guidance/procurement/")
    assert '<a href="#new-section-on-redress">New section on redress</a>' in html
    assert '<h3 id="new-section-on-redress">New section on redress</h3>' in html


def test_repeated_heading_text_gets_unique_anchors(client, guidance_index):
    g.guide_page(
        index=guidance_index,
        slug="twice",
        body=[g.heading("Methods"), g.paragraph("One."), g.heading("Methods"), g.heading("!!")],
    )
    html = _html(client, "/guidance/twice/")
    assert html.count('id="methods"') == 1
    assert '<h2 id="methods-2">Methods</h2>' in html
    assert 'href="#methods-2"' in html
    assert 'id="section"' in html  # a heading with no letters still gets an anchor


def test_chapter_contents_lists_chapters_and_the_current_chapters_headings(client, guide):
    first = g.chapter_page(guide=guide, title="Mapping who is affected", body=[g.heading("Unions")])
    second = g.chapter_page(guide=guide, title="Social value", body=[g.heading("Residents")])
    third = g.chapter_page(guide=guide, title="Redress")

    html = _html(client, first.url)
    assert f'<a href="{first.url}" aria-current="page">1. Mapping who is affected</a>' in html
    assert f'<a href="{second.url}">2. Social value</a>' in html
    assert '<a href="#unions">Unions</a>' in html
    assert 'href="#residents"' not in html  # another chapter's headings are on its own page

    html = _html(client, second.url)
    assert f'<a href="{first.url}" rel="prev">' in html
    assert f'<a href="{third.url}" rel="next">' in html

    html = _html(client, guide.url)
    assert f'<a href="{first.url}" rel="next">' in html
    assert 'rel="prev"' not in html


@time_machine.travel(datetime.datetime(2026, 3, 10, 12, 0, tzinfo=datetime.UTC), tick=False)
def test_status_banners_with_a_fixed_clock(client, guidance_index):
    current = g.guide_page(index=guidance_index, slug="current-guide", title="Current guide")
    g.guide_page(index=guidance_index, slug="pilot", status=GuideStatus.PILOT)
    g.guide_page(
        index=guidance_index, slug="old", status=GuideStatus.SUPERSEDED, superseded_by=current
    )
    g.guide_page(
        index=guidance_index,
        slug="overdue",
        last_reviewed_date=datetime.date(2025, 3, 1),
        next_review_date=datetime.date(2026, 3, 9),
    )
    g.guide_page(
        index=guidance_index,
        slug="due-today",
        last_reviewed_date=datetime.date(2025, 3, 1),
        next_review_date=datetime.date(2026, 3, 10),
    )

    pilot = _html(client, "/guidance/pilot/")
    assert "banner--pilot" in pilot
    assert "we want your feedback" in pilot

    old = _html(client, "/guidance/old/")
    assert "has been superseded" in old
    assert '<a href="/guidance/current-guide/">Read the current guide: Current guide</a>' in old

    overdue = _html(client, "/guidance/overdue/")
    assert "banner--overdue" in overdue
    assert "was due for review on 9 March 2026" in overdue

    due_today = _html(client, "/guidance/due-today/")
    assert "banner--overdue" not in due_today
    assert "banner--" not in _html(client, "/guidance/current-guide/")

    with time_machine.travel(datetime.datetime(2026, 3, 11, 9, 0, tzinfo=datetime.UTC)):
        assert "banner--overdue" in _html(client, "/guidance/due-today/")


def test_chapter_pages_show_the_guides_banner(client, guidance_index):
    pilot = g.guide_page(index=guidance_index, slug="pilot", status=GuideStatus.PILOT)
    chapter = g.chapter_page(guide=pilot, title="One")
    assert "we want your feedback" in _html(client, chapter.url)


def test_print_view_has_every_chapter_in_order(client, guide):
    titles = ["Why procurement", "Mapping who is affected", "Social value", "Redress"]
    for title in titles:
        g.chapter_page(guide=guide, title=title, body=[g.heading("Key points"), g.paragraph(title)])
    html = _html(client, "/guidance/procurement/print/")
    positions = [html.index(f"{n}. {t}</h2>") for n, t in enumerate(titles, start=1)]
    assert positions == sorted(positions)
    assert html.index("Why procurement matters") < positions[0]  # the guide's own body first
    # every chapter's "Key points" heading is there, each with its own anchor
    assert html.count(">Key points</h3>") == len(titles)
    anchors = {a for a in html.split('id="')[1:]}
    ids = [a.split('"')[0] for a in anchors]
    assert len(ids) == len(set(ids))
    assert 'href="/static/css/print.css"' in html


def test_print_view_queries_are_constant_in_the_number_of_chapters(client, guide):
    g.chapter_page(guide=guide, title="Only", body=[g.heading("A"), g.paragraph("x")])
    client.get("/guidance/procurement/print/")  # warm caches (site root paths)
    with CaptureQueriesContext(connection) as one:
        assert client.get("/guidance/procurement/print/").status_code == 200
    for n in range(5):
        g.chapter_page(guide=guide, title=f"More {n}", body=[g.heading("B"), g.paragraph("y")])
    client.get("/guidance/procurement/print/")
    with CaptureQueriesContext(connection) as many:
        response = client.get("/guidance/procurement/print/")
    assert response.content.decode().count('class="guide-print__chapter"') == 6
    assert len(many) == len(one)


def test_unpublished_chapters_are_left_out(client, guide):
    g.chapter_page(guide=guide, title="Visible")
    hidden = g.chapter_page(guide=guide, title="Hidden")
    hidden.unpublish()
    html = _html(client, "/guidance/procurement/print/")
    assert "Visible" in html
    assert "Hidden" not in html


def _blocks(*items):
    return [SimpleNamespace(block_type=kind, value=value) for kind, value in items]


def test_body_outline_demotes_headings_and_prefixes_anchors_for_print():
    headings, blocks = body_outline(
        body=_blocks(g.heading("Scope"), g.paragraph("x"), g.heading("Detail", "h3")),
        prefix="chapter-1",
        demote=True,
    )
    assert [(h.anchor, h.level) for h in headings] == [
        ("chapter-1-scope", "h2"),
        ("chapter-1-detail", "h3"),
    ]
    assert [b.tag for b in blocks] == ["h3", "", "h4"]
    assert blocks[1].heading is None


@settings(max_examples=50, deadline=None)
@given(st.lists(st.text(max_size=30), max_size=12))
def test_anchors_are_unique_and_follow_the_heading_slug(texts):
    headings, _ = body_outline(body=_blocks(*[g.heading(t or "x") for t in texts]))
    anchors = [h.anchor for h in headings]
    assert len(anchors) == len(set(anchors))
    for heading in headings:
        base = slugify(heading.text) or "section"
        assert heading.anchor == base or heading.anchor.startswith(f"{base}-")


def test_guides_current_lists_published_and_pilot_newest_first(guidance_index):
    old = g.guide_page(index=guidance_index, published_date=datetime.date(2024, 1, 1))
    new = g.guide_page(
        index=guidance_index, status=GuideStatus.PILOT, published_date=datetime.date(2025, 1, 1)
    )
    g.guide_page(index=guidance_index, status=GuideStatus.DRAFT)
    g.guide_page(index=guidance_index, live=False)
    assert [p.pk for p in guides_current(limit=5)] == [new.pk, old.pk]
    assert [p.pk for p in guides_current(limit=1)] == [new.pk]

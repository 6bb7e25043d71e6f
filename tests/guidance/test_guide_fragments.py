"""Guide and chapter pages keep their reading parts rendered (guidance.page_contexts._fragment,
{% cache %} in the templates): what every reader of a revision sees in a language is rendered
once, the feedback form (with each reader's CSRF token) every time, and a publish, a report, a
language or a preview is never answered with the wrong parts."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.factories import guidance as g
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def chapter(guide):
    return g.chapter_page(guide=guide, title="Writing the tender", body=[g.paragraph("Ask early.")])


def _get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode(), len(queries)


def _token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


@pytest.mark.parametrize("which", ["guide", "chapter"])
def test_a_repeat_reading_renders_only_the_feedback_form_again(guide, chapter, which):
    url = guide.url if which == "guide" else chapter.url
    first_reader, second_reader = Client(), Client()
    first_reader.force_login(UserFactory())
    second_reader.force_login(UserFactory())
    first_html, first_queries = _get(first_reader, url)
    _html, repeat_queries = _get(first_reader, url)
    second_html, second_queries = _get(second_reader, url)
    assert repeat_queries < first_queries and second_queries < first_queries
    # The same page for both readers, each with their own token in the feedback form.
    assert _token(first_html) != _token(second_html)
    assert first_html.replace(_token(first_html), "") == second_html.replace(
        _token(second_html), ""
    )
    assert "Was this guidance useful?" in second_html or 'name="useful"' in second_html


def test_a_new_revision_and_a_new_chapter_show_at_once(client, guide, chapter):
    assert "Because buying shapes services." in _get(client, guide.url)[0]
    guide.summary = "A revised summary for buyers."
    guide.save_revision().publish()
    html = _get(client, guide.url)[0]
    assert "A revised summary for buyers." in html
    g.chapter_page(guide=guide, title="Evaluating the bids")
    assert "Evaluating the bids" in _get(client, guide.url)[0]  # in the contents
    assert "Evaluating the bids" in _get(client, chapter.url)[0]  # in the chapter's contents


def test_each_language_has_its_own_parts(client, guide):
    english = _get(client, guide.url)[0]
    welsh = _get(client, "/cy" + guide.url)[0]
    meta = re.compile(r'<p class="card__meta">([^<]*)</p>')
    assert meta.search(english).group(1).startswith("Version 1.2")
    assert meta.search(welsh).group(1).startswith("Fersiwn 1.2")


def test_a_preview_shows_the_draft_and_leaves_the_live_page_as_it_is(client, guide):
    _get(client, guide.url)  # the live parts are now kept
    guide.summary = "A draft summary nobody has approved."
    preview = guide.make_preview_request().content.decode()
    assert "A draft summary nobody has approved." in preview
    live = _get(client, guide.url)[0]
    assert "A draft summary nobody has approved." not in live
    assert "How to involve the public." in live

"""Words on every page type (issue 16, point 11): titles never have an empty or doubled part, the
site name appears once, no "(s)" pseudo-plurals, no "Topics for Topics for", "email" (GOV.UK
style), never "e-mail".

Every page of ``tests/demo_pages.py`` (every Wagtail page model and every named public URL, in
English and Welsh, as each role) is fetched with the test client, plus a few states the demo does
not reach (a vote page with no dots left, the confirmation pages)."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

import pytest

from tests.demo_pages import ROLE_EMAILS, demo_pages, load_demo_site

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

SITE_NAME = "Public participation community"


class TextParser(HTMLParser):
    """The document title and the text a person sees (no script, style or template)."""

    SKIP = {"script", "style", "template", "noscript"}

    def __init__(self):
        super().__init__()
        self.title = ""
        self.text: list[str] = []
        self._stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in ("br", "img", "input", "meta", "link", "hr", "source", "wbr"):
            self._stack.append(tag)

    def handle_endtag(self, tag):
        if tag in self._stack:
            while self._stack and self._stack.pop() != tag:
                pass

    def handle_data(self, data):
        if "title" in self._stack:
            self.title += data
        elif not self.SKIP & set(self._stack):
            self.text.append(data)


def words(html: str) -> tuple[str, str]:
    parser = TextParser()
    parser.feed(html)
    title = " ".join(unescape(parser.title).split())
    text = " ".join(unescape(" ".join(parser.text)).split())
    return title, text


def problems(url: str, html: str) -> list[str]:
    title, text = words(html)
    found = []
    if not title:
        found.append(f"{url}: no title")
    if "|  |" in title or re.search(r"\|\s*\|", title):
        found.append(f"{url}: empty part in title {title!r}")
    if title.startswith("|") or title.endswith("|"):
        found.append(f"{url}: title starts or ends with '|': {title!r}")
    if title.count(SITE_NAME) > 1:
        found.append(f"{url}: site name twice in title {title!r}")
    parts = [part.strip() for part in title.split("|")]
    if len(parts) != len(set(parts)):
        found.append(f"{url}: a part repeats in title {title!r}")
    if "(s)" in text or "(es)" in text:
        found.append(f"{url}: pseudo-plural in {text[max(0, text.find('(s)') - 60) :][:120]!r}")
    if "Topics for Topics" in text or "Topics for Topics" in title:
        found.append(f"{url}: 'Topics for Topics'")
    seen = f"{title} {text}"
    hyphenated = re.search(r"\b[Ee]-mail", seen)
    if hyphenated:  # GOV.UK style: "email", one word
        found.append(f"{url}: 'e-mail' in {seen[max(0, hyphenated.start() - 60) :][:120]!r}")
    return found


def test_every_page_type_has_clean_titles_and_words(client, home_page):
    from community.models import User

    load_demo_site()
    pages = demo_pages()
    users = {role: User.objects.get(email=email) for role, email in ROLE_EMAILS.items()}
    found: list[str] = []
    seen = 0
    for page in sorted(pages, key=lambda p: p.role):
        client.logout()
        if page.role != "anonymous":
            client.force_login(users[page.role])
        response = client.get(page.url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        seen += 1
        found += problems(f"{page.url} ({page.role})", response.content.decode())
    assert seen > 60
    assert found == []


def test_standing_board_title_is_not_built_twice(client, home_page):
    from events.unconferences.models import TopicBoard

    load_demo_site()
    board = TopicBoard.objects.get(unconference__isnull=True)
    assert not board.title.startswith("Topics for")
    html = client.get(board.get_absolute_url()).content.decode()
    assert f"Topics for {board.meeting_series.title}</h1>" in html


def test_demo_reload_repairs_a_board_title_built_twice(home_page):
    from events.unconferences.models import TopicBoard

    load_demo_site()
    board = TopicBoard.objects.get(unconference__isnull=True)
    TopicBoard.objects.filter(pk=board.pk).update(title=f"Topics for {board.title}")
    load_demo_site()
    board.refresh_from_db()
    assert board.title == board.meeting_series.title


def test_title_parts_vanish_when_empty():
    from core.templatetags.title_tags import tidy_title

    assert tidy_title("Events |  | Site") == "Events | Site"
    assert tidy_title(" | Site") == "Site"
    assert tidy_title("Sign in | Site | Site") == "Sign in | Site"
    assert tidy_title("Organise: Design lab | Site") == "Organise: Design lab | Site"


def test_words_check_finds_e_mail_but_not_email_or_e_bost():
    page = "<title>{} | Site</title><main><p>{}</p></main>"
    assert problems("/a/", page.format("Account", "Save e-mail preferences")) != []
    assert problems("/a/", page.format("Check your E-mail", "Done")) != []
    assert problems("/a/", page.format("Account", "Save email preferences")) == []
    assert problems("/cy/a/", page.format("Cyfrif", "Cadw dewisiadau e-bost")) == []

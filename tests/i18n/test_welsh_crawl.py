"""The Welsh site stays Welsh: every page of the demo under /cy/, crawled breadth-first with the
Django test client as an anonymous visitor, a signed-in member and an organiser, links only to
/cy/ addresses (docs/welsh.md, "Links on Welsh pages").

The anonymous crawl visits every page it can reach from the start pages. The signed-in crawls
are bounded: they visit a few pages of each kind (``/cy/events/*/``, ``/cy/members/*/``...),
since what signing in changes is a kind's controls, not its many objects' contents; every link
on every page they visit is still checked.

Excepted: machine endpoints (calendar files, CSV/JSON data, feeds, the admin, static and media
files, the sitemap), the language switcher (a form that posts to /language/), links that say
they lead to the English page (``hreflang="en-GB"``: the "Read the English page" link on a page
not yet in Welsh) and a link to the page's own canonical address (``<link rel="canonical">``:
the citation's stable address of an English page, an identifier to copy). Any 5xx fails too.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

START = ("/cy/", "/cy/search/?q=data", "/cy/search/?q=unconference", "/cy/unconferences/")
MAX_PAGES = 400  # per role; the demo has far fewer distinct pages
MAX_QUERY_VARIANTS = 3  # filtered/sorted/paginated versions of one path that are followed
PER_KIND = 3  # signed-in crawls: pages followed per kind (the path with its last part as *)
MACHINE_SUFFIXES = (".ics", ".csv", ".json", ".xml", ".txt", ".rss", ".atom", ".bib", ".ris")
MACHINE_PREFIXES = (
    "/admin/",
    "/django-admin/",
    "/static/",
    "/media/",
    "/documents/",
    "/language/",
    "/healthz",
    "/sitemap.xml",
    "/robots.txt",
    "/unsubscribe/",  # signed links from e-mails, outside i18n_patterns
)
MACHINE_PARTS = ("/feed/", "/calendar/")


@dataclass
class Link:
    url: str
    kind: str  # "a" or "form"
    english: bool = False  # hreflang="en-GB": says it leads to the English page


class LinkParser(HTMLParser):
    """Every <a href> and <form action> in the page's body."""

    def __init__(self):
        super().__init__()
        self.links: list[Link] = []
        self.in_body = False
        self.canonical = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") == "canonical":
            self.canonical = attrs.get("href") or ""
        if tag == "body":
            self.in_body = True
        if not self.in_body:
            return
        if tag == "a" and attrs.get("href"):
            self.links.append(
                Link(attrs["href"], "a", english=(attrs.get("hreflang") or "").lower() == "en-gb")
            )
        elif tag == "form":
            self.links.append(Link(attrs.get("action") or "", "form"))


def is_machine(path: str) -> bool:
    bare = path.removeprefix("/cy")
    return (
        bare.startswith(MACHINE_PREFIXES)
        or path.endswith(MACHINE_SUFFIXES)
        or any(part in bare for part in MACHINE_PARTS)
    )


@dataclass
class CrawlResult:
    visited: list[str] = field(default_factory=list)
    leaks: list[str] = field(default_factory=list)  # "page -> link"
    errors: list[str] = field(default_factory=list)  # 5xx


def kind_of(path: str) -> str:
    """/cy/events/some-meeting/ -> /cy/events/*/ (a page's kind, for the signed-in crawls);
    a section's own page (/cy/events/) is a kind of its own."""
    parts = path.strip("/").split("/")
    if len(parts) <= 2:
        return path
    return "/" + "/".join(parts[:-1]) + "/*/"


def crawl(client, *, per_kind: int | None = None) -> CrawlResult:
    result = CrawlResult()
    queue: deque[str] = deque(START)
    seen: set[str] = set(START)
    variants: dict[str, int] = {}
    kinds: dict[str, int] = {}
    while queue and len(result.visited) < MAX_PAGES:
        url = queue.popleft()
        response = client.get(url)
        result.visited.append(url)
        if response.status_code >= 500:
            result.errors.append(f"{url} -> {response.status_code}")
            continue
        targets: list[Link] = []
        if response.status_code in (301, 302, 303, 307, 308):
            targets.append(Link(response["Location"], "redirect"))
        elif "text/html" in response.get("Content-Type", ""):
            parser = LinkParser()
            parser.feed(response.content.decode())
            targets = [
                link
                for link in parser.links
                if not (parser.canonical and link.url == parser.canonical)
            ]
        for link in targets:
            absolute = urljoin("http://testserver" + url, link.url)
            parts = urlsplit(absolute)
            if parts.netloc != "testserver" or parts.scheme not in ("http", "https"):
                continue  # another site, mailto:, tel:
            path = parts.path
            if is_machine(path) or link.english:
                continue
            if path != "/cy/" and not path.startswith("/cy/"):
                result.leaks.append(f"{url} -> {link.kind} {link.url}")
                continue
            if link.kind == "form":
                continue  # not submitted: the crawl only follows links
            target = path + (f"?{parts.query}" if parts.query else "")
            if target in seen:
                continue
            if parts.query:
                if variants.get(path, 0) >= MAX_QUERY_VARIANTS:
                    continue
                variants[path] = variants.get(path, 0) + 1
            if per_kind is not None:
                kind = kind_of(path)
                if kinds.get(kind, 0) >= per_kind:
                    continue
                kinds[kind] = kinds.get(kind, 0) + 1
            seen.add(target)
            queue.append(target)
    return result


@pytest.fixture
def demo(home_page):
    call_command("load_demo_content", stdout=open_null())


def open_null():
    import io

    return io.StringIO()


def test_every_welsh_page_links_only_to_welsh_pages(client, demo):
    from community.demo import DEMO_ORGANISER_EMAIL, DEMO_PASSWORD
    from community.models import User

    member = (
        User.objects.filter(is_active=True, is_staff=False, groups__isnull=True)
        .exclude(email=DEMO_ORGANISER_EMAIL)
        .filter(approval_status="approved")
        .order_by("pk")
        .first()
    )
    report = []
    sizes = {}
    for role, email in (
        ("anonymous", None),
        ("member", member.email),
        ("organiser", DEMO_ORGANISER_EMAIL),
    ):
        client.logout()
        if email:
            assert client.login(email=email, password=DEMO_PASSWORD), role
        result = crawl(client, per_kind=PER_KIND if email else None)
        sizes[role] = len(result.visited)
        if len(result.visited) < 30:
            report.append(f"[{role}] the crawl reached only {len(result.visited)} pages")
        report += [f"[{role}] 5xx: {line}" for line in result.errors]
        report += [f"[{role}] leaves /cy/: {line}" for line in sorted(set(result.leaks))]
    assert not report, f"{sizes}\n" + "\n".join(report)

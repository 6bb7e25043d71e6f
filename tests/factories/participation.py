"""Site-wide pages: updates index, updates and standard pages (plain helpers over Wagtail's API)."""

import datetime
import itertools

from participation.enums import UpdateKind
from participation.models import StandardPage, UpdatePage, UpdatesIndexPage

_counter = itertools.count(1)


def _paragraph(text: str) -> list:
    return [("paragraph", f"<p>{text}</p>")]


def updates_index(*, home, title: str = "Updates", slug: str = "updates") -> UpdatesIndexPage:
    index = UpdatesIndexPage.objects.child_of(home).first()
    if index is None:
        index = UpdatesIndexPage(title=title, slug=slug, intro="<p>Opinion, weeknotes, news.</p>")
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


def update_page(
    *,
    index,
    title: str | None = None,
    kind: str = UpdateKind.NEWS,
    date: datetime.date | None = None,
    summary: str = "A short summary of the update.",
    body: str = "The body of the update.",
    tags: list[str] | None = None,
    author_name: str = "Alex Author",
    author_role: str = "Convenor",
    live: bool = True,
    related_case_studies: list | None = None,
    related_guides: list | None = None,
) -> UpdatePage:
    n = next(_counter)
    page = UpdatePage(
        title=title or f"Update number {n}",
        slug=f"update-{n}",
        kind=kind,
        date=date or datetime.date(2024, 1, 1) + datetime.timedelta(days=n),
        summary=summary,
        body=_paragraph(body),
        author_name=author_name,
        author_role=author_role,
        live=live,
    )
    page.related_case_studies = related_case_studies or []
    page.related_guides = related_guides or []
    index.add_child(instance=page)
    if tags:
        page.tags.add(*tags)
    revision = page.save_revision()
    if live:
        revision.publish()
    return page


def standard_page(
    *, parent, title: str = "About this community", slug: str | None = None, body: str = ""
) -> StandardPage:
    page = StandardPage(
        title=title,
        slug=slug or f"page-{next(_counter)}",
        intro="An introduction.",
        body=_paragraph(body or "Body text of the page."),
    )
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page

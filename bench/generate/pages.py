"""Wagtail pages in bulk: computed treebeard paths instead of ``add_child`` one page at a time
(about 25 ms a page here: full_clean, sibling slug check, signals, search and reference index
updates), an index page under the home page, and a set-based check of the tree afterwards."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone
from tqdm import tqdm
from wagtail.models import Page

from bench.generate.context import BATCH, BenchDataError
from participation.demo import home_page


def bulk_add_children(parent: Page, pages: list[Page], *, progress: str | None = None) -> None:
    """Insert unsaved ``pages`` (all of one specific page type) as the last children of
    ``parent``: computed materialised paths, url_path, locale; Page rows with bulk_create, then
    the specific table with a multi-row INSERT per batch; parent's numchild updated once."""
    if not pages:
        return
    model = type(pages[0])
    parent = Page.objects.get(pk=parent.pk)
    last = parent.get_last_child()
    start = last._get_lastpos_in_path() + 1 if last else 1
    content_type = ContentType.objects.get_for_model(model)
    now = timezone.now()
    base_fields = [f.attname for f in Page._meta.concrete_fields if f.attname != "id"]
    bar = tqdm(total=len(pages), desc=progress, unit="page", disable=progress is None)
    for offset in range(0, len(pages), BATCH):
        chunk = pages[offset : offset + BATCH]
        bases = []
        for i, page in enumerate(chunk, start=start + offset):
            page.path = Page._get_path(parent.path, parent.depth + 1, i)
            page.depth = parent.depth + 1
            page.numchild = 0
            page.url_path = f"{parent.url_path}{page.slug}/"
            page.content_type_id = content_type.pk
            page.locale_id = parent.locale_id
            page.live = True
            page.has_unpublished_changes = False
            page.draft_title = page.title
            page.first_published_at = page.first_published_at or now
            page.last_published_at = page.last_published_at or page.first_published_at
            bases.append(Page(**{name: getattr(page, name) for name in base_fields}))
        Page.objects.bulk_create(bases)
        for page, base in zip(chunk, bases, strict=True):
            page.id = page.page_ptr_id = base.pk
        model._base_manager._insert(
            chunk, fields=list(model._meta.local_concrete_fields), using=connection.alias
        )
        for page in chunk:
            page._state.adding = False
        bar.update(len(chunk))
    bar.close()
    Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + len(pages))


def index_page(model, *, slug: str, title: str, **fields):
    """The home page's child of type ``model`` (the demo content's, if loaded), else a new one."""
    home = home_page()
    found = model.objects.child_of(home).first()
    if found is not None:
        return found
    index = model(title=title, slug=slug, **fields)
    home.add_child(instance=index)
    index.save_revision().publish()
    return model.objects.get(pk=index.pk)


def tree_check() -> None:
    """Set-based checks of the materialised paths (treebeard's find_problems() visits every
    node with its own queries: six minutes at 10,000 pages; tests/bench/ run it on small
    data): depth matches the path, every parent exists, every numchild is right."""
    checks = {
        "depth does not match the path": (
            "SELECT COUNT(*) FROM wagtailcore_page WHERE LENGTH(path) <> depth * %s"
        ),
        "parent missing": (
            "SELECT COUNT(*) FROM wagtailcore_page AS c WHERE c.depth > 1 AND NOT EXISTS "
            "(SELECT 1 FROM wagtailcore_page AS p "
            "WHERE p.path = SUBSTR(c.path, 1, LENGTH(c.path) - %s))"
        ),
        "wrong numchild": (
            "SELECT COUNT(*) FROM wagtailcore_page AS p LEFT JOIN "
            "(SELECT SUBSTR(path, 1, LENGTH(path) - %s) AS parent_path, COUNT(*) AS n "
            "FROM wagtailcore_page WHERE depth > 1 GROUP BY 1) "
            "AS c ON c.parent_path = p.path WHERE p.numchild <> COALESCE(c.n, 0)"
        ),
    }
    problems = {}
    with connection.cursor() as cursor:
        for label, sql in checks.items():
            cursor.execute(sql, [Page.steplen] * sql.count("%s"))
            count = cursor.fetchone()[0]
            if count:
                problems[label] = count
    if problems:
        raise BenchDataError(f"Page tree problems after bulk creation: {problems}")

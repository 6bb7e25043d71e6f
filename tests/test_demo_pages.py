"""The demo page list (tests/demo_pages.py) covers every page type of the site: every Wagtail
page model has a live page in it, and every named public URL is either visited or listed in
NOT_SWEPT with the reason. Adding a page type without sweeping it fails here."""

from urllib.parse import urlsplit

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from wagtail.models import Page, get_page_models

from tests.demo_pages import NOT_PUBLIC_PREFIXES, NOT_SWEPT, demo_pages, load_demo_site

pytestmark = pytest.mark.django_db


def named_public_urls() -> set[str]:
    names = set()

    def walk(patterns, prefix="", namespace=""):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if route.startswith(NOT_PUBLIC_PREFIXES):
                continue
            if isinstance(pattern, URLResolver):
                ns = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
                walk(pattern.url_patterns, route, ns)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(namespace + pattern.name)

    walk(get_resolver().url_patterns)
    names.discard("wagtail_serve")  # every page model is checked below
    return names


def view_name(url: str) -> str | None:
    path = urlsplit(url).path
    if path.startswith("/cy/"):
        path = path[3:]
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


def test_demo_pages_cover_every_page_model_and_every_named_url(home_page):
    load_demo_site()
    pages = demo_pages()

    swept_models = {page.kind for page in pages if page.kind}
    models = {model._meta.label for model in get_page_models() if model is not Page}
    assert models - swept_models == set(), "page models with no live page in the demo sweep"

    swept_names = {view_name(page.url) for page in pages}
    public = named_public_urls()
    assert public - swept_names - set(NOT_SWEPT) == set(), "named URLs neither swept nor excused"
    assert set(NOT_SWEPT) - public == set(), "NOT_SWEPT names a URL that no longer exists"

    assert {page.role for page in pages} >= {"anonymous", "member", "pending", "organiser"}
    statuses = {page.status for page in pages}
    assert {200, 403, 404} <= statuses
    welsh = [page for page in pages if page.url.startswith("/cy/")]
    assert len(welsh) >= 10

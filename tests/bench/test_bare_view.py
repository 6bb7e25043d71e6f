"""The bare benchmark view exists only when BENCH_BARE_VIEW is on (bench/run.py's server)."""

import importlib

import pytest
from django.urls import clear_url_caches

pytestmark = pytest.mark.django_db


def _reload_urls():
    import participation.urls

    importlib.reload(participation.urls)
    clear_url_caches()


def test_not_routed_by_default(client, home_page):
    assert client.get("/bench/bare/", secure=True).status_code == 404


def test_routed_when_enabled(client, settings):
    settings.BENCH_BARE_VIEW = True
    _reload_urls()
    try:
        response = client.get("/bench/bare/", secure=True)
    finally:
        settings.BENCH_BARE_VIEW = False
        _reload_urls()
    assert response.status_code == 200
    assert response.content == b"bare"
    assert response["Content-Type"].startswith("text/plain")

"""Reads of the ground: navigation links, health components, the worker heartbeat."""

from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from kombu import Connection
from wagtail.query import PageQuerySet

from .content_cache import site_has_view_restrictions
from .models import Heartbeat, NavigationLink


def pages_public(pages: PageQuerySet) -> PageQuerySet:
    """``pages.public()``, without reading every view restriction (one query each time) while
    the site has none (core.content_cache)."""
    return pages.public() if site_has_view_restrictions() else pages


def navigation_links(*, site) -> list[NavigationLink]:
    return list(
        NavigationLink.objects.filter(settings__site=site)
        .select_related("link_page")
        .order_by("sort_order")
    )


def health_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def health_cache() -> None:
    cache.set("healthz:probe", "ok", timeout=10)
    if cache.get("healthz:probe") != "ok":
        raise RuntimeError("cache did not return the value just written")


def health_broker() -> None:
    with Connection(
        settings.CELERY_BROKER_URL,
        transport_options=getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {}),
        connect_timeout=2,
    ) as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
        if conn.transport_cls == "filesystem" or conn.transport.driver_type == "filesystem":
            folder = Path(conn.transport_options["data_folder_in"])
            if not folder.is_dir():
                raise RuntimeError(f"broker folder {folder} does not exist")


def heartbeat_last_seen(*, name: str):
    row = Heartbeat.objects.filter(name=name).first()
    return row.last_seen if row else None

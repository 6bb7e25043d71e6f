from urllib.parse import urlsplit

from django.db import transaction
from django.utils import timezone
from wagtail.models import Page, Site

from .http import site_origin
from .models import Heartbeat


@transaction.atomic
def heartbeat_record(*, name: str) -> Heartbeat:
    heartbeat, _ = Heartbeat.objects.update_or_create(
        name=name, defaults={"last_seen": timezone.now()}
    )
    return heartbeat


# --- The default Wagtail Site follows SITE_URL -------------------------------------------------


def site_url_parts(*, site_url: str | None = None) -> tuple[str, int]:
    """(hostname, port) of SITE_URL as wagtailcore.Site stores them: the port is the explicit
    one, else 443 for https and 80 for http."""
    parts = urlsplit(site_url if site_url is not None else site_origin())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"SITE_URL must be an http(s) address, not {site_url!r}")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return parts.hostname, port


def site_mismatches(*, site: Site) -> list[str]:
    """How the default Site differs from SITE_URL, e.g. ``["hostname 'localhost' (SITE_URL:
    'cop.example.org')"]``; empty when they agree."""
    hostname, port = site_url_parts()
    found = []
    if site.hostname != hostname:
        found.append(f"hostname {site.hostname!r} (SITE_URL: {hostname!r})")
    if site.port != port:
        found.append(f"port {site.port} (SITE_URL: {port})")
    return found


@transaction.atomic
def site_sync_from_site_url(*, root_page: Page | None = None, site_name: str = "") -> list[str]:
    """Make the default Wagtail Site's hostname and port match SITE_URL (creating the Site at
    ``root_page`` if there is none). Returns what changed, in words; empty when nothing did.
    Idempotent. Used by ``load_demo_content`` and ``manage.py sync_site_from_site_url``."""
    hostname, port = site_url_parts()
    site = Site.objects.select_for_update().filter(is_default_site=True).first()
    if site is None:
        if root_page is None:
            raise ValueError("There is no default site, and no root page to create one at.")
        site = Site(is_default_site=True, root_page=root_page, site_name=site_name)
        changes = [f"created the default site at {hostname}:{port}"]
    else:
        changes = [
            f"{field}: {getattr(site, field)!r} -> {value!r}"
            for field, value in (("hostname", hostname), ("port", port))
            if getattr(site, field) != value
        ]
        if root_page is not None and site.root_page_id != root_page.pk:
            changes.append(f"root page: {site.root_page_id} -> {root_page.pk}")
        if not changes:
            return []
    site.hostname = hostname
    site.port = port
    if root_page is not None:
        site.root_page = root_page
    site.full_clean()
    site.save()
    return changes

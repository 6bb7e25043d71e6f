"""The visitor's address, for rate limits (django-ratelimit's ``RATELIMIT_IP_META_KEY`` and
allauth's, through ``community.adapters.AccountAdapter.get_client_ip``).

Behind a reverse proxy every request arrives from the proxy's address, so per-address limits
would be shared by everyone. With ``TRUSTED_PROXY_COUNT = n`` (the number of proxies in front of
gunicorn that append to ``X-Forwarded-For``), the address is the n-th entry from the right of
that header: the one the outermost trusted proxy saw. Entries further left are written by the
client and are never trusted. A port (``1.2.3.4:5678``, ``[::1]:443``) is dropped. When the
header has fewer entries than that, or the entry is not an address, the connection's address is
used (never an error). Keep 0 when gunicorn faces the internet directly: then the header is
ignored, since a client could write any address into it.
"""

import ipaddress

from django.conf import settings


def _address(value: str) -> str | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [IPv6]:port
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # IPv4:port
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count <= 0:
        return remote
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    forwarded = [part for part in header.split(",") if part.strip()]
    if len(forwarded) < count:
        return remote  # not through the expected proxies: use the connection's address
    return _address(forwarded[-count]) or remote


# One origin everywhere ----------------------------------------------------------------------
# Every absolute URL the site hands out (page heads, sitemap.xml, robots.txt, feeds, calendar
# files, e-mails, open data, citations) is built here from settings.SITE_URL, never from the
# request's Host header or from wagtailcore.Site (which ``sync_site_from_site_url`` keeps
# matching SITE_URL, and the ``participation.W001`` check warns about when it does not).


def site_origin() -> str:
    """The public origin, ``scheme://host[:port]``, without a trailing slash (from SITE_URL)."""
    return settings.SITE_URL.rstrip("/")


def absolute_url(target, *, request=None) -> str:
    """The absolute canonical URL of ``target``: a path (``"/events/"``), a Wagtail page (its
    URL in its own locale, ``/cy/...`` for a Welsh page) or anything with
    ``get_absolute_url()``. An empty string for a page that has no URL (not routable).
    A URL that is already absolute is returned unchanged (an external link)."""
    if isinstance(target, str):
        path = target
    elif hasattr(target, "get_url_parts"):  # a Wagtail page
        parts = target.get_url_parts(request)
        if parts is None:
            return ""
        path = parts[2]
    else:
        path = target.get_absolute_url()
    if not path:
        return ""
    if path.startswith(("http://", "https://", "mailto:")):
        return path
    if not path.startswith("/"):
        path = f"/{path}"
    return f"{site_origin()}{path}"

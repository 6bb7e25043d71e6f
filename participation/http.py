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

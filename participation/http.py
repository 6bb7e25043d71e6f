"""The visitor's address, for rate limits (django-ratelimit's ``RATELIMIT_IP_META_KEY``).

Behind a reverse proxy every request arrives from the proxy's address, so per-address limits
would be shared by everyone. With ``TRUSTED_PROXY_COUNT = n`` (the number of proxies in front of
gunicorn that append to ``X-Forwarded-For``), the address is the n-th entry from the right of
that header: the one the outermost trusted proxy saw. Entries further left are written by the
client and are never trusted. allauth reads the same count (``ALLAUTH_TRUSTED_PROXY_COUNT``).
"""

import ipaddress

from django.conf import settings


def client_ip(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < count:
        return remote  # not through the expected proxies: use the connection's address
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote

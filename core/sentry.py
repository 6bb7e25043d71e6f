"""Error reports to Sentry, with members' personal data left out (docs/operations.md, "Errors").

``sentry_init(dsn=...)`` is called by settings/base.py when SENTRY_DSN is set, in every process
that loads the settings: web (Django integration: unhandled exceptions in views) and Celery
workers (Celery integration: a task that raises). Nothing is sent when SENTRY_DSN is unset; then
``ADMINS`` get Django's e-mail for each 500 instead (settings/base.py, LOGGING).

What leaves the site (``scrub_event``, Sentry's ``before_send``):
- no user details beyond the numeric id (``send_default_pii=False``; e-mail, name, IP dropped);
- no request body, cookies, query string or headers other than a few harmless ones;
- no values from the address: the request's URL keeps only its route
  (``/members/{slug}/``, ``/accounts/password/reset/key/{uidb36}-{key}/``), never the member's
  slug or a one-time key in the path; a path that matched no route is left out altogether;
- no local variables of stack frames (they hold members, forms and querysets);
- values under personal keys (``email``, ``name``, ``display_name``, ``to`` ...) in extra data,
  breadcrumbs and contexts replaced by ``[Filtered]``; every e-mail address anywhere in the event
  (exception messages, log messages) replaced by ``[email]``.
Each event carries the ``request_id`` tag: the reference on the 500 page and in the log lines.

This module imports no models: settings import it.
"""

import re
import warnings
from urllib.parse import urlsplit, urlunsplit

import sentry_sdk
from sentry_sdk.integrations.celery import CeleryIntegration
from sentry_sdk.integrations.django import DjangoIntegration
from sentry_sdk.scrubber import DEFAULT_DENYLIST, DEFAULT_PII_DENYLIST, EventScrubber

from .request_id import get_request_id

FILTERED = "[Filtered]"
EMAIL_ADDRESS = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
# Keys whose values name or reach a person (lower case; compared case-insensitively).
PERSONAL_KEYS = frozenset(
    {
        "email",
        "e-mail",
        "email_address",
        "emails",
        "name",
        "names",
        "full_name",
        "member_name",
        "display_name",
        "first_name",
        "last_name",
        "username",
        "user",
        "member",
        "members",
        "author",
        "organiser",
        "to",
        "cc",
        "bcc",
        "reply_to",
        "recipient",
        "recipients",
        "from_email",
        "address",
        "phone",
        "bio",
        "login",
        "ip",
        "ip_address",
        "remote_addr",
        "x_forwarded_for",
    }
)
# Request headers worth keeping: none of them carries a person's data.
SAFE_HEADERS = frozenset(
    {"accept", "accept-language", "content-type", "content-length", "host", "user-agent"}
    | {"x-request-id", "x-forwarded-proto"}
)
# Parts of an event where a key names what it holds (the SDK's own metadata, such as
# ``sdk.name``, is left alone).
KEYED_PARTS = ("extra", "contexts", "breadcrumbs", "request", "tags")


def _redact_emails(value):
    """Every string in ``value`` with e-mail addresses replaced, recursively."""
    if isinstance(value, str):
        return EMAIL_ADDRESS.sub("[email]", value)
    if isinstance(value, dict):
        return {key: _redact_emails(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_redact_emails(item) for item in value]
    return value


def _drop_personal_keys(value):
    if isinstance(value, dict):
        return {
            key: FILTERED
            if isinstance(key, str) and key.lower() in PERSONAL_KEYS
            else _drop_personal_keys(item)
            for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        return [_drop_personal_keys(item) for item in value]
    return value


def _route_only(event: dict, request: dict) -> None:
    """The request's URL and the transaction name with the route instead of the real path:
    a path holds members' slugs, e-mail confirmation and password reset keys and unsubscribe
    tokens. Sentry's Django integration names the transaction after the route when the path
    resolved (source "route"), else after the raw path (source "url")."""
    source = (event.get("transaction_info") or {}).get("source")
    route = event.get("transaction") if source == "route" else None
    if source == "url":
        event["transaction"] = FILTERED
    if request.get("url"):
        parts = urlsplit(request["url"])
        path = route if isinstance(route, str) and route.startswith("/") else ""
        request["url"] = urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def scrub_event(event: dict, hint: dict | None = None) -> dict:
    """Sentry's ``before_send``: remove members' personal data, add the request id."""
    user = event.get("user") or {}
    event["user"] = {"id": user["id"]} if user.get("id") else {}
    request = event.get("request")
    if isinstance(request, dict):
        _route_only(event, request)
        for part in ("data", "cookies", "query_string", "env"):
            if request.get(part):
                request[part] = FILTERED
        headers = request.get("headers") or {}
        request["headers"] = {
            name: value for name, value in headers.items() if name.lower() in SAFE_HEADERS
        }
    for part in KEYED_PARTS:
        if part in event:
            if part == "breadcrumbs":
                crumbs = event[part]
                values = crumbs.get("values", []) if isinstance(crumbs, dict) else crumbs
                for crumb in values:
                    if isinstance(crumb, dict) and "data" in crumb:
                        crumb["data"] = _drop_personal_keys(crumb["data"])
            elif part != "tags":
                event[part] = _drop_personal_keys(event[part])
    request_id = get_request_id()
    if request_id:
        tags = event.setdefault("tags", {})
        if isinstance(tags, dict):
            tags["request_id"] = request_id
    return _redact_emails(event)


def sentry_init(
    *,
    dsn: str,
    environment: str | None = None,
    release: str | None = None,
    traces_sample_rate: float = 0.0,
) -> None:
    with warnings.catch_warnings():
        # sentry-sdk 2.76 prefers its newer data_collection option, which switches the event
        # scrubber below off; send_default_pii=False keeps the scrubber and means the same.
        warnings.filterwarnings("ignore", "The send_default_pii option", DeprecationWarning)
        _init(dsn=dsn, environment=environment, release=release, rate=traces_sample_rate)


def _init(*, dsn, environment, release, rate) -> None:
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        event_scrubber=EventScrubber(
            denylist=DEFAULT_DENYLIST + DEFAULT_PII_DENYLIST + sorted(PERSONAL_KEYS),
            recursive=True,
        ),
        before_send=scrub_event,
        before_send_transaction=scrub_event,
        traces_sample_rate=rate,
    )

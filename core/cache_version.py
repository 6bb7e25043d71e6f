"""A *content version* kept in the cache: the one mechanism behind the page cache, the frame cache
and the impact figures (docs/performance.md, "Content versions").

Cached values are stored under the version that was current when they were built; a change to
what they show *bumps* the version, so everything stored before it is out of date at once (an
entry of an older version is a miss, and expires in its own time).

A bump happens twice:

- **now**, so that the transaction making the change (a request that saves and then renders)
  does not read a value built before its own change;
- **when the transaction commits**, because another request may have read the old rows between
  the change and its commit and stored them under the new version. That second bump is
  registered **once per transaction**, however many rows the transaction saves, deletes or links:
  saving a thousand rows in one transaction is a thousand cheap cache writes now and one at
  commit, and the on-commit queue holds one callback per version, not one per row.

Outside a transaction (autocommit) the change is already committed: one bump is enough.

Within a web request each version is read once (``CacheVersionMiddleware``: one GET per
version instead of one each time a cached value is looked up) and remembered until the request
ends; a bump made by the request itself replaces what it remembers, so it reads its own change.
A change made by another process while the request renders is seen by the next request (values
this one stores are then already out of date). Outside requests (tasks, commands) every read
goes to the cache.
"""

from __future__ import annotations

import logging
import uuid
from contextvars import ContextVar

from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)

# The versions read by the current web request (key -> value), None outside requests.
_request_versions: ContextVar[dict | None] = ContextVar("cache_versions", default=None)


class CacheVersion:
    """The current version under ``key``: ``current()`` reads it (creating it with ``add()`` so
    that two processes starting together agree on one), ``bump()`` replaces it."""

    def __init__(self, key: str, label: str):
        self.key = key
        self.label = label  # for the log: "page cache", "frame cache", ...
        # One function object per version, so a transaction's on-commit queue can be searched
        # for it (a bound method is a new object each time it is read).
        self._bump_at_commit = self._set_new

    def __repr__(self) -> str:
        return f"CacheVersion({self.key!r})"

    def current(self) -> str:
        seen = _request_versions.get()
        if seen is not None and self.key in seen:
            return seen[self.key]
        version = cache.get(self.key)
        if version is None:
            version = uuid.uuid4().hex
            if not cache.add(self.key, version, timeout=None):
                version = cache.get(self.key) or version
        if seen is not None:
            seen[self.key] = version
        return version

    def _set_new(self) -> None:
        version = uuid.uuid4().hex
        seen = _request_versions.get()
        if seen is not None:
            seen[self.key] = version  # the request reads its own change
        try:
            cache.set(self.key, version, timeout=None)
        except Exception:  # the cache is down: what it holds is unreachable anyway
            logger.exception("%s: could not bump the content version", self.label)

    def bump(self, **_signal_kwargs) -> None:
        """Make everything stored under the current version out of date: now, and once more when
        the current transaction commits (a signal receiver: keyword arguments are ignored)."""
        self._set_new()
        connection = transaction.get_connection()
        if not connection.in_atomic_block:
            return
        if self.bump_pending_at_commit(connection):
            return
        transaction.on_commit(self._bump_at_commit)

    def bump_pending_at_commit(self, connection=None) -> bool:
        """Whether the current transaction already holds this version's bump at commit. A
        savepoint rolled back takes its callbacks with it, so the queue is the truth."""
        connection = connection or transaction.get_connection()
        return any(func is self._bump_at_commit for _sids, func, *_ in connection.run_on_commit)


class CacheVersionMiddleware:
    """Remembers each content version for the rest of the request once it is read (a request
    that reads nothing pays nothing: the bare view and static files make no round trip)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_versions.set({})
        try:
            return self.get_response(request)
        finally:
            _request_versions.reset(token)

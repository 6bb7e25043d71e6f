"""The health components /healthz reports (core/views.py): a registry the apps plug into.

The ground registers the database, the cache and the broker from ``CoreConfig.ready()``
(first, since ``core`` is the first local app); apps add theirs from their own ``ready()``::

    health_check_register("reminder_scanner", selectors.reminder_scanner_health)

A check takes no arguments, returns a dict of details (or None) and raises when the component
is down. This module imports no models, so apps import it at the top of apps.py."""

from collections.abc import Callable

HealthCheck = Callable[[], dict | None]

HEALTH_CHECKS: dict[str, HealthCheck] = {}


def health_check_register(name: str, check: HealthCheck) -> None:
    HEALTH_CHECKS[name] = check

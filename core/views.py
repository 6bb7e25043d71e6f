"""/healthz: each registered component (database, cache, broker, and what apps add with
``core.health.health_check_register`` from their ``AppConfig.ready()``) and the beat heartbeat."""

import logging

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import selectors
from .health import HEALTH_CHECKS

logger = logging.getLogger(__name__)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    components = {}
    healthy = True
    for name, check in HEALTH_CHECKS.items():
        try:
            detail = check()
        except Exception as exc:
            healthy = False
            components[name] = {"status": "down", "error": f"{type(exc).__name__}: {exc}"[:300]}
            logger.warning("healthz component down", extra={"component": name})
        else:
            components[name] = {"status": "up", **(detail or {})}
    beat = (
        selectors.heartbeat_last_seen(name="beat")
        if components["database"]["status"] == "up"
        else None
    )
    body = {
        "status": "ok" if healthy else "error",
        "components": components,
        "beat_last_seen": beat.isoformat() if beat else None,
    }
    return JsonResponse(body, status=200 if healthy else 503)

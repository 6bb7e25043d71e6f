"""One small registry through which every app contributes to "download my data" and to erasure.

The ground holds the registry; community walks it (``community.services.account_export`` and
``account_delete``, behind /account/) and registers its own exporters and eraser like any other
app. An app registers in its AppConfig.ready():

    from core.data_rights import register_exporter, register_eraser
    register_exporter("event_registrations", lambda user: [...JSON-serialisable...])
    register_eraser("event_registrations", erase_function)  # called with user=...

Exporters return JSON-serialisable data about the member. Erasers run in one transaction before
the User row is deleted: they delete the member's personal data or anonymise content they wrote
for others (attributing it to "a former member").
"""

from collections.abc import Callable
from typing import Any

Exporter = Callable[..., Any]
Eraser = Callable[..., None]

_exporters: dict[str, Exporter] = {}
_erasers: dict[str, Eraser] = {}


def register_exporter(name: str, exporter: Exporter) -> None:
    _exporters[name] = exporter


def register_eraser(name: str, eraser: Eraser) -> None:
    _erasers[name] = eraser


def exporters() -> dict[str, Exporter]:
    return dict(_exporters)


def erasers() -> dict[str, Eraser]:
    return dict(_erasers)

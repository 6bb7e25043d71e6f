"""Panels that apps add to the organisers' dashboard (/events/organise/) without the dashboard
importing them (the layers: events may not import guidance, nor the impact app above it).

An app registers a panel from ``AppConfig.ready()``::

    register_organiser_panel(
        "adoption", template="impact/organiser/adoption.html", context=adoption_panel, order=20
    )

``context(request)`` returns the template's context (or None to leave the panel out); the
dashboard includes each panel's template with that context as ``panel``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class OrganiserPanel:
    name: str
    template: str
    context: Callable[[Any], dict | None]
    order: int = 100


@dataclass(frozen=True)
class RenderedPanel:
    name: str
    template: str
    context: dict


_PANELS: dict[str, OrganiserPanel] = {}


def register_organiser_panel(
    name: str, *, template: str, context: Callable[[Any], dict | None], order: int = 100
) -> None:
    """Add (or replace) a panel of the organisers' dashboard."""
    _PANELS[name] = OrganiserPanel(name=name, template=template, context=context, order=order)


def unregister_organiser_panel(name: str) -> None:
    _PANELS.pop(name, None)


def organiser_panels(request) -> list[RenderedPanel]:
    """The registered panels in order, each with its context for this request."""
    panels = []
    for panel in sorted(_PANELS.values(), key=lambda p: (p.order, p.name)):
        context = panel.context(request)
        if context is not None:
            panels.append(RenderedPanel(panel.name, panel.template, context))
    return panels

"""One confirmation step for every irreversible action (GOV.UK's "confirm" pattern).

A view that does something that cannot be undone (cancel an event, publish a schedule, decline or
merge a topic...) first shows ``components/confirm.html``: what will happen, who will be
e-mailed, a "Yes, ..." button that re-posts the same fields with ``confirm=yes``, and a
"No, go back" link. A GET, or a POST without ``confirm=yes``, only ever shows that page: nothing
changes and nothing is sent. It works without JavaScript.

Use ``ConfirmActionMixin`` for a view that does one thing, or ``is_confirmed`` and
``confirmation_response`` inside a view that validates a form first.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

CONFIRM_FIELD = "confirm"
CONFIRM_VALUE = "yes"
TEMPLATE = "components/confirm.html"


@dataclass(frozen=True)
class Confirmation:
    """What the confirmation page says. ``hidden`` are the fields posted again on "Yes"."""

    title: str
    confirm_label: str
    back_url: str
    consequences: Sequence[str] = ()
    recipients: str = ""
    hidden: Mapping[str, str | Sequence[str]] = field(default_factory=dict)
    action_url: str = ""
    back_label: str = _("No, go back")
    warning: bool = True

    def hidden_fields(self) -> list[tuple[str, str]]:
        pairs = []
        for name, value in self.hidden.items():
            if name in (CONFIRM_FIELD, "csrfmiddlewaretoken"):
                continue
            values = [value] if isinstance(value, str) or not isinstance(value, Sequence) else value
            pairs.extend((name, str(item)) for item in values)
        return pairs


def is_confirmed(request: HttpRequest) -> bool:
    return request.method == "POST" and request.POST.get(CONFIRM_FIELD) == CONFIRM_VALUE


def confirmation_response(
    request: HttpRequest, confirmation: Confirmation, *, breadcrumbs=None
) -> HttpResponse:
    return TemplateResponse(
        request,
        TEMPLATE,
        {
            "confirmation": confirmation,
            "confirm_field": CONFIRM_FIELD,
            "confirm_value": CONFIRM_VALUE,
            "breadcrumbs": breadcrumbs,
        },
    )


class ConfirmActionMixin:
    """GET and unconfirmed POST show the confirmation page; a confirmed POST calls
    ``perform()``, which does the action once and returns the response (usually a redirect)."""

    http_method_names = ["get", "post"]

    def get_confirmation(self) -> Confirmation:
        raise NotImplementedError

    def perform(self) -> HttpResponse:
        raise NotImplementedError

    def already_done(self) -> HttpResponse | None:
        """A response saying nothing can be done (e.g. the event is already cancelled), or
        None. Checked before the page is shown and again before the action runs."""
        return None

    def get(self, request, *args, **kwargs):
        return self.already_done() or confirmation_response(request, self.get_confirmation())

    def post(self, request, *args, **kwargs):
        done = self.already_done()
        if done is not None:
            return done
        if not is_confirmed(request):
            return confirmation_response(request, self.get_confirmation())
        return self.perform()

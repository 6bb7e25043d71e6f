"""The site's 403 page: every refusal the site returns renders ``templates/403.html`` in the
site's layout (heading, why, and what the person can do next).

- ``permission_denied`` is the root urlconf's ``handler403``: a ``PermissionDenied`` raised by any
  view (organiser pages, object permissions, the admin gate below) ends here.
- ``csrf_failure`` is ``CSRF_FAILURE_VIEW``: a form sent without a valid CSRF token.
- Pages that refuse with their own explanation (``unconferences/refused.html``,
  ``casestudies/suggest_refused.html``) extend ``403.html`` and fill its heading and reason blocks.

``server_error`` is the root urlconf's ``handler500``: ``templates/500.html`` with the request's
reference (core/request_id.py), which the member can quote and which is in the log lines and
the Sentry event. It needs no database and no request context (anything may be broken).

``ExplainedPermissionDenied(message)`` carries a message written for people; the message of any
other ``PermissionDenied`` is never shown (libraries put internal details there).
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

from .request_id import get_request_id


class ExplainedPermissionDenied(PermissionDenied):
    """A refusal whose message is written for the person refused (shown on the 403 page)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def permission_denied(request, exception=None):
    reason = exception.message if isinstance(exception, ExplainedPermissionDenied) else ""
    return render(request, "403.html", {"reason": reason}, status=403)


def csrf_failure(request, reason: str = ""):
    return render(
        request,
        "403.html",
        {
            "heading": _("Your form could not be sent"),
            "reason": _(
                "For your security, forms on this site only work from a page that was opened "
                "recently, with cookies allowed. Go back, reload the page and send the form "
                "again."
            ),
        },
        status=403,
    )


@requires_csrf_token
def server_error(request):
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"request_id": get_request_id()}))

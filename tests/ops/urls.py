"""The site's URLs plus a view that fails, for the error-reporting and request-id tests."""

import logging

from django.http import HttpRequest
from django.urls import path

from participation import urls as participation_urls

logger = logging.getLogger(__name__)


class MemberViewFailed(RuntimeError):
    pass


def fail_for_member(request: HttpRequest, **_path_values):
    member = request.user
    logger.warning(
        "about to fail for %s", getattr(member, "email", "-"), extra={"member_name": member.name}
    )
    raise MemberViewFailed(f"the view failed for member {member.pk}")


urlpatterns = [
    path("test-failure/", fail_for_member, name="test_failure"),
    # A path with a member's slug and a one-time key in it, like /members/<slug>/ or a password
    # reset link.
    path("test-failure/<slug:who>/<str:key>/", fail_for_member, name="test_failure_path"),
    *participation_urls.urlpatterns,
]
# The site's own error handlers, as in production.
handler403 = participation_urls.handler403
handler500 = participation_urls.handler500

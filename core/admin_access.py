"""Signed-in people without admin rights get the site's 403 page at /admin/ and /django-admin/.

Without this, Wagtail's and Django's admins answer them with a redirect to the log-in page
(WAGTAILADMIN_LOGIN_URL, i.e. allauth's), and allauth sends a signed-in person straight back to
``next=/admin/``: an endless redirect loop. Anonymous visitors are left alone, so they still go to
the log-in page.
"""

from functools import cache

from django.urls import reverse
from django.utils.translation import gettext as _

from .errors import ExplainedPermissionDenied


@cache
def _admin_paths() -> tuple[str, str, tuple[str, str]]:
    """The Wagtail admin's and Django admin's prefixes and their two log-in paths, reversed once
    per process (the URLconf does not change while it runs)."""
    return (
        reverse("wagtailadmin_home"),
        reverse("admin:index"),
        (reverse("admin_login_redirect"), reverse("django_admin_login_redirect")),
    )


def _may_enter(request, *, wagtail_prefix: str, django_prefix: str, login_paths) -> bool:
    user = request.user
    path = request.path_info
    if path in login_paths:
        # The admins' log-in paths go to allauth's log-in (urls_root.py), which sends a
        # signed-in person on to ``next``: the admin itself, where this answers with a 403.
        return True
    if path.startswith(wagtail_prefix):
        return user.has_perm("wagtailadmin.access_admin")
    if path.startswith(django_prefix):
        return user.is_active and user.is_staff
    return True


class AdminAccessMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            wagtail_prefix, django_prefix, login_paths = _admin_paths()
            if not _may_enter(
                request,
                wagtail_prefix=wagtail_prefix,
                django_prefix=django_prefix,
                login_paths=login_paths,
            ):
                raise ExplainedPermissionDenied(
                    _(
                        "The admin is for the community's editors, organisers and "
                        "administrators, and your account is not one of them."
                    )
                )
        return self.get_response(request)

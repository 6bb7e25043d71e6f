"""System checks of the site-wide app (registered in ParticipationConfig.ready())."""

from django.core.checks import Warning
from django.db import DatabaseError
from wagtail.models import Site

from .services import site_mismatches


def check_default_site_matches_site_url(app_configs=None, databases=None, **kwargs):
    """participation.W001: the default Wagtail Site's hostname or port differs from SITE_URL,
    so Wagtail's own absolute URLs (admin previews, ``Page.full_url``) point elsewhere. Like
    Django's database checks it reads the database only when asked to (``migrate``,
    ``manage.py check --database default``)."""
    if not databases or "default" not in databases:
        return []
    try:
        site = Site.objects.filter(is_default_site=True).first()
    except DatabaseError:  # tables not there yet (before the first migrate)
        return []
    if site is None:
        return []
    try:
        mismatches = site_mismatches(site=site)
    except ValueError as error:  # SITE_URL is not an http(s) address
        mismatches = [str(error)]
    if not mismatches:
        return []
    return [
        Warning(
            "The default Wagtail site does not match SITE_URL: " + "; ".join(mismatches) + ".",
            hint="Run 'manage.py sync_site_from_site_url' (docs/operations.md).",
            obj=site,
            id="participation.W001",
        )
    ]

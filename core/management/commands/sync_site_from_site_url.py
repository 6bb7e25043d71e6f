"""``manage.py sync_site_from_site_url``: point the default Wagtail Site at SITE_URL's hostname
and port (443 for https, 80 for http, else the explicit port). Idempotent; prints what changed.

Run it once on an install made before the demo loader followed SITE_URL, or after changing
SITE_URL. The ``participation.W001`` check (``manage.py check --database default``, and every
``migrate``) warns while they disagree.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from core.services import site_sync_from_site_url


class Command(BaseCommand):
    help = "Make the default Wagtail Site's hostname and port match SITE_URL."

    def handle(self, *args, **options):
        try:
            changes = site_sync_from_site_url()
        except (ValueError, ValidationError) as error:  # a bad SITE_URL; another site's host
            raise CommandError(str(error)) from error
        if not changes:
            self.stdout.write(f"The default site already matches SITE_URL ({settings.SITE_URL}).")
            return
        for change in changes:
            self.stdout.write(f"  {change}")
        self.stdout.write(self.style.SUCCESS(f"The default site now matches {settings.SITE_URL}."))

"""Build a realistic demo site. Idempotent: running it twice changes nothing the second time.

Each local app may provide a ``demo`` module with ``load(*, stdout) -> None``; they run in
INSTALLED_APPS order (participation first, so the home page and site exist for the others).
The default Wagtail Site is made to match SITE_URL (``site_sync_from_site_url``, the service
behind ``manage.py sync_site_from_site_url``). Every address printed is a real URL from
SITE_URL, and the demo logins are listed at the end.
"""

from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.urls import reverse
from django.utils.module_loading import module_has_submodule

from community.demo import DEMO_LOGINS, DEMO_PASSWORD
from community.models import User
from core.http import absolute_url


class Command(BaseCommand):
    help = "Load (or refresh) the demo content: pages, organisations, members, events."

    def handle(self, *args, **options):
        local = set(settings.LOCAL_APPS)
        for config in apps.get_app_configs():  # INSTALLED_APPS order
            if config.name not in local:
                continue
            if not module_has_submodule(config.module, "demo"):
                continue
            module = import_module(f"{config.name}.demo")  # e.g. events.unconferences.demo
            self.stdout.write(f"Loading demo content: {config.verbose_name}")
            with transaction.atomic():
                module.load(stdout=self.stdout)
        call_command("update_index", verbosity=0)
        self.stdout.write(self.style.SUCCESS("Demo content loaded."))
        self._print_logins()

    def _print_logins(self) -> None:
        """Where the site is (SITE_URL, which the default Wagtail Site now matches) and the demo
        accounts to sign in with."""
        existing = set(
            User.objects.filter(email__in=[email for _, email in DEMO_LOGINS]).values_list(
                "email", flat=True
            )
        )
        self.stdout.write(f"Site:    {absolute_url('/')}")
        self.stdout.write(f"Sign in: {absolute_url(reverse('account_login'))}")
        self.stdout.write(f"Admin:   {absolute_url('/admin/')}")
        self.stdout.write(f"Demo logins (password: {DEMO_PASSWORD}):")
        width = max(len(role) for role, _ in DEMO_LOGINS)
        for role, email in DEMO_LOGINS:
            if email in existing:
                self.stdout.write(f"  {role.ljust(width)}  {email}")

"""Build a realistic demo site. Idempotent: running it twice changes nothing the second time.

Each local app may provide a ``demo`` module with ``load(*, stdout) -> None``; they run in
INSTALLED_APPS order (participation first, so the home page and site exist for the others).
"""

from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import module_has_submodule


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

"""``manage.py healthcheck [component ...]``: run /healthz's component checks in this process and
exit 1 when one is down (the container healthchecks in docker-compose.yml use it).

With no names it runs every registered component (database, cache, broker, and what the apps
register, such as ``reminder_scanner``). Beat's healthcheck is ``healthcheck reminder_scanner``:
the scanner runs every minute only while beat enqueues it and a worker runs it, so a stale last
run means beat (or every worker) has stopped. Prints one JSON object, as /healthz does.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from core.health import HEALTH_CHECKS


class Command(BaseCommand):
    help = "Check health components (default: all); exit 1 when any is down."

    def add_arguments(self, parser):
        parser.add_argument("components", nargs="*", help="component names, as in /healthz")

    def handle(self, *args, components=(), **options):
        names = list(components) or list(HEALTH_CHECKS)
        unknown = [name for name in names if name not in HEALTH_CHECKS]
        if unknown:
            raise CommandError(
                f"Unknown component(s): {', '.join(unknown)}. Known: {', '.join(HEALTH_CHECKS)}."
            )
        report = {}
        down = []
        for name in names:
            try:
                detail = HEALTH_CHECKS[name]()
            except Exception as exc:  # a check raises exactly when its component is down
                down.append(name)
                report[name] = {"status": "down", "error": f"{type(exc).__name__}: {exc}"[:300]}
            else:
                report[name] = {"status": "up", **(detail or {})}
        self.stdout.write(json.dumps(report, default=str))
        if down:
            raise CommandError(f"Down: {', '.join(down)}")

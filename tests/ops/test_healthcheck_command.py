"""``manage.py healthcheck``: the container healthchecks' view of /healthz's components. Beat's
healthcheck is ``healthcheck reminder_scanner`` (docker-compose.yml)."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from core.models import Heartbeat
from events.reminders.services.scanner import SCANNER_HEARTBEAT


def run(*names) -> dict:
    out = StringIO()
    call_command("healthcheck", *names, stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.django_db
def test_beat_is_healthy_while_the_scanner_runs_every_minute():
    Heartbeat.objects.create(name=SCANNER_HEARTBEAT, last_seen=timezone.now())
    report = run("reminder_scanner")
    assert report["reminder_scanner"]["status"] == "up"


@pytest.mark.django_db
def test_beat_is_unhealthy_when_the_scanner_has_not_run_for_too_long(settings):
    stale = settings.REMINDER_SCANNER_STALE_SECONDS + 60
    Heartbeat.objects.create(
        name=SCANNER_HEARTBEAT, last_seen=timezone.now() - timedelta(seconds=stale)
    )
    with pytest.raises(CommandError, match="Down: reminder_scanner"):
        run("reminder_scanner")


@pytest.mark.django_db
def test_a_fresh_install_is_not_unhealthy_before_the_first_scan():
    assert run("reminder_scanner")["reminder_scanner"] == {"status": "up", "last_run": "never"}


@pytest.mark.django_db
def test_without_names_every_component_is_checked():
    report = run()
    assert {"database", "cache", "broker", "reminder_scanner"} <= set(report)


def test_an_unknown_component_is_an_error_not_a_pass():
    with pytest.raises(CommandError, match="Unknown component"):
        run("reminder_scaner")

"""THE real worker test: a Celery worker process on Redis and PostgreSQL, a local SMTP sink.

Every reminder arrives once with its unsubscribe headers and calendar file; then the worker is
killed (SIGKILL) in the middle of an SMTP conversation, a new one starts, and the scanner's
recovery sends what was lost, with nothing sent twice.
"""

import contextlib
import datetime as dt
import os
import signal
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
from django.utils import timezone

from events.reminders.enums import DeliveryStatus
from events.reminders.models import ReminderDelivery
from participation.celery import app
from tests.celery_support import celery_worker, wait_for

from .conftest import make_meeting, register
from .smtp_sink import smtp_sink

LEASE_SECONDS = 3
WORKER_ENV = {
    # Short recovery windows so the test runs in seconds (production: 300 s and 600 s).
    "REMINDER_SENDING_LEASE_SECONDS": str(LEASE_SECONDS),
    "REMINDER_REQUEUE_AFTER_SECONDS": "2",
}

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True),
    # send_task always goes to the broker; the warning only says eager mode does not apply.
    pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored"),
]


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(entry.name))
    return found


def kill_worker(process) -> None:
    """SIGKILL the worker and its pool processes: no shutdown, no acks, no cleanup."""
    pids = [process.pid, *_children(process.pid)]
    for pid in pids:
        _kill(pid)
    process.wait(timeout=10)


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


def _drop_queue(queue: str) -> None:
    """The dead worker's queue still holds its unsent messages: remove them from Redis."""
    import redis

    redis.Redis.from_url(os.environ["REDIS_URL"]).delete(queue)


def scan(queue: str) -> None:
    app.send_task("events.queue_due_reminders", queue=queue)


def statuses(meeting) -> Counter:
    return Counter(
        ReminderDelivery.objects.filter(meeting=meeting).values_list("status", flat=True)
    )


def test_reminders_arrive_once_and_survive_a_killed_worker():
    soon = timezone.now() + dt.timedelta(minutes=59)
    first = make_meeting(starts_at=soon, title="Monthly meeting")
    first_members = [register(first, email=f"first{i}@example.org").user for i in range(3)]
    second = make_meeting(starts_at=soon, title="Design lab")
    second_members = [register(second, email=f"second{i}@example.org").user for i in range(6)]

    with smtp_sink() as sink:
        email_url = f"smtp://127.0.0.1:{sink.port}"

        # 1. Every reminder arrives once, with the headers and the calendar file.
        with celery_worker(email_url=email_url, extra_env=WORKER_ENV) as (queue, process):
            second.status = "cancelled"  # hold the second meeting back for part 2
            second.save(update_fields=["status"])
            scan(queue)
            assert wait_for(lambda: len(sink.messages) >= 3, timeout=90), sink.recipients()
            scan(queue)  # beat's next minute: nothing new
            time.sleep(1.5)
            assert sorted(sink.recipients()) == sorted(u.email for u in first_members)
            for message in sink.messages:
                assert str(message["List-Unsubscribe"]).strip().startswith("<http")
                assert str(message["List-Unsubscribe-Post"]).strip() == "List-Unsubscribe=One-Click"
                parts = {part.get_content_type(): part for part in message.walk()}
                assert "text/html" in parts and "text/plain" in parts
                calendar = parts["text/calendar"].get_content()
                assert "BEGIN:VEVENT" in calendar and "Monthly meeting" in calendar
            assert statuses(first) == {DeliveryStatus.SENT: 3}
            # The second meeting's rows (recorded while "cancelled") never went out.
            ReminderDelivery.objects.filter(meeting=second).delete()

            # 2. A slow SMTP server; kill the worker in the middle of the batch.
            second.status = "scheduled"
            second.save(update_fields=["status"])
            sink.rcpt_delay = 0.6
            scan(queue)
            in_flight = wait_for(
                lambda: len(sink.messages) >= 4 and sink.in_conversation > 0, timeout=90
            )
            assert in_flight, f"no batch in flight: {sink.recipients()}"
            kill_worker(process)
            killed_at = time.monotonic()
            dead_queue = queue
        arrived_before = len(sink.messages) - 3
        assert 1 <= arrived_before < 6
        assert statuses(second)[DeliveryStatus.SENDING] == 1  # the one killed mid-conversation

        # 3. A new worker; beat's next scans recover the lost tasks, nothing is sent twice.
        sink.rcpt_delay = 0.0
        with celery_worker(email_url=email_url, extra_env=WORKER_ENV) as (queue, _process):
            time.sleep(max(0.0, LEASE_SECONDS + 0.5 - (time.monotonic() - killed_at)))
            scan(queue)
            assert wait_for(lambda: len(sink.messages) >= 9, timeout=90), sink.recipients()
            scan(queue)
            time.sleep(1.5)
            done = wait_for(lambda: statuses(second) == {DeliveryStatus.SENT: 6}, timeout=60)
            assert done, statuses(second)

    _drop_queue(dead_queue)
    counts = Counter(sink.recipients())
    assert counts == Counter(u.email for u in first_members + second_members)
    assert set(counts.values()) == {1}, counts


class Beat:
    """What beat does at the default settings: events.queue_due_reminders every
    ``app.conf.beat_schedule`` interval (60 s) on a fixed cadence from the first worker's start.
    A tick while no worker runs waits in the queue in production; here it is sent when the next
    worker's queue is set."""

    def __init__(self):
        self.interval = app.conf.beat_schedule["events-queue-due-reminders"]["schedule"]
        self.queue: str | None = None
        self._next: float | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        due = 0  # ticks not yet sent (no worker was running)
        while not self._stop.wait(0.2):
            now = time.monotonic()
            if self._next is None:
                if self.queue is None:
                    continue
                self._next = now  # beat's first tick, once the first worker is up
            if now >= self._next:
                self._next += self.interval
                due += 1
            queue = self.queue
            if queue and due:
                scan(queue)
                due = 0

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(timeout=5)


def test_worker_killed_before_the_server_answers_data_resends_one_message_within_two_minutes(
    settings,
):
    """The SMTP server has stored the message and holds back its "250" to the end of DATA; the
    worker is killed then (the row stays "sending" though the message was accepted). At the
    DEFAULT lease and beat interval, a new worker sends it again within 2 minutes of the kill,
    and every copy the member has carries one Message-ID (mail systems keep one)."""
    assert settings.REMINDER_SENDING_LEASE_SECONDS == 50  # the default: nothing shortened here
    start = timezone.now() + dt.timedelta(minutes=59)
    meeting = make_meeting(starts_at=start, title="Accepted but unanswered")
    member = register(meeting, email="ada@example.org").user

    with smtp_sink() as sink, Beat() as beat:
        email_url = f"smtp://127.0.0.1:{sink.port}"
        sink.data_reply_delay = 60.0  # the worker dies long before this answer
        with celery_worker(email_url=email_url) as (queue, process):
            beat.queue = queue  # beat's first scan now
            held = wait_for(lambda: sink.awaiting_reply > 0, timeout=60)
            assert held, f"no message held at the end of DATA: {sink.recipients()}"
            kill_worker(process)
            killed_at = time.monotonic()
            beat.queue = None
            dead_queue = queue
        sink.data_reply_delay = 0.0
        (row,) = ReminderDelivery.objects.filter(meeting=meeting, status=DeliveryStatus.SENDING)
        assert len(sink.messages) == 1

        with celery_worker(email_url=email_url) as (queue, _process):
            beat.queue = queue
            resent = wait_for(
                lambda: len(sink.messages) >= 2, timeout=125 - (time.monotonic() - killed_at)
            )
            assert resent, "not sent again within 2 minutes of the kill"
            done = wait_for(
                lambda: ReminderDelivery.objects.get(pk=row.pk).status == DeliveryStatus.SENT,
                timeout=15,
            )
            assert done, ReminderDelivery.objects.get(pk=row.pk).status

    _drop_queue(dead_queue)
    recovered_in = sink.arrived_at[1] - killed_at
    print(f"re-sent {recovered_in:.1f} s after the kill")
    assert recovered_in <= 120, recovered_in
    assert sink.recipients() == [member.email, member.email]
    ids = {str(message["Message-ID"]).strip() for message in sink.messages}
    assert len(ids) == 1, ids
    (message_id,) = ids
    assert message_id.startswith(f"<reminder-{row.pk}-")

"""Schedule-change e-mails go through a real Celery worker (Redis broker, PostgreSQL), once per
attendee even when the task is delivered twice."""

import os
import time

import pytest
import redis

from events.unconferences.models import ReleaseNotification, ScheduleRelease
from participation.celery import app
from tests.celery_support import celery_worker, wait_for
from tests.factories.unconferences import RegistrationFactory, UnconferenceFactory
from tests.factories.users import UserFactory

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored"),
]


def test_worker_emails_each_attendee_the_changes_once(tmp_path, home_page):
    unconference = UnconferenceFactory(phase="published")
    attendees = [UserFactory() for _ in range(3)]
    for user in attendees:
        RegistrationFactory(unconference=unconference, user=user)
    release = ScheduleRelease.objects.create(
        unconference=unconference, number=2, changes=["Session “AI in schools” moved to Room 3."]
    )
    with celery_worker(email_url=f"file://{tmp_path}") as (queue, _process):
        for _ in range(2):  # a duplicate delivery must not send twice
            app.send_task(
                "unconferences.notify_schedule_change",
                kwargs={"release_id": release.pk},
                queue=queue,
            )
        assert wait_for(lambda: ReleaseNotification.objects.filter(release=release).count() == 3)
        broker = redis.Redis.from_url(os.environ["REDIS_URL"])
        assert wait_for(lambda: broker.llen(queue) == 0)
        time.sleep(1.5)  # let the duplicate delivery finish
    assert ReleaseNotification.objects.filter(release=release).count() == 3
    messages = "".join(p.read_text() for p in tmp_path.iterdir())
    for user in attendees:
        assert messages.count(f"To: {user.email}") == 1
    assert "moved to Room 3" in messages

import pytest

from core.models import Heartbeat
from participation.celery import app
from tests.celery_support import celery_worker, wait_for


@pytest.mark.celery_worker
# send_task always goes to the broker; the warning only says eager mode does not apply to it.
@pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored")
@pytest.mark.django_db(transaction=True)
def test_real_worker_runs_task_from_broker_and_writes_to_postgres():
    with celery_worker() as (queue, _process):
        app.send_task("participation.heartbeat", kwargs={"name": "worker-test"}, queue=queue)
        row = wait_for(lambda: Heartbeat.objects.filter(name="worker-test").first(), timeout=90)
    assert row is not None, "the worker did not record the heartbeat"

from celery import shared_task

from .services import heartbeat_record


@shared_task(name="participation.heartbeat")
def heartbeat(*, name: str = "beat") -> None:
    """Periodic proof of life: beat enqueued it and a worker ran it (see /healthz)."""
    heartbeat_record(name=name)

"""A task that fails, for the Sentry test's real worker (started with --include this module)."""

import logging

from celery import shared_task
from django.contrib.auth import get_user_model

logger = logging.getLogger(__name__)


class MemberTaskFailed(RuntimeError):
    pass


@shared_task(name="tests.ops.fail_for_member")
def fail_for_member(*, member_id: int) -> None:
    member = get_user_model().objects.get(pk=member_id)
    # What an app might log on the way: the address in the message, the name in extra data.
    logger.warning("preparing a message for %s", member.email, extra={"member_name": member.name})
    raise MemberTaskFailed(f"could not prepare the message for member {member.pk}")


@shared_task(name="tests.ops.log_a_line")
def log_a_line() -> None:
    logger.info("a line from a task")

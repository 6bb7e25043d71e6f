"""Moderation e-mails to a topic's proposer go the one sending path (docs/emails.md): a thin
task after commit, once per decision (a redelivered task sends nothing new, a later decision is a
new e-mail), a permanent 5xx not retried, a transient 4xx retried with the same Message-ID. Only
the SMTP server is faked (EMAIL_BACKEND) and the clock moved."""

import datetime as dt
import logging

import pytest
import time_machine
from django.core import mail

from core.queue import queued_tasks
from events.models import EventEmail
from events.unconferences import services
from events.unconferences.enums import TopicStatus
from events.unconferences.tasks import send_topic_decision
from tests.factories.unconferences import TopicFactory

pytestmark = pytest.mark.django_db


def accept(topic, organiser, capture) -> dict:
    """Accept ``topic`` (its e-mail task runs at commit); the task's arguments, to run again."""
    with capture(execute=True) as callbacks:
        services.topic_accept(topic=topic, organiser=organiser)
    assert len(queued_tasks(callbacks)) == 1
    topic.refresh_from_db()
    return {
        "topic_id": topic.pk,
        "decision": "accepted",
        "reason": "",
        "decided_at": topic.updated_at.isoformat(),
    }


def test_a_decision_is_emailed_once_even_when_the_task_runs_again(
    smtp, board, organiser, registered_member, django_capture_on_commit_callbacks
):
    topic = TopicFactory(board=board, proposer=registered_member, title="Citizens' juries")
    kwargs = accept(topic, organiser, django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [[registered_member.email]]
    assert "accepted" in mail.outbox[0].subject
    assert "Citizens' juries" in mail.outbox[0].body
    send_topic_decision.delay(**kwargs)
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(minutes=61)):
        send_topic_decision.delay(**kwargs)
    assert len(mail.outbox) == 1
    assert EventEmail.objects.filter(user=registered_member, sent_at__isnull=False).count() == 1


def test_a_later_decision_on_the_same_topic_is_a_new_email(
    smtp, board, organiser, registered_member, django_capture_on_commit_callbacks
):
    topic = TopicFactory(board=board, proposer=registered_member)
    accept(topic, organiser, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.topic_hide(topic=topic, organiser=organiser)
    topic.refresh_from_db()
    assert topic.status == TopicStatus.HIDDEN
    accept(topic, organiser, django_capture_on_commit_callbacks)
    assert [m.subject.split("] ", 1)[-1] for m in mail.outbox] == [
        "Your topic was accepted",
        "Your topic was hidden",
        "Your topic was accepted",
    ]


def test_nothing_is_sent_before_the_decision_commits(
    smtp, board, organiser, registered_member, django_capture_on_commit_callbacks
):
    topic = TopicFactory(board=board, proposer=registered_member)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.topic_decline(topic=topic, organiser=organiser, reason="Covered last year.")
    assert mail.outbox == [] and smtp.calls == 0
    queued_tasks(callbacks)[0]()
    assert "Covered last year." in mail.outbox[0].body


def test_a_permanent_5xx_is_not_retried(
    smtp, board, organiser, registered_member, django_capture_on_commit_callbacks, caplog
):
    topic = TopicFactory(board=board, proposer=registered_member)
    smtp.code = 550
    with caplog.at_level(logging.ERROR):
        accept(topic, organiser, django_capture_on_commit_callbacks)
    assert smtp.calls == 1
    assert mail.outbox == []
    assert any(record.levelno >= logging.ERROR for record in caplog.records)
    assert not EventEmail.objects.filter(sent_at__isnull=False).exists()


def test_a_transient_4xx_is_retried_with_the_same_message_id(
    smtp, board, organiser, registered_member, django_capture_on_commit_callbacks
):
    topic = TopicFactory(board=board, proposer=registered_member)
    smtp.code, smtp.failures = 451, 2
    accept(topic, organiser, django_capture_on_commit_callbacks)
    assert smtp.calls == 3
    (message,) = mail.outbox
    assert len(set(smtp.seen_ids)) == 1
    assert smtp.seen_ids[0] == message.message()["Message-ID"]


def test_a_transient_4xx_is_retried_up_to_the_cap_only(
    smtp, board, organiser, registered_member, django_capture_on_commit_callbacks, settings
):
    topic = TopicFactory(board=board, proposer=registered_member)
    smtp.code = 451
    accept(topic, organiser, django_capture_on_commit_callbacks)
    assert smtp.calls == settings.EMAIL_RETRY_MAX + 1
    assert mail.outbox == []


def test_no_email_when_the_proposer_account_is_gone(
    smtp, board, organiser, django_capture_on_commit_callbacks
):
    topic = TopicFactory(board=board, proposer=None)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.topic_accept(topic=topic, organiser=organiser)
    assert queued_tasks(callbacks) == [] and mail.outbox == []

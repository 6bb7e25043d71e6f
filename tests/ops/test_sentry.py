"""Errors reach a person: with SENTRY_DSN set, an exception in a view and in a Celery task each
arrive at Sentry exactly once, carrying the request's reference and none of the member's personal
data (docs/operations.md, "Errors"). The Sentry server is a local stand-in that records the raw
envelopes (tests/ops/sentry_support.py)."""

import json

import pytest
import sentry_sdk
from django.test import Client

from core.sentry import scrub_event, sentry_init
from participation.celery import app
from tests.celery_support import ROOT, celery_worker, wait_for
from tests.factories.users import UserFactory

from .sentry_support import SentryStub

NAME = "Zebedee Quillfeather-Marchbanks"
EMAIL = "zebedee.quillfeather@example.org"


def member_traces(text: str) -> list[str]:
    """Every way the member could show up in a payload."""
    lowered = text.lower()
    needles = [NAME, EMAIL, "Quillfeather", "zebedee"]
    return [needle for needle in needles if needle.lower() in lowered]


@pytest.fixture
def sentry():
    with SentryStub() as stub:
        sentry_init(dsn=stub.dsn, environment="test")
        try:
            yield stub
        finally:
            sentry_sdk.get_client().close()
            sentry_sdk.get_global_scope().set_client(None)  # later tests send nothing


@pytest.mark.django_db
def test_an_exception_in_a_view_arrives_once_without_the_members_data(sentry, settings):
    settings.ROOT_URLCONF = "tests.ops.urls"
    member = UserFactory(name=NAME, email=EMAIL)
    client = Client(raise_request_exception=False)
    client.force_login(member)

    response = client.post(
        f"/test-failure/?email={EMAIL}",
        {"name": NAME, "email": EMAIL, "message": f"Hello from {NAME}"},
        HTTP_X_REQUEST_ID="reference-from-the-proxy-0001",
    )
    assert response.status_code == 500
    sentry_sdk.flush(timeout=10)

    events = wait_for(sentry.events, timeout=10)
    failures = [
        event for event in events if event["exception"]["values"][-1]["type"] == "MemberViewFailed"
    ]
    assert len(failures) == 1, events
    assert len(events) == 1, [event["exception"]["values"][-1]["type"] for event in events]
    event = failures[0]
    assert event["tags"]["request_id"] == "reference-from-the-proxy-0001"
    assert event["exception"]["values"][-1]["value"] == f"the view failed for member {member.pk}"
    assert set(event.get("user") or {}) <= {"id"}  # no e-mail, name, username or address
    raw = sentry.raw_text()
    assert "MemberViewFailed" in raw
    assert member_traces(raw) == [], "the member's name or e-mail reached Sentry"


@pytest.mark.django_db
def test_the_address_reaches_sentry_as_its_route_without_slugs_or_keys(sentry, settings):
    settings.ROOT_URLCONF = "tests.ops.urls"
    member = UserFactory(name=NAME, email=EMAIL)
    client = Client(raise_request_exception=False)
    client.force_login(member)

    response = client.get("/test-failure/zebedee-quillfeather/one-time-key-7f3a9c/")
    assert response.status_code == 500
    sentry_sdk.flush(timeout=10)

    (event,) = wait_for(sentry.events, timeout=10)
    # sentry-sdk 2.x leaves the URL out without send_default_pii; if it is sent, only the route.
    route_url = "http://testserver/test-failure/{who}/{key}/"
    assert event["request"].get("url", route_url) == route_url
    assert event["transaction"] == "/test-failure/{who}/{key}/"
    raw = sentry.raw_text()
    assert "one-time-key-7f3a9c" not in raw
    assert member_traces(raw) == [], "the member's slug reached Sentry in the address"


def test_a_path_that_matched_no_route_is_left_out():
    """An exception before URL resolution (in a middleware): Sentry names the transaction after
    the raw path, which may hold a member's slug or an unsubscribe token."""
    event = {
        "transaction": "/members/zebedee-quillfeather/",
        "transaction_info": {"source": "url"},
        "request": {"url": "https://example.org/members/zebedee-quillfeather/", "headers": {}},
    }
    scrubbed = scrub_event(event)
    assert scrubbed["request"]["url"] == "https://example.org"
    assert scrubbed["transaction"] == "[Filtered]"


def test_a_routed_url_keeps_its_route_only():
    event = {
        "transaction": "/unsubscribe/{token}/",
        "transaction_info": {"source": "route"},
        "request": {"url": "https://example.org/unsubscribe/abc-secret-token/", "headers": {}},
    }
    scrubbed = scrub_event(event)
    assert scrubbed["request"]["url"] == "https://example.org/unsubscribe/{token}/"
    assert scrubbed["transaction"] == "/unsubscribe/{token}/"


@pytest.mark.celery_worker
@pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored")
@pytest.mark.django_db(transaction=True)
def test_an_exception_in_a_task_arrives_once_without_the_members_data():
    member = UserFactory(name=NAME, email=EMAIL)
    with SentryStub() as stub:
        with celery_worker(
            extra_env={"SENTRY_DSN": stub.dsn}, extra_args=["--include", "tests.ops.failing_tasks"]
        ) as (queue, _process):
            result = app.send_task(
                "tests.ops.fail_for_member", kwargs={"member_id": member.pk}, queue=queue
            )
            events = wait_for(stub.events, timeout=90)
            # Give a duplicate (a retry, a second integration, a log record) time to arrive.
            wait_for(lambda: len(stub.events()) > 1, timeout=5)
        events = stub.events()
        raw = stub.raw_text()

    assert len(events) == 1, [event["exception"]["values"][-1]["type"] for event in events]
    event = events[0]
    exception = event["exception"]["values"][-1]
    assert exception["type"] == "MemberTaskFailed"
    assert exception["value"] == f"could not prepare the message for member {member.pk}"
    assert event["tags"]["request_id"] == result.id  # the task's reference
    assert event["tags"]["celery_task_id"] == result.id
    assert member_traces(raw) == [], "the member's name or e-mail reached Sentry"
    # The worker's own JSON log line for the task carries the same reference.
    log = (ROOT / "var" / "test" / f"worker-{queue}.log").read_text()
    lines = [json.loads(line) for line in log.splitlines() if line.startswith("{")]
    task_lines = [line for line in lines if line["message"].startswith("preparing a message")]
    assert [line["request_id"] for line in task_lines] == [result.id]

"""Every request and every task has a reference: in the X-Request-ID response header, on every
JSON log line (request_id) and on the 500 page, so a member can quote it (core/request_id.py)."""

import io
import json
import logging
import re

import pytest
from django.test import Client
from pythonjsonlogger.json import JsonFormatter

from tests.factories.users import UserFactory

from .failing_tasks import log_a_line

GENERATED = re.compile(r"^[0-9a-f]{32}$")


@pytest.fixture
def log_lines():
    """The JSON lines the site's console handler writes (settings.LOGGING), as dicts."""
    handlers = [
        handler
        for handler in logging.getLogger().handlers
        if isinstance(handler.formatter, JsonFormatter)
    ]
    assert handlers, "the root logger has no JSON handler"
    handler = handlers[0]
    stream = io.StringIO()
    previous = handler.setStream(stream)

    def read() -> list[dict]:
        return [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]

    try:
        yield read
    finally:
        handler.setStream(previous)


@pytest.mark.django_db
def test_every_response_carries_a_generated_reference(client):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]
    assert GENERATED.match(first) and GENERATED.match(second)
    assert first != second


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("3f2a9c1e-77b0-4f7e-9d43-0a1b2c3d4e5f", True),  # a UUID from the proxy
        ("0123456789abcdef0123456789abcdef", True),  # nginx's $request_id
        ("Root=1-67891233-abcdef012345678912345678", False),  # '=' is not allowed
        ("short", False),
        ("x" * 101, False),
        ("with space 12345678", False),
        ('forged"} {"levelname": "ERROR', False),
    ],
)
def test_a_sane_reference_from_the_proxy_is_kept_and_anything_else_replaced(client, sent, kept):
    received = client.get("/healthz", HTTP_X_REQUEST_ID=sent)["X-Request-ID"]
    if kept:
        assert received == sent
    else:
        assert received != sent and GENERATED.match(received)


@pytest.mark.django_db
def test_the_request_log_line_carries_the_reference(client, log_lines):
    response = client.get("/no-such-page-for-the-log-test/")
    assert response.status_code == 404
    reference = response["X-Request-ID"]
    lines = [line for line in log_lines() if line["name"] == "django.request"]
    assert lines, log_lines()
    assert lines[-1]["message"] == "Not Found: /no-such-page-for-the-log-test/"
    assert lines[-1]["request_id"] == reference


def test_a_line_logged_outside_any_request_or_task_says_so(log_lines):
    logging.getLogger("tests.ops").warning("nothing to do with a request")
    assert log_lines()[-1]["request_id"] == "-"


def test_a_task_logs_with_its_own_id(log_lines):
    result = log_a_line.apply()  # runs here, with Celery's prerun/postrun signals
    lines = [line for line in log_lines() if line["message"] == "a line from a task"]
    assert [line["request_id"] for line in lines] == [result.id]
    logging.getLogger("tests.ops").warning("after the task")
    assert log_lines()[-1]["request_id"] == "-"


@pytest.mark.django_db
def test_the_500_page_shows_the_reference_that_is_in_the_header_and_the_log(settings, log_lines):
    settings.ROOT_URLCONF = "tests.ops.urls"
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory())
    response = client.get("/test-failure/")

    assert response.status_code == 500
    reference = response["X-Request-ID"]
    page = response.content.decode()
    assert "Sorry, there is a problem with the service" in page
    assert "If you contact us about this, quote this reference:" in page
    assert f'<strong class="reference">{reference}</strong>' in page
    errors = [line for line in log_lines() if line["levelname"] == "ERROR"]
    assert errors[-1]["message"] == "Internal Server Error: /test-failure/"
    assert errors[-1]["request_id"] == reference
    # The view's own warning, earlier in the same request, carries the same reference.
    warnings = [line for line in log_lines() if line["name"] == "tests.ops.urls"]
    assert [line["request_id"] for line in warnings] == [reference]

"""Shared fixtures and the service markers.

Markers (see pyproject.toml): postgres, redis, celery_worker, browser, html_validator. A marked
test runs when its service is reachable and skips with the reason otherwise; under CI (CI=true)
it fails instead.
"""

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API + live_server

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
IN_CI = os.environ.get("CI", "").lower() == "true"


def require(condition: bool, reason: str) -> None:
    """Skip locally, fail under CI, when a required service is missing."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"required under CI: {reason}", pytrace=False)
    pytest.skip(reason)


def postgres_available() -> bool:
    from django.conf import settings

    return "postgresql" in settings.DATABASES["default"]["ENGINE"]


def redis_url() -> str | None:
    return os.environ.get("REDIS_URL")


def redis_available() -> bool:
    url = redis_url()
    if not url:
        return False
    try:
        import redis

        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except Exception:
        return False


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """Repeat pytest-randomly's seed at the end of the run, next to the failures, with the command
    that replays this order (the header line scrolls away in CI logs)."""
    seed = config.getoption("randomly_seed", None)
    if not isinstance(seed, int) or not config.getoption("randomly_reorganize", True):
        return  # pytest-randomly disabled (-p no:randomly) or ordering switched off
    terminalreporter.write_sep("-", "random order")
    terminalreporter.write_line(
        f"Tests ran in random order with --randomly-seed={seed}. "
        f"Replay: make test SEED={seed} (or pytest --randomly-seed={seed} <files>)"
    )


def pytest_runtest_setup(item):
    markers = {m.name for m in item.iter_markers()}
    if "postgres" in markers or "celery_worker" in markers:
        require(postgres_available(), "needs PostgreSQL: set DATABASE_URL=postgres://...")
    if "redis" in markers or "celery_worker" in markers:
        require(redis_available(), "needs Redis: set REDIS_URL=redis://127.0.0.1:6379/0")
    if "celery_worker" in markers:
        require(
            shutil.which("celery") is not None or (ROOT / ".venv/bin/celery").exists(),
            "needs the celery command",
        )
    if "browser" in markers:
        require(CHROMIUM.exists(), f"needs Chromium at {CHROMIUM} (apt-get install chromium)")
        require(AXE_JS.exists(), "needs axe-core: run `npm ci` in the project folder")
    if "html_validator" in markers:
        require(shutil.which("java") is not None, "needs Java: apt install default-jre-headless")
        require(VNU_JAR.exists(), "needs the Nu HTML checker: run `npm ci` in the project folder")


@pytest.fixture
def home_page(db):
    """The Wagtail site tree (locale, root, home page, default site), built even after a
    live_server flush removed the rows that Wagtail's migrations create."""
    from tests.factories.pages import build_site

    return build_site()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Every test starts and ends with an empty cache: allauth's and django-ratelimit's counters
    (log-ins per minute from 127.0.0.1, one verification e-mail per address per 3 minutes) and
    cached fragments otherwise carry over to whichever test runs next in the same process, so a
    test passed or failed depending on the order. The live server shares this process's cache."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _restore_language():
    """A test-client request to /cy/ leaves Welsh active in this thread (LocaleMiddleware does
    not deactivate it); put English back so later tests render in English."""
    yield
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def smtp(settings):
    """The fake SMTP server of tests/email_support.py, accepting everything until a test says
    otherwise (``smtp.code``, ``smtp.failures``); at most two retries, so "retried up to the
    cap" is quick."""
    from participation.celery import app
    from tests.email_support import FakeSMTPBackend

    settings.EMAIL_BACKEND = "tests.email_support.FakeSMTPBackend"
    settings.EMAIL_RETRY_MAX = 2  # three attempts in all
    FakeSMTPBackend.code, FakeSMTPBackend.failures = 250, None
    FakeSMTPBackend.calls, FakeSMTPBackend.seen_ids = 0, []
    previous = app.conf.task_eager_propagates
    # Eager mode runs a task's retries inline (no countdown) when failures don't propagate.
    app.conf.task_eager_propagates = False
    yield FakeSMTPBackend
    app.conf.task_eager_propagates = previous

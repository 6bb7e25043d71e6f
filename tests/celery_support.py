"""Start a real Celery worker process for tests marked celery_worker.

The worker uses the test database (committed rows only: use transactional_db), the Redis broker
from REDIS_URL, and its own queue so it never takes tasks meant for another worker.
"""

import contextlib
import os
import subprocess
import time
import uuid
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
# How long a worker may take to start. Its log stayed empty for the first 30 s (importing Django,
# Wagtail and Celery) on a busy two-core CI machine running the suite in two processes, and the
# worker tests failed there although nothing was wrong; a broken worker still fails, just later.
WORKER_START_SECONDS = 120


def _database_url() -> str:
    s = connection.settings_dict
    user = s.get("USER") or ""
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    host = s.get("HOST") or "127.0.0.1"
    port = s.get("PORT") or 5432
    return f"postgres://{auth}{host}:{port}/{s['NAME']}"


@contextlib.contextmanager
def celery_worker(
    *, email_url: str | None = None, concurrency: int = 1, extra_env=None, extra_args=()
):
    """Yield (queue_name, process) for a worker consuming only queue_name (extra_args: more
    command-line options, e.g. ``["--include", "tests.ops.failing_tasks"]``)."""
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "participation.settings.test",
        "PARTICIPATION_TEST_WORKER": "1",
        "DATABASE_URL": _database_url(),
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        **({"EMAIL_URL": email_url} if email_url else {}),
        **(extra_env or {}),
    }
    celery = ROOT / ".venv" / "bin" / "celery"
    command = [str(celery) if celery.exists() else "celery"]
    command += [
        "-A",
        "participation",
        "worker",
        "-Q",
        queue,
        "--pool",
        "prefork",
        f"--concurrency={concurrency}",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        "--loglevel=INFO",
        *extra_args,
    ]
    log_path = ROOT / "var" / "test" / f"worker-{queue}.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    log = log_path.open("w")
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
    try:
        deadline = time.monotonic() + WORKER_START_SECONDS
        while time.monotonic() < deadline:
            if "ready." in log_path.read_text(errors="replace"):
                break
            if process.poll() is not None:
                raise RuntimeError(f"worker exited early:\n{log_path.read_text()}")
            time.sleep(0.2)
        else:
            raise RuntimeError(
                f"worker not ready in {WORKER_START_SECONDS} s:\n{log_path.read_text()}"
            )
        yield queue, process
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        log.close()


def wait_for(predicate, *, timeout: float = 60.0, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    return predicate()


__all__ = ["celery_worker", "wait_for"]

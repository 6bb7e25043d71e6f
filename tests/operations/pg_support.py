"""Scratch PostgreSQL databases beside the test database, for tests that run the site's own
commands in other processes (backup and restore, scale-out).

Names start with the configured database's name (participation_h8 -> participation_h8_src), so
parallel runs of different engineers or CI never share one. ``migrated_copy`` clones a template
database that is migrated once and kept while the migrations stay the same (CREATE DATABASE ...
TEMPLATE takes a second; migrating Wagtail takes 15 s to 2 minutes).
"""

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import psycopg
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
APPS = ("core", "participation", "community", "casestudies", "guidance", "events")


def _params() -> dict:
    s = settings.DATABASES["default"]
    return {
        "host": s.get("HOST") or "127.0.0.1",
        "port": s.get("PORT") or 5432,
        "user": s.get("USER") or "postgres",
        "password": s.get("PASSWORD") or None,
    }


def scratch_name(suffix: str) -> str:
    # The configured name, not the test database's: participation_h8 -> participation_h8_src.
    return f"{settings.DATABASES['default']['NAME'].removeprefix('test_')}_{suffix}"


def database_url(name: str) -> str:
    p = _params()
    password = f":{p['password']}" if p["password"] else ""
    return f"postgres://{p['user']}{password}@{p['host']}:{p['port']}/{name}"


def connect(name: str = "postgres", **kwargs) -> psycopg.Connection:
    return psycopg.connect(dbname=name, autocommit=True, **_params(), **kwargs)


def drop(name: str) -> None:
    with connect() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def create(name: str, template: str | None = None) -> None:
    drop(name)
    with connect() as conn:
        if template:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        else:
            conn.execute(f'CREATE DATABASE "{name}"')


def _migrations_fingerprint() -> str:
    digest = hashlib.sha256()
    files = [ROOT / "requirements" / "base.lock"]
    for app in APPS:
        files += sorted((ROOT / app).glob("**/migrations/*.py"))
    for path in files:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:32]


def process_env(name: str, **extra: str) -> dict:
    """The environment of a site process using database ``name`` (no Redis, no bucket unless
    given: nothing leaks between the test and other runs)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("AWS_", "MEDIA_STORAGE", "DJANGO_SETTINGS_MODULE", "REDIS_URL"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="participation.settings.dev",
        DATABASE_URL=database_url(name),
        REDIS_URL="",
        DEBUG="false",
        LOG_LEVEL="WARNING",
    )
    env.update(extra)
    return env


def manage(name: str, *args: str, timeout: float = 600, **env: str) -> str:
    out = subprocess.run(  # noqa: S603 - this interpreter and the project's manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=process_env(name, **env),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if out.returncode:
        raise AssertionError(f"manage.py {' '.join(args)} failed:\n{out.stdout}\n{out.stderr}")
    return out.stdout


def migrated_copy(name: str) -> None:
    """Create ``name`` as a fully migrated, otherwise empty database."""
    template = scratch_name("tpl")
    fingerprint = _migrations_fingerprint()
    # One test at a time (pytest-xdist runs tests in parallel): a template being rebuilt, or
    # copied by another CREATE DATABASE, cannot be copied.
    with connect() as lock:
        lock.execute("SELECT pg_advisory_lock(hashtext(%s))", [template])
        row = lock.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [template],
        ).fetchone()
        if not row or row[0] != fingerprint:
            create(template)
            manage(template, "migrate", "--noinput", "-v0")
            lock.execute(f"COMMENT ON DATABASE \"{template}\" IS '{fingerprint}'")
        create(name, template=template)
        lock.execute("SELECT pg_advisory_unlock(hashtext(%s))", [template])

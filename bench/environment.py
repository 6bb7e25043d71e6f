"""The command line of `make bench` and the environment it runs in: production settings, a
dedicated PostgreSQL database (created when missing) and Redis db. No Django import: this is
decided before Django is set up."""

from __future__ import annotations

import argparse
import os
import secrets
from pathlib import Path
from urllib.parse import urlparse

import psycopg

from bench.lib import log

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/participation_bench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/11"
RESULTS = ROOT / "bench" / "results.json"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="`make bench`: the benchmark suite (docs/performance.md)."
    )
    parser.add_argument("--regenerate", action="store_true", help="drop and recreate the bench DB")
    parser.add_argument("--case-studies", type=int, default=10_000)
    parser.add_argument("--members", type=int, default=5_000)
    parser.add_argument("--meetings", type=int, default=200)
    parser.add_argument("--registrations", type=int, default=100_000)
    parser.add_argument("--topics", type=int, default=200)
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk per page")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--warmup", type=int, default=20, help="requests per page before wrk")
    parser.add_argument("--port", type=int, default=8200)
    parser.add_argument("--repeats", type=int, default=30, help="runs per search term")
    parser.add_argument(
        "--page-repeats", type=int, default=10, help="timed requests per page in process"
    )
    parser.add_argument("--skip-http", action="store_true")
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument(
        "--no-docs", action="store_true", help="do not update the table in docs/performance.md"
    )
    return parser.parse_args(argv)


def bench_environment(args) -> dict:
    env = dict(os.environ)
    env.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
    env.setdefault("REDIS_URL", DEFAULT_REDIS_URL)
    env.update(
        DJANGO_SETTINGS_MODULE="participation.settings.production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="127.0.0.1",
        BENCH_BARE_VIEW="true",
        LOG_LEVEL="WARNING",
        EMAIL_URL="locmem://",
        SITE_URL=f"http://127.0.0.1:{args.port}",
        DJANGO_ALLOW_ASYNC_UNSAFE="true",
    )
    return env


def ensure_database(url: str, *, regenerate: bool) -> None:
    parts = urlparse(url)
    name = parts.path.lstrip("/")
    if "bench" not in name:
        raise SystemExit(f"Refusing to use database {name!r}: its name must contain 'bench'.")
    admin = parts._replace(path="/postgres").geturl().replace("postgres://", "postgresql://", 1)
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and regenerate:
            log(f"dropping database {name}")
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            log(f"creating database {name}")
            conn.execute(f'CREATE DATABASE "{name}"')

"""No data lost on upgrade (issue 17, point 8).

A PostgreSQL database is built by the *baseline* code (``BASELINE_COMMIT``, extracted with
``git archive``): its migrations, then ``load_demo_content``. Every table of the public schema is
snapshotted straight with SQL (row count and an md5 of every row, over the baseline's columns), with
no ORM, so the snapshot does not depend on where a model lives. Then the code in this working tree
migrates the same database, the snapshot is taken again and compared table by table, and the demo
content is read back through the new code's ORM (``manage.py shell -c``).

When models move between apps (``SeparateDatabaseAndState``, ``db_table`` kept, content types
updated in place: docs/decisions.md, "Moving models between apps without losing data"), update
``MOVED_MODELS`` (and ``TABLE_RENAMES`` if a table really is renamed). A migration that
legitimately rewrites the rows of a baseline table must be named in ``CHANGED_BY_MIGRATION``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.conf import settings

from tests.conftest import ROOT, require

pytestmark = [pytest.mark.postgres]

# The code an existing installation runs today: the database is built by this commit's migrations
# and demo content. To move it forward (after a release that installations have migrated to), set
# it to that release's commit on main (`git rev-parse --short <tag-or-commit>`), empty
# MOVED_MODELS and TABLE_RENAMES of the moves that commit already contains, and run this test.
BASELINE_COMMIT = "7c06869"

# Concrete models moved to another app since BASELINE_COMMIT: (app_label, model) before -> after.
# Their django_content_type rows must be updated in place (same id), so permissions, revisions,
# log entries and page/settings references that point at the id are kept.
MOVED_MODELS: dict[tuple[str, str], tuple[str, str]] = {
    ("participation", "sitesettings"): ("core", "sitesettings"),
    ("participation", "navigationsettings"): ("core", "navigationsettings"),
    ("participation", "navigationlink"): ("core", "navigationlink"),
    ("participation", "heartbeat"): ("core", "heartbeat"),
}

# Tables renamed since BASELINE_COMMIT (old name -> new name). Empty: moved models keep db_table.
TABLE_RENAMES: dict[str, str] = {}

# Baseline tables whose rows a later migration legitimately changes: table -> the migration that
# does it and why. Their rows are not compared (the difference is still printed). None today.
CHANGED_BY_MIGRATION: dict[str, str] = {}

# Registry tables that a newer code version legitimately appends to (migration records, a content
# type and permissions per new model, group permissions granted by a data migration): every
# baseline row must still be there unchanged, new rows are allowed. django_content_type is
# compared with MOVED_MODELS applied.
APPEND_ONLY = {
    "django_migrations",
    "django_content_type",
    "auth_permission",
    "auth_group_permissions",
}

# Demo content that must read back through the new ORM: label -> baseline table. The model is
# found by its db_table (after TABLE_RENAMES), so this does not depend on which app holds it.
COUNTED = {
    "members": "community_user",
    "meetings": "events_meeting",
    "meeting registrations": "events_registration",
    "unconference registrations": "unconferences_registration",
    "unconference topics": "unconferences_topic",
    "votes": "unconferences_vote",
}
# Tables compared value by value (simple columns) between the baseline SQL and the new ORM.
VALUES_COMPARED = [
    "participation_sitesettings",
    "participation_navigationsettings",
    "participation_navigationlink",
]

MARKER = "UPGRADE-CHECK-JSON:"


def run(args: list[str], *, cwd: Path, env: dict[str, str], what: str) -> str:
    result = subprocess.run(  # noqa: S603 - our own manage.py with the test's interpreter
        [sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=900
    )
    if result.returncode != 0:
        pytest.fail(
            f"{what} failed (exit {result.returncode}) in {cwd}:\n"
            f"--- stdout ---\n{result.stdout[-6000:]}\n--- stderr ---\n{result.stderr[-6000:]}",
            pytrace=False,
        )
    return result.stdout


def server_params() -> dict:
    db = settings.DATABASES["default"]
    return {
        "host": db.get("HOST") or "127.0.0.1",
        "port": int(db.get("PORT") or 5432),
        "user": db.get("USER") or "postgres",
        "password": db.get("PASSWORD") or "",
    }


def database_url(params: dict, name: str) -> str:
    auth = quote(params["user"], safe="")
    if params["password"]:
        auth += ":" + quote(params["password"], safe="")
    return f"postgres://{auth}@{params['host']}:{params['port']}/{name}"


def connect(params: dict, dbname: str):
    return psycopg.connect(dbname=dbname, autocommit=True, **params)


def snapshot(conn, columns_of: dict[str, list[str]] | None = None) -> dict[str, dict]:
    """Every public table: its columns, row count and md5 over the rows. With ``columns_of`` (the
    baseline's columns), rows are hashed over those columns only, so a column added later does not
    count as a change; a baseline column that is gone is reported."""
    tables = {}
    rows = conn.execute(
        "select table_name, column_name from information_schema.columns "
        "where table_schema = 'public' order by table_name, ordinal_position"
    ).fetchall()
    for table, column in rows:
        tables.setdefault(table, []).append(column)
    shot = {}
    for table, columns in tables.items():
        wanted = columns if columns_of is None else columns_of.get(table, columns)
        missing = [c for c in wanted if c not in columns]
        used = [c for c in wanted if c in columns]
        row = "row(" + ", ".join(f'"{c}"' for c in used) + ")::text"
        count, checksum = conn.execute(
            f"select count(*), md5(coalesce(string_agg({row}, '|' order by {row}), '')) "  # noqa: S608
            f'from "{table}"'
        ).fetchone()
        entry = {"columns": columns, "count": count, "md5": checksum, "missing_columns": missing}
        if table in APPEND_ONLY:
            entry["rows"] = {r[0] for r in conn.execute(f'select {row} from "{table}"')}  # noqa: S608
        shot[table] = entry
    return shot


def content_types(conn) -> set[tuple[int, str, str]]:
    return set(conn.execute("select id, app_label, model from django_content_type").fetchall())


def simple_rows(conn, table: str, columns: list[str]) -> list[dict]:
    cols = ", ".join(f'"{c}"' for c in columns)
    cur = conn.execute(f'select {cols} from "{table}" order by 1')  # noqa: S608
    return [dict(zip(columns, (json_value(v) for v in r), strict=True)) for r in cur.fetchall()]


def json_value(value):
    return value if isinstance(value, (int, str, bool, type(None))) else str(value)


# Run by the new code's `manage.py shell -c`: reads the demo content through the ORM. Input (a JSON
# file named by UPGRADE_CHECK_INPUT): the tables to count and to compare. Output: one JSON line.
ORM_CHECK = r"""
import json, os
from django.apps import apps
from wagtail.models import Page, Site

spec = json.load(open(os.environ["UPGRADE_CHECK_INPUT"]))
by_table = {m._meta.db_table: m for m in apps.get_models(include_auto_created=True)}
SIMPLE = {"AutoField", "BigAutoField", "SmallAutoField", "CharField", "TextField", "EmailField",
          "URLField", "SlugField", "IntegerField", "BigIntegerField", "SmallIntegerField",
          "PositiveIntegerField", "PositiveSmallIntegerField", "PositiveBigIntegerField",
          "BooleanField", "ForeignKey", "OneToOneField"}
out = {"pages": 0, "page_errors": [], "counts": {}, "rows": {}, "errors": []}
for page in Page.objects.order_by("path"):
    out["pages"] += 1
    try:
        specific = page.specific
        cls = page.specific_class
        if cls is None or type(specific) is not cls or specific.pk != page.pk:
            out["page_errors"].append(
                f"page {page.pk} {page.title!r}: specific is {type(specific).__name__}, "
                f"content type {page.content_type_id}")
        else:
            specific.get_url()
    except Exception as exc:
        out["page_errors"].append(f"page {page.pk} {page.title!r}: {exc!r}")
default_site = Site.objects.filter(is_default_site=True).first()
out["default_site"] = default_site.pk if default_site else None
for label, table in spec["counted"].items():
    model = by_table.get(table)
    if model is None:
        out["errors"].append(f"{label}: no model has db_table {table!r}")
        continue
    out["counts"][label] = {"model": model._meta.label, "count": model._default_manager.count()}
for table in spec["values"]:
    model = by_table.get(table)
    if model is None:
        out["errors"].append(f"no model has db_table {table!r}")
        continue
    fields = [f for f in model._meta.concrete_fields if f.get_internal_type() in SIMPLE]
    rows = []
    for obj in model._default_manager.order_by("pk"):
        row = {}
        for f in fields:
            v = getattr(obj, f.attname)
            row[f.column] = v if isinstance(v, (int, str, bool, type(None))) else str(v)
        rows.append(row)
    site_field = next((f for f in fields if f.column == "site_id"), None)
    on_site = None
    if site_field and default_site:
        on_site = model._default_manager.filter(site=default_site).count()
    out["rows"][table] = {"model": model._meta.label, "columns": [f.column for f in fields],
                          "rows": rows, "for_default_site": on_site}
print("UPGRADE-CHECK-JSON:" + json.dumps(out))
"""


def require_baseline() -> None:
    git = shutil.which("git")
    require(git is not None, "needs git to extract the baseline code")
    found = subprocess.run(  # noqa: S603
        [git, "cat-file", "-e", f"{BASELINE_COMMIT}^{{commit}}"],
        cwd=ROOT,
        capture_output=True,
    )
    require(
        found.returncode == 0,
        f"needs the baseline commit {BASELINE_COMMIT} in the git history (a full clone)",
    )


def extract_baseline(target: Path) -> None:
    archive = target.parent / "baseline.tar"
    with archive.open("wb") as out:
        subprocess.run(  # noqa: S603
            ["git", "archive", BASELINE_COMMIT],  # noqa: S607
            cwd=ROOT,
            stdout=out,
            check=True,
        )
    with tarfile.open(archive) as tar:
        tar.extractall(target, filter="data")
    archive.unlink()


def diff_report(before: dict, after: dict, ct_before: set, ct_after: set) -> list[str]:
    problems = []
    for table, old in sorted(before.items()):
        if table in CHANGED_BY_MIGRATION:
            continue
        new_name = TABLE_RENAMES.get(table, table)
        new = after.get(new_name)
        label = table if new_name == table else f"{table} (now {new_name})"
        if new is None:
            problems.append(f"{label}: table gone ({old['count']} rows before)")
            continue
        if new["missing_columns"]:
            problems.append(f"{label}: columns gone: {', '.join(new['missing_columns'])}")
        if table == "django_content_type":
            continue  # compared below, with MOVED_MODELS applied
        if table in APPEND_ONLY:
            lost = old["rows"] - new["rows"]
            if lost:
                sample = ", ".join(sorted(lost)[:5])
                problems.append(
                    f"{label}: {len(lost)} of {old['count']} rows lost or changed "
                    f"(now {new['count']} rows), e.g. {sample}"
                )
            continue
        if old["count"] != new["count"]:
            problems.append(f"{label}: {old['count']} rows before, {new['count']} after")
        elif old["md5"] != new["md5"]:
            problems.append(
                f"{label}: same {old['count']} rows but content changed "
                f"(md5 {old['md5']} -> {new['md5']})"
            )
    expected = {(i, *MOVED_MODELS.get((app, model), (app, model))) for i, app, model in ct_before}
    lost = expected - ct_after
    if lost:
        now = {i: (app, model) for i, app, model in ct_after}
        for i, app, model in sorted(lost):
            problems.append(
                f"django_content_type id {i}: expected {app}.{model}, now "
                + (".".join(now[i]) if i in now else "missing")
            )
    return problems


def test_database_from_baseline_migrates_forward_with_every_row_kept():
    require_baseline()
    started = time.monotonic()
    params = server_params()
    name = f"upgrade_{uuid.uuid4().hex[:12]}"
    admin = connect(params, "postgres")
    tmp = Path(tempfile.mkdtemp(prefix="upgrade-test-"))
    try:
        admin.execute(f'create database "{name}"')
        baseline = tmp / "baseline"
        baseline.mkdir()
        extract_baseline(baseline)
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("PYTEST", "DJANGO_", "REDIS", "EMAIL_", "PAGE_CACHE"))
            and k not in {"PYTHONPATH", "DATABASE_URL", "PARTICIPATION_TEST_WORKER", "CI"}
        }
        env.update(
            DJANGO_SETTINGS_MODULE="participation.settings.dev",  # what `make demo` uses
            DATABASE_URL=database_url(params, name),
            EMAIL_URL="locmem://",
            PAGE_CACHE_SECONDS="0",
            VAR_DIR=str(tmp / "var"),
            MEDIA_ROOT=str(tmp / "media"),
            SITE_URL="http://127.0.0.1:8000",
            DEBUG="false",
        )
        run(["manage.py", "migrate", "--noinput"], cwd=baseline, env=env, what="baseline migrate")
        run(["manage.py", "load_demo_content"], cwd=baseline, env=env, what="baseline demo load")
        built = time.monotonic()

        with connect(params, name) as conn:
            before = snapshot(conn)
            ct_before = content_types(conn)
            baseline_values = {
                table: simple_rows(conn, table, before[table]["columns"])
                for table in VALUES_COMPARED
            }
        assert before["wagtailcore_page"]["count"] > 2, "the baseline demo content has no pages"
        for label, table in COUNTED.items():
            assert before[table]["count"] > 0, f"the baseline demo content has no {label}"

        run(["manage.py", "migrate", "--noinput"], cwd=ROOT, env=env, what="new code migrate")
        with connect(params, name) as conn:
            after = snapshot(conn, {t: before[t]["columns"] for t in before})
            ct_after = content_types(conn)

        problems = diff_report(before, after, ct_before, ct_after)

        spec = tmp / "orm-check.json"
        spec.write_text(
            json.dumps(
                {
                    "counted": {k: TABLE_RENAMES.get(t, t) for k, t in COUNTED.items()},
                    "values": [TABLE_RENAMES.get(t, t) for t in VALUES_COMPARED],
                }
            )
        )
        stdout = run(
            ["manage.py", "shell", "-c", ORM_CHECK],
            cwd=ROOT,
            env={**env, "UPGRADE_CHECK_INPUT": str(spec)},
            what="ORM read-back (new code)",
        )
        line = next((x for x in stdout.splitlines() if x.startswith(MARKER)), None)
        assert line, f"the ORM check printed no result:\n{stdout[-4000:]}"
        orm = json.loads(line[len(MARKER) :])
        problems += orm["errors"] + orm["page_errors"]
        if orm["pages"] != before["wagtailcore_page"]["count"]:
            problems.append(
                f"ORM pages: {orm['pages']}, baseline rows: {before['wagtailcore_page']['count']}"
            )
        for label, table in COUNTED.items():
            got = orm["counts"].get(label)
            if got and got["count"] != before[table]["count"]:
                problems.append(
                    f"ORM {label} ({got['model']}): {got['count']}, "
                    f"baseline {table}: {before[table]['count']}"
                )
        for table in VALUES_COMPARED:
            got = orm["rows"].get(TABLE_RENAMES.get(table, table))
            if got is None:
                continue  # reported as an error above
            expected = [{c: row[c] for c in got["columns"]} for row in baseline_values[table]]
            if got["rows"] != expected:
                problems.append(
                    f"ORM {table} ({got['model']}) differs from the baseline rows:\n"
                    f"  baseline: {expected}\n  now:      {got['rows']}"
                )
            if got["for_default_site"] == 0:
                problems.append(f"ORM {table} ({got['model']}): no row for the default site")
        elapsed = time.monotonic() - started
        print(
            f"upgrade from {BASELINE_COMMIT}: {len(before)} tables, "
            f"{sum(t['count'] for t in before.values())} rows, {orm['pages']} pages; "
            f"baseline built in {built - started:.0f}s, total {elapsed:.0f}s"
        )
        for table in sorted(set(after) - {TABLE_RENAMES.get(t, t) for t in before}):
            print(f"  new table: {table} ({after[table]['count']} rows)")
        if problems:
            pytest.fail(
                f"data lost or changed on upgrade from {BASELINE_COMMIT}:\n- "
                + "\n- ".join(problems),
                pytrace=False,
            )
    finally:
        try:
            admin.execute(f'drop database if exists "{name}" with (force)')
        finally:
            admin.close()
            shutil.rmtree(tmp, ignore_errors=True)

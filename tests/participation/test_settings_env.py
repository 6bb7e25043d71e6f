"""Settings from the environment: read once, in participation/settings/base.py, by django-environ.

Each probe imports a settings module in a fresh interpreter with exactly the environment given,
so what a deployment sets is what the settings say.
"""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

PROBE = r"""
import importlib, json, sys
module = importlib.import_module(sys.argv[1])
names = sys.argv[2:]
print(json.dumps({name: getattr(module, name) for name in names}, default=str))
"""


def read_settings(module: str, names: list[str], *, probe_script: str = PROBE, **environ: str):
    """``names`` of ``participation.settings.<module>`` imported by ``probe_script`` (a script
    printing a JSON object on its last line) in a fresh interpreter with exactly ``environ``."""
    env = {"PATH": "/usr/bin:/bin", **environ}
    result = subprocess.run(  # noqa: S603 (our own probe script)
        [sys.executable, "-c", probe_script, f"participation.settings.{module}", *names],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=settings.BASE_DIR,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_variables_are_read_with_their_documented_meaning():
    values = read_settings(
        "base",
        [
            "MEMBER_APPROVAL_REQUIRED",
            "PAGE_CACHE_SECONDS",
            "ALLOWED_HOSTS",
            "CSRF_TRUSTED_ORIGINS",
            "DEBUG",
            "DATABASES",
            "CACHES",
            "CELERY_BROKER_URL",
            "EMAIL_BACKEND",
            "EMAIL_HOST",
            "EMAIL_PORT",
            "EMAIL_HOST_USER",
            "EMAIL_HOST_PASSWORD",
            "EMAIL_USE_TLS",
            "EMAIL_USE_SSL",
            "DEFAULT_FROM_EMAIL",
            "SITE_URL",
            "TRUSTED_PROXY_COUNT",
            "REMINDER_GRACE_MINUTES",
            "REMINDER_REQUEUE_AFTER_SECONDS",
            "REMINDER_SENDING_LEASE_SECONDS",
            "BENCH_BARE_VIEW",
            "LOG_LEVEL",
            "CELERY_TASK_DEFAULT_QUEUE",
            "DEMO_PASSWORD",
            "MEDIA_ROOT",
            "VAR_DIR",
        ],
        MEMBER_APPROVAL_REQUIRED="true",
        PAGE_CACHE_SECONDS="120",
        ALLOWED_HOSTS="participation.example.org, www.participation.example.org",
        CSRF_TRUSTED_ORIGINS="https://participation.example.org",
        DEBUG="on",
        DATABASE_URL="postgres://app:s%40cret@db.example.org:5433/participation?sslmode=require",
        REDIS_URL="redis://cache.example.org:6379/2",
        EMAIL_URL="smtp://mailer:p%40ss@smtp.example.org:587?tls=1",
        DEFAULT_FROM_EMAIL="Community <community@example.org>",
        SITE_URL="https://participation.example.org/",
        TRUSTED_PROXY_COUNT="2",
        REMINDER_GRACE_MINUTES="30",
        REMINDER_REQUEUE_AFTER_SECONDS="90",
        REMINDER_SENDING_LEASE_SECONDS="100",
        BENCH_BARE_VIEW="1",
        LOG_LEVEL="WARNING",
        CELERY_TASK_DEFAULT_QUEUE="q-test",
        DEMO_PASSWORD="another-demo-password",
        MEDIA_ROOT="/srv/media",
        VAR_DIR="/srv/var",
    )
    assert values["MEMBER_APPROVAL_REQUIRED"] is True
    assert values["PAGE_CACHE_SECONDS"] == 120
    assert values["ALLOWED_HOSTS"] == ["participation.example.org", "www.participation.example.org"]
    assert values["CSRF_TRUSTED_ORIGINS"] == ["https://participation.example.org"]
    assert values["DEBUG"] is True
    database = values["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["HOST"], database["PORT"], database["NAME"]) == (
        "db.example.org",
        5433,
        "participation",
    )
    assert (database["USER"], database["PASSWORD"]) == ("app", "s@cret")
    assert database["OPTIONS"] == {"sslmode": "require"}
    assert database["CONN_MAX_AGE"] == 60
    assert values["CACHES"]["default"]["LOCATION"] == "redis://cache.example.org:6379/2"
    assert values["CELERY_BROKER_URL"] == "redis://cache.example.org:6379/2"
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (values["EMAIL_HOST"], values["EMAIL_PORT"]) == ("smtp.example.org", 587)
    assert (values["EMAIL_HOST_USER"], values["EMAIL_HOST_PASSWORD"]) == ("mailer", "p@ss")
    assert values["EMAIL_USE_TLS"] is True and values["EMAIL_USE_SSL"] is False
    assert values["DEFAULT_FROM_EMAIL"] == "Community <community@example.org>"
    assert values["SITE_URL"] == "https://participation.example.org"
    assert values["TRUSTED_PROXY_COUNT"] == 2
    assert values["REMINDER_GRACE_MINUTES"] == 30
    assert values["REMINDER_REQUEUE_AFTER_SECONDS"] == 90
    assert values["REMINDER_SENDING_LEASE_SECONDS"] == 100
    assert values["BENCH_BARE_VIEW"] is True
    assert values["LOG_LEVEL"] == "WARNING"
    assert values["CELERY_TASK_DEFAULT_QUEUE"] == "q-test"
    assert values["DEMO_PASSWORD"] == "another-demo-password"
    assert values["MEDIA_ROOT"] == "/srv/media"
    assert values["VAR_DIR"] == "/srv/var"


def test_defaults_without_any_variable():
    base_dir = Path(settings.BASE_DIR)
    values = read_settings(
        "base",
        [
            "SECRET_KEY",
            "DEBUG",
            "ALLOWED_HOSTS",
            "CSRF_TRUSTED_ORIGINS",
            "MEMBER_APPROVAL_REQUIRED",
            "PAGE_CACHE_SECONDS",
            "DATABASES",
            "CELERY_BROKER_URL",
            "EMAIL_BACKEND",
            "EMAIL_FILE_PATH",
            "SITE_URL",
            "TRUSTED_PROXY_COUNT",
            "REMINDER_GRACE_MINUTES",
            "DEMO_PASSWORD",
            "MEDIA_ROOT",
        ],
    )
    assert values["SECRET_KEY"] is None
    assert values["DEBUG"] is False
    assert values["ALLOWED_HOSTS"] == ["localhost", "127.0.0.1"]
    assert values["CSRF_TRUSTED_ORIGINS"] == []
    assert values["MEMBER_APPROVAL_REQUIRED"] is False
    assert values["PAGE_CACHE_SECONDS"] == 0  # no Redis: a per-process cache would go stale
    assert values["DATABASES"]["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert values["DATABASES"]["default"]["NAME"] == str(base_dir / "var" / "db.sqlite3")
    assert values["CELERY_BROKER_URL"] == "filesystem://"
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.filebased.EmailBackend"
    assert values["EMAIL_FILE_PATH"] == str(base_dir / "var" / "emails")
    assert values["SITE_URL"] == "http://127.0.0.1:8000"
    assert values["TRUSTED_PROXY_COUNT"] == 0
    assert values["REMINDER_GRACE_MINUTES"] == 360
    assert values["DEMO_PASSWORD"] == "participate-demo-2025"
    assert values["MEDIA_ROOT"] == str(base_dir / "media")


def test_empty_variables_from_env_example_mean_the_default():
    """.env.example leaves these empty; copied as it is, the site still uses the defaults."""
    base_dir = Path(settings.BASE_DIR)
    values = read_settings(
        "base",
        ["SECRET_KEY", "DATABASES", "CELERY_BROKER_URL", "EMAIL_BACKEND", "MEDIA_ROOT", "VAR_DIR"],
        SECRET_KEY="",
        DATABASE_URL="",
        REDIS_URL="",
        EMAIL_URL="",
        MEDIA_ROOT="",
        VAR_DIR="",
        CSRF_TRUSTED_ORIGINS="",
    )
    assert values["SECRET_KEY"] is None
    assert values["DATABASES"]["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert values["CELERY_BROKER_URL"] == "filesystem://"
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.filebased.EmailBackend"
    assert values["MEDIA_ROOT"] == str(base_dir / "media")
    assert values["VAR_DIR"] == str(base_dir / "var")


def test_dev_settings_choose_their_own_defaults_but_obey_the_environment(tmp_path):
    names = ["DEBUG", "PAGE_CACHE_SECONDS"]
    var_dir = str(tmp_path / "var")  # dev.py creates its folders there
    unset = read_settings("dev", names, VAR_DIR=var_dir, REDIS_URL="redis://127.0.0.1:6379/9")
    assert unset == {"DEBUG": True, "PAGE_CACHE_SECONDS": 0}
    chosen = read_settings("dev", names, VAR_DIR=var_dir, DEBUG="false", PAGE_CACHE_SECONDS="30")
    assert chosen == {"DEBUG": False, "PAGE_CACHE_SECONDS": 30}


def test_demo_accounts_use_the_demo_password_setting():
    probe = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'participation.settings.test';"
        " django.setup(); from community import demo; print(demo.DEMO_PASSWORD)"
    )
    result = subprocess.run(  # noqa: S603 (our own probe script)
        [sys.executable, "-c", probe],
        env={"PATH": "/usr/bin:/bin", "DEMO_PASSWORD": "set-in-the-environment"},
        capture_output=True,
        text=True,
        check=False,
        cwd=settings.BASE_DIR,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip().splitlines()[-1] == "set-in-the-environment"


def test_only_settings_base_reads_the_environment():
    """The environment is read in one place. Entry points may only choose the settings module;
    scripts/run_dev.py (a launcher: HOST, PORT) and bench/ are not part of the site."""
    base_dir = Path(settings.BASE_DIR)
    reads = re.compile(r"os\.environ|os\.getenv|getenv\(")
    allowed = re.compile(r'os\.environ\.setdefault\("DJANGO_SETTINGS_MODULE"')
    offenders = []
    for app in ("participation", "community", "casestudies", "guidance", "events"):
        for path in (base_dir / app).rglob("*.py"):
            if path == base_dir / "participation" / "settings" / "base.py":
                continue
            for number, line in enumerate(path.read_text().splitlines(), start=1):
                if reads.search(line) and not allowed.search(line):
                    offenders.append(f"{path.relative_to(base_dir)}:{number}: {line.strip()}")
    assert offenders == []


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        (
            {"SECRET_KEY": "", "ALLOWED_HOSTS": "participation.example.org"},
            "SECRET_KEY must be set",
        ),
        ({"SECRET_KEY": "k" * 60, "ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS must be set"),
    ],
)
def test_production_refuses_the_empty_values_of_env_example(environ, message):
    result = subprocess.run(
        [sys.executable, "-c", "import participation.settings.production"],
        env={"PATH": "/usr/bin:/bin", **environ},
        capture_output=True,
        text=True,
        check=False,
        cwd=settings.BASE_DIR,
    )
    assert result.returncode != 0
    assert message in result.stderr

"""The deployment recipe's invariants, read from docker-compose.yml, the Dockerfile and
.dockerignore (there is no Docker daemon here: nothing is built or run).

- exactly one beat, and no worker that embeds one (-B);
- a healthcheck on every long-running service (all but one-shot jobs marked restart: "no");
- no secrets written down: secret-looking settings come from ${VARIABLES} (.env), the image sets
  no secret, and the build's throwaway key is generated, not written;
- one image for web, worker and beat;
- media on a shared named volume, or in object storage (MEDIA_STORAGE=s3) with no media folder on
  any container's disk;
- a build that fails loudly (no `|| true`) and a .dockerignore that keeps local state out.
"""

import fnmatch
import re
import shlex
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
APP_SERVICES = ("web", "worker", "beat")
SECRET_NAME = re.compile(r"SECRET|PASSWORD|PASSWD|TOKEN|_KEY$|^KEY$|DSN|CREDENTIAL", re.IGNORECASE)
VARIABLE = re.compile(r"^\$\{[A-Z0-9_]+(?::?[-?][^}]*)?\}$")
URL_PASSWORD = re.compile(r"^[a-z][a-z0-9+.-]*://[^:/@\s]+:(?P<password>[^@\s]+)@")


def compose_files() -> list[Path]:
    return sorted(ROOT.glob("docker-compose*.yml")) + sorted(ROOT.glob("compose*.yml"))


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text())  # PyYAML resolves the <<: *app merge keys


@pytest.fixture(scope="module")
def compose() -> dict:
    return load(ROOT / "docker-compose.yml")


def command_text(service: dict) -> str:
    command = service.get("command") or ""
    return " ".join(command) if isinstance(command, list) else str(command)


def environment(service: dict) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) if "=" in item else (item, "") for item in env)
    return {key: "" if value is None else str(value) for key, value in env.items()}


def is_beat(service: dict) -> bool:
    words = shlex.split(command_text(service).replace("\n", " "))
    return "celery" in words and ("beat" in words or "-B" in words or "--beat" in words)


def test_exactly_one_beat_and_no_worker_embeds_one(compose):
    services = compose["services"]
    beats = [name for name, service in services.items() if is_beat(service)]
    assert beats == ["beat"]
    assert services["beat"].get("deploy", {}).get("replicas", 1) == 1
    assert "-B" not in command_text(services["worker"]).split()


def test_every_long_running_service_has_a_healthcheck(compose):
    for path in compose_files():
        for name, service in (load(path).get("services") or {}).items():
            if str(service.get("restart")) == "no":
                continue  # a one-shot job (says so with restart: "no"), not a service
            check = service.get("healthcheck") or {}
            assert check.get("test") and not check.get("disable"), f"{path.name}: {name}"


def test_worker_answers_a_ping_and_beat_is_judged_by_the_scanners_last_run(compose):
    worker = " ".join(compose["services"]["worker"]["healthcheck"]["test"])
    assert "celery -A participation inspect ping" in worker
    assert "--destination celery@$$HOSTNAME" in worker  # itself, not any worker
    beat = compose["services"]["beat"]["healthcheck"]["test"]
    assert beat[-3:] == ["manage.py", "healthcheck", "reminder_scanner"]


def test_web_worker_and_beat_run_the_same_image(compose):
    services = compose["services"]
    images = {
        (services[name].get("image"), str(services[name].get("build"))) for name in APP_SERVICES
    }
    assert len(images) == 1
    image, build = images.pop()
    assert image and build == "."
    settings = {environment(services[name])["DJANGO_SETTINGS_MODULE"] for name in APP_SERVICES}
    assert settings == {"participation.settings.production"}


def test_no_secret_is_written_in_any_compose_file():
    for path in compose_files():
        for name, service in (load(path).get("services") or {}).items():
            for key, value in environment(service).items():
                where = f"{path.name}: {name}.{key}"
                if SECRET_NAME.search(key) and value:
                    assert VARIABLE.match(value), f"{where} is written down, not ${{FROM_ENV}}"
                password = URL_PASSWORD.match(value)
                if password:
                    assert VARIABLE.match(password["password"]), f"{where} holds a password"
            env_files = service.get("env_file") or []
            for item in [env_files] if isinstance(env_files, str) else env_files:
                assert Path(item if isinstance(item, str) else item["path"]).name == ".env"


def test_the_image_sets_no_secret_and_the_builds_key_is_generated():
    dockerfile = (ROOT / "Dockerfile").read_text()
    for line in dockerfile.splitlines():
        if line.startswith(("ENV ", "ARG ", "LABEL ")):
            assert not SECRET_NAME.search(line.split(None, 1)[1].split("=")[0]), line
    for assignment in re.findall(r"SECRET_KEY=(\S+)", dockerfile):
        assert assignment.startswith('"$(python'), f"a SECRET_KEY written down: {assignment}"
    assert "ADD .env" not in dockerfile and "COPY .env" not in dockerfile


def test_the_build_fails_loudly():
    dockerfile = "\n".join(
        line for line in (ROOT / "Dockerfile").read_text().splitlines() if not line.startswith("#")
    )
    assert "|| true" not in dockerfile and "|| :" not in dockerfile
    build_step = dockerfile[dockerfile.index("collectstatic") - 400 :]
    assert "set -eu" in build_step
    assert "python manage.py collectstatic --noinput" in dockerfile
    assert "python manage.py compilemessages" in dockerfile
    assert "test -f staticfiles/staticfiles.json" in dockerfile  # the manifest was written


@pytest.mark.parametrize(
    "path",
    [
        ".env",
        ".env.production",
        ".venv/bin/python",
        "var/db.sqlite3",
        "var/test-artefacts/journeys/step.png",
        "media/original_images/photo.jpg",
        "staticfiles/staticfiles.json",
        ".git/HEAD",
        "node_modules/axe-core/axe.min.js",
        "core/__pycache__/views.cpython-311.pyc",
        ".pytest_cache/v/cache/lastfailed",
        ".ruff_cache/content",
        ".hypothesis/examples/x",
        "db.sqlite3",
        "backup-20261207T0200Z.dump",
        "bench/data/rows.csv",
    ],
)
def test_dockerignore_keeps_local_state_and_secrets_out(path):
    assert dockerignored(path), path


@pytest.mark.parametrize(
    "path",
    ["manage.py", "requirements/base.lock", "locale/cy/LC_MESSAGES/django.po", ".env.example"],
)
def test_dockerignore_keeps_what_the_image_needs(path):
    assert not dockerignored(path), path


def dockerignored(path: str) -> bool:
    """Docker's rule: the last matching pattern wins; '!' re-includes; a pattern matching a
    folder excludes everything under it."""
    ignored = False
    for raw in (ROOT / ".dockerignore").read_text().splitlines():
        pattern = raw.strip()
        if not pattern or pattern.startswith("#"):
            continue
        negate = pattern.startswith("!")
        pattern = pattern.lstrip("!").strip("/")
        parts = path.split("/")
        prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
        if any(fnmatch.fnmatchcase(prefix, pattern) for prefix in prefixes) or (
            "/" not in pattern and fnmatch.fnmatchcase(parts[-1], pattern)
        ):
            ignored = not negate
    return ignored


def test_media_is_shared_or_in_object_storage():
    """Local media: one named volume mounted at MEDIA_ROOT in web, worker and beat (never a
    container's own disk). MEDIA_STORAGE=s3: a bucket, and no media volume at all."""
    for path in compose_files():
        services = load(path).get("services") or {}
        for name in APP_SERVICES:
            if name not in services:
                continue
            service = services[name]
            env = environment(service)
            mounts = [str(volume) for volume in service.get("volumes") or []]
            media_mounts = [mount for mount in mounts if mount.split(":")[1:2] == ["/app/media"]]
            if env.get("MEDIA_STORAGE", "local").lower() == "s3":
                assert env.get("AWS_STORAGE_BUCKET_NAME"), f"{path.name}: {name} has no bucket"
                assert not media_mounts, f"{path.name}: {name} keeps media on a disk as well"
            elif path.name == "docker-compose.yml":
                assert media_mounts, f"{name}: /app/media is the container's own disk"
                volume = media_mounts[0].split(":")[0]
                assert not volume.startswith(("/", ".")), "a host folder, not a named volume"
                assert volume in (load(path).get("volumes") or {})

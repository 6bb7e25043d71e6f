"""Scale out, shown (issue 20 point 4): two web processes (gunicorn, production settings), two
Celery workers and one beat, on one PostgreSQL database, one Redis and one S3-compatible bucket.

- a member signed in through one web process is signed in on the other (same session cookie);
- publishing through one discards the page cache of both;
- a reminder that falls due while they run goes out exactly once (two workers, one beat);
- an image and a document uploaded through one are served by the other.

docs/operations.md ("Scaling") says why the same holds across hosts.
"""

import contextlib
import datetime as dt
import io
import os
import re
import shutil
import signal
import subprocess
import time
import uuid
from pathlib import Path

import pytest
import redis
import requests
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from events.reminders.enums import DeliveryStatus
from events.reminders.models import ReminderDelivery
from tests.celery_support import wait_for
from tests.conftest import require
from tests.factories.casestudies import case_study, library_index
from tests.factories.users import DEFAULT_PASSWORD, UserFactory
from tests.reminders.conftest import make_meeting, register
from tests.reminders.smtp_sink import free_port, smtp_sink

from . import pg_support as pg
from .s3_support import moto_s3

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / ".venv" / "bin"
START_SECONDS = 120  # five processes importing Django and Wagtail at once on two cores
pytestmark = [
    pytest.mark.celery_worker,  # PostgreSQL, Redis and the celery command, required under CI
    pytest.mark.django_db(transaction=True),  # the processes see committed rows only
]


def command(name: str) -> str:
    found = BIN / name
    return str(found) if found.exists() else (shutil.which(name) or name)


class Cluster:
    """The processes, their logs, and HTTP helpers that behave like a browser behind an https
    proxy (X-Forwarded-Proto, Referer, cookies kept per person)."""

    def __init__(self, folder: Path, env: dict):
        self.folder, self.env = folder, env
        self.processes: dict[str, subprocess.Popen] = {}
        self.ports: list[int] = []

    def start(self, name: str, args: list[str]) -> None:
        log = (self.folder / f"{name}.log").open("w")
        self.processes[name] = subprocess.Popen(  # noqa: S603 - the project's own commands
            args,
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def log(self, name: str) -> str:
        return (self.folder / f"{name}.log").read_text(errors="replace")

    def wait_ready(self) -> None:
        def ready(name: str) -> bool:
            if self.processes[name].poll() is not None:
                raise AssertionError(f"{name} exited early:\n{self.log(name)[-3000:]}")
            if name.startswith("web"):
                port = self.ports[int(name[-1]) - 1]
                try:
                    requests.get(
                        f"http://127.0.0.1:{port}/healthz",
                        headers={"X-Forwarded-Proto": "https"},
                        allow_redirects=False,
                        timeout=5,
                    )
                except requests.RequestException:
                    return False
                return True
            marker = "beat: Starting" if name == "beat" else "ready."
            return marker in self.log(name)

        deadline = time.monotonic() + START_SECONDS
        waiting = set(self.processes)
        while waiting and time.monotonic() < deadline:
            waiting = {name for name in waiting if not ready(name)}
            time.sleep(0.3)
        assert not waiting, {name: self.log(name)[-2000:] for name in waiting}

    def stop(self) -> None:
        for process in self.processes.values():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)


class Visitor:
    """One person's cookies, sent to whichever web process they are routed to."""

    def __init__(self):
        self.cookies: dict[str, str] = {}

    def request(self, method: str, port: int, path: str, **kwargs) -> requests.Response:
        headers = {
            "X-Forwarded-Proto": "https",  # as from the https proxy (SECURE_SSL_REDIRECT is on)
            "Referer": f"https://127.0.0.1:{port}{path}",
            **kwargs.pop("headers", {}),
        }
        response = requests.request(
            method,
            f"http://127.0.0.1:{port}{path}",
            headers=headers,
            cookies=self.cookies,
            allow_redirects=False,
            timeout=60,
            **kwargs,
        )
        for cookie in response.cookies:  # kept although Secure: the proxy would speak https
            self.cookies[cookie.name] = cookie.value
        return response

    def get(self, port: int, path: str) -> requests.Response:
        return self.request("GET", port, path)

    def post_form(self, port: int, path: str, data: dict, files=None) -> requests.Response:
        page = self.get(port, path)
        assert page.status_code == 200, (path, page.status_code, page.text[:500])
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        assert token, f"no CSRF token on {path}"
        return self.request(
            "POST", port, path, data={"csrfmiddlewaretoken": token.group(1), **data}, files=files
        )

    def sign_in(self, port: int, email: str) -> None:
        response = self.post_form(
            port, "/accounts/login/", {"login": email, "password": DEFAULT_PASSWORD}
        )
        assert response.status_code == 302, response.text[:2000]
        assert "sessionid" in self.cookies


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (300, 200), (30, 90, 160)).save(buffer, format="PNG")
    return buffer.getvalue()


def delete_keys(url: str, prefix: str) -> None:
    server = redis.Redis.from_url(url)
    for key in server.scan_iter(f"{prefix}:*"):
        server.delete(key)


def test_two_web_processes_two_workers_and_one_beat_share_everything(home_page, tmp_path):
    require(
        shutil.which("gunicorn") is not None or (BIN / "gunicorn").exists(),
        "needs gunicorn (make install)",
    )
    started = time.monotonic()
    redis_url = os.environ["REDIS_URL"]
    queue = f"scaleout-{uuid.uuid4().hex[:8]}"  # beat and both workers, no other test's worker
    cache_prefix = f"test-{queue}"  # the processes' cache keys (tests/operations/production_like)

    # What the processes will find in the shared database.
    Collection.get_first_root_node() or Collection.add_root(name="Root")
    member = UserFactory(email="ada.member@example.org", name="Ada Member")
    editor = UserFactory(email="edi.editor@example.org", is_staff=True, is_superuser=True)
    # The tests' fast MD5 hasher is not among production's: a production hasher's hash.
    production_hash = PBKDF2PasswordHasher().encode(DEFAULT_PASSWORD, "scaleoutsalt", 1000)
    type(member).objects.filter(pk__in=[member.pk, editor.pk]).update(password=production_hash)
    study = case_study(library_index(home_page), title="Citizens' panel on river quality")
    study.title = "Citizens' panel on river quality: the results"
    study.save_revision()  # a draft, published through web 1 below
    meeting = make_meeting(
        starts_at=timezone.now() + dt.timedelta(minutes=59), title="Scale-out meeting"
    )
    register(meeting, member)

    with moto_s3() as s3, smtp_sink() as sink:
        ports = [free_port(), free_port()]
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("AWS_")},
            **s3.env,
            "DJANGO_SETTINGS_MODULE": "tests.operations.production_like",
            "SECRET_KEY": "scale-out-test-" + "k" * 50,  # one secret for every process
            "ALLOWED_HOSTS": "127.0.0.1",
            "SITE_URL": f"https://127.0.0.1:{ports[0]}",
            "DATABASE_URL": pg.database_url(connection.settings_dict["NAME"]),  # the test db
            "REDIS_URL": redis_url,
            "EMAIL_URL": f"smtp://127.0.0.1:{sink.port}",
            "CELERY_TASK_DEFAULT_QUEUE": queue,
            "TEST_CACHE_PREFIX": cache_prefix,
            "PAGE_CACHE_SECONDS": "600",
            "LOG_LEVEL": "INFO",
        }
        cluster = Cluster(tmp_path, env)
        cluster.ports = ports
        try:
            for n, port in enumerate(ports, start=1):
                cluster.start(
                    f"web{n}",
                    [
                        command("gunicorn"),
                        "participation.wsgi:application",
                        f"--bind=127.0.0.1:{port}",
                        "--workers=1",
                        "--timeout=120",
                    ],
                )
            for n in (1, 2):
                cluster.start(
                    f"worker{n}",
                    [
                        command("celery"),
                        "-A",
                        "participation",
                        "worker",
                        "-Q",
                        queue,
                        "-n",
                        f"scaleout{n}-{queue}@%h",
                        "--concurrency=1",
                        "--without-gossip",
                        "--without-mingle",
                        "--loglevel=INFO",
                    ],
                )
            cluster.start(
                "beat",
                [
                    command("celery"),
                    "-A",
                    "tests.operations.fast_beat",
                    "beat",
                    f"--schedule={tmp_path / 'celerybeat-schedule'}",
                    "--loglevel=INFO",
                ],
            )
            cluster.wait_ready()
            ready = time.monotonic()
            web1, web2 = ports

            # 1. Signed in through web 1, signed in on web 2 with the same cookie.
            ada = Visitor()
            assert ada.get(web2, "/accounts/email/").status_code == 302  # not yet
            ada.sign_in(web1, member.email)
            on_web2 = ada.get(web2, "/accounts/email/")
            assert on_web2.status_code == 200
            assert member.email in on_web2.text

            # 2. Publishing through web 1 discards the cached page on both.
            anonymous = Visitor()
            for port in ports:
                first = anonymous.get(port, study.url)
                assert first.status_code == 200 and "river quality" in first.text
                again = anonymous.get(port, study.url)
                assert again.headers.get("X-Page-Cache") == "hit"
                assert "the results" not in again.text
            editor_visitor = Visitor()
            editor_visitor.sign_in(web1, editor.email)
            published = editor_visitor.post_form(
                web1, f"/admin/bulk/wagtailcore/page/publish/?id={study.pk}", {}
            )
            assert published.status_code == 302, published.text[:2000]
            for port in (web2, web1):
                fresh = anonymous.get(port, study.url)
                assert "X-Page-Cache" not in fresh.headers, port
                assert "river quality: the results" in fresh.text, port

            # 3. Uploads through web 1 are served by web 2 (from the one bucket).
            root_collection = Collection.get_first_root_node().pk
            report = b"Scale-out minutes\nEveryone could see this file.\n"
            added = editor_visitor.post_form(
                web1,
                "/admin/documents/add/",
                {"title": "Scale-out minutes", "collection": root_collection},
                files={"file": ("scale-out-minutes.txt", report, "text/plain")},
            )
            assert added.status_code == 302, added.text[:2000]
            photo = png_bytes()
            added = editor_visitor.post_form(
                web1,
                "/admin/images/add/",
                {"title": "Scale-out photo", "collection": root_collection, "alt_text": "A river"},
                files={"file": ("scale-out-photo.png", photo, "image/png")},
            )
            assert added.status_code == 302, added.text[:2000]
            document = get_document_model().objects.get(title="Scale-out minutes")
            image = get_image_model().objects.get(title="Scale-out photo")
            assert {document.file.name, image.file.name} <= set(s3.object_keys())

            download = anonymous.get(web2, document.url)
            assert download.status_code == 302
            assert download.headers["Location"].startswith(f"{s3.endpoint}/{s3.bucket}/")
            assert requests.get(download.headers["Location"], timeout=30).content == report
            listing = editor_visitor.get(web2, "/admin/images/")  # renders the thumbnails
            assert listing.status_code == 200
            thumbnails = re.findall(
                rf'src="({re.escape(s3.endpoint)}/{s3.bucket}/images/scale-out-photo[^"]+)"',
                listing.text,
            )
            assert thumbnails, "web 2 shows no thumbnail from the bucket"
            thumbnail = requests.get(thumbnails[0].replace("&amp;", "&"), timeout=30)
            assert thumbnail.status_code == 200
            assert thumbnail.headers["Content-Type"] == "image/png"
            assert PILImage.open(io.BytesIO(thumbnail.content)).size[0] <= 300

            # 4. The reminder that fell due goes out exactly once, though beat scans every
            # 2 seconds and two workers take the tasks.
            assert wait_for(lambda: len(sink.messages) >= 1, timeout=60), "no reminder"
            time.sleep(3 * 2.0 + 1)  # three more scans
            assert sink.recipients() == [member.email]
            assert "Scale-out meeting" in str(sink.messages[0]["Subject"]) + str(sink.messages[0])
            rows = ReminderDelivery.objects.filter(meeting=meeting)
            assert [row.status for row in rows] == [DeliveryStatus.SENT]
            # Both workers took tasks from the one queue.
            took = wait_for(
                lambda: all("received" in cluster.log(f"worker{n}") for n in (1, 2)), timeout=20
            )
            assert took, "one worker took every task"
            print(
                f"scale-out test: {time.monotonic() - started:.1f} s "
                f"({ready - started:.1f} s starting the processes)"
            )
        finally:
            cluster.stop()
            delete_keys(redis_url, cache_prefix)
            server = redis.Redis.from_url(redis_url)
            for key in server.scan_iter(f"*{queue}*"):  # the queue and kombu's bindings
                server.delete(key)

"""Serve the site with a Celery worker and beat beside it (the embedded default).

Ctrl-C stops all of them. Broker: kombu's filesystem transport in var/celery (or Redis when
REDIS_URL is set). E-mails: files in var/emails (or EMAIL_URL).
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
# A launcher, not Django settings: HOST and PORT only choose where runserver listens, and are read
# here (before Django starts) because no setting uses them; everything else is in settings/base.py.
HOST = os.environ.get("HOST", "127.0.0.1")
PORT = os.environ.get("PORT", "8000")


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "participation.settings.dev")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from community.demo import DEMO_ORGANISER_EMAIL, DEMO_PASSWORD  # needs django.setup() first

    commands = {
        "web": [sys.executable, "manage.py", "runserver", f"{HOST}:{PORT}", "--noreload"],
        "worker": [
            str(BIN / "celery"),
            "-A",
            "participation",
            "worker",
            "-B",
            "--concurrency=1",
            "--loglevel=INFO",
        ],
    }
    processes = {
        name: subprocess.Popen(cmd, cwd=ROOT, start_new_session=True)  # noqa: S603
        for name, cmd in commands.items()
    }
    print(
        "\n"
        f"  Site:        http://{HOST}:{PORT}/\n"
        f"  Admin:       http://{HOST}:{PORT}/admin/\n"
        f"  Organiser:   {DEMO_ORGANISER_EMAIL} / {DEMO_PASSWORD}\n"
        f"  E-mails:     {ROOT / 'var' / 'emails'}\n"
        "  Press Ctrl-C to stop the site, the worker and beat.\n",
        flush=True,
    )

    def stop(*_args):
        for process in processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 10
        for process in processes.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)

    # Ctrl-C and SIGTERM both stop everything (SIGINT is restored in case the parent ignored it).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        while all(p.poll() is None for p in processes.values()):
            time.sleep(0.5)
        failed = [name for name, p in processes.items() if p.poll() is not None]
        print(f"Stopped because {', '.join(failed)} exited.", file=sys.stderr)
        return 1
    except (KeyboardInterrupt, SystemExit):
        return 0
    finally:
        stop()


if __name__ == "__main__":
    sys.exit(main())

"""What scripts/backup.py and scripts/restore.py share: Django's settings for the database and
the media storage, the PostgreSQL client tools, and the media archive format.

The archive (media.tar.gz) holds every file of the media storage under its storage name
(original_images/..., images/..., documents/...), whether the storage is the local folder
(MEDIA_ROOT) or an S3 bucket (MEDIA_STORAGE=s3): a backup of one restores into the other.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DUMP_NAME = "database.dump"
MEDIA_NAME = "media.tar.gz"
MANIFEST_NAME = "manifest.json"


class BackupError(Exception):
    """A refusal or failure with a message for the operator (exit status 2)."""


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "participation.settings.dev")
    sys.path.insert(0, str(ROOT))
    import django  # after sys.path: the project is importable from scripts/

    django.setup()


def database_settings() -> dict:
    from django.db import connection  # needs django.setup() first

    settings = connection.settings_dict
    if "postgresql" not in settings["ENGINE"]:
        raise BackupError(
            "make backup and make restore need PostgreSQL (set DATABASE_URL=postgres://...). "
            f"This site uses {settings['ENGINE']}."
        )
    return settings


def libpq_env(settings: dict) -> dict:
    """The connection for pg_dump / pg_restore, as libpq's variables (no password on the
    command line, where other users of the machine could read it)."""
    env = {**os.environ}
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ):
        if settings.get(key):
            env[variable] = str(settings[key])
    sslmode = (settings.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = sslmode
    return env


def tool_path(tool: str) -> str:
    path = shutil.which(tool)
    if not path:
        raise BackupError(f"{tool} is not installed: apt-get install postgresql-client")
    return path


def tool_major(tool: str) -> int:
    path = tool_path(tool)
    out = subprocess.run(  # noqa: S603 - a PostgreSQL client tool found on PATH
        [path, "--version"], capture_output=True, text=True, check=True
    ).stdout
    found = re.search(r"(\d+)(?:\.\d+)?", out)
    if not found:
        raise BackupError(f"could not read the version of {tool}: {out!r}")
    return int(found.group(1))


def server_major() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        return int(cursor.fetchone()[0]) // 10000


def require_tool_for_server(tool: str) -> int:
    """pg_dump and pg_restore must be at least the server's major version."""
    tool_version, server_version = tool_major(tool), server_major()
    if tool_version < server_version:
        raise BackupError(
            f"{tool} {tool_version} is older than the PostgreSQL server ({server_version}): "
            f"install postgresql-client-{server_version}."
        )
    return tool_version


def media_storage():
    from django.core.files.storage import storages

    return storages["default"]


def media_names(storage, folder: str = "") -> list[str]:
    """Every file in the storage, recursively, sorted."""
    try:
        directories, files = storage.listdir(folder)
    except FileNotFoundError:  # a media folder not made yet: nothing uploaded
        return []
    names = [f"{folder}/{name}" if folder else name for name in files]
    for directory in directories:
        names += media_names(storage, f"{folder}/{directory}" if folder else directory)
    return sorted(names)


def storage_description(storage) -> str:
    bucket = getattr(storage, "bucket_name", None)
    if bucket:
        return f"s3://{bucket}/{getattr(storage, 'location', '')}".rstrip("/")
    return str(getattr(storage, "location", storage))


CHUNK_BYTES = 1024 * 1024  # media files are read in pieces of this size, never whole


def sha256_of(handle) -> str:
    """The SHA-256 of a file object's contents, read in chunks."""
    digest = hashlib.sha256()
    for chunk in iter(lambda: handle.read(CHUNK_BYTES), b""):
        digest.update(chunk)
    return digest.hexdigest()


class HashingReader:
    """A file object read through (by tarfile, in chunks), hashing and counting what passes: a
    large upload is archived without being held in memory."""

    def __init__(self, handle):
        self.handle = handle
        self.digest = hashlib.sha256()
        self.size = 0

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.digest.update(data)
        self.size += len(data)
        return data


def run(work, *, refused: str, failed: str) -> int:
    """The scripts' exit status: 0 done, 2 refused (a BackupError: its message says why), 1 when
    pg_dump or pg_restore failed (their own message is above)."""
    try:
        work()
    except BackupError as exc:
        print(f"{refused}: {exc}", file=sys.stderr)
        return 2
    except subprocess.CalledProcessError as exc:
        print(f"{failed}: {exc}", file=sys.stderr)
        return 1
    return 0

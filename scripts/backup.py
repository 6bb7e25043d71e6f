#!/usr/bin/env python
"""make backup: the PostgreSQL database and the media, together, into backups/<UTC time>/.

    python scripts/backup.py [--output-dir backups]

Writes, in a new folder named after the time (e.g. backups/20261207T031500Z/):
- database.dump: pg_dump --format=custom (compressed, restorable table by table);
- media.tar.gz: every file of the media storage, the local folder (MEDIA_ROOT) or the bucket
  (MEDIA_STORAGE=s3), under its storage name;
- manifest.json: when, from where, the tools' versions, and each media file's size and SHA-256.

Settings come from the environment, as for the site (DJANGO_SETTINGS_MODULE, DATABASE_URL,
MEDIA_STORAGE, MEDIA_ROOT, AWS_*). Restore with `make restore BACKUP=backups/<time>`
(docs/operations.md). The files hold members' personal data: keep them encrypted. The folder
is made readable by its owner only (0700, its files 0600), whatever the umask.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

from backup_lib import (
    DUMP_NAME,
    MANIFEST_NAME,
    MEDIA_NAME,
    ROOT,
    BackupError,
    HashingReader,
    database_settings,
    libpq_env,
    media_names,
    media_storage,
    require_tool_for_server,
    run,
    setup_django,
    storage_description,
    tool_path,
)

FOLDER_MODE = 0o700  # the backup holds members' personal data: its owner only
FILE_MODE = 0o600


def backup(output_dir: Path) -> Path:
    """Back up into a new folder under ``output_dir``. Everything is created under umask 077
    (pg_dump's file too), so no file is readable by others even while it is being written."""
    previous_umask = os.umask(0o077)
    try:
        target = _backup(output_dir)
    finally:
        os.umask(previous_umask)
    target.chmod(FOLDER_MODE)
    for path in target.iterdir():
        path.chmod(FILE_MODE)
    return target


def _backup(output_dir: Path) -> Path:
    settings = database_settings()
    pg_dump_version = require_tool_for_server("pg_dump")
    now = dt.datetime.now(dt.UTC)
    target = output_dir / now.strftime("%Y%m%dT%H%M%SZ")
    target.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=False)

    print(f"Database {settings['NAME']} -> {target / DUMP_NAME}")
    subprocess.run(  # noqa: S603 - pg_dump with our own arguments
        [
            tool_path("pg_dump"),
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            f"--file={target / DUMP_NAME}",
        ],
        env=libpq_env(settings),
        check=True,
    )

    storage = media_storage()
    files = []
    print(f"Media {storage_description(storage)} -> {target / MEDIA_NAME}")
    with tarfile.open(target / MEDIA_NAME, "w:gz") as archive:
        for name in media_names(storage):
            info = tarfile.TarInfo(name)
            info.size = storage.size(name)
            info.mtime = int(now.timestamp())
            with storage.open(name, "rb") as handle:
                reader = HashingReader(handle)  # streamed: tarfile reads it in chunks
                archive.addfile(info, reader)
            if reader.size != info.size:
                raise BackupError(f"{name} changed while it was being backed up: back up again")
            files.append({"name": name, "size": info.size, "sha256": reader.digest.hexdigest()})

    manifest = {
        "created_at": now.isoformat(),
        "database": settings["NAME"],
        "pg_dump_major": pg_dump_version,
        "media_storage": storage_description(storage),
        "media_files": files,
    }
    (target / MANIFEST_NAME).write_text(json.dumps(manifest, indent=2) + "\n")
    dump_size = (target / DUMP_NAME).stat().st_size
    print(f"Backed up: database ({dump_size:,} bytes) and {len(files)} media files in {target}")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--output-dir",
        type=Path,
        default=ROOT / "backups",
        help="folder that receives the <UTC time> folder (default: backups/)",
    )
    args = parser.parse_args(argv)

    def work():
        setup_django()
        backup(args.output_dir)

    return run(work, refused="Backup refused", failed="Backup failed")


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python
"""make restore BACKUP=backups/<time>: load a backup made by scripts/backup.py into an empty
database and an empty media storage.

    python scripts/restore.py backups/20261207T031500Z [--force]

Refuses a database that already has tables, or a media storage that already has files, unless
--force (make restore ... FORCE=1): then what is there is replaced by the backup exactly - the
database's public schema is dropped with everything in it (tables a newer release added too) and
the dump restored into it, and the media storage ends up holding the backup's files and no others
(files of the same name overwritten, files the backup does not have deleted). Create the empty
database first (createdb) and point DATABASE_URL at it; stop web, worker and beat while restoring.
Afterwards: `python manage.py migrate` (a backup from an older release) and
`python manage.py update_index`; the page cache is emptied here.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tarfile
from pathlib import Path

from backup_lib import (
    DUMP_NAME,
    MANIFEST_NAME,
    MEDIA_NAME,
    BackupError,
    database_settings,
    libpq_env,
    media_names,
    media_storage,
    require_tool_for_server,
    run,
    setup_django,
    sha256_of,
    storage_description,
    tool_path,
)
from django.db import connection  # a lazy handle: settings are read on first use, after setup


def table_count() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        )
        return cursor.fetchone()[0]


def empty_public_schema() -> None:
    """--force: drop the public schema with every table, sequence and extension in it (tables a
    newer release added included, which pg_restore --clean would leave) and create it again
    empty, usable by every role as a new database's is."""
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE")
        cursor.execute("CREATE SCHEMA public")
        cursor.execute("GRANT USAGE ON SCHEMA public TO PUBLIC")
    connection.close()  # pg_restore, another session, restores into it


def read_backup(folder: Path) -> dict:
    missing = [n for n in (DUMP_NAME, MEDIA_NAME, MANIFEST_NAME) if not (folder / n).is_file()]
    if missing:
        raise BackupError(f"{folder} is not a complete backup: {', '.join(missing)} missing")
    return json.loads((folder / MANIFEST_NAME).read_text())


def restore(folder: Path, *, force: bool) -> None:
    manifest = read_backup(folder)
    settings = database_settings()
    storage = media_storage()
    pg_restore_version = require_tool_for_server("pg_restore")
    if pg_restore_version < manifest["pg_dump_major"]:
        raise BackupError(
            f"the dump was made by pg_dump {manifest['pg_dump_major']}: pg_restore "
            f"{pg_restore_version} cannot read it; install postgresql-client-"
            f"{manifest['pg_dump_major']}"
        )

    tables = table_count()
    existing_media = media_names(storage)
    if not force and (tables or existing_media):
        problems = []
        if tables:
            problems.append(f"the database {settings['NAME']} already has {tables} tables")
        if existing_media:
            problems.append(
                f"the media storage {storage_description(storage)} already has "
                f"{len(existing_media)} files"
            )
        raise BackupError(
            f"{' and '.join(problems)}. Restore into an empty database (createdb) and an empty "
            "media storage, or add --force (make restore ... FORCE=1) to replace what is there."
        )

    # Check the media archive against the manifest, and every name in it, before touching
    # anything: a refusal after pg_restore would leave the database restored without its media.
    expected = {f["name"]: f["sha256"] for f in manifest["media_files"]}
    with tarfile.open(folder / MEDIA_NAME, "r:gz") as archive:
        members = [m for m in archive.getmembers() if m.isfile()]
        for member in members:
            if member.name.startswith("/") or ".." in Path(member.name).parts:
                raise BackupError(f"unsafe name in the media archive: {member.name!r}")
        found = {m.name: sha256_of(archive.extractfile(m)) for m in members}  # streamed
    if found != expected:
        raise BackupError(f"{folder / MEDIA_NAME} does not match {MANIFEST_NAME}: damaged backup")

    print(f"Database {folder / DUMP_NAME} -> {settings['NAME']}")
    if tables:  # only reached with --force
        empty_public_schema()
    command = [
        tool_path("pg_restore"),
        "--no-owner",
        "--no-privileges",
        "--exit-on-error",
        "--single-transaction",
        f"--dbname={settings['NAME']}",
        str(folder / DUMP_NAME),
    ]
    subprocess.run(command, env=libpq_env(settings), check=True)  # noqa: S603

    print(f"Media {folder / MEDIA_NAME} -> {storage_description(storage)}")
    with tarfile.open(folder / MEDIA_NAME, "r:gz") as archive:
        for member in archive.getmembers():
            if not member.isfile():
                continue
            name = member.name  # checked above: relative, no ".."
            if storage.exists(name):
                storage.delete(name)  # only reached with --force
            saved = storage.save(name, archive.extractfile(member))
            if saved != name:
                raise BackupError(f"{name} was stored as {saved}")
    extra = sorted(set(existing_media) - set(expected))  # only with --force
    for name in extra:
        storage.delete(name)
    if extra:
        print(f"Deleted {len(extra)} media files the backup does not have")

    from core.page_cache import page_cache_bump  # after django.setup(), as every project import

    page_cache_bump()
    print(
        f"Restored {manifest['created_at']}: the database and {len(expected)} media files. "
        "Next: python manage.py migrate && python manage.py update_index"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("backup", type=Path, help="a folder written by make backup")
    parser.add_argument(
        "--force",
        action="store_true",
        help="replace the contents of a database or media storage that is not empty",
    )
    args = parser.parse_args(argv)

    def work():
        if not args.backup.is_dir():
            raise BackupError(f"{args.backup} is not a folder (make restore BACKUP=backups/<time>)")
        setup_django()
        restore(args.backup, force=args.force)

    return run(work, refused="Restore refused", failed="Restore failed")


if __name__ == "__main__":
    sys.exit(main())

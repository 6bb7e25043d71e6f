"""Backup and restore, tested (issue 20 point 6): `make backup` of the demo site (with an
uploaded image, its rendition and a document), `make restore` into a fresh database and an empty
media folder, and every page, member, meeting, registration, vote and upload is found again with
the same ids and the same bytes. A database or media storage that is not empty is refused unless
FORCE=1; the same backup restores into an S3 bucket, and a backup of that bucket holds the same
files."""

import hashlib
import io
import json
import os
import shutil
import stat
import subprocess
import tarfile
import time
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from psycopg import sql
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

from events.models import Meeting, Registration
from events.unconferences.models import Vote
from tests.conftest import require

from . import pg_support as pg
from .s3_support import moto_s3

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.postgres

DEMO_AND_UPLOADS = """
import io
from django.core.files.base import ContentFile
from django.core.management import call_command
from PIL import Image
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

call_command("load_demo_content", verbosity=0)
buffer = io.BytesIO()
Image.new("RGB", (64, 48), (200, 30, 90)).save(buffer, format="PNG")
photo = get_image_model().objects.create(
    title="Backup test photo", file=ContentFile(buffer.getvalue(), name="backup-photo.png")
)
photo.get_rendition("fill-32x32")
get_document_model().objects.create(
    title="Backup test minutes", file=ContentFile(b"Minutes of the meeting\\n", name="minutes.txt")
)
"""


def make(target: str, *args: str, database: str, media: Path | None = None, **env: str):
    """`make backup` / `make restore`, as an operator runs them."""
    if media is not None:
        env["MEDIA_ROOT"] = str(media)
    return subprocess.run(  # noqa: S603 - make with the project's own targets
        [shutil.which("make") or "make", "--no-print-directory", target, *args],
        cwd=ROOT,
        env=pg.process_env(database, **env),
        capture_output=True,
        text=True,
        timeout=300,
    )


def ids(database: str, model) -> list[int]:
    with pg.connect(database) as conn:
        table = sql.Identifier(model._meta.db_table)
        query = sql.SQL("SELECT id FROM {} ORDER BY id").format(table)
        rows = conn.execute(query).fetchall()
    return [row[0] for row in rows]


def row_counts(database: str) -> dict[str, int]:
    with pg.connect(database) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        count = sql.SQL("SELECT count(*) FROM {}")
        return {t: conn.execute(count.format(sql.Identifier(t))).fetchone()[0] for t in tables}


def files(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_backup_of_the_demo_site_restores_every_row_and_upload(tmp_path):
    require(
        all(shutil.which(tool) for tool in ("pg_dump", "pg_restore", "make")),
        "needs pg_dump, pg_restore (apt-get install postgresql-client) and make",
    )
    started = time.monotonic()
    source, target = pg.scratch_name("src"), pg.scratch_name("dst")
    source_media, target_media = tmp_path / "media-src", tmp_path / "media-dst"
    backups = tmp_path / "backups"
    try:
        pg.migrated_copy(source)
        pg.manage(source, "shell", "-c", DEMO_AND_UPLOADS, MEDIA_ROOT=str(source_media))
        prepared = time.monotonic()

        # make backup
        made = make("backup", f"BACKUP_DIR={backups}", database=source, media=source_media)
        assert made.returncode == 0, made.stderr
        (folder,) = backups.iterdir()
        assert sorted(p.name for p in folder.iterdir()) == [
            "database.dump",
            "manifest.json",
            "media.tar.gz",
        ]
        assert (folder / "database.dump").read_bytes()[:5] == b"PGDMP"  # pg_dump custom format

        # make restore into a fresh, empty database and an empty media folder
        pg.create(target)
        restored = make("restore", f"BACKUP={folder}", database=target, media=target_media)
        assert restored.returncode == 0, restored.stderr
        assert "Restored" in restored.stdout

        # Every page, member, meeting, registration, vote and upload, with the same ids.
        for model in (
            Page,
            get_user_model(),
            Meeting,
            Registration,
            Vote,
            get_image_model(),
            get_document_model(),
        ):
            found = ids(source, model)
            assert found, f"the demo site has no {model._meta.verbose_name_plural}"
            assert ids(target, model) == found, model._meta.label
        # ... and every other table holds as many rows as before.
        assert row_counts(target) == row_counts(source)
        # Every uploaded file (the image, its rendition, the document), byte for byte.
        uploaded = files(source_media)
        assert any(name.startswith("original_images/") for name in uploaded)
        assert any(name.startswith("images/") for name in uploaded)  # the rendition
        assert any(name.startswith("documents/") for name in uploaded)
        assert files(target_media) == uploaded
        assert (target_media / "documents" / "minutes.txt").read_bytes() == (
            b"Minutes of the meeting\n"
        )

        # The same backup into a bucket (MEDIA_STORAGE=s3): refused while the database (now
        # restored) and the bucket are not empty, then replacing their contents with FORCE=1; a
        # backup of that bucket then holds the very same files.
        with moto_s3("restored-media") as bucket:
            bucket.client.put_object(Bucket=bucket.bucket, Key="stray.txt", Body=b"left over")
            refused = make("restore", f"BACKUP={folder}", database=target, **bucket.env)
            assert refused.returncode == 2
            assert f"the database {target} already has" in refused.stderr, refused.stderr
            assert "already has 1 files" in refused.stderr and "--force" in refused.stderr
            assert bucket.object_keys() == ["stray.txt"]  # nothing touched
            assert ids(target, Page) == ids(source, Page)
            # A table a newer release added, which the backup does not have.
            with pg.connect(target) as conn:
                conn.execute("CREATE TABLE newer_release_table (id integer)")
            forced = make("restore", f"BACKUP={folder}", "FORCE=1", database=target, **bucket.env)
            assert forced.returncode == 0, forced.stderr
            # Replaced exactly: the backup's files and no others, its tables and no others.
            objects = {k: hashlib.sha256(bucket.read(k)).hexdigest() for k in bucket.object_keys()}
            assert objects == uploaded
            assert "Deleted 1 media files the backup does not have" in forced.stdout
            assert row_counts(target) == row_counts(source)
            for model in (Page, get_user_model(), Vote, get_document_model()):
                assert ids(target, model) == ids(source, model), model._meta.label

            second = tmp_path / "backups-of-bucket"
            made = make("backup", f"BACKUP_DIR={second}", database=target, **bucket.env)
            assert made.returncode == 0, made.stderr
            (bucket_folder,) = second.iterdir()
            first_manifest = json.loads((folder / "manifest.json").read_text())
            bucket_manifest = json.loads((bucket_folder / "manifest.json").read_text())
            assert bucket_manifest["media_files"] == first_manifest["media_files"]
            assert bucket_manifest["media_storage"] == f"s3://{bucket.bucket}"
        print(
            f"backup/restore test: {time.monotonic() - started:.1f} s "
            f"({prepared - started:.1f} s preparing the demo site)"
        )
    finally:
        pg.drop(source)
        pg.drop(target)


def test_an_unsafe_name_in_the_media_archive_is_refused_before_the_database_is_touched(tmp_path):
    """A backup whose media archive names a file outside the media storage ("../...") is
    refused as a whole: the database is not restored first and left without its media."""
    require(
        all(shutil.which(tool) for tool in ("pg_dump", "pg_restore", "make")),
        "needs pg_dump, pg_restore (apt-get install postgresql-client) and make",
    )
    source, target = pg.scratch_name("unsafe_src"), pg.scratch_name("unsafe_dst")
    folder, media = tmp_path / "backup", tmp_path / "media"
    folder.mkdir()
    try:
        pg.create(source)
        with pg.connect(source) as conn:
            conn.execute("CREATE TABLE restored_marker (id integer)")
        subprocess.run(  # noqa: S603 - pg_dump with our own arguments
            [
                shutil.which("pg_dump"),
                "--format=custom",
                f"--file={folder / 'database.dump'}",
                f"--dbname={pg.database_url(source)}",
            ],
            check=True,
        )
        escaped = b"outside the media folder\n"
        with tarfile.open(folder / "media.tar.gz", "w:gz") as archive:
            info = tarfile.TarInfo("../escaped.txt")
            info.size = len(escaped)
            archive.addfile(info, io.BytesIO(escaped))
        manifest = {
            "created_at": "2026-12-07T03:00:00+00:00",
            "database": source,
            "pg_dump_major": 0,
            "media_storage": str(media),
            "media_files": [
                {
                    "name": "../escaped.txt",
                    "size": len(escaped),
                    "sha256": hashlib.sha256(escaped).hexdigest(),
                }
            ],
        }
        (folder / "manifest.json").write_text(json.dumps(manifest))
        pg.create(target)

        refused = make("restore", f"BACKUP={folder}", database=target, media=media)

        assert refused.returncode == 2, refused.stderr
        assert "unsafe name in the media archive: '../escaped.txt'" in refused.stderr
        assert row_counts(target) == {}  # the dump was not restored
        assert not (tmp_path / "escaped.txt").exists()
    finally:
        pg.drop(source)
        pg.drop(target)


def test_the_backup_folder_and_its_files_are_readable_by_their_owner_only(tmp_path):
    """A backup holds members' personal data: even under a permissive umask (022, the usual
    default) `make backup` makes its folder 0700 and every file in it 0600."""
    require(
        all(shutil.which(tool) for tool in ("pg_dump", "make")),
        "needs pg_dump (apt-get install postgresql-client) and make",
    )
    source = pg.scratch_name("modes_src")
    media, backups = tmp_path / "media", tmp_path / "backups"
    (media / "documents").mkdir(parents=True)
    (media / "documents" / "minutes.txt").write_bytes(b"Minutes\n")
    previous_umask = os.umask(0o022)  # inherited by make and the backup it runs
    try:
        pg.create(source)
        made = make("backup", f"BACKUP_DIR={backups}", database=source, media=media)
        assert made.returncode == 0, made.stderr
        (folder,) = backups.iterdir()
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        modes = {path.name: stat.S_IMODE(path.stat().st_mode) for path in folder.iterdir()}
        assert modes == {"database.dump": 0o600, "manifest.json": 0o600, "media.tar.gz": 0o600}
    finally:
        os.umask(previous_umask)
        pg.drop(source)

"""make backup and make restore read media files in chunks: an upload of any size is archived
and checked without being held whole in memory (scripts/backup_lib.py)."""

import hashlib
import importlib.util
import io
import os
import tarfile
from pathlib import Path

import pytest

LIB = Path(__file__).resolve().parents[2] / "scripts" / "backup_lib.py"


@pytest.fixture(scope="module")
def backup_lib():
    spec = importlib.util.spec_from_file_location("backup_lib", LIB)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class NoWholeReads(io.BytesIO):
    """A stored file that fails a test if anything asks for all of it at once."""

    def read(self, size=-1):
        assert size is not None and 0 < size <= 1024 * 1024, f"read({size}): the whole file"
        return super().read(size)


def test_a_large_upload_is_archived_and_checked_in_chunks(backup_lib):
    data = os.urandom(3 * 1024 * 1024 + 7)  # larger than a chunk, not a multiple of one
    reader = backup_lib.HashingReader(NoWholeReads(data))
    archived = io.BytesIO()
    with tarfile.open(fileobj=archived, mode="w:gz") as archive:
        info = tarfile.TarInfo("documents/annual-report.pdf")
        info.size = len(data)
        archive.addfile(info, reader)
    assert reader.size == len(data)
    assert reader.digest.hexdigest() == hashlib.sha256(data).hexdigest()
    archived.seek(0)
    with tarfile.open(fileobj=archived, mode="r:gz") as archive:
        extracted = archive.extractfile("documents/annual-report.pdf")
        assert backup_lib.sha256_of(extracted) == hashlib.sha256(data).hexdigest()
    assert backup_lib.sha256_of(NoWholeReads(data)) == hashlib.sha256(data).hexdigest()

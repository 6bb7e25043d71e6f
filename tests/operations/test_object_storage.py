"""Uploads in S3-compatible object storage (MEDIA_STORAGE=s3, issue 20 point 3), against moto's
stand-alone S3 server: a Wagtail image and a document uploaded through the admin land in the
bucket (not on this host's disk), a rendition is made and stored there, the image and the
document download are served from it, and deleting them removes their objects."""

import io
import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from tests.factories.users import UserFactory

from .s3_support import moto_s3

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db

SETTINGS_PROBE = (
    "import json; from django.conf import settings as s; "
    "print(json.dumps({'default': s.STORAGES['default'], "
    "'img_src': s.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'], "
    "'docs': getattr(s, 'WAGTAILDOCS_SERVE_METHOD', None)}))"
)


def probe(extra_env: dict) -> subprocess.CompletedProcess:
    """Load the production settings with this environment in a fresh process."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "MEDIA_STORAGE"))}
    env.update(
        DJANGO_SETTINGS_MODULE="participation.settings.production",
        SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="participation.example.org",
        **extra_env,
    )
    return subprocess.run(  # noqa: S603 - this interpreter, a fixed script
        [sys.executable, "-c", SETTINGS_PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def settings_from_env(extra_env: dict) -> dict:
    out = probe(extra_env)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def png_bytes(width=320, height=240, colour=(20, 110, 60)) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), colour).save(buffer, format="PNG")
    return buffer.getvalue()


def fetch(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - loopback moto
        return response.status, response.read()


def test_without_media_storage_uploads_stay_on_the_local_disk():
    found = settings_from_env({})
    assert found["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert found["img_src"] == ["'self'", "data:"]


def test_object_storage_without_a_bucket_or_an_unknown_storage_stops_the_site_starting():
    """A mistake in the environment stops the process with a message naming the variable,
    instead of a site that silently writes uploads to one host's disk."""
    missing = probe({"MEDIA_STORAGE": "s3"})
    assert missing.returncode != 0
    assert "AWS_STORAGE_BUCKET_NAME" in missing.stderr
    unknown = probe({"MEDIA_STORAGE": "ftp"})
    assert unknown.returncode != 0
    assert "MEDIA_STORAGE must be 'local' or 's3', not 'ftp'" in unknown.stderr


def test_images_renditions_and_documents_live_in_the_bucket(
    client, settings, django_capture_on_commit_callbacks
):
    started = time.monotonic()
    with moto_s3() as s3:
        found = settings_from_env(s3.env)
        # The environment alone switches the uploads to the bucket (participation/settings/base.py).
        assert found["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
        options = found["default"]["OPTIONS"]
        assert options["bucket_name"] == s3.bucket
        assert options["endpoint_url"] == s3.endpoint
        assert options["file_overwrite"] is False
        # Pages may show images from the bucket's origin under the Content Security Policy.
        assert s3.endpoint in found["img_src"]
        assert found["docs"] == "redirect"  # signed, short-lived URLs after Wagtail's checks

        settings.STORAGES = {**settings.STORAGES, "default": found["default"]}
        settings.WAGTAILDOCS_SERVE_METHOD = found["docs"]
        Collection.get_first_root_node() or Collection.add_root(name="Root")
        root_collection = Collection.get_first_root_node()
        editor = UserFactory(is_staff=True, is_superuser=True)
        client.force_login(editor)

        # 1. An image uploaded through the admin is stored in the bucket, not on this disk.
        original = png_bytes()
        photo = io.BytesIO(original)
        photo.name = "river-walk.png"
        response = client.post(
            "/admin/images/add/",
            {
                "title": "River walk",
                "file": photo,
                "collection": root_collection.pk,
                "alt_text": "People walking by a river",
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        image = get_image_model().objects.get(title="River walk")
        assert image.file.name in s3.object_keys()
        assert s3.read(image.file.name) == original
        assert not (Path(settings.MEDIA_ROOT) / image.file.name).exists()

        # 2. A rendition is made from the bucket's original and stored in the bucket.
        rendition = image.get_rendition("fill-80x60")
        assert rendition.file.name in s3.object_keys()
        assert rendition.url.startswith(f"{s3.endpoint}/{s3.bucket}/")
        status, body = fetch(rendition.url)
        assert status == 200
        assert PILImage.open(io.BytesIO(body)).size == (80, 60)

        # 3. The image's own URL serves the uploaded bytes.
        status, body = fetch(image.file.url)
        assert (status, body) == (200, original)

        # 4. A document uploaded through the admin is downloaded through the site's
        # /documents/ view, which sends the visitor on to a signed URL of the bucket.
        report = b"Participation report\nAttendance: 42\n"
        upload = io.BytesIO(report)
        upload.name = "annual-report.txt"
        response = client.post(
            "/admin/documents/add/",
            {"title": "Annual report", "file": upload, "collection": root_collection.pk},
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        document = get_document_model().objects.get(title="Annual report")
        assert document.file.name in s3.object_keys()
        client.logout()
        response = client.get(document.url)
        assert response.status_code == 302
        location = response["Location"]
        assert location.startswith(f"{s3.endpoint}/{s3.bucket}/")
        assert "X-Amz-Signature=" in location  # a private bucket: signed and short-lived
        assert fetch(location) == (200, report)
        # Without the signature the bucket refuses: the objects are not public.
        with pytest.raises(urllib.error.HTTPError) as refused:
            fetch(location.split("?")[0])
        assert refused.value.code == 403

        # 5. Deleting them in the admin removes their objects (originals and renditions).
        client.force_login(editor)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(f"/admin/images/{image.pk}/delete/")
            assert response.status_code == 302
            response = client.post(f"/admin/documents/delete/{document.pk}/")
            assert response.status_code == 302
        assert s3.object_keys() == []
    print(f"object storage test: {time.monotonic() - started:.1f} s")

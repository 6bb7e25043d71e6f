"""An S3-compatible server for tests: moto's stand-alone server on a free loopback port.

with moto_s3() as s3:
    s3.env        # the MEDIA_STORAGE=s3 environment a process needs to use the bucket
    s3.client     # a boto3 S3 client for checking what is in the bucket
    s3.object_keys()     # every object key in the bucket
"""

import contextlib
import dataclasses
import importlib.util
import logging
import uuid

from tests.conftest import require
from tests.reminders.smtp_sink import free_port

REGION = "eu-west-2"


@dataclasses.dataclass
class S3:
    endpoint: str
    bucket: str
    client: object

    @property
    def env(self) -> dict[str, str]:
        return {
            "MEDIA_STORAGE": "s3",
            "AWS_STORAGE_BUCKET_NAME": self.bucket,
            "AWS_S3_ENDPOINT_URL": self.endpoint,
            "AWS_S3_REGION_NAME": REGION,
            "AWS_ACCESS_KEY_ID": "test-key",
            "AWS_SECRET_ACCESS_KEY": "test-secret",
        }

    def object_keys(self) -> list[str]:
        found = self.client.list_objects_v2(Bucket=self.bucket)
        return sorted(item["Key"] for item in found.get("Contents", []))

    def read(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.bucket, Key=key)["Body"].read()


@contextlib.contextmanager
def moto_s3(bucket: str = "participation-media"):
    require(
        importlib.util.find_spec("moto") is not None and importlib.util.find_spec("boto3"),
        "needs moto[server] and boto3 (make install-test)",
    )
    import boto3
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per S3 request
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        endpoint = f"http://127.0.0.1:{port}"
        client = boto3.client(
            "s3",
            endpoint_url=endpoint,
            region_name=REGION,
            aws_access_key_id="test-key",
            aws_secret_access_key="test-secret",
        )
        # moto keeps its buckets in this process's memory, shared by every server it starts:
        # a name of this test's own, removed afterwards.
        name = f"{bucket}-{uuid.uuid4().hex[:8]}"
        client.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
        s3 = S3(endpoint=endpoint, bucket=name, client=client)
        yield s3
        for key in s3.object_keys():
            client.delete_object(Bucket=name, Key=key)
        client.delete_bucket(Bucket=name)
    finally:
        server.stop()

"""The S3-compatible backend (MinIO, Garage, Ceph RGW, a cloud's object store), through
boto3: the reference S3 client, maintained by AWS, whose transfer manager does multipart
uploads from a file part by part (each part read from disk as it is sent) and works with
any endpoint; obstore or the MinIO SDK would do too, boto3 was already the best known.

Upload: the file is received and checked in a local temp file like the local backend
(the content check needs a seekable file), then sent with `upload_file` (multipart above
8 MB, parts streamed from the temp file): a multipart object only exists once its upload
completes, so a reader never sees a partial object. Objects live at `<prefix><key>`.

Atomicity with the database: the object is complete under its final key before the row
that names it commits, exactly like the local rename; the key is random and only a row
leads to it, so nobody reaches it before the commit. A rollback leaves an orphan the sweep
deletes once older than SWEEP_AGE_S; the sweep also aborts multipart uploads left by a
killed process and removes the local temp files.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, cast

from ecandidat_app.core.config import get_settings
from ecandidat_app.core.storage.base import (
    KEY_RE,
    Check,
    SavedFile,
    SweepReport,
    check_key,
    new_key,
    spool_checked,
    sweep_temp_files,
)

if TYPE_CHECKING:
    from ecandidat_app.core.config import Settings

log = logging.getLogger(__name__)
PART_BYTES = 8 * 1024 * 1024
MISSING = {"404", "NoSuchKey", "NotFound"}


def spool_dir() -> Path:
    """Where uploads are received and checked before they leave for the bucket."""
    path = get_settings().data_dir / "tmp"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


@lru_cache(maxsize=4)
def _client(endpoint: str, access: str, secret: str, region: str) -> Any:
    """One client per configuration, shared by every thread (boto3 clients are
    thread-safe); its connection pool matches the upload threads."""
    import boto3
    from botocore.config import Config

    config = Config(
        max_pool_connections=64,
        connect_timeout=5,
        read_timeout=60,
        retries={"max_attempts": 4, "mode": "standard"},
        # Self-hosted servers are reached by address: path-style names the bucket.
        s3={"addressing_style": "path" if endpoint else "auto"},
    )
    return boto3.session.Session().client(
        "s3",
        endpoint_url=endpoint or None,
        aws_access_key_id=access or None,
        aws_secret_access_key=secret or None,
        region_name=region or None,
        config=config,
    )


def _missing(exc: Exception) -> bool:
    error = getattr(exc, "response", {}).get("Error", {})
    return str(error.get("Code", "")) in MISSING


class S3Store:
    name = "s3"

    def __init__(self, settings: Settings) -> None:
        self.bucket = settings.s3_bucket
        self.prefix = settings.s3_prefix
        self.client = _client(
            settings.s3_endpoint_url,
            settings.s3_access_key,
            settings.s3_secret_key,
            settings.s3_region,
        )

    def object_name(self, key: str) -> str:
        return f"{self.prefix}{check_key(key)}"

    def save_stream(self, source: BinaryIO, *, check: Check, max_bytes: int) -> SavedFile:
        from boto3.s3.transfer import TransferConfig

        key = new_key()
        transfer = TransferConfig(
            multipart_threshold=PART_BYTES, multipart_chunksize=PART_BYTES, max_concurrency=2
        )
        with spool_checked(
            source, spool_dir(), key, check=check, max_bytes=max_bytes, durable=False
        ) as spooled:
            self.client.upload_file(
                str(spooled.path),
                self.bucket,
                self.object_name(key),
                ExtraArgs={"ContentType": spooled.content_type},
                Config=transfer,
            )
        return SavedFile(key, spooled.size, spooled.sha256, spooled.content_type)

    def open_read(self, key: str) -> BinaryIO:
        from botocore.exceptions import ClientError

        try:
            answer = self.client.get_object(Bucket=self.bucket, Key=self.object_name(key))
        except ClientError as exc:
            if _missing(exc):
                raise FileNotFoundError(key) from exc
            raise
        return cast(BinaryIO, answer["Body"])  # botocore's StreamingBody: read(n), close()

    def size(self, key: str) -> int | None:
        from botocore.exceptions import ClientError

        try:
            head = self.client.head_object(Bucket=self.bucket, Key=self.object_name(key))
        except ClientError as exc:
            if _missing(exc):
                return None
            raise
        return int(head["ContentLength"])

    def local_path(self, key: str) -> Path | None:
        check_key(key)
        return None

    def delete(self, key: str) -> None:
        """Runs after a commit too: a bucket that does not answer must not turn a committed
        removal into an error. Its row is gone, so the sweep deletes the object later."""
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            self.client.delete_object(Bucket=self.bucket, Key=self.object_name(key))
        except (BotoCoreError, ClientError) as exc:
            log.warning("objet %s non supprimé (le nettoyage le reprendra) : %s", key, exc)

    def sweep(self, known: set[str], *, max_age_s: int, now: float) -> SweepReport:
        orphans = [
            name
            for name, modified in self._objects()
            if name[len(self.prefix) :] not in known and now - modified.timestamp() > max_age_s
        ]
        for start in range(0, len(orphans), 1000):  # DeleteObjects takes 1000 at most
            batch = [{"Key": name} for name in orphans[start : start + 1000]]
            self.client.delete_objects(Bucket=self.bucket, Delete={"Objects": batch})
        temps = self._abort_stale_uploads(max_age_s, now)
        temps += sweep_temp_files(spool_dir(), max_age_s=max_age_s, now=now)
        return SweepReport(orphans=len(orphans), temps=temps)

    def _objects(self) -> Iterator[tuple[str, datetime]]:
        pages = self.client.get_paginator("list_objects_v2")
        for page in pages.paginate(Bucket=self.bucket, Prefix=self.prefix):
            for item in page.get("Contents", []):
                if KEY_RE.match(item["Key"][len(self.prefix) :]):
                    yield item["Key"], item["LastModified"]

    def _abort_stale_uploads(self, max_age_s: int, now: float) -> int:
        """Multipart uploads a killed process never completed: invisible, but they cost."""
        aborted = 0
        pages = self.client.get_paginator("list_multipart_uploads")
        for page in pages.paginate(Bucket=self.bucket, Prefix=self.prefix):
            for upload in page.get("Uploads", []):
                if now - upload["Initiated"].timestamp() > max_age_s:
                    self.client.abort_multipart_upload(
                        Bucket=self.bucket, Key=upload["Key"], UploadId=upload["UploadId"]
                    )
                    aborted += 1
        return aborted

"""A local S3-compatible server for the tests and the bench: moto in server mode (PyPI's
`moto[server]`, a real HTTP server speaking the S3 protocol, objects kept in its memory),
started as its own process on a free loopback port.

No real object-store server installs from the registries this project may use: MinIO
ships no package on PyPI, npm or Debian (Debian's minio packages are client libraries),
Ceph's radosgw needs a whole Ceph cluster. moto answers the same requests boto3 sends to
MinIO or AWS (multipart uploads, ranged streams, listings, batch deletes).
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from ecandidat_app.demo.ent.launch import stop_process

ACCESS_KEY = "ecandidat-test"
SECRET_KEY = "ecandidat-test-secret"
REGION = "eu-west-3"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class MotoServer:
    def __init__(self, log: Path | None = None) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._log = log
        self._proc: subprocess.Popen[bytes] | None = None

    def start(self) -> MotoServer:
        out = open(self._log or os.devnull, "ab")  # noqa: SIM115 (handed to the process)
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "AWS_ACCESS_KEY_ID": ACCESS_KEY},
        )
        out.close()
        self._wait_listening()
        return self

    def _wait_listening(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._proc is not None and self._proc.poll() is not None:
                raise RuntimeError(f"moto s'est arrêté (code {self._proc.returncode})")
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", self.port), timeout=1),
            ):
                return
            time.sleep(0.1)
        raise TimeoutError(f"moto ne répond pas sur le port {self.port}")

    def stop(self) -> None:
        if self._proc is not None:
            stop_process(self._proc)

    def app_env(self, bucket: str, prefix: str = "") -> dict[str, str]:
        """The ECANDIDAT_* variables that point the app's store at this server."""
        return {
            "ECANDIDAT_STORAGE": "s3",
            "ECANDIDAT_S3_ENDPOINT_URL": self.url,
            "ECANDIDAT_S3_BUCKET": bucket,
            "ECANDIDAT_S3_ACCESS_KEY": ACCESS_KEY,
            "ECANDIDAT_S3_SECRET_KEY": SECRET_KEY,
            "ECANDIDAT_S3_REGION": REGION,
            "ECANDIDAT_S3_PREFIX": prefix,
        }

    def create_bucket(self, bucket: str) -> None:
        import boto3

        client = boto3.client(
            "s3",
            endpoint_url=self.url,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            region_name=REGION,
        )
        client.create_bucket(
            Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION}
        )


@contextlib.contextmanager
def moto_server(log: Path | None = None) -> Iterator[MotoServer]:
    server = MotoServer(log).start()
    try:
        yield server
    finally:
        server.stop()

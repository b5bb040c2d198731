"""The dossier PDF is written for one request and deleted: served by the real ASGI server
of production (Granian, which takes files by path through `http.response.pathsend`), every
download must arrive whole and no temp file may stay behind. `FileResponse(path,
background=unlink)` lost this race a few times in forty here (Granian: « 404 Not found »)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.core.mail.conftest import free_port

SIZE = 400_000
APP = """
import os, tempfile
from pathlib import Path
from starlette.applications import Starlette
from starlette.routing import Route
from ecandidat_app.web.temp_file_response import temp_file_response

def pdf(request):
    fd, name = tempfile.mkstemp(dir=os.environ["TEMP_FILES"], suffix=".pdf")
    os.write(fd, b"%PDF" + os.urandom({size} - 4))
    os.close(fd)
    return temp_file_response(Path(name), "application/pdf", {{}})

app = Starlette(routes=[Route("/pdf", pdf)])
"""


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    (tmp_path / "pathsend_app.py").write_text(APP.format(size=SIZE))
    temp_files = tmp_path / "temp"
    temp_files.mkdir()
    port = free_port()
    granian = Path(sys.executable).with_name("granian")
    env = {**os.environ, "TEMP_FILES": str(temp_files), "PYTHONPATH": f"{tmp_path}:{os.getcwd()}"}
    proc = subprocess.Popen(
        [str(granian), "--interface", "asgi", "--port", str(port), "pathsend_app:app"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/pdf"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(url, timeout=5).read()
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise
                time.sleep(0.2)
        yield url, temp_files
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_every_download_is_whole_and_no_temp_file_stays(served: tuple[str, Path]) -> None:
    url, temp_files = served
    for _ in range(60):
        with urllib.request.urlopen(url, timeout=10) as answer:
            body = answer.read()
            assert answer.status == 200
            assert answer.headers["Content-Length"] == str(SIZE)
        assert len(body) == SIZE and body.startswith(b"%PDF")
    assert list(temp_files.iterdir()) == []

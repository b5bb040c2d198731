"""Sending a file written for one request (the dossier PDF) and deleting it.

Not `FileResponse(path, background=unlink)`: under Granian, Starlette hands the path over
with the ASGI `http.response.pathsend` extension and runs the background task at once,
while Granian opens the file later on its own. The unlink often won that race: Granian
answered « 404 Not found » or cut the download short (Chromium: "canceled"). Here the file
is opened first and unlinked right away, so nothing can pull it from under the transfer
and no temp file outlives the request, even when the client goes away mid-download.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from starlette.responses import StreamingResponse

CHUNK = 64 * 1024


def _chunks(fd: int) -> Iterator[bytes]:
    """The file's bytes, 64 KB at a time; the descriptor is closed however the loop ends."""
    try:
        while chunk := os.read(fd, CHUNK):
            yield chunk
    finally:
        os.close(fd)


def temp_file_response(path: Path, media_type: str, headers: dict[str, str]) -> StreamingResponse:
    """The response streaming `path`, which is already deleted when this returns."""
    fd = os.open(path, os.O_RDONLY)
    try:
        size = os.fstat(fd).st_size
        path.unlink(missing_ok=True)
    except BaseException:
        os.close(fd)
        raise
    return StreamingResponse(
        _chunks(fd), media_type=media_type, headers={**headers, "Content-Length": str(size)}
    )

"""The hand-over as CSV files: UTF-8 without BOM, `;` between fields, a header line with
the column names of docs/sis-export.md; one file of applicants, one of admissions."""

from __future__ import annotations

import csv
import dataclasses
import io
import zipfile
from collections.abc import Sequence

from ecandidat_app.core.integrations.sis.batches import Batch
from ecandidat_app.core.integrations.sis.rows import SisCandidate, SisWish, columns


def csv_bytes(row_type: type, rows: Sequence[object]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(columns(row_type))
    for row in rows:
        writer.writerow([_safe(v) for v in dataclasses.astuple(row)])  # type: ignore[call-overload]
    return out.getvalue().encode("utf-8")


def _safe(value: object) -> str:
    """No line break inside a field: some SIS loaders read line by line."""
    return " ".join(str(value).split()) if value is not None else ""


def batch_files(batch: Batch) -> dict[str, bytes]:
    """File name -> content for one export."""
    return {
        f"opi_candidats_{batch.batch}.csv": csv_bytes(SisCandidate, batch.rows.candidates),
        f"opi_voeux_{batch.batch}.csv": csv_bytes(SisWish, batch.rows.wishes),
    }


def batch_zip(batch: Batch) -> bytes:
    """Both files in one archive (what the staff page downloads)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in batch_files(batch).items():
            archive.writestr(name, content)
    return buffer.getvalue()

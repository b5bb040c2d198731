"""Benchmark of the ZIP of dossiers (the board's bulk download): time and peak memory to
stream the ZIP of N dossiers with 5 validated pieces each (3 PDF scans of 1 to 3 pages, a
typed one-page PDF, a JPEG photo), medians over a few runs. Prints JSON.

    .venv/bin/python bench/zip_dossiers.py               # 200 dossiers, 3 runs
    .venv/bin/python bench/zip_dossiers.py -n 50 --runs 5

A temp data folder holds a SQLite database filled by plain inserts and the pieces (made
once with Pillow and fpdf2, then hard-linked: a real store has one file per upload). The
archive is consumed chunk by chunk as an HTTP client would and thrown away. Time runs
without tracing; the peak of Python allocations is measured in separate runs with
tracemalloc (which slows them), and the process's peak RSS is read at the end. It is a
measurement, not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ["ECANDIDAT_DATA_DIR"] = tempfile.mkdtemp(prefix="bench-zip-")
os.environ.pop("ECANDIDAT_DATABASE_URL", None)

from sqlmodel import Session, SQLModel

import ecandidat_app.core.models as m
from ecandidat_app.core import db, storage
from ecandidat_app.core.documents.dossier_zip import stream_dossiers_zip
from ecandidat_app.demo.sample_profile import sample_bac, sample_candidate

PIECES = [
    "Pièce d'identité",
    "Curriculum vitae",
    "Lettre de motivation",
    "Relevés de notes",
    "Photo d'identité",
]


def _photo(seed: int) -> bytes:
    """A 1240×1754 JPEG (an A4 page at 150 dpi) with some texture, ~200-400 KB."""
    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    img = Image.effect_noise((1240, 1754), 40).convert("RGB")
    draw = ImageDraw.Draw(img)
    for _ in range(60):
        x, y = rng.randrange(1100), rng.randrange(1600)
        draw.rectangle([x, y, x + 140, y + 20], fill=(rng.randrange(255),) * 3)
    out = io.BytesIO()
    img.save(out, "JPEG", quality=70)
    return out.getvalue()


def _pdf(pages: int, photo: bytes | None) -> bytes:
    """A scan (the photo on each page) or, without a photo, a typed one-page letter."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    for n in range(pages):
        pdf.add_page()
        if photo:
            pdf.image(io.BytesIO(photo), x=0, y=0, w=210, h=297)
        else:
            pdf.multi_cell(0, 6, "Madame, Monsieur, je souhaite candidater. " * 40)
        pdf.text(20, 20, f"Page {n + 1}")
    return bytes(pdf.output())


def _files(root: Path) -> list[tuple[Path, str]]:
    """The five pieces of every dossier (paths in a scratch folder, content types)."""
    photo = _photo(1)
    made = [_pdf(1, photo), _pdf(2, photo), _pdf(1, None), _pdf(3, photo), photo]
    out = []
    for index, data in enumerate(made):
        path = root / f"piece{index}"
        path.write_bytes(data)
        out.append((path, "image/jpeg" if index == 4 else "application/pdf"))
    return out


def build(n: int) -> tuple[int, list[int], int]:
    """Fill the database; returns (staff id, application ids, bytes of pieces per dossier)."""
    engine = db.get_engine()
    SQLModel.metadata.create_all(engine)
    today = date(2027, 3, 15)
    scratch = Path(tempfile.mkdtemp(prefix="pieces-"))
    files = _files(scratch)
    with Session(engine) as s:
        camp = m.Campaign(
            code="B27",
            label="Campagne 2027",
            starts_on=today - timedelta(60),
            ends_on=today + timedelta(200),
            applicant_ends_on=today + timedelta(100),
            is_active=True,
        )
        centre = m.Centre(code="SCI", label="UFR Sciences")
        s.add_all([camp, centre])
        s.flush()
        comm = m.Commission(centre_id=centre.id, code="CM", label="Commission Master")
        s.add(comm)
        s.flush()
        form = m.Formation(
            campaign_id=camp.id,
            centre_id=centre.id,
            commission_id=comm.id,
            code="MIAGE",
            label="Master MIAGE",
            level="M",
            opens_on=today,
            closes_on=today + timedelta(20),
            return_on=today + timedelta(27),
        )
        types = [
            m.DocumentType(code=f"P{i}", label=label, order=i) for i, label in enumerate(PIECES)
        ]
        admin = m.Account(
            role=m.Role.ADMIN,
            file_number="S0000001",
            email="admin@univ.fr",
            last_name="Durand",
            first_name="Paul",
            password_hash="x",
            validated_at=datetime(2026, 1, 1, tzinfo=UTC),
        )
        s.add_all([form, *types, admin])
        s.flush()
        ids = []
        for i in range(n):
            person = m.Account(
                campaign_id=camp.id,
                role=m.Role.APPLICANT,
                file_number=f"{2027000000 + i}",
                email=f"c{i}@example.org",
                last_name=f"Nom{i}",
                first_name="Léa",
                password_hash="x",
            )
            s.add(person)
            s.flush()
            s.add(sample_candidate(person.id or 0, birth_name=person.last_name))
            s.add(sample_bac(person.id or 0))
            app = m.Application(
                account_id=person.id,
                formation_id=form.id,
                commission_id=comm.id,
                campaign_id=camp.id,
                status=m.DossierStatus.COMPLET,
                transmitted_at=datetime(2027, 3, 1, tzinfo=UTC),
            )
            s.add(app)
            s.flush()
            ids.append(app.id or 0)
            for dtype, (path, kind) in zip(types, files, strict=True):
                key = os.urandom(16).hex()
                target = storage.path_for(key)
                target.parent.mkdir(exist_ok=True)
                os.link(path, target)
                stored = m.StoredFile(
                    account_id=person.id,
                    document_type_id=dtype.id,
                    display_name=path.name,
                    size=path.stat().st_size,
                    content_type=kind,
                    sha256="0" * 64,
                    storage_key=key,
                )
                doc = m.ApplicationDocument(
                    application_id=app.id,
                    document_type_id=dtype.id,
                    status=m.DocumentStatus.VALIDEE,
                )
                s.add_all([stored, doc])
                s.flush()
                s.add(m.DocumentFile(application_document_id=doc.id, stored_file_id=stored.id))
        s.commit()
        return admin.id or 0, ids, sum(p.stat().st_size for p, _ in files)


def one_run(admin_id: int, ids: list[int]) -> tuple[float, int, int]:
    """(seconds, bytes of the archive, largest chunk handed to the client)."""
    start = time.perf_counter()
    total = biggest = 0
    for chunk in stream_dossiers_zip(db.session_scope, admin_id, ids):
        total += len(chunk)
        biggest = max(biggest, len(chunk))
    return time.perf_counter() - start, total, biggest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--memory-runs", type=int, default=1, help="runs under tracemalloc")
    args = parser.parse_args()
    admin_id, ids, per_dossier = build(args.n)
    times, sizes = [], []
    for _ in range(args.runs):
        seconds, size, biggest = one_run(admin_id, ids)
        times.append(seconds)
        sizes.append(size)
    peaks = []
    for _ in range(args.memory_runs):
        tracemalloc.start()
        one_run(admin_id, ids)
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    print(
        json.dumps(
            {
                "dossiers": args.n,
                "pieces_per_dossier": len(PIECES),
                "pieces_mb_per_dossier": round(per_dossier / 1e6, 2),
                "zip_mb": round(statistics.median(sizes) / 1e6, 1),
                "seconds_median": round(statistics.median(times), 2),
                "seconds_runs": [round(t, 2) for t in times],
                "ms_per_dossier": round(1000 * statistics.median(times) / args.n, 1),
                "largest_chunk_kb": round(biggest / 1024, 1),
                "python_peak_mb_median": round(statistics.median(peaks) / 1e6, 1),
                "process_peak_rss_mb": round(
                    resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1
                ),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()

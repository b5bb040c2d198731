"""The whole dossier as one PDF, for a commission: the cover and table of contents
(cover.py), then every validated piece in the formation's order, PDF files merged page by
page (pypdf), images placed one per page (fpdf2), with a bookmark per piece.

The result is written to a file the caller gives (a temp file): a dossier's pieces can
weigh tens of megabytes and are never all held as one bytes object. It is then checked like
an upload (a real PDF without active content) and its cover must read back with the
applicant's name and the decision.
"""

from __future__ import annotations

import io
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session, col, select

from ecandidat_app.core import storage
from ecandidat_app.core.documents.cover import PieceEntry, decision_text, render_front
from ecandidat_app.core.documents.pdf import Document, check_generated, page_count
from ecandidat_app.core.files import PDF
from ecandidat_app.core.models import Account, StoredFile
from ecandidat_app.core.questions.answers import answers_for_dossier
from ecandidat_app.core.review.dossier import DossierView, dossier_view
from ecandidat_app.core.text import fold

# The pieces a commission reads: those staff have validated ("pièce validée").
INCLUDED_STATUSES = {"VA"}


@dataclass(frozen=True)
class DossierPdf:
    path: Path
    file_name: str
    pages: int
    applicant: str


def _pieces(s: Session, view: DossierView, copies: storage.LocalCopies) -> list[PieceEntry]:
    ids = [f.id for d in view.documents for f in d.files]
    stored = {f.id: f for f in s.exec(select(StoredFile).where(col(StoredFile.id).in_(ids))).all()}
    pieces = []
    for doc in view.documents:
        files = [(stored[f.id].storage_key, f.content_type) for f in doc.files if f.id in stored]
        included = doc.status in INCLUDED_STATUSES and bool(files)
        entry = PieceEntry(doc.label, doc.status_label.lower(), included, files=files)
        if included:
            entry.pages = sum(
                page_count(copies.path(key)) if kind == PDF else 1 for key, kind in files
            )
        pieces.append(entry)
    return pieces


def _front(view: DossierView, answers: list[tuple[str, str]], pieces: list[PieceEntry]) -> bytes:
    """Render twice: the first pass tells how many pages the front itself takes."""
    front_pages = 2
    for _ in range(3):
        page = front_pages + 1
        for piece in pieces:
            piece.first_page = page if piece.included else 0
            page += piece.pages
        front = render_front(view, answers, pieces)
        counted = page_count(front)
        if counted == front_pages:
            return front
        front_pages = counted
    return front


def image_page(path: Path, title: str) -> bytes:
    """One A4 page with the image scaled to fit its margins."""
    pdf = Document([title], title=title)
    pdf.set_auto_page_break(False)
    pdf.add_page()
    width, height = pdf.epw, pdf.eph
    pdf.image(str(path), x=pdf.l_margin, y=pdf.t_margin, w=width, h=height, keep_aspect_ratio=True)
    return bytes(pdf.output())


def file_name_for(view: DossierView, code: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", fold(view.full_name)).strip("-") or "candidat"
    return f"dossier-{view.file_number}-{slug}-{code}.pdf"


def build_dossier_pdf(s: Session, account: Account, application_id: int, out: Path) -> DossierPdf:
    """Write the dossier to `out` for a staff member who may view it (else NotFound)."""
    from ecandidat_app.core.models import Formation

    view = dossier_view(s, account, application_id)
    formation = s.get(Formation, view.formation_id)
    with storage.LocalCopies() as copies:
        pages = _write(s, view, application_id, copies, out)
    check_generated(out, [view.full_name, decision_text(view)], pages=1)
    return DossierPdf(
        path=out,
        file_name=file_name_for(view, formation.code if formation else str(application_id)),
        pages=pages,
        applicant=view.full_name,
    )


def _write(
    s: Session, view: DossierView, application_id: int, copies: storage.LocalCopies, out: Path
) -> int:
    """Cover, contents and pieces merged into `out`; the number of pages. pypdf and fpdf2
    need files they can seek in: a piece kept in a bucket is copied to a temp file first
    (`copies`), once for counting and merging."""
    from pypdf import PdfReader, PdfWriter

    pieces = _pieces(s, view, copies)
    answers = [(a.question, a.answer) for a in answers_for_dossier(s, application_id)]
    front = _front(view, answers, pieces)
    writer = PdfWriter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        writer.append(PdfReader(io.BytesIO(front)))
        writer.add_outline_item(title="Couverture et sommaire", page_number=0)
        for piece in pieces:
            if not piece.included:
                continue
            writer.add_outline_item(title=piece.label, page_number=piece.first_page - 1)
            for key, kind in piece.files:
                path = copies.path(key)
                source = path if kind == PDF else io.BytesIO(image_page(path, piece.label))
                writer.append(PdfReader(source), import_outline=False)
        with open(out, "wb") as fh:
            writer.write(fh)
    return len(writer.pages)

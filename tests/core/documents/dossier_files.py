"""Dossiers with real pieces for the dossier PDF and ZIP tests: a multi-page PDF with text,
an image, and pieces in other statuses; the applicant's documents marked as staff left them."""

from __future__ import annotations

import io

from pypdf import PdfReader, PdfWriter
from sqlmodel import Session

from ecandidat_app.core import applications
from ecandidat_app.core.clock import FixedClock
from ecandidat_app.core.models import Account, Application, DocumentStatus, DossierStatus
from ecandidat_app.demo.pdf import sample_pdf
from tests.core.dossier_world import World, doc_of, image_bytes, upload


def text_pdf(title: str, pages: int) -> bytes:
    writer = PdfWriter()
    for n in range(pages):
        writer.append(PdfReader(io.BytesIO(sample_pdf(f"{title} {n + 1}", [f"page {n + 1}"]))))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def dossier(
    s: Session, w: World, clock: FixedClock, *, cv_pages: int = 3, person: Account | None = None
) -> Application:
    """CV (PDF, validated), transcript (PNG, validated), grant (refused): complete."""
    person = person or w.applicant
    app = applications.apply(s, person, w.formation.id, clock=clock)
    s.commit()
    upload(s, person, app, w.cv, clock, data=text_pdf("Curriculum", cv_pages), name="cv.pdf")
    upload(s, person, app, w.transcript, clock, data=image_bytes("PNG"), name="notes.png")
    upload(s, person, app, w.grant, clock, name="bourse.pdf")
    for doc_type, status in (
        (w.cv, DocumentStatus.VALIDEE),
        (w.transcript, DocumentStatus.VALIDEE),
        (w.grant, DocumentStatus.REFUSEE),
    ):
        doc = doc_of(s, app, doc_type)
        doc.status = status
        s.add(doc)
        s.flush()  # doc_of expires the session: keep each change
    app.status = DossierStatus.COMPLET
    app.transmitted_at = clock.now()
    s.add(app)
    s.commit()
    return app

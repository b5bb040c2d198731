"""A small world for application/document/download tests: one campaign, one centre with
two commissions, formations requiring a CV (common), a transcript and a conditional
document; real files made on the fly (PDF with pypdf, PNG/JPEG with Pillow)."""

from __future__ import annotations

import io
from dataclasses import dataclass

from pypdf import PdfWriter
from sqlmodel import Session, select

from ecandidat_app.core import applications
from ecandidat_app.core.applications import documents
from ecandidat_app.core.clock import FixedClock
from ecandidat_app.core.models import (
    Account,
    Application,
    ApplicationDocument,
    Campaign,
    Centre,
    Commission,
    DocumentStatus,
    DocumentType,
    Formation,
    OutboxMessage,
)
from tests import factories


@dataclass
class World:
    campaign: Campaign
    centre: Centre
    commission: Commission
    other_commission: Commission
    cv: DocumentType  # common
    transcript: DocumentType
    grant: DocumentType  # conditional ("je ne suis pas concerné")
    formation: Formation
    formation2: Formation
    applicant: Account


def build(s: Session, clock: FixedClock) -> World:
    today = clock.today()
    camp = factories.campaign(s, today=today)
    centre = factories.centre(s)
    comm = factories.commission(s, centre)
    other = factories.commission(s, centre, label="Commission Licence")
    cv = factories.document_type(s, label="Curriculum vitae", common=True)
    transcript = factories.document_type(s, label="Relevés de notes")
    grant = factories.document_type(s, label="Attestation de bourse", conditional=True)
    docs = [cv, transcript, grant]
    f1 = factories.formation(s, camp, comm, today=today, documents=docs)
    f2 = factories.formation(
        s, camp, other, today=today, label="Licence Informatique", documents=[cv, transcript]
    )
    person = factories.applicant(s, camp)
    s.commit()
    return World(camp, centre, comm, other, cv, transcript, grant, f1, f2, person)


def pdf_bytes(*, password: str | None = None) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if password:
        writer.encrypt(password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def image_bytes(fmt: str = "PNG") -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(out, format=fmt)
    return out.getvalue()


def upload(
    s: Session,
    account: Account,
    application: Application,
    doc_type: DocumentType,
    clock: FixedClock,
    data: bytes | None = None,
    name: str = "piece.pdf",
):
    stored = documents.add_file(
        s,
        account,
        application.id,
        doc_type.id,
        filename=name,
        source=io.BytesIO(pdf_bytes() if data is None else data),
        clock=clock,
    )
    s.commit()
    return stored


def complete(s: Session, w: World, application: Application, clock: FixedClock) -> None:
    """Answer every document of an application (the conditional one as not concerned)."""
    for doc in doc_rows(s, application):
        if doc.status != DocumentStatus.EN_ATTENTE:
            continue
        if doc.document_type_id == w.grant.id:
            documents.set_not_concerned(
                s, w.applicant, application.id, w.grant.id, True, clock=clock
            )
        else:
            doc_type = s.get(DocumentType, doc.document_type_id)
            upload(s, w.applicant, application, doc_type, clock)
    s.commit()


def apply(
    s: Session, w: World, clock: FixedClock, formation: Formation | None = None
) -> Application:
    app = applications.apply(s, w.applicant, (formation or w.formation).id, clock=clock)
    s.commit()
    return app


def doc_rows(s: Session, application: Application) -> list[ApplicationDocument]:
    return list(
        s.exec(
            select(ApplicationDocument)
            .where(ApplicationDocument.application_id == application.id)
            .order_by(ApplicationDocument.id)
        ).all()
    )


def doc_of(s: Session, application: Application, doc_type: DocumentType) -> ApplicationDocument:
    s.expire_all()
    return s.exec(
        select(ApplicationDocument).where(
            ApplicationDocument.application_id == application.id,
            ApplicationDocument.document_type_id == doc_type.id,
        )
    ).one()


def mails(s: Session, event: str) -> list[OutboxMessage]:
    return list(s.exec(select(OutboxMessage).where(OutboxMessage.event == event)).all())

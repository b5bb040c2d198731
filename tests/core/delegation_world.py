"""A small world for the delegation tests: two centres (ours, theirs) each with a
commission and a formation; a centre administrator and a reader of ours, a centre
administrator of theirs, a gestionnaire of ours, an admin; an applicant of ours."""

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
    Centre,
    Commission,
    DocumentType,
    Formation,
    OutboxMessage,
    Role,
    StaffScope,
)
from tests import factories as f


@dataclass
class World:
    ours: Centre
    theirs: Centre
    comm_ours: Commission
    comm_theirs: Commission
    form_ours: Formation
    form_theirs: Formation
    cv: DocumentType
    language: DocumentType  # in no formation's list: the piece staff ask for
    admin: Account
    centre_admin: Account
    other_centre_admin: Account
    reader: Account
    gest: Account
    applicant: Account


def _scoped(s: Session, role: Role, centre: Centre) -> Account:
    account = f.staff(s, role=role)
    s.add(StaffScope(account_id=account.id, centre_id=centre.id))
    return account


def build(s: Session, clock: FixedClock) -> World:
    today = clock.today()
    camp = f.campaign(s, today=today)
    ours, theirs = f.centre(s, label="UFR Sciences"), f.centre(s, label="UFR Lettres")
    comm_ours = f.commission(s, ours, label="Commission Sciences")
    comm_theirs = f.commission(s, theirs, label="Commission Lettres")
    cv = f.document_type(s, label="Curriculum vitae")
    language = f.document_type(s, label="Attestation de niveau de langue")
    w = World(
        ours=ours,
        theirs=theirs,
        comm_ours=comm_ours,
        comm_theirs=comm_theirs,
        form_ours=f.formation(s, camp, comm_ours, today=today, documents=[cv]),
        form_theirs=f.formation(
            s, camp, comm_theirs, today=today, label="Licence Lettres", documents=[cv]
        ),
        cv=cv,
        language=language,
        admin=f.staff(s, role=Role.ADMIN),
        centre_admin=_scoped(s, Role.CENTRE_ADMIN, ours),
        other_centre_admin=_scoped(s, Role.CENTRE_ADMIN, theirs),
        reader=_scoped(s, Role.LECTEUR, ours),
        gest=_scoped(s, Role.GESTIONNAIRE, ours),
        applicant=f.applicant(s, camp),
    )
    s.commit()
    return w


def pdf() -> io.BytesIO:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    out.seek(0)
    return out


def deposit(s: Session, w: World, app: Application, doc_type: DocumentType, clock: FixedClock):
    documents.add_file(
        s, w.applicant, app.id, doc_type.id, filename="piece.pdf", source=pdf(), clock=clock
    )
    s.commit()


def apply(s: Session, w: World, clock: FixedClock, *, transmit: bool) -> Application:
    app = applications.apply(s, w.applicant, w.form_ours.id, clock=clock)
    s.commit()
    if transmit:
        deposit(s, w, app, w.cv, clock)
        applications.transmit(s, w.applicant, app.id, clock=clock)
        s.commit()
    return app


def mails(s: Session, event: str) -> list[OutboxMessage]:
    return list(s.exec(select(OutboxMessage).where(OutboxMessage.event == event)).all())


def doc_of(s: Session, app: Application, doc_type: DocumentType) -> ApplicationDocument | None:
    return s.exec(
        select(ApplicationDocument).where(
            ApplicationDocument.application_id == app.id,
            ApplicationDocument.document_type_id == doc_type.id,
        )
    ).first()

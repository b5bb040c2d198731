"""Staff review of a dossier: the full view, document checks, complete/incomplete, notes.

Every change is guarded by `permissions.can_review_application`, checks the version the
staff member was looking at (optimistic lock: a conditional UPDATE, so two workers cannot
both win), bumps `version` and `updated_at`, and leaves an audit row. Status changes
e-mail the applicant through the outbox, in the same transaction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, select

from ecandidat_app.core import audit
from ecandidat_app.core.clock import Clock, system_clock
from ecandidat_app.core.errors import DomainError, NotFound, StaleEdit
from ecandidat_app.core.french import french_date
from ecandidat_app.core.mail.outbox import enqueue
from ecandidat_app.core.models import (
    Account,
    Application,
    ApplicationDocument,
    ApplicationNote,
    AuditEvent,
    BacRecord,
    Candidate,
    CursusInterne,
    CursusPostBac,
    DocumentFile,
    DocumentStatus,
    DocumentType,
    DossierStatus,
    Experience,
    Formation,
    Internship,
    StoredFile,
)
from ecandidat_app.core.models.enums import DECISION_LABELS, DOCUMENT_LABELS, DOSSIER_LABELS
from ecandidat_app.core.permissions import (
    can_decide_application,
    can_review_application,
    load_application_for,
)

MAX_BULK = 200
NOTE_MAX = 2000
COMMENT_MAX = 1000

# French wording of audit actions in the dossier history (unknown actions show their code).
HISTORY_LABELS: dict[str, str] = {
    "application_created": "Candidature créée",
    "application_transmitted": "Candidature transmise",
    "application_cancelled": "Candidature annulée",
    "document_file_added": "Pièce déposée",
    "document_file_removed": "Pièce retirée",
    "document_not_concerned": "Pièce déclarée non concernée",
    "document_not_concerned_undone": "Déclaration « non concerné » annulée",
    "document_validated": "Pièce validée",
    "document_refused": "Pièce refusée",
    "dossier_incomplete": "Dossier déclaré incomplet",
    "dossier_complete": "Dossier déclaré complet",
    "note_added": "Note ajoutée",
    "decision_entered": "Avis saisi",
    "decision_validated": "Avis validé",
    "offer_confirmed": "Inscription confirmée",
    "offer_withdrawn": "Désistement",
    "offer_auto_withdrawn": "Désistement automatique (délai dépassé)",
    "promoted_from_lc": "Place proposée depuis la liste complémentaire",
}


# ---------------------------------------------------------------- the view


@dataclass
class FileView:
    id: int
    name: str
    content_type: str
    size: int


@dataclass
class DocumentView:
    id: int
    label: str
    status: str
    status_label: str
    comment: str
    conditional: bool
    files: list[FileView] = field(default_factory=list)


@dataclass
class NoteView:
    author: str
    at: datetime
    body: str


@dataclass
class HistoryView:
    at: datetime
    actor: str
    action: str
    label: str
    detail: str


@dataclass
class DossierView:
    application_id: int
    version: int
    status: str
    status_label: str
    formation_label: str
    formation_id: int
    centre_id: int
    commission_id: int
    return_on: date
    transmitted_at: datetime | None
    decision_code: str | None
    decision_label: str
    decision_validated: bool
    can_review: bool
    # The applicant's profile: sections of (label, value) and lists of lines.
    file_number: str
    full_name: str
    email: str
    identity: list[tuple[str, str]]
    contact: list[tuple[str, str]]
    bac: list[tuple[str, str]]
    cursus: list[str]
    experiences: list[str]
    internships: list[str]
    documents: list[DocumentView]
    notes: list[NoteView]
    history: list[HistoryView]


def _name(account: Account | None) -> str:
    return f"{account.first_name} {account.last_name}" if account else "Système"


def _profile(s: Session, applicant: Account) -> dict[str, object]:
    cand = s.get(Candidate, applicant.id)
    bac = s.get(BacRecord, applicant.id)
    identity, contact, bac_rows = [], [], []
    if cand is not None:
        identity = [
            ("Civilité", cand.civility),
            ("Nom de naissance", cand.birth_name),
            ("Nom d'usage", cand.usage_name),
            ("Prénom(s)", cand.first_names),
            ("Date de naissance", cand.birth_date.strftime("%d/%m/%Y") if cand.birth_date else ""),
            ("Lieu de naissance", cand.birth_place),
            ("Nationalité", cand.nationality),
            ("INE", cand.ine),
        ]
        address = " ".join(x for x in [cand.postal_code, cand.city] if x)
        contact = [
            ("E-mail", applicant.email),
            ("Téléphone", cand.phone),
            ("Adresse", ", ".join(x for x in [cand.address_line, address, cand.country] if x)),
        ]
    else:
        contact = [("E-mail", applicant.email)]
    if bac is not None:
        bac_rows = [
            ("Année", str(bac.year or "")),
            ("Série", bac.series),
            ("Mention", bac.mention),
            ("Établissement", bac.school),
        ]
    aid = applicant.id
    cursus = [
        f"{c.year} · {c.label}{' (obtenu' + (', ' + c.mention if c.mention else '') + ')' if c.obtained else ' (non obtenu)'}"
        + (f" · {c.school}" if c.school else "")
        for c in s.exec(
            select(CursusPostBac)
            .where(CursusPostBac.account_id == aid)
            .order_by(col(CursusPostBac.year).desc())
        ).all()
    ]
    cursus += [
        f"{c.year} · {c.label}" + (f" · {c.result}" if c.result else "") + " (cursus interne)"
        for c in s.exec(
            select(CursusInterne)
            .where(CursusInterne.account_id == aid)
            .order_by(col(CursusInterne.year).desc())
        ).all()
    ]
    experiences = [
        f"{e.year} · {e.title} chez {e.employer}" + (f" ({e.duration})" if e.duration else "")
        for e in s.exec(
            select(Experience)
            .where(Experience.account_id == aid)
            .order_by(col(Experience.year).desc())
        ).all()
    ]
    internships = [
        f"{i.year} · {i.topic} chez {i.employer}"
        + (f" ({i.duration}" if i.duration else "")
        + (f", {i.hours_per_week} h/semaine" if i.hours_per_week else "")
        + (")" if i.duration else "")
        for i in s.exec(
            select(Internship)
            .where(Internship.account_id == aid)
            .order_by(col(Internship.year).desc())
        ).all()
    ]
    return {
        "identity": [(k, v) for k, v in identity if v],
        "contact": [(k, v) for k, v in contact if v],
        "bac": [(k, v) for k, v in bac_rows if v],
        "cursus": cursus,
        "experiences": experiences,
        "internships": internships,
    }


def _documents(s: Session, application_id: int) -> list[DocumentView]:
    rows = s.exec(
        select(ApplicationDocument, DocumentType)
        .join(DocumentType, col(DocumentType.id) == ApplicationDocument.document_type_id)
        .where(ApplicationDocument.application_id == application_id)
        .order_by(col(DocumentType.order), col(DocumentType.id))
    ).all()
    docs = {
        doc.id: DocumentView(
            id=doc.id or 0,
            label=dtype.label,
            status=str(doc.status),
            status_label=DOCUMENT_LABELS.get(str(doc.status), str(doc.status)),
            comment=doc.staff_comment,
            conditional=dtype.is_conditional,
        )
        for doc, dtype in rows
    }
    if docs:
        files = s.exec(
            select(DocumentFile.application_document_id, StoredFile)
            .join(StoredFile, col(StoredFile.id) == DocumentFile.stored_file_id)
            .where(col(DocumentFile.application_document_id).in_(list(docs)))
            .order_by(col(StoredFile.created_at), col(StoredFile.id))
        ).all()
        for doc_id, stored in files:
            docs[doc_id].files.append(
                FileView(stored.id or 0, stored.display_name, stored.content_type, stored.size)
            )
    return list(docs.values())


def notes(s: Session, application_id: int) -> list[NoteView]:
    rows = s.exec(
        select(ApplicationNote, Account)
        .join(Account, col(Account.id) == ApplicationNote.author_id)
        .where(ApplicationNote.application_id == application_id)
        .order_by(col(ApplicationNote.created_at).desc(), col(ApplicationNote.id).desc())
    ).all()
    return [NoteView(_name(author), note.created_at, note.body) for note, author in rows]


_TRANSITION = re.compile(r"^([A-Z]{2}) -> ([A-Z]{2})$")
_CODED = re.compile(r"^([A-Za-z0-9_-]+)(?::\s*(.*))?$", re.DOTALL)
_BYTES = re.compile(r"\((\d+) octets\)")


def file_size(n: int) -> str:
    """A file size as staff read it: "350 Ko", "1,2 Mo"."""
    if n >= 1_000_000:
        return f"{n / 1_000_000:.1f} Mo".replace(".", ",")
    return f"{max(1, n // 1000)} Ko"


def _size(match: re.Match[str]) -> str:
    return f"({file_size(int(match.group(1)))})"


def _french_detail(
    action: str, detail: str, pieces: dict[str, str], formation: Formation | None
) -> str:
    """The history's detail in words: rows keep the codes they were written with (status
    codes, piece codes, the formation code); staff read labels."""
    if action == "application_transmitted" and (moved := _TRANSITION.match(detail)):
        before, after = (DOSSIER_LABELS.get(code, code) for code in moved.groups())
        return f"statut {before} → {after}"
    if action == "application_created" and formation is not None and detail == formation.code:
        return formation.label
    if action.startswith("document_") and (coded := _CODED.match(detail)):
        code, rest = coded.groups()
        if code in pieces:
            return pieces[code] + (f" : {_BYTES.sub(_size, rest)}" if rest else "")
    return detail


def history(s: Session, application_id: int, limit: int = 200) -> list[HistoryView]:
    rows = s.exec(
        select(AuditEvent, Account)
        .join(Account, col(Account.id) == AuditEvent.actor_id, isouter=True)
        .where(AuditEvent.application_id == application_id)
        .order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc())
        .limit(limit)
    ).all()
    formation = s.exec(
        select(Formation)
        .join(Application, col(Application.formation_id) == Formation.id)
        .where(Application.id == application_id)
    ).first()
    pieces = {code: label for code, label in s.exec(select(DocumentType.code, DocumentType.label))}
    return [
        HistoryView(
            ev.at,
            _name(actor),
            ev.action,
            HISTORY_LABELS.get(ev.action, ev.action),
            _french_detail(ev.action, ev.detail, pieces, formation),
        )
        for ev, actor in rows
    ]


def dossier_view(s: Session, account: Account, application_id: int) -> DossierView:
    """Everything staff read on the dossier page (any staff member in scope may read it)."""
    app = load_application_for(s, account, application_id, rule=can_decide_application)
    applicant = s.get(Account, app.account_id)
    formation = s.get(Formation, app.formation_id)
    if applicant is None or formation is None:
        raise NotFound("Ce dossier n'existe pas ou vous n'y avez pas accès.")
    profile = _profile(s, applicant)
    return DossierView(
        application_id=app.id or 0,
        version=app.version,
        status=str(app.status),
        status_label=DOSSIER_LABELS.get(str(app.status), str(app.status)),
        formation_label=formation.label,
        formation_id=formation.id or 0,
        centre_id=formation.centre_id,
        commission_id=app.commission_id,
        return_on=formation.return_on,
        transmitted_at=app.transmitted_at,
        decision_code=app.decision_code,
        decision_label=DECISION_LABELS.get(app.decision_code or "", ""),
        decision_validated=app.decision_validated,
        can_review=can_review_application(s, account, app),
        file_number=applicant.file_number,
        full_name=f"{applicant.first_name} {applicant.last_name}",
        email=applicant.email,
        identity=profile["identity"],  # type: ignore[arg-type]
        contact=profile["contact"],  # type: ignore[arg-type]
        bac=profile["bac"],  # type: ignore[arg-type]
        cursus=profile["cursus"],  # type: ignore[arg-type]
        experiences=profile["experiences"],  # type: ignore[arg-type]
        internships=profile["internships"],  # type: ignore[arg-type]
        documents=_documents(s, app.id or 0),
        notes=notes(s, app.id or 0),
        history=history(s, app.id or 0),
    )


# ---------------------------------------------------------------- changes


def _claim(s: Session, app: Application, version: int | None, clock: Clock) -> None:
    """Take the optimistic lock: bump the version only if it is still the one shown.

    A conditional UPDATE (not a read-then-write), so of two workers only one wins; the
    loser raises StaleEdit before changing anything."""
    expected = app.version if version is None else version
    if expected != app.version:
        raise StaleEdit()
    now = clock.now()
    result = s.execute(
        update(Application)
        .where(col(Application.id) == app.id, col(Application.version) == expected)
        .values(version=expected + 1, updated_at=now)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise StaleEdit()
    s.refresh(app)


def _reviewable(s: Session, account: Account, application_id: int) -> Application:
    app = load_application_for(s, account, application_id, rule=can_review_application)
    if app.cancelled_at is not None:
        raise DomainError("Cette candidature a été annulée.")
    if app.status == DossierStatus.EN_ATTENTE:
        raise DomainError("Ce dossier n'a pas encore été transmis par le candidat.")
    return app


def _document(s: Session, app: Application, document_id: int) -> ApplicationDocument:
    doc = s.get(ApplicationDocument, document_id)
    if doc is None or doc.application_id != app.id:
        raise NotFound("Cette pièce n'existe pas dans ce dossier.")
    return doc


def _label(s: Session, doc: ApplicationDocument) -> str:
    dtype = s.get(DocumentType, doc.document_type_id)
    return dtype.label if dtype else "Pièce"


def validate_document(
    s: Session,
    account: Account,
    application_id: int,
    document_id: int,
    *,
    version: int | None,
    clock: Clock = system_clock,
) -> ApplicationDocument:
    app = _reviewable(s, account, application_id)
    doc = _document(s, app, document_id)
    if doc.status == DocumentStatus.EN_ATTENTE:
        raise DomainError("Cette pièce n'a pas été déposée : elle ne peut pas être validée.")
    if doc.status == DocumentStatus.VALIDEE:
        raise DomainError("Cette pièce est déjà validée.")
    _claim(s, app, version, clock)
    doc.status = DocumentStatus.VALIDEE
    doc.staff_comment = ""
    doc.updated_at = clock.now()
    doc.updated_by_id = account.id
    s.add(doc)
    audit.record(
        s,
        "document_validated",
        actor_id=account.id,
        application_id=app.id,
        detail=_label(s, doc),
        clock=clock,
    )
    s.flush()
    return doc


def refuse_document(
    s: Session,
    account: Account,
    application_id: int,
    document_id: int,
    comment: str,
    *,
    version: int | None,
    clock: Clock = system_clock,
) -> ApplicationDocument:
    comment = (comment or "").strip()
    if not comment:
        raise DomainError(
            "Indiquez au candidat pourquoi la pièce est refusée (commentaire obligatoire).",
            field="comment",
        )
    if len(comment) > COMMENT_MAX:
        raise DomainError(
            f"Le commentaire ne doit pas dépasser {COMMENT_MAX} caractères.", field="comment"
        )
    app = _reviewable(s, account, application_id)
    doc = _document(s, app, document_id)
    _claim(s, app, version, clock)
    doc.status = DocumentStatus.REFUSEE
    doc.staff_comment = comment
    doc.updated_at = clock.now()
    doc.updated_by_id = account.id
    s.add(doc)
    audit.record(
        s,
        "document_refused",
        actor_id=account.id,
        application_id=app.id,
        detail=f"{_label(s, doc)} : {comment}",
        clock=clock,
    )
    s.flush()
    return doc


def _documents_of(s: Session, app: Application) -> list[tuple[ApplicationDocument, DocumentType]]:
    return list(
        s.exec(
            select(ApplicationDocument, DocumentType)
            .join(DocumentType, col(DocumentType.id) == ApplicationDocument.document_type_id)
            .where(ApplicationDocument.application_id == app.id)
            .order_by(col(DocumentType.order), col(DocumentType.id))
        ).all()
    )


def _mail_base(s: Session, app: Application) -> tuple[Account, Formation]:
    applicant = s.get(Account, app.account_id)
    formation = s.get(Formation, app.formation_id)
    assert applicant is not None and formation is not None
    return applicant, formation


def set_incomplete(
    s: Session,
    account: Account,
    application_id: int,
    *,
    version: int | None,
    clock: Clock = system_clock,
) -> Application:
    """Dossier incomplet: at least one refused document; e-mails the list to replace."""
    app = _reviewable(s, account, application_id)
    if app.status == DossierStatus.INCOMPLET:
        raise DomainError("Ce dossier est déjà incomplet.")
    if app.decision_code is not None:
        raise DomainError("Un avis a déjà été saisi : le statut du dossier ne change plus.")
    refused = [
        {"label": dtype.label, "comment": doc.staff_comment}
        for doc, dtype in _documents_of(s, app)
        if doc.status == DocumentStatus.REFUSEE
    ]
    if not refused:
        raise DomainError(
            "Refusez d'abord au moins une pièce (avec un commentaire) pour déclarer le "
            "dossier incomplet."
        )
    formation = s.get(Formation, app.formation_id)
    assert formation is not None
    return _change_status(
        s,
        account,
        app,
        DossierStatus.INCOMPLET,
        mail={"refused": refused, "return_on": french_date(formation.return_on)},
        detail=", ".join(r["label"] for r in refused),
        version=version,
        clock=clock,
    )


def set_complete(
    s: Session,
    account: Account,
    application_id: int,
    *,
    version: int | None,
    clock: Clock = system_clock,
) -> Application:
    """Dossier complet: every document validated or "non concerné"; e-mails the applicant."""
    app = _reviewable(s, account, application_id)
    if app.status == DossierStatus.COMPLET:
        raise DomainError("Ce dossier est déjà complet.")
    if app.decision_code is not None:
        raise DomainError("Un avis a déjà été saisi : le statut du dossier ne change plus.")
    pending = [
        dtype.label
        for doc, dtype in _documents_of(s, app)
        if doc.status not in (DocumentStatus.VALIDEE, DocumentStatus.NON_CONCERNE)
    ]
    if pending:
        raise DomainError(
            "Toutes les pièces doivent être validées (ou non concernées) avant de déclarer "
            "le dossier complet. Reste à traiter : " + ", ".join(pending) + "."
        )
    return _change_status(
        s, account, app, DossierStatus.COMPLET, mail={}, detail="", version=version, clock=clock
    )


# What each staff status change stamps, e-mails and writes in the history.
_STATUS_CHANGES = {
    DossierStatus.INCOMPLET: ("incomplete_at", "status_IN", "dossier_incomplete"),
    DossierStatus.COMPLET: ("complete_at", "status_CO", "dossier_complete"),
}


def _change_status(
    s: Session,
    account: Account,
    app: Application,
    status: DossierStatus,
    *,
    mail: dict[str, Any],
    detail: str,
    version: int | None,
    clock: Clock,
) -> Application:
    """Set the dossier status (optimistic lock), e-mail the applicant, record the history."""
    stamp, event, action = _STATUS_CHANGES[status]
    _claim(s, app, version, clock)
    app.status = status
    setattr(app, stamp, clock.now())
    s.add(app)
    applicant, formation = _mail_base(s, app)
    enqueue(
        s,
        event,
        applicant.email,
        {"first_name": applicant.first_name, "formation": formation.label, **mail},
        account_id=applicant.id,
        application_id=app.id,
        clock=clock,
    )
    audit.record(s, action, actor_id=account.id, application_id=app.id, detail=detail, clock=clock)
    s.flush()
    return app


def add_note(
    s: Session,
    account: Account,
    application_id: int,
    body: str,
    *,
    clock: Clock = system_clock,
) -> ApplicationNote:
    """A staff-only note (post-it): never shown to the applicant. Does not bump the version,
    so writing a note never makes a colleague's open view stale."""
    app = load_application_for(s, account, application_id, rule=can_decide_application)
    body = (body or "").strip()
    if not body:
        raise DomainError("La note est vide.", field="note")
    if len(body) > NOTE_MAX:
        raise DomainError(f"La note ne doit pas dépasser {NOTE_MAX} caractères.", field="note")
    note = ApplicationNote(
        application_id=app.id or 0, author_id=account.id or 0, body=body, created_at=clock.now()
    )
    s.add(note)
    audit.record(s, "note_added", actor_id=account.id, application_id=app.id, clock=clock)
    s.flush()
    return note


@dataclass
class BulkStatusResult:
    done: list[int] = field(default_factory=list)
    refused: dict[int, str] = field(default_factory=dict)  # application id -> French reason

    @property
    def summary(self) -> str:
        text = f"{len(self.done)} dossier(s) traité(s)"
        return text + (f", {len(self.refused)} refusé(s)." if self.refused else ".")


def bulk_set_status(
    s: Session,
    account: Account,
    application_ids: list[int],
    status: str,
    *,
    clock: Clock = system_clock,
) -> BulkStatusResult:
    """Set CO or IN on up to 200 dossiers; each is checked alone (scope, rules) and a
    refusal leaves that dossier untouched without stopping the others."""
    ids = list(dict.fromkeys(int(i) for i in application_ids))
    if len(ids) > MAX_BULK:
        raise DomainError(f"Sélectionnez au plus {MAX_BULK} dossiers à la fois.")
    action = {
        DossierStatus.COMPLET.value: set_complete,
        DossierStatus.INCOMPLET.value: set_incomplete,
    }.get(status)
    if action is None:
        raise DomainError("Choisissez « Complet » ou « Incomplet ».", field="status")
    result = BulkStatusResult()
    for application_id in ids:
        savepoint = s.begin_nested()
        try:
            action(s, account, application_id, version=None, clock=clock)
            savepoint.commit()
            result.done.append(application_id)
        except DomainError as exc:
            savepoint.rollback()
            result.refused[application_id] = exc.message
    return result

"""The applicant's journey: apply, the checklist of a dossier, transmit, cancel, and the
"Mes candidatures" overview. Every rule is checked here, at the moment of the action."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from ecandidat_app.core.clock import Clock, as_utc, system_clock
from ecandidat_app.core.errors import DomainError, NotFound, StaleEdit
from ecandidat_app.core.french import french_date, french_datetime
from ecandidat_app.core.mail.outbox import enqueue
from ecandidat_app.core.models import (
    Account,
    Application,
    ApplicationDocument,
    AuditEvent,
    Campaign,
    Centre,
    Commission,
    Decision,
    DecisionMotif,
    DocumentFile,
    DocumentStatus,
    DocumentType,
    DossierStatus,
    Formation,
    FormationDocument,
    Role,
    StoredFile,
)
from ecandidat_app.core.models.enums import DECISION_LABELS, DOCUMENT_LABELS, DOSSIER_LABELS
from ecandidat_app.core.services import audit
from ecandidat_app.core.services.permissions import load_application_for
from ecandidat_app.core.services.profile_rules import profile_missing
from ecandidat_app.core.text import fold

MISSING_STATUSES = {DocumentStatus.EN_ATTENTE, DocumentStatus.REFUSEE}
ANSWERED_STATUSES = {DocumentStatus.TRANSMISE, DocumentStatus.VALIDEE}


# ---------------------------------------------------------------- loading helpers


def load_own_application(s: Session, account: Account | None, application_id: int) -> Application:
    """The applicant's own application; the same NotFound whether it exists or not."""
    if account is None or account.role != Role.APPLICANT:
        raise NotFound("Ce dossier n'existe pas ou vous n'y avez pas accès.")
    return load_application_for(s, account, application_id)


def documents_of(s: Session, application_id: int) -> list[tuple[ApplicationDocument, DocumentType]]:
    rows = s.exec(
        select(ApplicationDocument, DocumentType)
        .join(DocumentType, col(DocumentType.id) == ApplicationDocument.document_type_id)
        .where(ApplicationDocument.application_id == application_id)
        .order_by(col(DocumentType.order), col(DocumentType.id))
    ).all()
    return [(d, t) for d, t in rows]


def files_of(s: Session, application_document_id: int) -> list[StoredFile]:
    return list(
        s.exec(
            select(StoredFile)
            .join(DocumentFile, col(DocumentFile.stored_file_id) == StoredFile.id)
            .where(DocumentFile.application_document_id == application_document_id)
            .order_by(col(StoredFile.created_at), col(StoredFile.id))
        ).all()
    )


def files_by_document(s: Session, application_id: int) -> dict[int, list[StoredFile]]:
    """Every document's files of one application in one query (the checklist shows them
    all: one query per document would grow with the checklist)."""
    rows = s.exec(
        select(DocumentFile.application_document_id, StoredFile)
        .join(StoredFile, col(StoredFile.id) == DocumentFile.stored_file_id)
        .join(
            ApplicationDocument,
            col(ApplicationDocument.id) == DocumentFile.application_document_id,
        )
        .where(ApplicationDocument.application_id == application_id)
        .order_by(col(StoredFile.created_at), col(StoredFile.id))
    ).all()
    found: dict[int, list[StoredFile]] = {}
    for document_id, stored in rows:
        found.setdefault(document_id, []).append(stored)
    return found


def active_applications(s: Session, account_id: int) -> list[Application]:
    return list(
        s.exec(
            select(Application).where(
                Application.account_id == account_id,
                col(Application.cancelled_at).is_(None),
            )
        ).all()
    )


def has_decision(s: Session, application: Application) -> bool:
    if application.decision_code:
        return True
    return (
        s.exec(select(Decision.id).where(Decision.application_id == application.id)).first()
        is not None
    )


# ---------------------------------------------------------------- apply


def apply(
    s: Session, account: Account, formation_id: int, *, clock: Clock = system_clock
) -> Application:
    if account is None or account.role != Role.APPLICANT:
        raise DomainError("Seul un compte candidat peut candidater.")
    formation = s.get(Formation, formation_id)
    if formation is None:
        raise NotFound("Cette formation n'existe pas.")
    campaign = s.get(Campaign, formation.campaign_id)
    if campaign is None or not campaign.is_active or account.campaign_id != campaign.id:
        raise DomainError(
            "Cette formation n'appartient pas à la campagne de votre compte : "
            "un compte n'est valable que pour la campagne en cours."
        )
    today = clock.today()
    if today < formation.opens_on:
        raise DomainError(
            f"Les candidatures à cette formation ouvrent le {french_date(formation.opens_on)}."
        )
    if today > formation.closes_on:
        raise DomainError(
            f"Les candidatures à cette formation sont closes depuis le "
            f"{french_date(formation.closes_on)} (date limite de dépôt)."
        )
    duplicate = s.exec(
        select(Application.id).where(
            Application.account_id == account.id,
            Application.formation_id == formation.id,
            col(Application.cancelled_at).is_(None),
        )
    ).first()
    if duplicate is not None:
        raise DomainError("Vous avez déjà une candidature en cours pour cette formation.")
    centre = s.get(Centre, formation.centre_id)
    limit = centre.max_applications if centre else 20
    count = s.exec(
        select(func.count())
        .select_from(Application)
        .join(Formation, col(Formation.id) == Application.formation_id)
        .where(
            Application.account_id == account.id,
            Application.campaign_id == campaign.id,
            Formation.centre_id == formation.centre_id,
            col(Application.cancelled_at).is_(None),
        )
    ).one()
    if count >= limit:
        raise DomainError(
            f"Vous avez atteint le nombre maximal de candidatures ({limit}) pour "
            f"« {centre.label if centre else 'ce centre'} » : annulez une candidature "
            "avant d'en créer une nouvelle."
        )
    missing = profile_missing(s, account.id)
    if missing:
        raise DomainError(
            "Votre dossier personnel est incomplet : "
            + ", ".join(missing)
            + ". Complétez-le dans « Mon dossier » avant de candidater."
        )

    now = clock.now()
    application = Application(
        account_id=account.id,
        formation_id=formation.id,
        commission_id=formation.commission_id,
        formation_sort=fold(formation.label)[:200],
        campaign_id=campaign.id,
        status=DossierStatus.EN_ATTENTE,
        created_at=now,
        updated_at=now,
        search_text=fold(
            " ".join([account.last_name, account.first_name, account.file_number, account.email])
        ),
    )
    s.add(application)
    s.flush()
    required = s.exec(
        select(DocumentType)
        .join(FormationDocument, col(FormationDocument.document_type_id) == DocumentType.id)
        .where(FormationDocument.formation_id == formation.id)
        .order_by(col(DocumentType.order), col(DocumentType.id))
    ).all()
    for doc_type in required:
        doc = ApplicationDocument(
            application_id=application.id, document_type_id=doc_type.id, updated_at=now
        )
        s.add(doc)
        s.flush()
        if doc_type.is_common:
            reused = _common_files(s, account.id, doc_type.id, exclude=application.id)
            for stored in reused:
                s.add(DocumentFile(application_document_id=doc.id, stored_file_id=stored.id))
            if reused:
                doc.status = DocumentStatus.TRANSMISE
                doc.updated_by_id = account.id
    enqueue(
        s,
        "application_created",
        account.email,
        {
            "first_name": account.first_name,
            "formation": formation.label,
            "closes_on": french_date(formation.closes_on),
        },
        account_id=account.id,
        application_id=application.id,
        clock=clock,
    )
    audit.record(
        s,
        "application_created",
        actor_id=account.id,
        application_id=application.id,
        account_id=account.id,
        detail=formation.code,
        clock=clock,
    )
    s.flush()
    return application


def _common_files(
    s: Session, account_id: int, document_type_id: int, *, exclude: int
) -> list[StoredFile]:
    """The files of the applicant's latest answer to a common document, if any."""
    latest = s.exec(
        select(ApplicationDocument)
        .join(Application, col(Application.id) == ApplicationDocument.application_id)
        .where(
            Application.account_id == account_id,
            col(Application.cancelled_at).is_(None),
            Application.id != exclude,
            ApplicationDocument.document_type_id == document_type_id,
            col(ApplicationDocument.status).in_([s_.value for s_ in ANSWERED_STATUSES]),
        )
        .order_by(col(ApplicationDocument.updated_at).desc(), col(ApplicationDocument.id).desc())
    ).first()
    return files_of(s, latest.id) if latest is not None else []


# ---------------------------------------------------------------- editability


def deadline_of(application: Application, formation: Formation) -> date | None:
    if application.status == DossierStatus.EN_ATTENTE:
        return formation.closes_on
    if application.status == DossierStatus.INCOMPLET:
        return formation.return_on
    return None


def editable_reason(application: Application, formation: Formation, today: date) -> str | None:
    """None when the applicant may still change documents; else the French reason."""
    if application.cancelled_at is not None:
        return "Cette candidature a été annulée."
    if application.status == DossierStatus.EN_ATTENTE:
        if today > formation.closes_on:
            return (
                f"La date limite de dépôt ({french_date(formation.closes_on)}) est passée : "
                "le dossier ne peut plus être modifié."
            )
        return None
    if application.status == DossierStatus.INCOMPLET:
        if today > formation.return_on:
            return (
                f"La date de retour des pièces ({french_date(formation.return_on)}) est passée : "
                "le dossier ne peut plus être modifié."
            )
        return None
    return "Votre dossier a été transmis : aucune modification n'est plus possible."


def document_editable(application: Application, doc: ApplicationDocument, account_id: int) -> bool:
    """Within an editable dossier: which documents may change. An incomplete dossier only
    reopens the missing or refused documents (and the replacements the applicant has just
    put there, so a wrong upload can be taken back before transmitting again)."""
    if application.status == DossierStatus.EN_ATTENTE:
        return True
    if application.status != DossierStatus.INCOMPLET:
        return False
    if doc.status in MISSING_STATUSES:
        return True
    reopened = as_utc(application.incomplete_at)
    changed = as_utc(doc.updated_at)
    return (
        doc.status == DocumentStatus.TRANSMISE
        and doc.updated_by_id == account_id
        and reopened is not None
        and changed is not None
        and changed > reopened
    )


DEPOSITED_LABEL = "Déposée"


def document_status_label(application: Application, doc: ApplicationDocument) -> str:
    """What a piece reads to people. A file put on a piece (TR) is "Déposée" until the
    dossier is transmitted with it, "Transmise" only after: before the first transmission,
    and for a replacement put on an incomplete dossier after its last transmission."""
    if doc.status == DocumentStatus.TRANSMISE:
        sent = as_utc(application.transmitted_at)
        changed = as_utc(doc.updated_at)
        if sent is None or (changed is not None and changed > sent):
            return DEPOSITED_LABEL
    return DOCUMENT_LABELS[str(doc.status)]


def claim_for_change(s: Session, application: Application) -> None:
    """Bump the version with a conditional UPDATE, as the first write of a document change.
    It serialises with transmit: once a transmit has committed (or holds the row), this
    matches no row and the change is refused instead of slipping into a sent dossier."""
    s.refresh(application)
    result = s.execute(
        update(Application)
        .where(
            col(Application.id) == application.id,
            col(Application.version) == application.version,
            col(Application.status).in_(
                [DossierStatus.EN_ATTENTE.value, DossierStatus.INCOMPLET.value]
            ),
            col(Application.cancelled_at).is_(None),
        )
        .values(version=Application.version + 1)
        .execution_options(synchronize_session=False)
    )
    s.refresh(application)
    if result.rowcount != 1:
        raise DomainError(
            "Votre dossier vient d'être transmis ou modifié dans une autre fenêtre : "
            "rechargez la page."
        )


# ---------------------------------------------------------------- checklist


@dataclass
class FileView:
    id: int
    name: str
    size: str


@dataclass
class DocumentView:
    document_type_id: int
    code: str
    label: str
    help: str
    status: str
    status_label: str
    comment: str
    is_common: bool
    is_conditional: bool
    can_edit: bool
    files: list[FileView] = field(default_factory=list)


@dataclass
class ApplicationView:
    id: int
    formation: str
    formation_code: str
    status: str
    status_label: str
    deadline: str
    deadline_label: str
    created_at: str
    transmitted_at: str
    can_edit: bool
    can_transmit: bool
    locked_reason: str
    missing: list[str]
    documents: list[DocumentView]


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} octets"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} Ko"
    return f"{size / (1024 * 1024):.1f} Mo".replace(".", ",")


def checklist(
    s: Session, account: Account, application_id: int, *, clock: Clock = system_clock
) -> ApplicationView:
    application = load_application_for(s, account, application_id)
    formation = s.get(Formation, application.formation_id)
    assert formation is not None
    owner = account.role == Role.APPLICANT and application.account_id == account.id
    reason = editable_reason(application, formation, clock.today())
    can_edit = owner and reason is None
    documents: list[DocumentView] = []
    missing: list[str] = []
    files = files_by_document(s, application.id or 0)
    for doc, doc_type in documents_of(s, application.id):
        if doc.status in MISSING_STATUSES:
            missing.append(doc_type.label)
        documents.append(
            DocumentView(
                document_type_id=doc_type.id or 0,
                code=doc_type.code,
                label=doc_type.label,
                help=doc_type.help_text,
                status=str(doc.status),
                status_label=document_status_label(application, doc),
                comment=doc.staff_comment if doc.status == DocumentStatus.REFUSEE else "",
                is_common=doc_type.is_common,
                is_conditional=doc_type.is_conditional,
                can_edit=can_edit and document_editable(application, doc, account.id or 0),
                files=[
                    FileView(id=f.id or 0, name=f.display_name, size=human_size(f.size))
                    for f in files.get(doc.id or 0, [])
                ],
            )
        )
    deadline = deadline_of(application, formation)
    status = "AN" if application.cancelled_at else str(application.status)
    return ApplicationView(
        id=application.id or 0,
        formation=formation.label,
        formation_code=formation.code,
        status=status,
        status_label="Annulée" if application.cancelled_at else DOSSIER_LABELS[status],
        deadline=french_date(deadline),
        deadline_label=(
            "Date limite de dépôt"
            if application.status == DossierStatus.EN_ATTENTE
            else "Date de retour des pièces"
        )
        if deadline
        else "",
        created_at=french_datetime(application.created_at),
        transmitted_at=french_datetime(application.transmitted_at),
        can_edit=can_edit,
        can_transmit=can_edit and not missing,
        locked_reason="" if can_edit else (reason or ""),
        missing=missing,
        documents=documents,
    )


# ---------------------------------------------------------------- transmit


def transmit(
    s: Session, account: Account, application_id: int, *, clock: Clock = system_clock
) -> Application:
    """AT/IN -> RE once: a second call (double click, two tabs) changes nothing and sends
    nothing, thanks to the conditional UPDATE on (id, status, version)."""
    application = load_own_application(s, account, application_id)
    if application.cancelled_at is not None:
        raise DomainError("Cette candidature a été annulée.")
    if application.status == DossierStatus.RECEPTIONNE:
        return application  # already transmitted (a repeated click): nothing more to do
    if application.status not in {DossierStatus.EN_ATTENTE, DossierStatus.INCOMPLET}:
        raise DomainError("Votre dossier a déjà été transmis et étudié : il ne peut plus l'être.")
    formation = s.get(Formation, application.formation_id)
    assert formation is not None
    today = clock.today()
    if application.status == DossierStatus.EN_ATTENTE and today > formation.closes_on:
        raise DomainError(
            f"La date limite de dépôt ({french_date(formation.closes_on)}) est passée : "
            "la candidature ne peut plus être transmise."
        )
    if application.status == DossierStatus.INCOMPLET and today > formation.return_on:
        raise DomainError(
            f"La date de retour des pièces ({french_date(formation.return_on)}) est passée : "
            "le dossier ne peut plus être transmis."
        )
    missing = [
        t.label for d, t in documents_of(s, application.id or 0) if d.status in MISSING_STATUSES
    ]
    if missing:
        raise DomainError(
            "Votre dossier est incomplet. Pièces manquantes ou refusées : "
            + ", ".join(missing)
            + "."
        )
    now = clock.now()
    old_status, old_version = application.status, application.version
    result = s.execute(
        update(Application)
        .where(
            col(Application.id) == application.id,
            col(Application.status) == str(old_status),
            col(Application.version) == old_version,
        )
        .values(
            status=DossierStatus.RECEPTIONNE.value,
            transmitted_at=now,
            received_at=now,
            version=old_version + 1,
            updated_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    s.refresh(application)
    if result.rowcount != 1:
        if application.status == DossierStatus.RECEPTIONNE:
            return application  # the other click won: it sent the one e-mail
        raise DomainError(
            "Votre dossier a changé pendant la transmission : vérifiez-le puis recommencez."
        )
    enqueue(
        s,
        "status_RE",
        account.email,
        {
            "first_name": account.first_name,
            "formation": formation.label,
            "transmitted_at": french_datetime(now),
        },
        account_id=account.id,
        application_id=application.id,
        clock=clock,
    )
    commission = s.get(Commission, application.commission_id)
    if commission is not None and commission.alert_on_transmit and commission.contact_email:
        enqueue(
            s,
            "commission_alert",
            commission.contact_email,
            {
                "what": "Nouveau dossier transmis",
                "formation": formation.label,
                "applicant": f"{account.first_name} {account.last_name}",
                "file_number": account.file_number,
            },
            application_id=application.id,
            clock=clock,
        )
    audit.record(
        s,
        "application_transmitted",
        actor_id=account.id,
        application_id=application.id,
        account_id=account.id,
        detail=f"{str(old_status)} -> RE",
        clock=clock,
    )
    s.flush()
    return application


# ---------------------------------------------------------------- cancel


def cancel(
    s: Session, account: Account, application_id: int, *, clock: Clock = system_clock
) -> Application:
    application = load_own_application(s, account, application_id)
    if application.cancelled_at is not None:
        return application
    if application.status != DossierStatus.EN_ATTENTE:
        raise DomainError(
            "Une candidature transmise ne peut plus être annulée : "
            "attendez la décision puis désistez-vous si besoin."
        )
    if has_decision(s, application):
        raise DomainError(
            "Une décision a déjà été prise : la candidature ne peut plus être annulée."
        )
    now = clock.now()
    result = s.execute(
        update(Application)
        .where(
            col(Application.id) == application.id,
            col(Application.version) == application.version,
            col(Application.status) == DossierStatus.EN_ATTENTE.value,
            col(Application.cancelled_at).is_(None),
        )
        .values(cancelled_at=now, version=application.version + 1, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    s.refresh(application)
    if result.rowcount != 1:
        if application.cancelled_at is not None:
            return application
        raise StaleEdit()
    formation = s.get(Formation, application.formation_id)
    enqueue(
        s,
        "application_cancelled",
        account.email,
        {"first_name": account.first_name, "formation": formation.label if formation else ""},
        account_id=account.id,
        application_id=application.id,
        clock=clock,
    )
    audit.record(
        s,
        "application_cancelled",
        actor_id=account.id,
        application_id=application.id,
        account_id=account.id,
        clock=clock,
    )
    s.flush()
    return application


# ---------------------------------------------------------------- my applications


@dataclass
class TimelineStep:
    label: str
    at: str


# What the applicant's timeline shows of the dossier's history: every occurrence, in order
# (a dossier sent back after "incomplet" shows both transmissions). Staff-only steps (notes,
# an entered but not validated decision, piece checks) never appear.
TIMELINE_LABELS: dict[str, str] = {
    "application_created": "Candidature créée",
    "application_transmitted": "Dossier transmis",
    "dossier_incomplete": "Dossier déclaré incomplet",
    "dossier_complete": "Dossier déclaré complet",
    "decision_validated": "Décision communiquée",
    "promoted_from_lc": "Place proposée depuis la liste complémentaire",
    "offer_confirmed": "Inscription confirmée",
    "offer_withdrawn": "Désistement",
    "offer_auto_withdrawn": "Désistement automatique (délai de réponse dépassé)",
    "application_cancelled": "Candidature annulée",
}
RETRANSMITTED = "Dossier transmis à nouveau"
# The applicant's answer to an offer, as "Mes candidatures" shows it.
ANSWER_LABELS: dict[str, str] = {
    "confirmed": "Inscription confirmée",
    "withdrawn": "Désistement enregistré",
}


@dataclass
class ApplicationRow:
    id: int
    formation: str
    status: str
    status_label: str
    timeline: list[TimelineStep]
    deadline: str
    deadline_label: str
    days_left: int | None
    countdown: str
    decision: str  # label of the validated decision, "" before validation
    decision_code: str
    decision_motif: str
    decision_rank: int | None
    decision_comment: str
    # "confirmed", "withdrawn" or "" (no answer yet): a string, because a page comparing a
    # missing answer (None) with False would take one for the other.
    answer: str
    answer_label: str
    confirm_deadline: str
    can_cancel: bool
    can_answer: bool
    can_edit: bool


def validated_decision(s: Session, application_id: int) -> Decision | None:
    return s.exec(
        select(Decision)
        .where(
            Decision.application_id == application_id,
            col(Decision.validated_at).is_not(None),
            col(Decision.superseded).is_(False),
        )
        .order_by(col(Decision.validated_at).desc(), col(Decision.id).desc())
    ).first()


def _countdown(days: int | None) -> str:
    if days is None:
        return ""
    if days < 0:
        return "Date limite dépassée"
    if days == 0:
        return "Dernier jour"
    return "Il reste 1 jour" if days == 1 else f"Il reste {days} jours"


def my_applications(
    s: Session, account: Account, *, clock: Clock = system_clock
) -> list[ApplicationRow]:
    if account is None or account.role != Role.APPLICANT:
        return []
    rows = s.exec(
        select(Application, Formation)
        .join(Formation, col(Formation.id) == Application.formation_id)
        .where(Application.account_id == account.id)
        .order_by(col(Application.cancelled_at).is_not(None), col(Application.created_at).desc())
    ).all()
    today, now = clock.today(), clock.now()
    result: list[ApplicationRow] = []
    timelines = _timelines(s, [application for application, _ in rows])
    for application, formation in rows:
        cancelled = application.cancelled_at is not None
        timeline = timelines.get(application.id or 0) or _timeline_from_dates(application)
        deadline = None if cancelled else deadline_of(application, formation)
        days = (deadline - today).days if deadline else None
        decision = validated_decision(s, application.id or 0)
        motif = s.get(DecisionMotif, decision.motif_id) if decision and decision.motif_id else None
        confirm_deadline = as_utc(application.confirm_deadline)
        favourable = decision is not None and decision.code == "FA"
        answer = _answer(application, decision)
        can_answer = (
            favourable
            and not cancelled
            and application.accepted is None
            and (confirm_deadline is None or now <= confirm_deadline)
        )
        result.append(
            ApplicationRow(
                id=application.id or 0,
                formation=formation.label,
                status="AN" if cancelled else str(application.status),
                status_label="Annulée" if cancelled else DOSSIER_LABELS[str(application.status)],
                timeline=timeline,
                deadline=french_date(deadline),
                deadline_label=(
                    "Date limite de dépôt"
                    if application.status == DossierStatus.EN_ATTENTE
                    else "Date de retour des pièces"
                )
                if deadline
                else "",
                days_left=days,
                countdown=_countdown(days),
                decision=DECISION_LABELS[str(decision.code)] if decision else "",
                decision_code=str(decision.code) if decision else "",
                decision_motif=motif.label if motif else "",
                decision_rank=decision.rank if decision else None,
                decision_comment=decision.comment if decision else "",
                answer=answer,
                answer_label=ANSWER_LABELS.get(answer, ""),
                confirm_deadline=french_datetime(confirm_deadline) if favourable else "",
                can_cancel=(
                    not cancelled
                    and application.status == DossierStatus.EN_ATTENTE
                    and not has_decision(s, application)
                ),
                can_answer=can_answer,
                can_edit=editable_reason(application, formation, today) is None,
            )
        )
    return result


def _answer(application: Application, decision: Decision | None) -> str:
    if decision is None or application.accepted is None:
        return ""
    return "confirmed" if application.accepted else "withdrawn"


def _timelines(s: Session, apps: list[Application]) -> dict[int, list[TimelineStep]]:
    """Each application's steps from its history (one query for all of them)."""
    ids = [a.id for a in apps if a.id is not None]
    if not ids:
        return {}
    events = s.exec(
        select(AuditEvent.application_id, AuditEvent.action, AuditEvent.at)
        .where(col(AuditEvent.application_id).in_(ids))
        .where(col(AuditEvent.action).in_(list(TIMELINE_LABELS)))
        .order_by(col(AuditEvent.at), col(AuditEvent.id))
    ).all()
    timelines: dict[int, list[TimelineStep]] = {}
    for application_id, action, at in events:
        steps = timelines.setdefault(application_id or 0, [])
        label = TIMELINE_LABELS[action]
        if action == "application_transmitted" and any(x.label == label for x in steps):
            label = RETRANSMITTED
        steps.append(TimelineStep(label, french_datetime(at)))
    return timelines


def _timeline_from_dates(application: Application) -> list[TimelineStep]:
    """For a dossier without history rows (imported data): the dates kept on the row."""
    timeline = [TimelineStep("Candidature créée", french_datetime(application.created_at))]
    for label, at in (
        ("Dossier transmis", application.transmitted_at),
        ("Dossier déclaré incomplet", application.incomplete_at),
        ("Dossier déclaré complet", application.complete_at),
        ("Candidature annulée", application.cancelled_at),
        ("Réponse donnée", application.answered_at),
    ):
        if at is not None:
            timeline.append(TimelineStep(label, french_datetime(at)))
    return timeline

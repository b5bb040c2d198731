"""The applicant's rights over their data (RGPD): download everything, delete the account
before any transmission, and the purge of archived campaigns after a delay.

Anonymising keeps the rows that statistics count (applications with their formation,
status and decision codes) but removes everything that says who the person was: names,
addresses, profile, files, mails, staff notes and comments. Files leave the disk only
once the transaction that dropped their rows has committed.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlmodel import Session, col, select

from ecandidat_app.core import audit, storage
from ecandidat_app.core.accounts import sessions
from ecandidat_app.core.applications.dossiers import document_status_label
from ecandidat_app.core.clock import Clock, system_clock
from ecandidat_app.core.config import get_settings
from ecandidat_app.core.errors import DomainError, NotFound
from ecandidat_app.core.models import (
    Account,
    Application,
    ApplicationDocument,
    ApplicationNote,
    AuditEvent,
    BacRecord,
    Campaign,
    Candidate,
    CursusInterne,
    CursusPostBac,
    Decision,
    DecisionMotif,
    DocumentFile,
    DocumentType,
    Experience,
    Formation,
    Internship,
    MailStatus,
    OutboxMessage,
    Role,
    StoredFile,
)
from ecandidat_app.core.models.enums import DECISION_LABELS, DOSSIER_LABELS
from ecandidat_app.core.security import verify_password

DELETED_NAME = "Compte supprimé"
NOT_DELETABLE = (
    "Votre compte ne peut plus être supprimé : au moins une candidature a été transmise. "
    "Vos données seront effacées avec l'archivage de la campagne ; vous pouvez annuler vos "
    "candidatures depuis « Mes candidatures »."
)
STAFF_NOT_DELETABLE = (
    "Les comptes du personnel sont supprimés par un administrateur, pas depuis cette page."
)
WRONG_PASSWORD = "Mot de passe incorrect : votre compte n'a pas été supprimé."


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _live_account(s: Session, account: Account | None) -> Account:
    if account is None:
        raise NotFound("Votre session a expiré : reconnectez-vous.")
    row = s.get(Account, account.id)
    if row is None or row.deleted_at is not None:
        raise NotFound("Votre session a expiré : reconnectez-vous.")
    return row


# ---------------------------------------------------------------- export


def export_data(s: Session, account: Account | None) -> dict[str, Any]:
    """Everything the platform holds about this person, as they may see it: the account,
    the file, each application with its documents, the decisions SHOWN to them (validated
    ones; staff notes and drafts are not theirs) and the mails sent to them."""
    me = _live_account(s, account)
    cand = s.get(Candidate, me.id)
    bac = s.get(BacRecord, me.id)

    def rows(model: Any) -> list[dict[str, Any]]:
        found = s.exec(select(model).where(model.account_id == me.id).order_by(model.id)).all()
        return [
            {k: _iso(v) if isinstance(v, date) else v for k, v in r.model_dump().items()}
            for r in found
            if r is not None
        ]

    return {
        "format": "eCandidat — export des données personnelles",
        "compte": {
            "numero_dossier": me.file_number,
            "email": me.email,
            "nom": me.last_name,
            "prenom": me.first_name,
            "role": str(me.role),
            "cree_le": _iso(me.created_at),
            "active_le": _iso(me.validated_at),
            "email_en_attente": me.pending_email,
            "numero_etudiant": me.student_number,
            "identifiant_ent": me.ent_login,
        },
        "dossier": {
            "etat_civil": _plain(cand, exclude={"account_id"}),
            "baccalaureat": _plain(bac, exclude={"account_id"}),
            "cursus_post_bac": rows(CursusPostBac),
            "cursus_interne": rows(CursusInterne),
            "experiences": rows(Experience),
            "stages": rows(Internship),
        },
        "candidatures": [_export_application(s, a) for a in _applications(s, me.id or 0)],
        "courriels": [
            {
                "date": _iso(m.created_at),
                "destinataire": m.to_addr,
                "objet": m.subject,
                "texte": m.body_text,
                "etat": str(m.status),
                "envoye_le": _iso(m.sent_at),
            }
            for m in s.exec(
                select(OutboxMessage)
                .where(col(OutboxMessage.account_id) == me.id)
                .order_by(col(OutboxMessage.id))
            ).all()
        ],
    }


def _plain(row: Any, *, exclude: set[str]) -> dict[str, Any] | None:
    if row is None:
        return None
    return {
        k: _iso(v) if isinstance(v, date) else v
        for k, v in row.model_dump().items()
        if k not in exclude
    }


def _applications(s: Session, account_id: int) -> list[Application]:
    return list(
        s.exec(
            select(Application)
            .where(col(Application.account_id) == account_id)
            .order_by(col(Application.id))
        ).all()
    )


def _export_application(s: Session, application: Application) -> dict[str, Any]:
    formation = s.get(Formation, application.formation_id)
    docs = []
    for doc, doc_type in s.exec(
        select(ApplicationDocument, DocumentType)
        .join(DocumentType, col(DocumentType.id) == ApplicationDocument.document_type_id)
        .where(col(ApplicationDocument.application_id) == application.id)
        .order_by(col(DocumentType.order))
    ).all():
        files = s.exec(
            select(StoredFile)
            .join(DocumentFile, col(DocumentFile.stored_file_id) == StoredFile.id)
            .where(col(DocumentFile.application_document_id) == doc.id)
            .order_by(col(StoredFile.id))
        ).all()
        docs.append(
            {
                "piece": doc_type.label,
                "statut": document_status_label(application, doc),
                "commentaire": doc.staff_comment,
                "fichiers": [
                    {
                        "id": f.id,
                        "nom": f.display_name,
                        "taille_octets": f.size,
                        "type": f.content_type,
                        "sha256": f.sha256,
                        "depose_le": _iso(f.created_at),
                    }
                    for f in files
                ],
            }
        )
    shown = s.exec(
        select(Decision)
        .where(
            col(Decision.application_id) == application.id, col(Decision.validated_at).is_not(None)
        )
        .order_by(col(Decision.validated_at))
    ).all()
    return {
        "formation": formation.label if formation else "",
        "code_formation": formation.code if formation else "",
        "statut": DOSSIER_LABELS.get(str(application.status), str(application.status)),
        "creee_le": _iso(application.created_at),
        "transmise_le": _iso(application.transmitted_at),
        "annulee_le": _iso(application.cancelled_at),
        "reponse": application.accepted,
        "repondu_le": _iso(application.answered_at),
        "pieces": docs,
        "decisions": [
            {
                "avis": DECISION_LABELS.get(str(d.code), str(d.code)),
                "motif": _motif(s, d.motif_id),
                "rang": d.rank,
                "commentaire": d.comment,
                "preselection_le": _iso(d.preselection_at),
                "lieu": d.preselection_place,
                "valide_le": _iso(d.validated_at),
                "remplace": d.superseded,
            }
            for d in shown
        ],
    }


def _motif(s: Session, motif_id: int | None) -> str:
    motif = s.get(DecisionMotif, motif_id) if motif_id else None
    return motif.label if motif else ""


def export_json(s: Session, account: Account | None) -> bytes:
    return json.dumps(export_data(s, account), ensure_ascii=False, indent=2).encode("utf-8")


def export_zip(s: Session, account: Account | None) -> bytes:
    """`donnees.json` plus every file the person deposited, under `fichiers/`."""
    data = export_json(s, account)
    me = _live_account(s, account)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("donnees.json", data)
        for stored in s.exec(
            select(StoredFile)
            .where(col(StoredFile.account_id) == me.id)
            .order_by(col(StoredFile.id))
        ).all():
            path = storage.path_for(stored.storage_key)
            if path.exists():
                # The id keeps two files of the same name apart; the name is display only.
                safe = stored.display_name.replace("/", "_").replace("\\", "_")
                archive.write(path, f"fichiers/{stored.id}-{safe}")
    return out.getvalue()


# ---------------------------------------------------------------- deletion


def delete_account(
    s: Session, account: Account | None, password: str, *, clock: Clock = system_clock
) -> None:
    """The applicant deletes their own account, password re-entered, before any
    transmission: files go, personal data is blanked, every session ends."""
    me = _live_account(s, account)
    if me.role != Role.APPLICANT:
        raise DomainError(STAFF_NOT_DELETABLE)
    ok, _ = verify_password(password or "", me.password_hash or None)
    if not ok:
        raise DomainError(WRONG_PASSWORD, field="mot_de_passe_suppression")
    if any(a.transmitted_at is not None for a in _applications(s, me.id or 0)):
        raise DomainError(NOT_DELETABLE)
    _anonymise(s, me, clock=clock)
    audit.record(s, "account_deleted", actor_id=me.id, account_id=me.id, clock=clock)
    s.flush()


def _anonymise(s: Session, account: Account, *, clock: Clock) -> int:
    """Blank one applicant; returns how many files were dropped."""
    now = clock.now()
    account_id = account.id or 0
    sessions.revoke_all_sessions(s, account_id, clock=clock)
    lists: tuple[Any, ...] = (CursusPostBac, CursusInterne, Experience, Internship)
    for model in lists:
        for row in s.exec(select(model).where(model.account_id == account_id)).all():
            s.delete(row)
    for one in (Candidate, BacRecord):
        row = s.get(one, account_id)
        if row is not None:
            s.delete(row)
    dropped = 0
    for stored in s.exec(select(StoredFile).where(col(StoredFile.account_id) == account_id)).all():
        for link in s.exec(
            select(DocumentFile).where(col(DocumentFile.stored_file_id) == stored.id)
        ).all():
            s.delete(link)
        s.flush()
        storage.delete_after_commit(s, stored.storage_key)
        s.delete(stored)
        dropped += 1
    for application in _applications(s, account_id):
        application.search_text = ""
        if application.transmitted_at is None and application.cancelled_at is None:
            application.cancelled_at = now
        for note in s.exec(
            select(ApplicationNote).where(col(ApplicationNote.application_id) == application.id)
        ).all():
            s.delete(note)
        for decision in s.exec(
            select(Decision).where(col(Decision.application_id) == application.id)
        ).all():
            decision.comment, decision.preselection_place = "", ""
        for doc in s.exec(
            select(ApplicationDocument).where(
                col(ApplicationDocument.application_id) == application.id
            )
        ).all():
            doc.staff_comment = ""
    app_ids = [a.id for a in _applications(s, account_id)]
    from ecandidat_app.core.documents.letters import drop_letters

    dropped += drop_letters(s, [i for i in app_ids if i is not None])
    trail = select(AuditEvent).where(
        (col(AuditEvent.account_id) == account_id) | col(AuditEvent.application_id).in_(app_ids)
    )
    for event in s.exec(trail).all():
        event.detail = ""  # file names, comments: the action and its date stay
    for mail in s.exec(
        select(OutboxMessage).where(col(OutboxMessage.account_id) == account_id)
    ).all():
        if mail.status in {MailStatus.PENDING, MailStatus.SENDING}:
            mail.status, mail.last_error = MailStatus.FAILED, "Compte supprimé : non envoyé."
        mail.to_addr = f"supprime-{account_id}@invalid"
        mail.subject, mail.body_text, mail.body_html = DELETED_NAME, "", ""
    account.email = f"supprime-{account_id}@invalid"
    account.last_name, account.first_name = DELETED_NAME, ""
    account.password_hash = ""
    account.is_active = False
    account.pending_email = None
    account.validation_token_hash = account.reset_token_hash = account.email_token_hash = None
    account.ent_login = account.student_number = None
    account.deleted_at = now
    s.flush()
    return dropped


# ---------------------------------------------------------------- purge of campaigns


@dataclass(frozen=True)
class PurgeReport:
    campaigns: list[str]
    accounts: int
    files: int


def purge_archived_campaigns(
    s: Session, clock: Clock = system_clock, *, after_days: int | None = None
) -> PurgeReport:
    """Anonymise every applicant of the campaigns archived more than `purge_after_days`
    ago; the applications stay (formation, status, decision codes) for statistics."""
    delay = timedelta(days=get_settings().purge_after_days if after_days is None else after_days)
    limit = clock.now() - delay
    due = s.exec(
        select(Campaign).where(
            col(Campaign.archived_at).is_not(None),
            col(Campaign.purged_at).is_(None),
            col(Campaign.archived_at) <= limit,
            col(Campaign.is_active).is_(False),
        )
    ).all()
    accounts = files = 0
    for campaign in due:
        for account in s.exec(
            select(Account).where(
                col(Account.campaign_id) == campaign.id, col(Account.role) == Role.APPLICANT
            )
        ).all():
            files += _anonymise(s, account, clock=clock)
            accounts += 1
        campaign.purged_at = clock.now()
        audit.record(
            s,
            "campaign_purged",
            detail=f"Campagne {campaign.code} : données personnelles effacées",
            clock=clock,
        )
    s.flush()
    return PurgeReport(campaigns=[c.code for c in due], accounts=accounts, files=files)


# ---------------------------------------------------------------- never-activated sign-ups


def purge_unactivated(
    s: Session, clock: Clock = system_clock, *, after_days: int | None = None
) -> int:
    """Blank the applicant accounts whose activation link expired more than
    `unactivated_purge_days` ago without being used: someone's address and name are not
    kept for an account they never opened, and the address may sign up again."""
    days = get_settings().unactivated_purge_days if after_days is None else after_days
    limit = clock.now() - timedelta(days=days)
    due = s.exec(
        select(Account).where(
            col(Account.role) == Role.APPLICANT,
            col(Account.validated_at).is_(None),
            col(Account.deleted_at).is_(None),
            col(Account.validation_expires_at).is_not(None),
            col(Account.validation_expires_at) <= limit,
        )
    ).all()
    for account in due:
        _anonymise(s, account, clock=clock)
        audit.record(s, "account_purged_unactivated", account_id=account.id, clock=clock)
    s.flush()
    return len(due)

"""The applicant's rights over their data (RGPD): delete the account before any
transmission, and the purge of archived campaigns after a delay (downloading everything:
`privacy_export`).

Anonymising keeps the rows that statistics count (applications with their formation,
status and decision codes) but removes everything that says who the person was: names,
addresses, profile, files, mails, staff notes and comments. Files leave the disk only
once the transaction that dropped their rows has committed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session, col, select

from ecandidat_app.core import audit, storage
from ecandidat_app.core.accounts import sessions
from ecandidat_app.core.clock import Clock, system_clock
from ecandidat_app.core.config import get_settings
from ecandidat_app.core.errors import DomainError, NotFound
from ecandidat_app.core.i18n import N_, _
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
    DocumentFile,
    Experience,
    Internship,
    MailStatus,
    OutboxMessage,
    Role,
    StoredFile,
)
from ecandidat_app.core.models.ids import id_of
from ecandidat_app.core.questions.answers import forget_answers
from ecandidat_app.core.security import verify_password

DELETED_NAME = "Compte supprimé"
NOT_DELETABLE = N_(
    "Votre compte ne peut plus être supprimé : au moins une candidature a été transmise. "
    "Vos données seront effacées avec l'archivage de la campagne ; vous pouvez annuler vos "
    "candidatures depuis « Mes candidatures »."
)
STAFF_NOT_DELETABLE = N_(
    "Les comptes du personnel sont supprimés par un administrateur, pas depuis cette page."
)
WRONG_PASSWORD = N_("Mot de passe incorrect : votre compte n'a pas été supprimé.")


def live_account(s: Session, account: Account | None) -> Account:
    """The signed-in person's row, fresh from the database (NotFound once deleted)."""
    if account is None:
        raise NotFound(_("Votre session a expiré : reconnectez-vous."))
    row = s.get(Account, account.id)
    if row is None or row.deleted_at is not None:
        raise NotFound(_("Votre session a expiré : reconnectez-vous."))
    return row


def applications_of(s: Session, account_id: int) -> list[Application]:
    return list(
        s.exec(
            select(Application)
            .where(col(Application.account_id) == account_id)
            .order_by(col(Application.id))
        ).all()
    )


# ---------------------------------------------------------------- deletion


def delete_account(
    s: Session, account: Account | None, password: str, *, clock: Clock = system_clock
) -> None:
    """The applicant deletes their own account, password re-entered, before any
    transmission: files go, personal data is blanked, every session ends."""
    me = live_account(s, account)
    if me.role != Role.APPLICANT:
        raise DomainError(_(STAFF_NOT_DELETABLE))
    ok, _rehash = verify_password(password or "", me.password_hash or None)
    if not ok:
        raise DomainError(_(WRONG_PASSWORD), field="mot_de_passe_suppression")
    if any(a.transmitted_at is not None for a in applications_of(s, me.id or 0)):
        raise DomainError(_(NOT_DELETABLE))
    _anonymise(s, me, clock=clock)
    audit.record(s, "account_deleted", actor_id=me.id, account_id=me.id, clock=clock)
    s.flush()


def _anonymise(s: Session, account: Account, *, clock: Clock) -> int:
    """Blank one applicant; returns how many files were dropped."""
    now = clock.now()
    account_id = account.id or 0
    sessions.revoke_all_sessions(s, account_id, clock=clock)
    _drop_profile(s, account_id)
    dropped = _drop_files(s, account_id)
    applications = applications_of(s, account_id)
    for application in applications:
        _blank_application(s, application, now)
    # Imported here: the letters module reads the profile rules that import this one.
    from ecandidat_app.core.documents.letters import drop_letters

    dropped += drop_letters(s, [id_of(a) for a in applications])
    _blank_trail(s, account_id)
    _blank_mails(s, account_id)
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


def _drop_profile(s: Session, account_id: int) -> None:
    lists: tuple[Any, ...] = (CursusPostBac, CursusInterne, Experience, Internship)
    for model in lists:
        for row in s.exec(select(model).where(model.account_id == account_id)).all():
            s.delete(row)
    for one in (Candidate, BacRecord):
        row = s.get(one, account_id)
        if row is not None:
            s.delete(row)


def _drop_files(s: Session, account_id: int) -> int:
    """Drops the person's files (from the disk once committed); returns how many."""
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
    return dropped


def _blank_application(s: Session, application: Application, now: datetime) -> None:
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
    forget_answers(s, application.id or 0)
    for doc in s.exec(
        select(ApplicationDocument).where(col(ApplicationDocument.application_id) == application.id)
    ).all():
        doc.staff_comment = ""


def _blank_trail(s: Session, account_id: int) -> None:
    app_ids = [a.id for a in applications_of(s, account_id)]
    trail = select(AuditEvent).where(
        (col(AuditEvent.account_id) == account_id) | col(AuditEvent.application_id).in_(app_ids)
    )
    for event in s.exec(trail).all():
        event.detail = ""  # file names, comments: the action and its date stay


def _blank_mails(s: Session, account_id: int) -> None:
    for mail in s.exec(
        select(OutboxMessage).where(col(OutboxMessage.account_id) == account_id)
    ).all():
        if mail.status in {MailStatus.PENDING, MailStatus.SENDING}:
            mail.status, mail.last_error = MailStatus.FAILED, "Compte supprimé : non envoyé."
        mail.to_addr = f"supprime-{account_id}@invalid"
        mail.subject, mail.body_text, mail.body_html = DELETED_NAME, "", ""


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

"""The applicant's actions on a dossier: apply, transmit, cancel. Every rule is checked here, at
the moment of the action."""

from __future__ import annotations

from datetime import date

from sqlalchemy import update
from sqlmodel import Session, col, select

from ecandidat_app.core import audit
from ecandidat_app.core.applications import submission_queries as queries
from ecandidat_app.core.applications.dossiers import (
    ANSWERED_STATUSES,
    MISSING_STATUSES,
    documents_of,
    files_of,
    has_decision,
    load_own_to_change,
    return_date,
)
from ecandidat_app.core.applications.profile_rules import profile_missing
from ecandidat_app.core.clock import Clock, system_clock
from ecandidat_app.core.db import update_and_read
from ecandidat_app.core.errors import DomainError, NotFound, StaleEdit
from ecandidat_app.core.i18n import _
from ecandidat_app.core.i18n_content import localized
from ecandidat_app.core.i18n_format import format_date
from ecandidat_app.core.mail.outbox import enqueue
from ecandidat_app.core.models import (
    Account,
    Application,
    ApplicationDocument,
    Campaign,
    Centre,
    DocumentFile,
    DocumentStatus,
    DossierStatus,
    Formation,
    Role,
    StoredFile,
)
from ecandidat_app.core.models.ids import id_of
from ecandidat_app.core.questions.required import missing_answers
from ecandidat_app.core.text import fold

# ---------------------------------------------------------------- apply


def apply(
    s: Session, account: Account, formation_id: int, *, clock: Clock = system_clock
) -> Application:
    if account is None or account.role != Role.APPLICANT:
        raise DomainError(_("Seul un compte candidat peut candidater."))
    found = s.exec(queries.FORMATION_TO_APPLY, params={"formation_id": formation_id}).first()
    if found is None:
        raise NotFound(_("Cette formation n'existe pas."))
    formation, in_campaign, centre = found
    campaign = _check_campaign_of_the_account(account, in_campaign)
    _check_open(formation, clock.today())
    _check_not_twice_nor_over_limit(s, account, campaign, formation, centre)
    missing = profile_missing(s, id_of(account))
    if missing:
        raise DomainError(
            _(
                "Votre dossier personnel est incomplet : {missing}. Complétez-le dans "
                "« Mon dossier » avant de candidater."
            ).format(missing=", ".join(missing))
        )

    now = clock.now()
    application = Application(
        account_id=id_of(account),
        formation_id=id_of(formation),
        commission_id=formation.commission_id,
        formation_sort=fold(formation.label)[:200],
        campaign_id=id_of(campaign),
        status=DossierStatus.EN_ATTENTE,
        created_at=now,
        updated_at=now,
        search_text=fold(
            " ".join([account.last_name, account.first_name, account.file_number, account.email])
        ),
    )
    s.add(application)
    s.flush()
    required = s.exec(queries.REQUIRED_TYPES, params={"formation_id": formation.id}).all()
    for doc_type in required:
        doc = ApplicationDocument(
            application_id=id_of(application), document_type_id=id_of(doc_type), updated_at=now
        )
        s.add(doc)
        s.flush()
        if doc_type.is_common:
            reused = _common_files(s, id_of(account), id_of(doc_type), exclude=id_of(application))
            for stored in reused:
                s.add(
                    DocumentFile(application_document_id=id_of(doc), stored_file_id=id_of(stored))
                )
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
            "closes_on": formation.closes_on,
        },
        account_id=account.id,
        account=account,
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


def _check_campaign_of_the_account(account: Account, campaign: Campaign | None) -> Campaign:
    if campaign is None or not campaign.is_active or account.campaign_id != campaign.id:
        raise DomainError(
            _(
                "Cette formation n'appartient pas à la campagne de votre compte : "
                "un compte n'est valable que pour la campagne en cours."
            )
        )
    return campaign


def _check_open(formation: Formation, today: date) -> None:
    if today < formation.opens_on:
        raise DomainError(
            _("Les candidatures à cette formation ouvrent le {date}.").format(
                date=format_date(formation.opens_on)
            )
        )
    if today > formation.closes_on:
        raise DomainError(
            _(
                "Les candidatures à cette formation sont closes depuis le {date} "
                "(date limite de dépôt)."
            ).format(date=format_date(formation.closes_on))
        )


def _check_not_twice_nor_over_limit(
    s: Session, account: Account, campaign: Campaign, formation: Formation, centre: Centre | None
) -> None:
    """No second live application to the formation, and no more than the centre's limit
    of live applications in this campaign: both counted in one query."""
    params = {
        "account_id": account.id,
        "formation_id": formation.id,
        "campaign_id": campaign.id,
        "centre_id": formation.centre_id,
    }
    twice, count = s.exec(queries.LIVE_APPLICATIONS, params=params).one()
    if twice:
        raise DomainError(_("Vous avez déjà une candidature en cours pour cette formation."))
    limit = centre.max_applications if centre else 20
    if count >= limit:
        raise DomainError(
            _(
                "Vous avez atteint le nombre maximal de candidatures ({limit}) pour "
                "« {centre} » : annulez une candidature avant d'en créer une nouvelle."
            ).format(limit=limit, centre=centre.label if centre else _("ce centre"))
        )


def _common_files(
    s: Session, account_id: int, document_type_id: int, *, exclude: int
) -> list[StoredFile]:
    """The files of the applicant's latest answer to a common document, if any."""
    latest = s.exec(
        select(ApplicationDocument)
        .join(Application, col(Application.id) == ApplicationDocument.application_id)
        .where(
            col(Application.account_id) == account_id,
            col(Application.cancelled_at).is_(None),
            col(Application.id) != exclude,
            col(ApplicationDocument.document_type_id) == document_type_id,
            col(ApplicationDocument.status).in_([s_.value for s_ in ANSWERED_STATUSES]),
        )
        .order_by(col(ApplicationDocument.updated_at).desc(), col(ApplicationDocument.id).desc())
    ).first()
    return files_of(s, id_of(latest)) if latest is not None else []


# ---------------------------------------------------------------- transmit


def transmit(
    s: Session, account: Account, application_id: int, *, clock: Clock = system_clock
) -> Application:
    """AT/IN -> RE once: a second call (double click, two tabs) changes nothing and sends
    nothing, thanks to the conditional UPDATE on (id, status, version)."""
    application = load_own_to_change(s, account, application_id)
    if application.cancelled_at is not None:
        raise DomainError(_("Cette candidature a été annulée."))
    if application.status == DossierStatus.RECEPTIONNE:
        return application  # already transmitted (a repeated click): nothing more to do
    if application.status not in {DossierStatus.EN_ATTENTE, DossierStatus.INCOMPLET}:
        raise DomainError(
            _("Votre dossier a déjà été transmis et étudié : il ne peut plus l'être.")
        )
    # The formation, and the commission to alert: one query.
    params = {"formation_id": application.formation_id, "commission_id": application.commission_id}
    formation, commission = s.exec(queries.FORMATION_AND_COMMISSION, params=params).one()
    today = clock.today()
    if application.status == DossierStatus.EN_ATTENTE and today > formation.closes_on:
        raise DomainError(
            _(
                "La date limite de dépôt ({date}) est passée : "
                "la candidature ne peut plus être transmise."
            ).format(date=format_date(formation.closes_on))
        )
    returns = return_date(application, formation)
    if application.status == DossierStatus.INCOMPLET and today > returns:
        raise DomainError(
            _(
                "La date de retour des pièces ({date}) est passée : "
                "le dossier ne peut plus être transmis."
            ).format(date=format_date(returns))
        )
    missing = [
        localized(t.label, t.label_en)
        for d, t in documents_of(s, application.id or 0)
        if d.status in MISSING_STATUSES
    ]
    if missing:
        raise DomainError(
            _("Votre dossier est incomplet. Pièces manquantes ou refusées : {missing}.").format(
                missing=", ".join(missing)
            )
        )
    unanswered = missing_answers(s, application)
    if unanswered:
        raise DomainError(
            _("Votre dossier est incomplet. Il manque encore : {missing}.").format(
                missing=", ".join(unanswered)
            )
        )
    now = clock.now()
    old_status, old_version = application.status, application.version
    updated = update_and_read(
        s,
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
        ),
        application,
    )
    if not updated:
        # Read again after the refresh (the check above narrowed the old value).
        if DossierStatus(application.status) == DossierStatus.RECEPTIONNE:
            return application  # the other click won: it sent the one e-mail
        raise DomainError(
            _("Votre dossier a changé pendant la transmission : vérifiez-le puis recommencez.")
        )
    enqueue(
        s,
        "status_RE",
        account.email,
        {
            "first_name": account.first_name,
            "formation": formation.label,
            "transmitted_at": now,
        },
        account_id=account.id,
        account=account,
        application_id=application.id,
        clock=clock,
    )
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
    application = load_own_to_change(s, account, application_id)
    if application.cancelled_at is not None:
        return application
    if application.status != DossierStatus.EN_ATTENTE:
        raise DomainError(
            _(
                "Une candidature transmise ne peut plus être annulée : "
                "attendez la décision puis désistez-vous si besoin."
            )
        )
    if has_decision(s, application):
        raise DomainError(
            _("Une décision a déjà été prise : la candidature ne peut plus être annulée.")
        )
    now = clock.now()
    updated = update_and_read(
        s,
        update(Application)
        .where(
            col(Application.id) == application.id,
            col(Application.version) == application.version,
            col(Application.status) == DossierStatus.EN_ATTENTE.value,
            col(Application.cancelled_at).is_(None),
        )
        .values(cancelled_at=now, version=application.version + 1, updated_at=now),
        application,
    )
    if not updated:
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
        account=account,
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

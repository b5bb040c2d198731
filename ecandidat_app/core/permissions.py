"""One permission rule per resource, used by pages, event handlers and the download route.

Scope of staff: admin sees everything; a gestionnaire, a centre administrator and a
reader (lecteur) see the commissions of the centres (or the single commissions) in their
StaffScope rows; a commission member sees the commissions they sit on. Applicants see only
their own applications. A reader changes nothing; a centre administrator also edits the
offer (formations, commissions, motifs, mail texts) of the centres in their scope only.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import Session, col, select

from ecandidat_app.core.campaign_scope import require_current_campaign
from ecandidat_app.core.errors import Forbidden, NotFound
from ecandidat_app.core.i18n import _
from ecandidat_app.core.models import (
    Account,
    Application,
    Commission,
    CommissionMember,
    Role,
    StaffScope,
)
from ecandidat_app.core.models.ids import id_column

STAFF = {Role.GESTIONNAIRE, Role.COMMISSION, Role.CENTRE_ADMIN, Role.LECTEUR, Role.ADMIN}
# Staff who may change something on a dossier (the reader only looks).
ACTING_STAFF = STAFF - {Role.LECTEUR}
# Validate/refuse pieces, change a dossier's status, act for one dossier.
REVIEWERS = {Role.GESTIONNAIRE, Role.CENTRE_ADMIN, Role.ADMIN}
# Roles whose reach is a list of StaffScope rows (whole centres or single commissions).
SCOPED_ROLES = {Role.GESTIONNAIRE, Role.CENTRE_ADMIN, Role.LECTEUR}
OTHER_CENTRE = "Vous ne pouvez modifier que l'offre de votre centre."


def commission_scope(s: Session, account: Account) -> set[int] | None:
    """Commission ids a staff member may see; None means all (admin); empty for applicants."""
    if account.role == Role.ADMIN:
        return None
    if account.role == Role.COMMISSION:
        rows = s.exec(
            select(CommissionMember.commission_id).where(
                col(CommissionMember.account_id) == account.id
            )
        ).all()
        return set(rows)
    if account.role in SCOPED_ROLES:
        ids: set[int] = set()
        for scope in s.exec(
            select(StaffScope).where(col(StaffScope.account_id) == account.id)
        ).all():
            if scope.commission_id is not None:
                ids.add(scope.commission_id)
            else:
                ids.update(
                    s.exec(
                        select(id_column(Commission)).where(
                            col(Commission.centre_id) == scope.centre_id
                        )
                    ).all()
                )
        return ids
    return set()


def can_view_application(s: Session, account: Account | None, application: Application) -> bool:
    if account is None:
        return False
    if account.role == Role.APPLICANT:
        return application.account_id == account.id
    scope = commission_scope(s, account)
    return scope is None or application.commission_id in scope


def can_read_staff_view(s: Session, account: Account | None, application: Application) -> bool:
    """The staff view of a dossier (profile, pieces, internal notes, history): staff in
    scope, readers included; never an applicant, not even the dossier's own."""
    if account is None or account.role not in STAFF:
        return False
    return can_view_application(s, account, application)


def can_review_application(s: Session, account: Account | None, application: Application) -> bool:
    """Validate/refuse documents, change the dossier status, extend its deadlines, ask it
    for a piece: gestionnaires, centre administrators and admins, in their scope."""
    if account is None or account.role not in REVIEWERS:
        return False
    return can_view_application(s, account, application)


def can_decide_application(s: Session, account: Account | None, application: Application) -> bool:
    """Enter a decision, write a note: staff in scope (commission members included), not
    readers."""
    if account is None or account.role not in ACTING_STAFF:
        return False
    return can_view_application(s, account, application)


def can_validate_decision(s: Session, account: Account | None, application: Application) -> bool:
    """The second step (validation, which e-mails the applicant): gestionnaires and admins."""
    return can_review_application(s, account, application)


def load_application_for(
    s: Session,
    account: Account | None,
    application_id: int,
    *,
    rule: Callable[[Session, Account | None, Application], bool] = can_view_application,
) -> Application:
    """Fetch an application the account may act on; the same message whether it exists or not."""
    application = s.get(Application, application_id)
    if application is None or not rule(s, account, application):
        raise NotFound(_("Ce dossier n'existe pas ou vous n'y avez pas accès."))
    return application


def load_application_to_change(
    s: Session,
    account: Account | None,
    application_id: int,
    *,
    rule: Callable[[Session, Account | None, Application], bool],
) -> Application:
    """`load_application_for`, then the campaign guard: an archived campaign's dossiers are
    read-only for everyone (`ArchivedCampaign`, in French)."""
    return require_current_campaign(s, load_application_for(s, account, application_id, rule=rule))


def require_staff(account: Account | None) -> Account:
    if account is None or account.role not in STAFF:
        raise Forbidden()
    return account


def require_acting_staff(account: Account | None) -> Account:
    """Staff who may change something (everyone but the reader)."""
    if account is None or account.role not in ACTING_STAFF:
        raise Forbidden(_("Votre compte permet de consulter les dossiers, pas de les modifier."))
    return account


# ---------------------------------------------------------------- the offer of a centre


def offer_centres(s: Session, account: Account | None) -> set[int] | None:
    """Centres whose offer the account administers: None means every centre and the global
    settings (admin); a centre administrator gets their StaffScope centres; anyone else is
    refused."""
    if account is not None and account.role == Role.ADMIN:
        return None
    if account is None or account.role != Role.CENTRE_ADMIN:
        raise Forbidden()
    return set(
        s.exec(
            select(StaffScope.centre_id).where(
                col(StaffScope.account_id) == account.id,
                col(StaffScope.commission_id).is_(None),  # whole centres only
            )
        ).all()
    )


def can_manage_centre(s: Session, account: Account | None, centre_id: int | None) -> bool:
    """A centre's offer (formations, commissions and members, motifs, mail texts);
    `centre_id` None is a global setting: admins only."""
    try:
        centres = offer_centres(s, account)
    except Forbidden:
        return False
    return centres is None or (centre_id is not None and centre_id in centres)


def require_centre(s: Session, account: Account | None, centre_id: int | None) -> None:
    """Refuse (in French) a change outside the account's centres."""
    if not can_manage_centre(s, account, centre_id):
        raise Forbidden(OTHER_CENTRE)


def require_admin(account: Account | None) -> Account:
    if account is None or account.role != Role.ADMIN:
        raise Forbidden()
    return account


def require_sis_export(account: Account | None) -> Account:
    """Handing admitted applicants to the SIS: gestionnaires (their centres) and admins."""
    if account is None or account.role not in {Role.GESTIONNAIRE, Role.ADMIN}:
        raise Forbidden()
    return account

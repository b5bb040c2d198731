"""One permission rule per resource, used by pages, event handlers and the download route.

Scope of staff: admin sees everything; a gestionnaire sees the commissions of the centres
(or the single commissions) in their StaffScope rows; a commission member sees the
commissions they sit on. Applicants see only their own applications.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import Session, col, select

from ecandidat_app.core.campaign_scope import require_current_campaign
from ecandidat_app.core.errors import Forbidden, NotFound
from ecandidat_app.core.models import (
    Account,
    Application,
    Commission,
    CommissionMember,
    Role,
    StaffScope,
)
from ecandidat_app.core.models.ids import id_column

STAFF = {Role.GESTIONNAIRE, Role.COMMISSION, Role.ADMIN}


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
    if account.role == Role.GESTIONNAIRE:
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


def can_review_application(s: Session, account: Account | None, application: Application) -> bool:
    """Validate/refuse documents and change the dossier status: gestionnaires and admins."""
    if account is None or account.role not in {Role.GESTIONNAIRE, Role.ADMIN}:
        return False
    return can_view_application(s, account, application)


def can_decide_application(s: Session, account: Account | None, application: Application) -> bool:
    """Enter a decision: any staff member in scope (commission members included)."""
    if account is None or account.role not in STAFF:
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
        raise NotFound("Ce dossier n'existe pas ou vous n'y avez pas accès.")
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


def require_admin(account: Account | None) -> Account:
    if account is None or account.role != Role.ADMIN:
        raise Forbidden()
    return account


def require_sis_export(account: Account | None) -> Account:
    """Handing admitted applicants to the SIS: gestionnaires (their centres) and admins."""
    if account is None or account.role not in {Role.GESTIONNAIRE, Role.ADMIN}:
        raise Forbidden()
    return account

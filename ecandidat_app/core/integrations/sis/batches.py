"""Which applications go to the SIS, once each: an admitted applicant who confirmed
(favourable decision validated, place accepted, not cancelled), in the staff member's
scope, for one formation or a whole campaign. An export marks what it carried; staff
can re-request an application, which then goes out with the next export. Both are
written to the audit trail."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from ecandidat_app.core import audit
from ecandidat_app.core.clock import Clock, system_clock
from ecandidat_app.core.errors import DomainError, NotFound
from ecandidat_app.core.i18n import _
from ecandidat_app.core.integrations.sis.rows import SisRows, build_rows
from ecandidat_app.core.models import (
    Account,
    Application,
    Campaign,
    DecisionType,
    Formation,
    SisExport,
)
from ecandidat_app.core.permissions import commission_scope, require_sis_export


@dataclass(frozen=True)
class Scope:
    """What to export: one formation, or every formation of one campaign."""

    campaign_id: int | None = None
    formation_id: int | None = None


@dataclass(frozen=True)
class Batch:
    batch: str  # the export's identifier, in the file names and the audit trail
    at: datetime
    application_ids: tuple[int, ...]
    rows: SisRows


@dataclass(frozen=True)
class HandOver:
    """One confirmed admission as the staff page lists it."""

    application_id: int
    file_number: str
    name: str
    formation: str
    exported_at: datetime | None
    batch: str
    rerequested: bool


def _confirmed(
    s: Session, account: Account | None, scope: Scope, as_system: bool
) -> list[Application]:
    """`as_system`: the `ecandidat export-sis` command, run by the operator (every
    centre); a page always passes the signed-in account."""
    if scope.campaign_id is None and scope.formation_id is None:
        raise DomainError(_("Choisissez une campagne ou une formation à exporter."))
    query = select(Application).where(
        col(Application.decision_code) == DecisionType.FAVORABLE,
        col(Application.decision_validated).is_(True),
        col(Application.accepted).is_(True),
        col(Application.cancelled_at).is_(None),
    )
    if scope.formation_id is not None:
        query = query.where(col(Application.formation_id) == scope.formation_id)
    if scope.campaign_id is not None:
        query = query.where(col(Application.campaign_id) == scope.campaign_id)
    allowed = None if as_system else commission_scope(s, require_sis_export(account))
    if allowed is not None:
        query = query.where(col(Application.commission_id).in_(allowed))
    return list(s.exec(query.order_by(col(Application.id))).all())


def _marks(s: Session, ids: Sequence[int]) -> dict[int, SisExport]:
    if not ids:
        return {}
    rows = s.exec(select(SisExport).where(col(SisExport.application_id).in_(list(ids))))
    return {r.application_id: r for r in rows}


def pending(
    s: Session, account: Account | None, scope: Scope, *, as_system: bool = False
) -> list[int]:
    """Confirmed admissions in scope not handed over yet (or re-requested)."""
    apps = _confirmed(s, account, scope, as_system)
    marks = _marks(s, [a.id or 0 for a in apps])
    return [a.id or 0 for a in apps if a.id not in marks or marks[a.id or 0].exported_at is None]


def export_batch(
    s: Session,
    account: Account | None,
    scope: Scope,
    *,
    as_system: bool = False,
    clock: Clock = system_clock,
) -> Batch:
    """Hand over what is pending: the rows, each application marked and audited.
    Refused (French message) when nothing is pending, so no empty file goes out."""
    ids = pending(s, account, scope, as_system=as_system)
    if not ids:
        raise DomainError(
            _(
                "Aucun candidat admis et confirmé à exporter : tous ont déjà été transmis "
                "(demandez un nouvel export d'un candidat pour le transmettre à nouveau)."
            )
        )
    now = clock.now()
    batch = f"{now.strftime('%Y%m%d-%H%M%S')}-{secrets.token_hex(3)}"
    actor_id = account.id if account else None
    marks = _marks(s, ids)
    for app_id in ids:
        mark = marks.get(app_id)
        if mark is None:
            mark = SisExport(application_id=app_id, batch=batch, times=0)
        mark.batch, mark.exported_at, mark.exported_by_id = batch, now, actor_id
        mark.times += 1
        s.add(mark)
        audit.record(
            s,
            "sis_exported",
            actor_id=actor_id,
            application_id=app_id,
            detail=f"Transmis au système d'information de scolarité (export {batch}).",
            clock=clock,
        )
    s.flush()
    return Batch(batch, now, tuple(ids), build_rows(s, ids))


def rerequest(
    s: Session,
    account: Account | None,
    application_id: int,
    *,
    as_system: bool = False,
    clock: Clock = system_clock,
) -> None:
    """Put an application already handed over back in the next export."""
    app = s.get(Application, application_id)
    allowed = None if as_system else commission_scope(s, require_sis_export(account))
    mark = s.get(SisExport, application_id)
    if app is None or (allowed is not None and app.commission_id not in allowed):
        raise NotFound(_("Ce dossier n'existe pas ou vous n'y avez pas accès."))
    if mark is None or mark.exported_at is None:
        raise DomainError(
            _("Ce candidat n'a pas encore été transmis : il partira au prochain export.")
        )
    mark.exported_at, mark.rerequested_at = None, clock.now()
    s.add(mark)
    audit.record(
        s,
        "sis_rerequested",
        actor_id=account.id if account else None,
        application_id=application_id,
        detail="Nouvel export vers le système d'information de scolarité demandé.",
        clock=clock,
    )
    s.flush()


def hand_overs(s: Session, account: Account | None, scope: Scope) -> list[HandOver]:
    """Every confirmed admission in scope with where its hand-over stands."""
    apps = _confirmed(s, account, scope, False)
    marks = _marks(s, [a.id or 0 for a in apps])
    people = {
        a.id: a
        for a in s.exec(
            select(Account).where(col(Account.id).in_({a.account_id for a in apps} or {0}))
        )
    }
    forms = {
        f.id: f
        for f in s.exec(
            select(Formation).where(col(Formation.id).in_({a.formation_id for a in apps} or {0}))
        )
    }
    out = []
    for a in apps:
        mark, who = marks.get(a.id or 0), people[a.account_id]
        out.append(
            HandOver(
                application_id=a.id or 0,
                file_number=who.file_number,
                name=f"{who.last_name.upper()} {who.first_name}",
                formation=f"{forms[a.formation_id].label} ({forms[a.formation_id].code})",
                exported_at=mark.exported_at if mark else None,
                batch=mark.batch if mark else "",
                rerequested=bool(mark and mark.rerequested_at and mark.exported_at is None),
            )
        )
    return out


def scope_by_codes(s: Session, *, campaign: str | None, formation: str | None) -> Scope:
    """The scope the command names by codes (a formation code is looked up in the active
    campaign first, as codes repeat from one campaign to the next)."""
    if campaign:
        found = s.exec(select(Campaign).where(col(Campaign.code) == campaign)).first()
        if found is None:
            raise DomainError(f"Aucune campagne de code « {campaign} ».", field="scope")
        return Scope(campaign_id=found.id)
    rows = s.exec(
        select(Formation, Campaign)
        .join(Campaign, col(Campaign.id) == col(Formation.campaign_id))
        .where(col(Formation.code) == (formation or ""))
        .order_by(col(Campaign.is_active).desc(), col(Campaign.starts_on).desc())
    ).first()
    if rows is None:
        raise DomainError(f"Aucune formation de code « {formation} ».", field="scope")
    return Scope(formation_id=rows[0].id)

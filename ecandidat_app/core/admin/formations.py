"""Administration of the formations: dates, commission, pieces asked for, search text kept in sync."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, select

from ecandidat_app.core.admin.inputs import (
    Page,
    admin_audit,
    clean_code,
    clean_date,
    clean_int,
    clean_text,
    get_or_404,
    optional_id,
    paged,
)
from ecandidat_app.core.clock import Clock, system_clock
from ecandidat_app.core.config import get_settings
from ecandidat_app.core.errors import DomainError
from ecandidat_app.core.models import (
    Account,
    Application,
    Campaign,
    Centre,
    Commission,
    DocumentType,
    Formation,
    FormationDocument,
)
from ecandidat_app.core.models.enums import LEVEL_LABELS
from ecandidat_app.core.permissions import require_admin
from ecandidat_app.core.text import fold

# ---------------------------------------------------------------- formations


def formation_search_text(s: Session, formation: Formation) -> str:
    centre = s.get(Centre, formation.centre_id)
    parts = [formation.label, formation.keywords, formation.code, formation.domain]
    return fold(" ".join([*parts, centre.label if centre else ""]))[:1200]


def list_formations(
    s: Session,
    account: Account,
    *,
    page: int = 1,
    size: int = 20,
    search: str = "",
    campaign_id: int | None = None,
) -> Page:
    require_admin(account)
    query = select(Formation).order_by(Formation.label, Formation.code)
    if campaign_id:
        query = query.where(Formation.campaign_id == campaign_id)
    for word in fold(search or "").split():
        query = query.where(col(Formation.search_text).contains(word))
    return paged(s, query, page, size)


def formation_document_ids(s: Session, formation_id: int) -> list[int]:
    return list(
        s.exec(
            select(FormationDocument.document_type_id).where(
                FormationDocument.formation_id == formation_id
            )
        ).all()
    )


def save_formation(
    s: Session,
    account: Account,
    formation_id: int | None,
    *,
    commission_id: Any,
    code: Any,
    label: Any,
    level: Any,
    opens_on: Any,
    closes_on: Any,
    return_on: Any,
    campaign_id: Any = None,
    domain: Any = "",
    keywords: Any = "",
    capacity: Any = 0,
    description: Any = "",
    jury_on: Any = None,
    publication_on: Any = None,
    confirmation_days: Any = None,
    document_type_ids: Iterable[Any] = (),
    clock: Clock = system_clock,
) -> Formation:
    require_admin(account)
    formation = (
        get_or_404(s, Formation, formation_id, "Formation introuvable.") if formation_id else None
    )
    commission = s.get(Commission, optional_id(commission_id) or 0)
    if commission is None:
        raise DomainError("Choisissez la commission de la formation.", field="commission_id")
    campaign = s.get(Campaign, optional_id(campaign_id) or 0) if campaign_id else None
    if campaign is None and formation is not None:
        campaign = s.get(Campaign, formation.campaign_id)
    if campaign is None:
        campaign = s.exec(select(Campaign).where(Campaign.is_active == True)).first()  # noqa: E712
    if campaign is None:
        raise DomainError(
            "Aucune campagne active : créez et activez d'abord une campagne.", field="campaign_id"
        )
    code_v = clean_code(code, "Le code")
    duplicate = s.exec(
        select(Formation.id)
        .where(Formation.campaign_id == campaign.id)
        .where(Formation.code == code_v)
        .where(Formation.id != (formation.id if formation else -1))
    ).first()
    if duplicate is not None:
        raise DomainError("Une formation de cette campagne porte déjà ce code.", field="code")
    level_v = str(level or "")
    if level_v not in LEVEL_LABELS:
        raise DomainError("Choisissez le niveau de la formation.", field="level")
    opens = clean_date(opens_on, "La date d'ouverture", field="opens_on")
    closes = clean_date(closes_on, "La date de clôture", field="closes_on")
    returns = clean_date(return_on, "La date de retour des pièces", field="return_on")
    if closes < opens:  # type: ignore[operator]
        raise DomainError("La clôture doit suivre l'ouverture.", field="closes_on")
    if returns < closes:  # type: ignore[operator]
        raise DomainError(
            "La date de retour des pièces ne peut pas précéder la clôture.", field="return_on"
        )
    jury = clean_date(jury_on, "La date du jury", field="jury_on", required=False)
    publication = clean_date(
        publication_on, "La date de publication", field="publication_on", required=False
    )
    if jury and publication and publication < jury:
        raise DomainError("La publication ne peut pas précéder le jury.", field="publication_on")
    days_default = (
        get_settings().confirmation_days if formation is None else formation.confirmation_days
    )
    days = clean_int(
        confirmation_days if confirmation_days not in (None, "") else days_default,
        "Le délai de confirmation",
        field="confirmation_days",
        minimum=1,
        maximum=60,
    )
    doc_ids = {int(i) for i in document_type_ids if optional_id(i)}
    if doc_ids:
        known = set(s.exec(select(DocumentType.id).where(col(DocumentType.id).in_(doc_ids))).all())
        if known != doc_ids:
            raise DomainError("Une des pièces choisies n'existe plus.", field="document_type_ids")

    if formation is None:
        formation = Formation(
            campaign_id=campaign.id,
            centre_id=commission.centre_id,
            commission_id=commission.id,
            code=code_v,
            label="",
            level=level_v,
            opens_on=opens,
            closes_on=closes,
            return_on=returns,
        )
    moved = formation.id is not None and formation.commission_id != commission.id
    old_label = formation.label
    formation.campaign_id = campaign.id  # type: ignore[assignment]
    formation.commission_id = commission.id  # type: ignore[assignment]
    formation.centre_id = commission.centre_id
    formation.code = code_v
    formation.label = clean_text(label, "Le libellé", 200, field="label", required=True)
    formation.level = level_v  # type: ignore[assignment]
    formation.domain = clean_text(domain, "Le domaine", 80, field="domain")
    formation.keywords = clean_text(keywords, "Les mots-clés", 400, field="keywords")
    formation.capacity = clean_int(
        capacity or 0, "La capacité d'accueil", field="capacity", maximum=100_000
    )
    formation.description = clean_text(description, "La description", 4000, field="description")
    formation.opens_on, formation.closes_on, formation.return_on = opens, closes, returns  # type: ignore[assignment]
    formation.jury_on, formation.publication_on = jury, publication
    formation.confirmation_days = days
    formation.search_text = formation_search_text(s, formation)
    s.add(formation)
    s.flush()
    if moved:  # applications carry their commission for the staff board's filters
        s.exec(  # type: ignore[call-overload]
            update(Application)
            .where(col(Application.formation_id) == formation.id)
            .values(commission_id=commission.id)
        )
    if old_label and formation.label != old_label:  # the board sorts on the folded label
        s.exec(  # type: ignore[call-overload]
            update(Application)
            .where(col(Application.formation_id) == formation.id)
            .values(formation_sort=fold(formation.label)[:200])
        )
    current = set(formation_document_ids(s, formation.id))  # type: ignore[arg-type]
    for doc_id in current - doc_ids:
        row = s.get(FormationDocument, (formation.id, doc_id))
        if row is not None:
            s.delete(row)
    for doc_id in doc_ids - current:
        s.add(FormationDocument(formation_id=formation.id, document_type_id=doc_id))  # type: ignore[arg-type]
    s.flush()
    admin_audit(s, account, "formation_saved", f"Formation {formation.code}", clock)
    return formation

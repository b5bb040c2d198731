"""Administration of the formations: dates, commission, pieces asked for, search text kept in sync."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import update
from sqlmodel import Session, col, select

from ecandidat_app.core.admin.inputs import (
    FormValue,
    Page,
    admin_audit,
    clean_code,
    clean_date,
    clean_int,
    clean_optional,
    clean_text,
    get_or_404,
    optional_id,
    paged,
)
from ecandidat_app.core.clock import Clock, system_clock
from ecandidat_app.core.config import get_settings
from ecandidat_app.core.errors import DomainError
from ecandidat_app.core.i18n import N_, _
from ecandidat_app.core.models import (
    Account,
    Application,
    Campaign,
    Centre,
    Commission,
    DocumentType,
    Formation,
    FormationDocument,
    Level,
)
from ecandidat_app.core.models.enums import LEVEL_LABELS
from ecandidat_app.core.models.ids import id_of
from ecandidat_app.core.permissions import offer_centres, require_centre
from ecandidat_app.core.text import fold

# ---------------------------------------------------------------- formations

ARCHIVED_FORMATION = N_(
    "Campagne archivée — consultation seule : ses formations ne se modifient plus."
)


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
    centres = offer_centres(s, account)
    query = select(Formation).order_by(Formation.label, Formation.code)
    if centres is not None:  # a centre administrator: their centres' formations only
        query = query.where(col(Formation.centre_id).in_(centres))
    if campaign_id:
        query = query.where(col(Formation.campaign_id) == campaign_id)
    for word in fold(search or "").split():
        query = query.where(col(Formation.search_text).contains(word))
    return paged(s, query, page, size)


def formation_document_ids(s: Session, formation_id: int) -> list[int]:
    return list(
        s.exec(
            select(FormationDocument.document_type_id).where(
                col(FormationDocument.formation_id) == formation_id
            )
        ).all()
    )


@dataclass(frozen=True)
class FormationInput:
    """What the formation form gives: the page's text, or typed values (tests, imports).
    `save_formation` checks every field and names the faulty one in its DomainError."""

    commission_id: FormValue
    code: FormValue
    label: FormValue
    level: FormValue
    opens_on: FormValue
    closes_on: FormValue
    return_on: FormValue
    campaign_id: FormValue = None
    domain: FormValue = ""
    keywords: FormValue = ""
    capacity: FormValue = 0
    description: FormValue = ""
    label_en: FormValue = ""
    description_en: FormValue = ""
    jury_on: FormValue = None
    publication_on: FormValue = None
    confirmation_days: FormValue = None
    document_type_ids: Sequence[FormValue] = ()


@dataclass(frozen=True)
class _Dates:
    opens: date
    closes: date
    returns: date
    jury: date | None
    publication: date | None


def save_formation(
    s: Session,
    account: Account,
    formation_id: int | None,
    data: FormationInput,
    *,
    clock: Clock = system_clock,
) -> Formation:
    """Create (no `formation_id`) or change a formation; its applications follow a move to
    another commission or a new label (the board filters and sorts on copies of both)."""
    offer_centres(s, account)
    formation = (
        get_or_404(s, Formation, formation_id, _("Formation introuvable."))
        if formation_id
        else None
    )
    if formation is not None:
        require_centre(s, account, formation.centre_id)
    commission = s.get(Commission, optional_id(data.commission_id) or 0)
    if commission is None:
        raise DomainError(_("Choisissez la commission de la formation."), field="commission_id")
    require_centre(s, account, commission.centre_id)
    campaign = _campaign_for(s, data.campaign_id, formation)
    if campaign.archived_at is not None:
        raise DomainError(_(ARCHIVED_FORMATION))
    code = _unique_code(s, data.code, id_of(campaign), formation)
    if str(data.level or "") not in LEVEL_LABELS:
        raise DomainError(_("Choisissez le niveau de la formation."), field="level")
    dates = _dates(data)
    days = _confirmation_days(data.confirmation_days, formation)
    doc_ids = _document_ids(s, data.document_type_ids)
    if formation is None:
        formation = Formation(
            campaign_id=id_of(campaign),
            centre_id=commission.centre_id,
            commission_id=id_of(commission),
            code=code,
            label="",
            level=Level(str(data.level)),
            opens_on=dates.opens,
            closes_on=dates.closes,
            return_on=dates.returns,
        )
    moved = formation.id is not None and formation.commission_id != commission.id
    old_label = formation.label
    formation.campaign_id = id_of(campaign)
    formation.commission_id = id_of(commission)
    formation.centre_id = commission.centre_id
    formation.code = code
    formation.level = Level(str(data.level))
    _fill_texts(formation, data)
    formation.opens_on, formation.closes_on = dates.opens, dates.closes
    formation.return_on = dates.returns
    formation.jury_on, formation.publication_on = dates.jury, dates.publication
    formation.confirmation_days = days
    formation.search_text = formation_search_text(s, formation)
    s.add(formation)
    s.flush()
    _sync_applications(s, formation, moved=moved, old_label=old_label)
    _sync_documents(s, id_of(formation), doc_ids)
    admin_audit(s, account, "formation_saved", f"Formation {formation.code}", clock)
    return formation


def _campaign_for(s: Session, campaign_id: FormValue, formation: Formation | None) -> Campaign:
    """The campaign asked for, else the formation's own, else the active one."""
    campaign = s.get(Campaign, optional_id(campaign_id) or 0) if campaign_id else None
    if campaign is None and formation is not None:
        campaign = s.get(Campaign, formation.campaign_id)
    if campaign is None:
        campaign = s.exec(select(Campaign).where(col(Campaign.is_active) == True)).first()  # noqa: E712
    if campaign is None:
        raise DomainError(
            _("Aucune campagne active : créez et activez d'abord une campagne."),
            field="campaign_id",
        )
    return campaign


def _unique_code(s: Session, code: FormValue, campaign_id: int, formation: Formation | None) -> str:
    code_v = clean_code(code, N_("Le code"))
    duplicate = s.exec(
        select(Formation.id)
        .where(col(Formation.campaign_id) == campaign_id)
        .where(col(Formation.code) == code_v)
        .where(col(Formation.id) != (formation.id if formation else -1))
    ).first()
    if duplicate is not None:
        raise DomainError(_("Une formation de cette campagne porte déjà ce code."), field="code")
    return code_v


def _dates(data: FormationInput) -> _Dates:
    opens = clean_date(data.opens_on, N_("La date d'ouverture"), field="opens_on")
    closes = clean_date(data.closes_on, N_("La date de clôture"), field="closes_on")
    returns = clean_date(data.return_on, N_("La date de retour des pièces"), field="return_on")
    if closes < opens:
        raise DomainError(_("La clôture doit suivre l'ouverture."), field="closes_on")
    if returns < closes:
        raise DomainError(
            _("La date de retour des pièces ne peut pas précéder la clôture."), field="return_on"
        )
    jury = clean_date(data.jury_on, N_("La date du jury"), field="jury_on", required=False)
    publication = clean_date(
        data.publication_on, N_("La date de publication"), field="publication_on", required=False
    )
    if jury and publication and publication < jury:
        raise DomainError(_("La publication ne peut pas précéder le jury."), field="publication_on")
    return _Dates(opens, closes, returns, jury, publication)


def _confirmation_days(value: FormValue, formation: Formation | None) -> int:
    default = get_settings().confirmation_days if formation is None else formation.confirmation_days
    return clean_int(
        value if value not in (None, "") else default,
        N_("Le délai de confirmation"),
        field="confirmation_days",
        minimum=1,
        maximum=60,
    )


def _document_ids(s: Session, values: Sequence[FormValue]) -> set[int]:
    doc_ids = {i for i in (optional_id(v) for v in values) if i is not None}
    if doc_ids:
        known = set(s.exec(select(DocumentType.id).where(col(DocumentType.id).in_(doc_ids))).all())
        if known != doc_ids:
            raise DomainError(
                _("Une des pièces choisies n'existe plus."), field="document_type_ids"
            )
    return doc_ids


def _fill_texts(formation: Formation, data: FormationInput) -> None:
    formation.label = clean_text(data.label, N_("Le libellé"), 200, field="label", required=True)
    formation.domain = clean_text(data.domain, N_("Le domaine"), 80, field="domain")
    formation.keywords = clean_text(data.keywords, N_("Les mots-clés"), 400, field="keywords")
    formation.capacity = clean_int(
        data.capacity or 0, N_("La capacité d'accueil"), field="capacity", maximum=100_000
    )
    formation.description = clean_text(
        data.description, N_("La description"), 4000, field="description"
    )
    # English versions: optional, None when left blank (the French one then shows).
    formation.label_en = clean_optional(
        data.label_en, N_("L'intitulé en anglais"), 200, field="label_en"
    )
    formation.description_en = clean_optional(
        data.description_en, N_("La description en anglais"), 4000, field="description_en"
    )


def _sync_applications(s: Session, formation: Formation, *, moved: bool, old_label: str) -> None:
    """Applications carry copies of their formation's commission (the board's filters) and
    folded label (the board's sort): keep them in step."""
    same_formation = col(Application.formation_id) == formation.id
    if moved:
        s.exec(
            update(Application).where(same_formation).values(commission_id=formation.commission_id)
        )
    if old_label and formation.label != old_label:
        s.exec(
            update(Application)
            .where(same_formation)
            .values(formation_sort=fold(formation.label)[:200])
        )


def _sync_documents(s: Session, formation_id: int, doc_ids: set[int]) -> None:
    current = set(formation_document_ids(s, formation_id))
    for doc_id in current - doc_ids:
        row = s.get(FormationDocument, (formation_id, doc_id))
        if row is not None:
            s.delete(row)
    for doc_id in doc_ids - current:
        s.add(FormationDocument(formation_id=formation_id, document_type_id=doc_id))
    s.flush()

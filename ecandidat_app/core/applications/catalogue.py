"""The public catalogue of formations: search, filters, paging and one formation's details.

Searches and dropdowns read the process's copy of the campaign (catalogue_index), kept
exact by a token every catalogue write changes, so a keystroke over 5,000 formations costs
one primary-key read and a Python scan. Every result is a frozen dataclass of
display-ready strings (never a table object).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from math import ceil

from sqlmodel import Session, col, select

from ecandidat_app.core.applications import catalogue_index
from ecandidat_app.core.errors import NotFound
from ecandidat_app.core.i18n import _, ngettext
from ecandidat_app.core.i18n_format import format_date
from ecandidat_app.core.models import (
    Campaign,
    Centre,
    Commission,
    DocumentType,
    Formation,
    FormationDocument,
)
from ecandidat_app.core.models.enums import LEVEL_LABELS
from ecandidat_app.core.text import fold

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
MAX_SEARCH_WORDS = 8  # bounds the work a typed text can cause
MAX_SEARCH_CHARS = 120
SOON_DAYS = 7  # "Ferme dans N jours" from this many days before the closing date

# --- availability: one rule for the badge, the button and the ordering ---------------------


@dataclass(frozen=True)
class Availability:
    badge_kind: str  # "open", "soon", "closed", "upcoming": the page picks the colour
    badge_text: str
    can_apply: bool
    reason: str  # why "Candidater" is disabled; empty when it is not


def availability(opens_on: date, closes_on: date, today: date) -> Availability:
    if today < opens_on:
        when = format_date(opens_on)
        text = _("Ouvre le {date}").format(date=when)
        return Availability(
            "upcoming", text, False, _("Les candidatures ouvrent le {date}.").format(date=when)
        )
    days_left = (closes_on - today).days
    if days_left < 0:
        reason = _("Les candidatures sont closes depuis le {date}.").format(
            date=format_date(closes_on)
        )
        return Availability("closed", _("Fermée"), False, reason)
    if days_left == 0:
        return Availability("soon", _("Ferme aujourd'hui"), True, "")
    if days_left == 1:
        return Availability("soon", _("Ferme demain"), True, "")
    if days_left <= SOON_DAYS:
        soon = ngettext("Ferme dans {n} jour", "Ferme dans {n} jours", days_left)
        return Availability("soon", soon.format(n=days_left), True, "")
    return Availability("open", _("Ouverte"), True, "")


# --- filters, readable from and writable to the page's URL ----------------------------------


@dataclass(frozen=True)
class CatalogueFilter:
    text: str = ""
    level: str | None = None
    centre_id: int | None = None
    domain: str | None = None
    open_only: bool = False
    page: int = 1


def _positive_int(value: str | None) -> int | None:
    value = (value or "").strip()
    return int(value) if value.isdigit() and 0 < len(value) <= 9 and int(value) > 0 else None


def filter_from_params(params: Mapping[str, str]) -> CatalogueFilter:
    """Read `?q=methode&niveau=M&centre=3&domaine=...&ouvertes=1&page=2`; junk is ignored."""
    level = (params.get("niveau") or "").strip()
    return CatalogueFilter(
        text=(params.get("q") or "").strip()[:MAX_SEARCH_CHARS],
        level=level if level in LEVEL_LABELS else None,
        centre_id=_positive_int(params.get("centre")),
        domain=(params.get("domaine") or "").strip()[:80] or None,
        open_only=(params.get("ouvertes") or "") in {"1", "true", "oui"},
        page=_positive_int(params.get("page")) or 1,
    )


def filter_to_params(f: CatalogueFilter) -> dict[str, str]:
    """The non-default parts of a filter, for a shareable URL."""
    params: dict[str, str] = {}
    if f.text.strip():
        params["q"] = f.text.strip()
    if f.level:
        params["niveau"] = f.level
    if f.centre_id:
        params["centre"] = str(f.centre_id)
    if f.domain:
        params["domaine"] = f.domain
    if f.open_only:
        params["ouvertes"] = "1"
    if f.page > 1:
        params["page"] = str(f.page)
    return params


# --- search ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CatalogueRow:
    id: int
    code: str
    label: str
    level_label: str
    centre_label: str
    domain: str
    closes_on_text: str
    badge_kind: str
    badge_text: str
    can_apply: bool
    reason: str


@dataclass(frozen=True)
class CataloguePage:
    rows: tuple[CatalogueRow, ...]
    total: int
    page: int
    page_size: int
    page_count: int


def current_campaign(s: Session) -> Campaign | None:
    """The campaign applicants apply to now (the newest active one if several are flagged)."""
    stmt = (
        select(Campaign)
        .where(col(Campaign.is_active).is_(True), col(Campaign.archived_at).is_(None))
        .order_by(col(Campaign.starts_on).desc(), col(Campaign.id).desc())
    )
    return s.exec(stmt).first()


def search(
    s: Session,
    *,
    campaign_id: int,
    text: str = "",
    level: str | None = None,
    centre_id: int | None = None,
    domain: str | None = None,
    open_only: bool = False,
    page: int = 1,
    page_size: int = PAGE_SIZE,
    today: date,
) -> CataloguePage:
    """One page of formations matching every typed word (accent- and case-insensitive).

    Order: open ones first, then the not yet open, then the closed; within each, the
    soonest closing date first, then the label.
    """
    found = catalogue_index.index_for(s, campaign_id).matching(
        words=fold(text[:MAX_SEARCH_CHARS]).split()[:MAX_SEARCH_WORDS],
        level=level,
        centre_id=centre_id,
        domain=domain,
        open_only=open_only,
        today=today,
    )
    total = len(found)
    page_size = max(1, min(page_size, MAX_PAGE_SIZE))
    page_count = max(1, ceil(total / page_size))
    page = max(1, min(page, page_count))
    start = (page - 1) * page_size
    rows = tuple(_row(e, today) for e in found[start : start + page_size])
    return CataloguePage(rows, total, page, page_size, page_count)


def _row(e: catalogue_index.Entry, today: date) -> CatalogueRow:
    av = availability(e.opens_on, e.closes_on, today)
    return CatalogueRow(
        id=e.id,
        code=e.code,
        label=e.label,
        level_label=e.level_label,
        centre_label=e.centre_label,
        domain=e.domain,
        closes_on_text=format_date(e.closes_on),  # the reader's language, not the copy's
        badge_kind=av.badge_kind,
        badge_text=av.badge_text,
        can_apply=av.can_apply,
        reason=av.reason,
    )


def search_with(
    s: Session, campaign_id: int, f: CatalogueFilter, *, today: date, page_size: int = PAGE_SIZE
) -> CataloguePage:
    """`search` driven by a `CatalogueFilter` (what the page holds)."""
    return search(
        s,
        campaign_id=campaign_id,
        text=f.text,
        level=f.level,
        centre_id=f.centre_id,
        domain=f.domain,
        open_only=f.open_only,
        page=f.page,
        page_size=page_size,
        today=today,
    )


# --- filter dropdowns ------------------------------------------------------------------------


@dataclass(frozen=True)
class Option:
    value: str
    label: str


@dataclass(frozen=True)
class FilterOptions:
    levels: tuple[Option, ...]
    centres: tuple[Option, ...]
    domains: tuple[Option, ...]


def filter_options(s: Session, campaign_id: int) -> FilterOptions:
    """Only the values that occur in this campaign, so no choice leads to an empty list."""
    index = catalogue_index.index_for(s, campaign_id)
    return FilterOptions(
        levels=tuple(
            Option(code, label) for code, label in LEVEL_LABELS.items() if code in index.levels
        ),
        centres=tuple(Option(str(cid), label) for cid, label in index.centres),
        domains=tuple(Option(d, d) for d in index.domains),
    )


# --- one formation ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RequiredDocument:
    label: str
    help_text: str
    is_common: bool
    is_conditional: bool


@dataclass(frozen=True)
class FormationDetail:
    id: int
    code: str
    label: str
    level_label: str
    centre_label: str
    commission_label: str
    domain: str
    description: str
    capacity: int
    opens_on_text: str
    closes_on_text: str
    return_on_text: str
    jury_on_text: str
    publication_on_text: str
    badge_kind: str
    badge_text: str
    can_apply: bool
    reason: str
    documents: tuple[RequiredDocument, ...]


def formation_detail(s: Session, formation_id: int, *, today: date) -> FormationDetail:
    formation = s.get(Formation, formation_id)
    current = current_campaign(s)
    # Applicants see the current campaign only: last year's offer is not proposed any more.
    if formation is None or current is None or formation.campaign_id != current.id:
        raise NotFound("Cette formation n'existe pas ou n'est plus proposée.")
    centre = s.get(Centre, formation.centre_id)
    commission = s.get(Commission, formation.commission_id)
    docs = s.exec(
        select(DocumentType)
        .join(FormationDocument, col(FormationDocument.document_type_id) == DocumentType.id)
        .where(col(FormationDocument.formation_id) == formation_id)
        .order_by(col(DocumentType.order), col(DocumentType.label), col(DocumentType.id))
    ).all()
    av = availability(formation.opens_on, formation.closes_on, today)
    return FormationDetail(
        id=formation_id,
        code=formation.code,
        label=formation.label,
        level_label=LEVEL_LABELS.get(str(formation.level), str(formation.level)),
        centre_label=centre.label if centre else "",
        commission_label=commission.label if commission else "",
        domain=formation.domain,
        description=formation.description,
        capacity=formation.capacity,
        opens_on_text=format_date(formation.opens_on),
        closes_on_text=format_date(formation.closes_on),
        return_on_text=format_date(formation.return_on),
        jury_on_text=format_date(formation.jury_on),
        publication_on_text=format_date(formation.publication_on),
        badge_kind=av.badge_kind,
        badge_text=av.badge_text,
        can_apply=av.can_apply,
        reason=av.reason,
        documents=tuple(
            RequiredDocument(d.label, d.help_text, d.is_common, d.is_conditional) for d in docs
        ),
    )

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
from typing import Any

from sqlalchemy import bindparam
from sqlmodel import Session, col, select

from ecandidat_app.core.applications import catalogue_index
from ecandidat_app.core.errors import NotFound
from ecandidat_app.core.i18n import SOURCE, _, current_locale, ngettext
from ecandidat_app.core.i18n_content import localized
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
        opens = format_date(opens_on)
        text = _("Ouvre le {date}").format(date=opens)
        return Availability(
            "upcoming", text, False, _("Les candidatures ouvrent le {date}.").format(date=opens)
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
        return Availability(
            "soon",
            ngettext("Ferme dans {n} jour", "Ferme dans {n} jours", days_left).format(n=days_left),
            True,
            "",
        )
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
    return s.exec(_CURRENT_CAMPAIGN).first()


def _current_campaign_id() -> Any:
    """`current_campaign`'s id as a query, to put in another one (LIMIT 1)."""
    return _current(select(Campaign.id)).limit(1)


def _current(query: Any) -> Any:
    return query.where(
        col(Campaign.is_active).is_(True), col(Campaign.archived_at).is_(None)
    ).order_by(col(Campaign.starts_on).desc(), col(Campaign.id).desc())


# Built once: every catalogue load asks it.
_CURRENT_CAMPAIGN = _current(select(Campaign))


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
    return _search_in(
        catalogue_index.index_for(s, campaign_id),
        text=text,
        level=level,
        centre_id=centre_id,
        domain=domain,
        open_only=open_only,
        page=page,
        page_size=page_size,
        today=today,
    )


def _search_in(
    index: catalogue_index.CatalogueIndex,
    *,
    text: str,
    level: str | None,
    centre_id: int | None,
    domain: str | None,
    open_only: bool,
    page: int,
    page_size: int,
    today: date,
) -> CataloguePage:
    found = index.matching(
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
        label=localized(e.label, e.label_en),
        level_label=_(e.level_label),
        centre_label=e.centre_label,
        domain=e.domain,
        # the index keeps the French text; another language formats the date again
        closes_on_text=e.closes_on_text if current_locale() == SOURCE else format_date(e.closes_on),
        badge_kind=av.badge_kind,
        badge_text=av.badge_text,
        can_apply=av.can_apply,
        reason=av.reason,
    )


def search_with(
    s: Session, campaign_id: int, f: CatalogueFilter, *, today: date, page_size: int = PAGE_SIZE
) -> CataloguePage:
    """`search` driven by a `CatalogueFilter` (what the page holds)."""
    return _search_with(catalogue_index.index_for(s, campaign_id), f, today, page_size)


def _search_with(
    index: catalogue_index.CatalogueIndex, f: CatalogueFilter, today: date, page_size: int
) -> CataloguePage:
    return _search_in(
        index,
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
    return _options_of(catalogue_index.index_for(s, campaign_id))


def first_page(
    s: Session, campaign_id: int, f: CatalogueFilter, *, today: date, page_size: int = PAGE_SIZE
) -> tuple[FilterOptions, CataloguePage]:
    """The page's load: the dropdowns and the results from one look at the catalogue copy
    (`filter_options` and `search_with` would each read its token)."""
    index = catalogue_index.index_for(s, campaign_id)
    return _options_of(index), _search_with(index, f, today, page_size)


def _options_of(index: catalogue_index.CatalogueIndex) -> FilterOptions:
    return FilterOptions(
        levels=tuple(
            Option(code, _(label)) for code, label in LEVEL_LABELS.items() if code in index.levels
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


# Built once (formation_id), opening a formation's details being the catalogue's most
# frequent event. One query: the formation if it belongs to the current campaign
# (applicants see that one only: last year's offer is not proposed any more), its centre
# and commission; then its documents.
_DETAIL = (
    select(Formation, Centre.label, Commission.label)
    .outerjoin(Centre, col(Centre.id) == Formation.centre_id)
    .outerjoin(Commission, col(Commission.id) == Formation.commission_id)
    .where(
        col(Formation.id) == bindparam("formation_id"),
        col(Formation.campaign_id) == _current_campaign_id().scalar_subquery(),
    )
)
_DETAIL_DOCUMENTS = (
    select(DocumentType)
    .join(FormationDocument, col(FormationDocument.document_type_id) == DocumentType.id)
    .where(col(FormationDocument.formation_id) == bindparam("formation_id"))
    .order_by(col(DocumentType.order), col(DocumentType.label), col(DocumentType.id))
)


def formation_detail(s: Session, formation_id: int, *, today: date) -> FormationDetail:
    found = s.exec(_DETAIL, params={"formation_id": formation_id}).first()
    if found is None:
        raise NotFound(_("Cette formation n'existe pas ou n'est plus proposée."))
    formation, centre_label, commission_label = found
    docs = s.exec(_DETAIL_DOCUMENTS, params={"formation_id": formation_id}).all()
    av = availability(formation.opens_on, formation.closes_on, today)
    return FormationDetail(
        id=formation_id,
        code=formation.code,
        label=localized(formation.label, formation.label_en),
        level_label=_(LEVEL_LABELS.get(str(formation.level), str(formation.level))),
        centre_label=centre_label or "",
        commission_label=commission_label or "",
        domain=formation.domain,
        description=localized(formation.description, formation.description_en),
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
            RequiredDocument(
                localized(d.label, d.label_en),
                localized(d.help_text, d.help_text_en),
                d.is_common,
                d.is_conditional,
            )
            for d in docs
        ),
    )

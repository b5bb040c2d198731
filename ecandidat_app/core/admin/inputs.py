"""Shared by the administration services: form values (strings or typed) coerced with
messages naming their field (a `label` is French marked with N_, said in the user's
language), SQL paging and search, the admin audit entry."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Literal, TypeVar, overload

from sqlalchemy import func, or_
from sqlmodel import Session, SQLModel, select

from ecandidat_app.core import audit
from ecandidat_app.core.clock import Clock
from ecandidat_app.core.errors import DomainError, NotFound
from ecandidat_app.core.i18n import _
from ecandidat_app.core.models import Account, Role
from ecandidat_app.core.models.ids import HasId, id_column
from ecandidat_app.core.permissions import offer_centres, require_centre
from ecandidat_app.core.sql_fold import folded
from ecandidat_app.core.text import fold, like_escape
from ecandidat_app.core.validation import require_length

# ---------------------------------------------------------------- input coercion


# What a form gives for a field: the page's text, or a typed value from a caller or a test
# (a date may come as `date` or as "2027-03-01", an id as 3 or "3"). Cleaned here.
FormValue = str | int | date | None


def clean_text(
    value: FormValue, label: str, max_len: int, *, field: str, required: bool = False
) -> str:
    return require_length(
        "" if value is None else str(value), label, max_len, 1 if required else 0, field=field
    )


def clean_optional(value: FormValue, label: str, max_len: int, *, field: str) -> str | None:
    """An optional text (an English version): None when left blank, so "absent" is one
    value and the French text shows instead."""
    return clean_text(value, label, max_len, field=field) or None


def clean_code(value: FormValue, label: str, *, field: str = "code") -> str:
    code = clean_text(value, label, 20, field=field, required=True).upper()
    if not all(ch.isalnum() or ch in "-_." for ch in code):
        raise DomainError(
            _("{label} : lettres, chiffres, tirets et points seulement.").format(label=_(label)),
            field=field,
        )
    return code


def clean_int(
    value: FormValue, label: str, *, field: str, minimum: int = 0, maximum: int = 1_000_000
) -> int:
    try:
        number = int(str(value).strip()) if not isinstance(value, int) else value
    except ValueError:
        raise DomainError(
            _("{label} doit être un nombre entier.").format(label=_(label)), field=field
        ) from None
    if not minimum <= number <= maximum:
        raise DomainError(
            _("{label} doit être compris entre {minimum} et {maximum}.").format(
                label=_(label), minimum=minimum, maximum=maximum
            ),
            field=field,
        )
    return number


@overload
def clean_date(
    value: FormValue, label: str, *, field: str, required: Literal[True] = True
) -> date: ...
@overload
def clean_date(value: FormValue, label: str, *, field: str, required: bool) -> date | None: ...
def clean_date(value: FormValue, label: str, *, field: str, required: bool = True) -> date | None:
    if isinstance(value, date):
        return value
    text = str(value or "").strip()
    if not text:
        if required:
            raise DomainError(_("{label} est obligatoire.").format(label=_(label)), field=field)
        return None
    try:
        if "/" in text:  # typed the French way: jj/mm/aaaa
            day, month, year = (int(part) for part in text.split("/"))
            return date(year, month, day)
        return date.fromisoformat(text)
    except ValueError:
        raise DomainError(
            _("{label} n'est pas une date valide (jj/mm/aaaa).").format(label=_(label)),
            field=field,
        ) from None


def clean_bool(value: FormValue | bool) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "on", "oui", "yes"}
    return bool(value)


def optional_id(value: FormValue) -> int | None:
    if value is None or isinstance(value, date) or value in ("", 0, "0"):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


M = TypeVar("M", bound=SQLModel)


def new_row(model: type[M]) -> M:
    """A new, empty row, filled field by field by the caller once its input is checked
    (SQLModel does not validate table rows, so nothing is needed up front)."""
    return model()


def get_or_404(s: Session, model: type, row_id: Any, message: str) -> Any:
    row = s.get(model, optional_id(row_id)) if optional_id(row_id) else None
    if row is None:
        raise NotFound(message)
    return row


def admin_item(s: Session, account: Account | None, model: type, row_id: Any) -> Any:
    """A row an administrator opens for editing; staff accounts only for `Account`. A
    centre administrator opens only rows of their centres (formations, commissions,
    motifs): anything else is a global setting."""
    centres = offer_centres(s, account)
    row = get_or_404(s, model, row_id, _("Cet élément n'existe plus."))
    if model is Account and row.role == Role.APPLICANT:
        raise NotFound(_("Cet élément n'existe plus."))
    if centres is not None:
        require_centre(s, account, getattr(row, "centre_id", None))
    return row


def ensure_unique(
    s: Session,
    model: type[HasId],
    column: Any,
    value: Any,
    own_id: int | None,
    msg: str,
    field: str,
) -> None:
    query = select(id_column(model)).where(column == value)
    if own_id is not None:
        query = query.where(id_column(model) != own_id)
    if s.exec(query).first() is not None:
        raise DomainError(msg, field=field)


def admin_audit(s: Session, account: Account, action: str, detail: str, clock: Clock) -> None:
    audit.record(s, f"admin_{action}", actor_id=account.id, detail=detail, clock=clock)


# ---------------------------------------------------------------- paging


@dataclass
class Page:
    items: list[Any]
    total: int
    page: int
    size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))


def paged(s: Session, query: Any, page: int, size: int) -> Page:
    size = max(1, min(int(size), 200))
    total = s.exec(select(func.count()).select_from(query.order_by(None).subquery())).one()
    page = max(1, min(int(page), max(1, -(-total // size))))
    items = list(s.exec(query.offset((page - 1) * size).limit(size)).all())
    return Page(items, total, page, size)


def search_words(query: Any, search: str, *columns: Any) -> Any:
    """Rows where every typed word occurs in one of `columns`, ignoring case and accents
    on both sides (a typed % or _ is a plain character)."""
    for word in fold(search or "").split():
        pattern = f"%{like_escape(word)}%"
        query = query.where(or_(*(folded(c).like(pattern, escape="\\") for c in columns)))
    return query

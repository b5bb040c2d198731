"""The state of the administration pages: one paged table and one form (`CrudMixin`).

A page's state is `class XState(CrudMixin, AuthState)` and fills in five small hooks
(fetch a page, display a row, load a form, save it, the choices of its selects); its
components come from `components/admin_parts.py`. Listing is paged in SQL; the form keeps
every value as a string and the services coerce and validate them (French message next
to the field).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

import reflex as rx
from babel.dates import format_date as babel_date
from sqlmodel import Session

from ecandidat_app.core import admin
from ecandidat_app.core.admin.inputs import Page, admin_item
from ecandidat_app.core.db import session_scope
from ecandidat_app.core.errors import DomainError
from ecandidat_app.core.i18n import SOURCE, _, current_locale
from ecandidat_app.core.models import Account
from ecandidat_app.core.permissions import offer_centres
from ecandidat_app.web.state.auth import page_load
from ecandidat_app.web.state.base import PageState
from ecandidat_app.web.state.event_args import IdText, parse_id
from ecandidat_app.web.state.page_state import start_clean

PAGE_SIZE = 20
FORM_ERROR = "_form"


def multi_value(ids: Sequence[Any]) -> str:
    """Several ids in one form string: ",3,7," (so a check is a simple `contains`)."""
    return "," + ",".join(str(i) for i in ids) + "," if ids else ""


def multi_ids(value: str) -> list[int]:
    return [i for i in (parse_id(part.strip()) for part in (value or "").split(",")) if i]


def yes(value: bool) -> str:
    return "on" if value else ""


def short_date(value: Any) -> str:
    """A date in a table: 01/03/2027 in French (as before), 1 Mar 2027 in English."""
    if not value:
        return ""
    if current_locale() == SOURCE:
        return value.strftime("%d/%m/%Y")
    return babel_date(value, "d MMM y", locale=current_locale())


def iso(value: Any) -> str:
    return value.isoformat() if value else ""


def _choices_of(rows: Sequence[Any], label: Any) -> list[dict[str, str]]:
    return [{"value": str(r.id), "label": label(r)} for r in rows]


def centre_choices(s: Session, centres: set[int] | None = None) -> list[dict[str, str]]:
    """Every centre, or only `centres` (a centre administrator's)."""
    rows = [c for c in admin.all_centres(s) if centres is None or c.id in centres]
    return _choices_of(rows, lambda c: f"{c.label} ({c.code})")


def commission_choices(s: Session, centres: set[int] | None = None) -> list[dict[str, str]]:
    """Every commission, or only those of `centres` (a centre administrator's)."""
    rows = [c for c in admin.all_commissions(s) if centres is None or c.centre_id in centres]
    return _choices_of(rows, lambda c: f"{c.label} ({c.code})")


def document_choices(s: Session) -> list[dict[str, str]]:
    return _choices_of(admin.all_document_types(s), lambda d: d.label)


class CrudMixin(PageState, mixin=True):
    """An admin-only page (the "centre" pages use `CentreCrudMixin`)."""

    audience: ClassVar[str] = "admin"

    rows: list[dict[str, str]] = []
    total: int = 0
    page: int = 1
    page_count: int = 1
    search: str = ""
    form: dict[str, str] = {}
    errors: dict[str, str] = {}
    options: dict[str, list[dict[str, str]]] = {}
    editing: bool = False
    is_new: bool = False
    _edit_id: int | None = None
    # The table a page edits (its rows are opened through `admin_inputs.admin_item`).
    MODEL: ClassVar[type]

    # ------------------------------------------------------------ hooks (override)

    def _field_names(self) -> list[str]:
        raise NotImplementedError

    def _fetch(self, s: Session, account: Account, page: int, search: str) -> Page:
        raise NotImplementedError

    def _display(self, item: Any) -> dict[str, str]:
        raise NotImplementedError

    def _values(self, s: Session, item: Any) -> dict[str, str]:
        raise NotImplementedError

    def _store(
        self, s: Session, account: Account, item_id: int | None, form: dict[str, str]
    ) -> None:
        raise NotImplementedError

    def _choices(self, _s: Session) -> dict[str, list[dict[str, str]]]:
        """The options of the form's selects (default: none)."""
        return {}

    def _row_act(self, _s: Session, _account: Account, _action: str, _item_id: int) -> str:
        """A row button (activate, archive...): returns the success message. By default a
        page has none; a page's override hands the actions it does not know back here."""
        raise DomainError(_("Action inconnue."))

    def _blank(self) -> dict[str, str]:
        return {}

    # ------------------------------------------------------------ plumbing

    def _no_errors(self) -> dict[str, str]:
        return dict.fromkeys([*self._field_names(), FORM_ERROR], "")

    def _refresh_list(self, account: Account) -> None:
        with session_scope() as s:
            result = self._fetch(s, account, self.page, self.search)
            self.rows = [self._display(item) for item in result.items]
        self.total, self.page, self.page_count = result.total, result.page, result.pages

    def _fill_form(self, values: dict[str, str]) -> None:
        self.form = {**dict.fromkeys(self._field_names(), ""), **self._blank(), **values}
        self.errors = self._no_errors()

    @rx.event
    @page_load("admin")
    def load(self) -> None:
        self._load_page()

    def _load_page(self) -> None:
        account = self._account()
        if account is None:
            return
        start_clean(self)  # no form, search or selection left from the last visit
        self.errors = self._no_errors()
        with session_scope() as s:
            self.options = self._choices(s)
        self._refresh_list(account)

    @rx.event
    def set_search(self, value: str) -> None:
        account = self._account()
        if account is None:
            return
        self.search, self.page = value[:100], 1
        self._refresh_list(account)

    @rx.event
    def go_page(self, page: int) -> None:
        account = self._account()
        if account is None:
            return
        self.page = max(1, int(page))
        self._refresh_list(account)

    @rx.event
    def new(self) -> None:
        if self._account() is None:
            return
        self._edit_id, self.is_new, self.editing, self.message = None, True, True, ""
        self._fill_form({})

    @rx.event
    def edit(self, item_id: IdText) -> None:
        account = self._account()
        if account is None:
            return
        try:
            with session_scope() as s:
                item = admin_item(s, account, self.MODEL, int(item_id))
                values = self._values(s, item)
        except (DomainError, ValueError):
            self._say(_("Cet élément n'existe plus."), "error")
            return
        self._edit_id, self.is_new, self.editing, self.message = int(item_id), False, True, ""
        self._fill_form(values)

    @rx.event
    def set_field(self, name: str, value: str) -> None:
        self.form = {**self.form, name: value}

    @rx.event
    def set_check(self, name: str, checked: bool) -> None:
        self.form = {**self.form, name: yes(checked)}

    @rx.event
    def toggle_multi(self, name: str, value: str, checked: bool) -> None:
        ids = [i for i in multi_ids(self.form.get(name, "")) if str(i) != value]
        chosen = parse_id(value)
        if checked and chosen is not None:
            ids.append(chosen)
        self.form = {**self.form, name: multi_value(sorted(ids))}

    @rx.event
    def cancel(self) -> None:
        self.editing, self.message = False, ""
        self.errors = self._no_errors()

    @rx.event
    def save(self) -> None:
        account = self._account()
        if account is None:
            return
        edit_id, form = self._edit_id, dict(self.form)
        exc = self._attempt(lambda s, a: self._store(s, a, edit_id, form), account)
        if isinstance(exc, DomainError):
            self.errors = {**self._no_errors(), (exc.field or FORM_ERROR): exc.message}
            if exc.field not in self.errors:
                self.errors = {**self.errors, FORM_ERROR: exc.message}
            self._say(_("Enregistrement impossible : {reason}").format(reason=exc.message), "error")
            return
        self.editing = False
        self._fill_form({})  # forget what was typed (an initial password, for one)
        self._say(_("Modifications enregistrées."), "success")
        with session_scope() as s:
            self.options = self._choices(s)
        self._refresh_list(account)

    @rx.event
    def row_action(self, action: str, item_id: IdText) -> None:
        account = self._account()
        if account is None:
            return
        try:
            with session_scope() as s:
                text = self._row_act(s, account, action, int(item_id))
        except (DomainError, ValueError) as exc:
            self._say(getattr(exc, "message", None) or _("Action impossible."), "error")
            return
        self._say(text, "success")
        self._refresh_list(account)


class CentreCrudMixin(CrudMixin, mixin=True):
    """A page of a centre's offer: the admin sees every row, a centre administrator their
    centres' rows only (the core filters and refuses the others)."""

    audience: ClassVar[str] = "centre"

    @rx.event
    @page_load("centre")
    def load(self) -> None:
        self._load_page()

    def _scope(self, s: Session) -> set[int] | None:
        """The centres whose rows the page offers (None: every centre, for the admin)."""
        account = self._account()
        return set() if account is None else offer_centres(s, account)

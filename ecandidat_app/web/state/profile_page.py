"""The state of /mon-dossier (the page is web/pages/profile.py): the applicant's file, one
section per card, each saved on its own; countries are picked in the reference list.

Every handler re-reads the signed-in account; the services check formats and that a list
row belongs to this applicant. Typed values stay in the form when a check fails."""

from __future__ import annotations

import dataclasses
from typing import Any, ClassVar, Literal

import reflex as rx

from ecandidat_app.core.applications import profile
from ecandidat_app.core.applications.profile import (
    CursusRow,
    ExperienceRow,
    InternalCursusRow,
    InternshipRow,
)
from ecandidat_app.core.applications.profile_checks import FieldErrors
from ecandidat_app.core.db import session_scope
from ecandidat_app.core.errors import DomainError
from ecandidat_app.core.i18n import _
from ecandidat_app.core.models.ids import id_of
from ecandidat_app.core.reference.communes import communes_of
from ecandidat_app.core.reference.countries import FRANCE
from ecandidat_app.web.components.profile_parts import DIALOG_FIELDS
from ecandidat_app.web.state.auth import AuthState, page_load
from ecandidat_app.web.state.event_args import Id
from ecandidat_app.web.state.notice import toast
from ecandidat_app.web.state.reference_pickers import (
    PICKER_FIELDS,
    ReferencePickers,
    Suggestion,
)

SECTION_FIELDS = {"civil": profile.CIVIL_FIELDS, "contact": profile.CONTACT_FIELDS}
BAC_FIELDS = ("year", "series", "mention", "school", "speciality_1", "speciality_2")
# Every key the page reads exists from the start: a missing key would be `undefined` in the
# browser, which shows an empty error box and marks a valid field invalid.
FORM_KEYS = profile.CIVIL_FIELDS + profile.CONTACT_FIELDS + tuple(f"bac_{n}" for n in BAC_FIELDS)
DIALOG_KEYS = tuple(sorted({f.name for fields in DIALOG_FIELDS.values() for f in fields}))


def _blank(keys: tuple[str, ...]) -> dict[str, str]:
    return dict.fromkeys(keys, "")


def _form_text(value: Any) -> str:
    """What a form field holds: checkboxes are "on" or ""."""
    if isinstance(value, bool):
        return "on" if value else ""
    return "" if value is None else str(value)


class ProfileState(ReferencePickers, AuthState):
    audience: ClassVar[str] = "applicant"

    civil: dict[str, str] = _blank(profile.CIVIL_FIELDS + profile.CONTACT_FIELDS)
    bac: dict[str, str] = _blank((*BAC_FIELDS, "series_text"))
    communes: list[Suggestion] = []  # of the typed French postal code
    to_confirm: list[str] = []
    bac_locked: bool = False
    bac_lock_reason: str = ""
    cursus: list[CursusRow] = []
    internal_cursus: list[InternalCursusRow] = []
    experiences: list[ExperienceRow] = []
    internships: list[InternshipRow] = []
    missing: list[str] = []
    errors: dict[str, str] = _blank(FORM_KEYS)  # field -> message, for the three forms
    section_message: dict[str, str] = _blank(("civil", "contact", "bac"))
    dialog_kind: str = ""  # "" when the dialog is closed
    dialog_entry_id: int = 0  # 0 = a new row
    dialog_values: dict[str, str] = _blank(DIALOG_KEYS)
    dialog_errors: dict[str, str] = _blank(DIALOG_KEYS)
    dialog_message: str = ""

    def _reload(self, account_id: int, *, forms: bool) -> None:
        """Read the file again; `forms=False` keeps what the user is typing in the forms."""
        with session_scope() as s:
            view = profile.get_profile(s, account_id)
        if forms:
            self.civil = dict(view.civil)
            self.bac = dict(view.bac)
            self._show_picks(view.civil, view.typed)
            self._list_communes()
        self.bac_locked = view.bac_locked
        self.bac_lock_reason = view.bac_lock_reason
        self.cursus = list(view.cursus)
        self.internal_cursus = list(view.internal_cursus)
        self.experiences = list(view.experiences)
        self.internships = list(view.internships)
        self.missing = list(view.missing)
        self.to_confirm = list(view.to_confirm)

    @rx.event
    @page_load("applicant")
    def load(self) -> None:
        account = self._account()
        if account is None:
            return
        self.errors = _blank(FORM_KEYS)
        self.section_message = _blank(("civil", "contact", "bac"))
        self.dialog_kind = ""
        self._reload(id_of(account), forms=True)

    @rx.event
    def relabel(self) -> None:
        """After the header's language switch: the lists, what is missing and the lock's
        reason in the new language, while the forms keep what is being typed."""
        account = self._account()
        if account is not None:
            self._reload(id_of(account), forms=False)

    # --- civil status and contact ------------------------------------------------------------

    @rx.event
    def set_civil(self, name: str, value: str) -> None:
        if name in profile.CIVIL_FIELDS + profile.CONTACT_FIELDS and name not in PICKER_FIELDS:
            self.civil[name] = str(value)[:250]
            if name == "postal_code":
                self._list_communes()

    def _picked(self, field: str, code: str) -> None:
        self.civil[field] = code
        if field == "country":
            self._list_communes()

    def _list_communes(self) -> None:
        """The communes of a French postal code, for the « Commune » list."""
        postal = self.civil.get("postal_code", "").strip()
        found = communes_of(postal) if self.civil.get("country") == FRANCE else ()
        self.communes = [Suggestion(c.name, c.name) for c in found]
        if found and self.civil.get("city") not in {c.name for c in found}:
            self.civil["city"] = found[0].name if len(found) == 1 else ""

    @rx.event
    def save_section(self, section_name: Literal["civil", "contact"]) -> Any:
        account = self._account()
        if account is None:
            return rx.redirect("/connexion")
        names = SECTION_FIELDS.get(section_name, ())
        data = {name: self.civil.get(name, "") for name in names}
        self.errors = self.errors | _blank(names)
        refused = self._attempt(lambda s, a: profile.update_civil_status(s, a, data), account)
        if self._refused_in(section_name, refused):
            return None
        self._reload(id_of(account), forms=False)
        # Show the values as saved (a phone number is stored without spaces, for instance).
        with session_scope() as s:
            saved = profile.get_profile(s, id_of(account)).civil
        self.civil = self.civil | {name: saved[name] for name in names}
        return toast.success(_("Modifications enregistrées."))

    def _refused_in(self, section_name: str, outcome: object, prefix: str = "") -> bool:
        """Say a refusal in its section, each field's message next to the field."""
        if isinstance(outcome, FieldErrors):
            self.errors = self.errors | {prefix + k: v for k, v in outcome.errors.items()}
            self.section_message[section_name] = _("Corrigez les champs signalés.")
        elif isinstance(outcome, DomainError):
            self.section_message[section_name] = outcome.message
        else:
            self.section_message[section_name] = ""
        return isinstance(outcome, DomainError)

    # --- bac -----------------------------------------------------------------------------------

    @rx.event
    def set_bac(self, name: str, value: str) -> None:
        if name in BAC_FIELDS:
            self.bac[name] = str(value)[:200]

    @rx.event
    def save_bac(self) -> Any:
        account = self._account()
        if account is None:
            return rx.redirect("/connexion")
        self.errors = self.errors | _blank(tuple(f"bac_{n}" for n in BAC_FIELDS))
        values = [self.bac.get(n, "") for n in BAC_FIELDS]
        refused = self._attempt(lambda s, a: profile.update_bac(s, a, *values), account)
        if self._refused_in("bac", refused, prefix="bac_"):
            return None
        self._reload(id_of(account), forms=False)
        return toast.success(_("Baccalauréat enregistré."))

    # --- list rows (cursus post-bac, expériences, stages) ------------------------------------

    def _rows(self, kind: str) -> list[Any]:
        rows: dict[str, list[Any]] = {
            "cursus": self.cursus,
            "experience": self.experiences,
            "internship": self.internships,
        }
        return rows.get(kind, [])

    @rx.event
    def open_new(self, kind: str) -> None:
        if kind not in DIALOG_FIELDS:
            return
        self.dialog_kind, self.dialog_entry_id = kind, 0
        self.dialog_values = _blank(DIALOG_KEYS)
        self.dialog_errors, self.dialog_message = _blank(DIALOG_KEYS), ""

    @rx.event
    def open_edit(self, kind: str, entry_id: Id) -> None:
        row = next((r for r in self._rows(kind) if r.id == int(entry_id)), None)
        if row is None:
            return
        values = dataclasses.asdict(row)
        self.dialog_kind, self.dialog_entry_id = kind, int(entry_id)
        self.dialog_values = _blank(DIALOG_KEYS) | {
            f.name: _form_text(values[f.name]) for f in DIALOG_FIELDS[kind]
        }
        self.dialog_errors, self.dialog_message = _blank(DIALOG_KEYS), ""

    @rx.event
    def set_dialog(self, name: str, value: str | bool) -> None:
        if name in self.dialog_values:
            self.dialog_values[name] = _form_text(value)[:250]

    @rx.event
    def close_dialog(self) -> None:
        self.dialog_kind = ""

    @rx.event
    def dialog_open_change(self, opened: bool) -> None:
        if not opened:
            self.dialog_kind = ""

    @rx.event
    def save_dialog(self) -> Any:
        account = self._account()
        if account is None:
            return rx.redirect("/connexion")
        kind, entry_id = self.dialog_kind, self.dialog_entry_id or None
        fields = {f.name for f in DIALOG_FIELDS.get(kind, ())}
        values = {k: v for k, v in self.dialog_values.items() if k in fields}
        refused = self._attempt(
            lambda s, a: profile.save_entry(s, a, kind, values, entry_id=entry_id), account
        )
        if isinstance(refused, FieldErrors):
            self.dialog_errors = _blank(DIALOG_KEYS) | refused.errors
            self.dialog_message = _("Corrigez les champs signalés.")
            return None
        if isinstance(refused, DomainError):
            self.dialog_errors, self.dialog_message = _blank(DIALOG_KEYS), refused.message
            return None
        self.dialog_kind = ""
        self._reload(id_of(account), forms=False)
        return toast.success(_("Ligne enregistrée."))

    @rx.event
    def remove(self, kind: str, entry_id: Id) -> Any:
        account = self._account()
        if account is None:
            return rx.redirect("/connexion")
        refused = self._attempt(lambda s, a: profile.remove_entry(s, a, kind, entry_id), account)
        if isinstance(refused, DomainError):
            return toast.error(refused.message)
        self._reload(id_of(account), forms=False)
        return toast.success(_("Ligne supprimée."))

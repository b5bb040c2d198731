"""/mon-dossier: the applicant's file, one section per card, each saved on its own.

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
from ecandidat_app.core.models.ids import id_of
from ecandidat_app.web.components.catalogue_parts import labelled_select
from ecandidat_app.web.components.forms import form_message, labelled_input
from ecandidat_app.web.components.layout import page_frame
from ecandidat_app.web.components.profile_parts import (
    DIALOG_FIELDS,
    entry_card,
    entry_dialog,
    entry_list,
    fields_grid,
    missing_banner,
    read_only_line,
    save_button,
    section,
)
from ecandidat_app.web.state.auth import AuthState, page_load
from ecandidat_app.web.state.base import PageState
from ecandidat_app.web.state.event_args import Id
from ecandidat_app.web.state.notice import toast

SECTION_FIELDS = {"civil": profile.CIVIL_FIELDS, "contact": profile.CONTACT_FIELDS}
BAC_FIELDS = ("year", "series", "mention", "school")
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


class ProfileState(PageState, AuthState):
    audience: ClassVar[str] = "applicant"

    civil: dict[str, str] = _blank(profile.CIVIL_FIELDS + profile.CONTACT_FIELDS)
    bac: dict[str, str] = _blank(BAC_FIELDS)
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
        self.bac_locked = view.bac_locked
        self.bac_lock_reason = view.bac_lock_reason
        self.cursus = list(view.cursus)
        self.internal_cursus = list(view.internal_cursus)
        self.experiences = list(view.experiences)
        self.internships = list(view.internships)
        self.missing = list(view.missing)

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

    # --- civil status and contact ------------------------------------------------------------

    @rx.event
    def set_civil(self, name: str, value: str) -> None:
        if name in profile.CIVIL_FIELDS + profile.CONTACT_FIELDS:
            self.civil[name] = str(value)[:250]

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
        return toast.success("Modifications enregistrées.")

    def _refused_in(self, section_name: str, outcome: object, prefix: str = "") -> bool:
        """Say a refusal in its section, each field's message next to the field."""
        if isinstance(outcome, FieldErrors):
            self.errors = self.errors | {prefix + k: v for k, v in outcome.errors.items()}
            self.section_message[section_name] = "Corrigez les champs signalés."
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
        return toast.success("Baccalauréat enregistré.")

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
            self.dialog_message = "Corrigez les champs signalés."
            return None
        if isinstance(refused, DomainError):
            self.dialog_errors, self.dialog_message = _blank(DIALOG_KEYS), refused.message
            return None
        self.dialog_kind = ""
        self._reload(id_of(account), forms=False)
        return toast.success("Ligne enregistrée.")

    @rx.event
    def remove(self, kind: str, entry_id: Id) -> Any:
        account = self._account()
        if account is None:
            return rx.redirect("/connexion")
        refused = self._attempt(lambda s, a: profile.remove_entry(s, a, kind, entry_id), account)
        if isinstance(refused, DomainError):
            return toast.error(refused.message)
        self._reload(id_of(account), forms=False)
        return toast.success("Ligne supprimée.")


# --- page ------------------------------------------------------------------------------------

S = ProfileState


def _input(label: str, name: str, **kw: Any) -> rx.Component:
    return labelled_input(
        label, name, S.civil[name], lambda v: S.set_civil(name, v), S.errors[name], **kw
    )


def _civil_section() -> rx.Component:
    return section(
        "État civil",
        "etat-civil",
        fields_grid(
            labelled_select(
                "Civilité *",
                "civility",
                S.civil["civility"],
                lambda v: S.set_civil("civility", v),
                [("Mme", "Madame"), ("M.", "Monsieur")],
                empty_label="Choisir",
                error=S.errors["civility"],
            ),
            _input("Nom de naissance", "birth_name", max_length=80, autocomplete="family-name"),
            _input("Nom d'usage", "usage_name", required=False, max_length=80),
            _input("Prénom(s)", "first_names", max_length=80, autocomplete="given-name"),
            _input("Date de naissance", "birth_date", type_="date", autocomplete="bday"),
            _input("Lieu de naissance", "birth_place", max_length=120),
            _input("Nationalité", "nationality", max_length=80),
            _input(
                "INE (identifiant national étudiant)",
                "ine",
                required=False,
                max_length=11,
                hint="11 caractères, sur vos relevés de notes ou votre certificat de scolarité.",
            ),
        ),
        form_message(S.section_message["civil"]),
        save_button("Enregistrer l'état civil", S.save_section("civil")),
    )


def _contact_section() -> rx.Component:
    return section(
        "Coordonnées",
        "coordonnees",
        fields_grid(
            _input(
                "Téléphone",
                "phone",
                type_="tel",
                autocomplete="tel",
                max_length=20,
                hint="Exemple : 06 12 34 56 78 ou +33 6 12 34 56 78",
            ),
            _input("Adresse", "address_line", max_length=200, autocomplete="street-address"),
            _input("Code postal", "postal_code", max_length=10, autocomplete="postal-code"),
            _input("Ville", "city", max_length=120, autocomplete="address-level2"),
            _input("Pays", "country", max_length=80, autocomplete="country-name"),
        ),
        form_message(S.section_message["contact"]),
        save_button("Enregistrer les coordonnées", S.save_section("contact")),
    )


def _bac_input(label: str, name: str, **kw: Any) -> rx.Component:
    return labelled_input(
        label,
        f"bac_{name}",
        S.bac[name],
        lambda v: S.set_bac(name, v),
        S.errors[f"bac_{name}"],
        **kw,
    )


def _bac_section() -> rx.Component:
    return section(
        "Baccalauréat ou équivalent",
        "baccalaureat",
        rx.cond(
            S.bac_locked,
            rx.box(
                rx.callout(S.bac_lock_reason, icon="lock", color_scheme="gray", margin_bottom="3"),
                rx.el.dl(
                    read_only_line("Année d'obtention", S.bac["year"]),
                    read_only_line("Série ou diplôme", S.bac["series"]),
                    read_only_line("Mention", S.bac["mention"]),
                    read_only_line("Établissement", S.bac["school"]),
                ),
            ),
            rx.box(
                fields_grid(
                    _bac_input("Année d'obtention", "year", max_length=4, input_mode="numeric"),
                    _bac_input(
                        "Série ou diplôme équivalent",
                        "series",
                        max_length=80,
                        hint="Exemple : Générale, Technologique STI2D, DAEU",
                    ),
                    labelled_select(
                        "Mention",
                        "bac_mention",
                        S.bac["mention"],
                        lambda v: S.set_bac("mention", v),
                        [(m, m) for m in profile.BAC_MENTIONS],
                        empty_label="Non renseignée",
                        error=S.errors["bac_mention"],
                    ),
                    _bac_input("Établissement", "school", required=False, max_length=160),
                ),
                form_message(S.section_message["bac"]),
                save_button("Enregistrer le baccalauréat", S.save_bac),
            ),
        ),
    )


def _cursus_row(r: Any) -> rx.Component:
    return entry_card(
        r.year + " · " + r.label,
        rx.cond(r.obtained, "Obtenu", "Non obtenu")
        + rx.cond(r.mention != "", " · mention " + r.mention, "")
        + rx.cond(r.school != "", " · " + r.school, ""),
        on_edit=S.open_edit("cursus", r.id),
        on_remove=S.remove("cursus", r.id),
    )


def _experience_row(r: Any) -> rx.Component:
    return entry_card(
        r.year + " · " + r.title,
        r.employer + rx.cond(r.duration != "", " · " + r.duration, ""),
        on_edit=S.open_edit("experience", r.id),
        on_remove=S.remove("experience", r.id),
    )


def _internship_row(r: Any) -> rx.Component:
    return entry_card(
        r.year + " · " + r.topic,
        r.employer
        + rx.cond(r.duration != "", " · " + r.duration, "")
        + rx.cond(r.hours_per_week != "", " · " + r.hours_per_week + " h/semaine", ""),
        on_edit=S.open_edit("internship", r.id),
        on_remove=S.remove("internship", r.id),
    )


def _internal_section() -> rx.Component:
    return rx.cond(
        S.internal_cursus.length() > 0,
        section(
            "Cursus interne",
            "cursus-interne",
            rx.text(profile.BAC_LOCK_REASON, size="2", color_scheme="gray", margin_bottom="2"),
            rx.el.ul(
                rx.foreach(
                    S.internal_cursus,
                    lambda r: rx.el.li(
                        r.year, " · ", r.label, rx.cond(r.result != "", " · " + r.result, "")
                    ),
                ),
                style={"padding_left": "1.25rem"},
            ),
        ),
    )


def page() -> rx.Component:
    return page_frame(
        rx.vstack(
            missing_banner(S.missing),
            _civil_section(),
            _contact_section(),
            _bac_section(),
            section(
                "Cursus post-bac",
                "cursus",
                entry_list(
                    S.cursus,
                    "Aucun cursus post-bac renseigné.",
                    _cursus_row,
                    "Ajouter un cursus",
                    S.open_new("cursus"),
                ),
            ),
            _internal_section(),
            section(
                "Expériences professionnelles",
                "experiences",
                entry_list(
                    S.experiences,
                    "Aucune expérience renseignée.",
                    _experience_row,
                    "Ajouter une expérience",
                    S.open_new("experience"),
                ),
            ),
            section(
                "Stages",
                "stages",
                entry_list(
                    S.internships,
                    "Aucun stage renseigné.",
                    _internship_row,
                    "Ajouter un stage",
                    S.open_new("internship"),
                ),
            ),
            entry_dialog(
                kind=S.dialog_kind,
                is_new=S.dialog_entry_id == 0,
                open_=S.dialog_kind != "",
                values=S.dialog_values,
                errors=S.dialog_errors,
                message=S.dialog_message,
                on_set=S.set_dialog,
                on_save=S.save_dialog,
                on_close=S.close_dialog,
                on_open_change=S.dialog_open_change,
            ),
            spacing="4",
            width="100%",
        ),
        title="Mon dossier",
    )

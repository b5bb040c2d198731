"""/mon-dossier: the applicant's file, one section per card, each saved on its own (the
state is web/state/profile_page.py). Countries are comboboxes over the ISO 3166 list,
the commune of a French postal code and the bac series are lists."""

from __future__ import annotations

from typing import Any

import reflex as rx

from ecandidat_app.core.applications import profile
from ecandidat_app.core.reference.bac import GENERAL_2021, SPECIALITIES, bac_series
from ecandidat_app.web.components.catalogue_parts import labelled_select
from ecandidat_app.web.components.combobox import combobox
from ecandidat_app.web.components.forms import form_message, labelled_input
from ecandidat_app.web.components.layout import page_frame
from ecandidat_app.web.components.profile_parts import (
    entry_card,
    entry_dialog,
    entry_list,
    fields_grid,
    grouped_select,
    missing_banner,
    read_only_line,
    save_button,
    section,
    to_confirm_banner,
)
from ecandidat_app.web.i18n import t
from ecandidat_app.web.state.profile_page import ProfileState

__all__ = ["ProfileState", "page"]

BAC_GROUPS = [
    (group, [(b.code, b.label) for b in bac_series() if b.group == group])
    for group in dict.fromkeys(b.group for b in bac_series())
]

# --- page ------------------------------------------------------------------------------------

S = ProfileState


def _input(label: str, name: str, **kw: Any) -> rx.Component:
    return labelled_input(
        label, name, S.civil[name], lambda v: S.set_civil(name, v), S.errors[name], **kw
    )


def _civil_section() -> rx.Component:
    return section(
        t("État civil"),
        "etat-civil",
        fields_grid(
            labelled_select(
                t("Civilité *"),
                "civility",
                S.civil["civility"],
                lambda v: S.set_civil("civility", v),
                [("Mme", t("Madame")), ("M.", t("Monsieur"))],
                empty_label=t("Choisir"),
                error=S.errors["civility"],
            ),
            _input(t("Nom de naissance"), "birth_name", max_length=80, autocomplete="family-name"),
            _input(t("Nom d'usage"), "usage_name", required=False, max_length=80),
            _input(t("Prénom(s)"), "first_names", max_length=80, autocomplete="given-name"),
            _input(t("Date de naissance"), "birth_date", type_="date", autocomplete="bday"),
            _input(t("Lieu de naissance"), "birth_place", max_length=120),
            _country(t("Pays de naissance"), "birth_country"),
            _country(t("Nationalité"), "nationality"),
            _input(
                t("INE (identifiant national étudiant)"),
                "ine",
                required=False,
                max_length=11,
                hint=t("11 caractères, sur vos relevés de notes ou votre certificat de scolarité."),
            ),
        ),
        form_message(S.section_message["civil"]),
        save_button(t("Enregistrer l'état civil"), S.save_section("civil")),
    )


def _country(label: str, field: str) -> rx.Component:
    return combobox(
        label,
        field,
        text=S.picker_text[field],
        is_open=S.picker_open == field,
        suggestions=S.suggestions,
        active=S.picker_active,
        error=S.errors[field],
        on_type=lambda v: S.type_country(field, v),
        on_pick=lambda code: S.pick_country(field, code),
        on_key=lambda key: S.picker_key(field, key),
        on_blur=S.close_picker,
        hint=t("Tapez les premières lettres puis choisissez dans la liste."),
    )


def _contact_section() -> rx.Component:
    return section(
        t("Coordonnées"),
        "coordonnees",
        fields_grid(
            _input(
                t("Téléphone"),
                "phone",
                type_="tel",
                autocomplete="tel",
                max_length=20,
                hint=t("Exemple : 06 12 34 56 78 ou +33 6 12 34 56 78"),
            ),
            _input(t("Adresse"), "address_line", max_length=200, autocomplete="street-address"),
            _country(t("Pays"), "country"),
            _input(t("Code postal"), "postal_code", max_length=10, autocomplete="postal-code"),
            rx.cond(
                S.communes.length() > 0,
                labelled_select(
                    t("Commune *"),
                    "city",
                    S.civil["city"],
                    lambda v: S.set_civil("city", v),
                    S.communes,
                    empty_label=t("Choisir la commune"),
                    error=S.errors["city"],
                ),
                _input(t("Ville"), "city", max_length=120, autocomplete="address-level2"),
            ),
        ),
        form_message(S.section_message["contact"]),
        save_button(t("Enregistrer les coordonnées"), S.save_section("contact")),
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
        t("Baccalauréat ou équivalent"),
        "baccalaureat",
        rx.cond(
            S.bac_locked,
            rx.box(
                rx.callout(
                    S.bac_lock_reason,
                    icon="lock",
                    color_scheme="gray",
                    margin_bottom="var(--space-3)",
                ),
                rx.el.dl(
                    read_only_line(t("Année d'obtention"), S.bac["year"]),
                    read_only_line(t("Série ou diplôme"), S.bac["series_text"]),
                    read_only_line(t("Mention"), S.bac["mention"]),
                    read_only_line(t("Établissement"), S.bac["school"]),
                ),
            ),
            rx.box(
                fields_grid(
                    _bac_input(t("Année d'obtention"), "year", max_length=4, input_mode="numeric"),
                    grouped_select(
                        t("Série ou diplôme équivalent"),
                        "bac_series",
                        S.bac["series"],
                        lambda v: S.set_bac("series", v),
                        BAC_GROUPS,
                        error=S.errors["bac_series"],
                    ),
                    labelled_select(
                        t("Mention"),
                        "bac_mention",
                        S.bac["mention"],
                        lambda v: S.set_bac("mention", v),
                        [(m, m) for m in profile.BAC_MENTIONS],
                        empty_label=t("Non renseignée"),
                        error=S.errors["bac_mention"],
                    ),
                    _bac_input(t("Établissement"), "school", required=False, max_length=160),
                    rx.cond(S.bac["series"] == GENERAL_2021, _specialities()),
                ),
                form_message(S.section_message["bac"]),
                save_button(t("Enregistrer le baccalauréat"), S.save_bac),
            ),
        ),
    )


def _specialities() -> rx.Component:
    return rx.fragment(
        *[
            labelled_select(
                t("Spécialité de terminale {n} *", n=n),
                f"bac_speciality_{n}",
                S.bac[f"speciality_{n}"],
                lambda v, n=n: S.set_bac(f"speciality_{n}", v),
                list(SPECIALITIES),
                empty_label=t("Choisir"),
                error=S.errors[f"bac_speciality_{n}"],
            )
            for n in (1, 2)
        ]
    )


def _cursus_row(r: Any) -> rx.Component:
    return entry_card(
        r.year + " · " + r.label,
        rx.cond(r.obtained, t("Obtenu"), t("Non obtenu"))
        + rx.cond(r.mention != "", t(" · mention {mention}", mention=r.mention), "")
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
            t("Cursus interne"),
            "cursus-interne",
            rx.text(
                profile.BAC_LOCK_REASON,
                size="2",
                color_scheme="gray",
                margin_bottom="var(--space-2)",
            ),
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
            to_confirm_banner(S.to_confirm),
            _civil_section(),
            _contact_section(),
            _bac_section(),
            section(
                t("Cursus post-bac"),
                "cursus",
                entry_list(
                    S.cursus,
                    t("Aucun cursus post-bac renseigné."),
                    _cursus_row,
                    t("Ajouter un cursus"),
                    S.open_new("cursus"),
                ),
            ),
            _internal_section(),
            section(
                t("Expériences professionnelles"),
                "experiences",
                entry_list(
                    S.experiences,
                    t("Aucune expérience renseignée."),
                    _experience_row,
                    t("Ajouter une expérience"),
                    S.open_new("experience"),
                ),
            ),
            section(
                t("Stages"),
                "stages",
                entry_list(
                    S.internships,
                    t("Aucun stage renseigné."),
                    _internship_row,
                    t("Ajouter un stage"),
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
        title=t("Mon dossier"),
    )

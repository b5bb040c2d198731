"""The questions of a formation: the applicant's form (one labelled field per question,
its help and its error announced to screen readers), the answers read back once the dossier
is locked, and the answers on the staff dossier. No state here: pages pass their vars."""

from __future__ import annotations

from typing import Any

import reflex as rx

from ecandidat_app.web.components.admin_parts import CONTROL_STYLE, LABEL_STYLE
from ecandidat_app.web.components.forms import field_error
from ecandidat_app.web.i18n import t

CHOICE_STYLE = {"display": "flex", "align_items": "center", "gap": "0.5rem", "min_height": "2rem"}
BOX_STYLE = {"width": "1.15rem", "height": "1.15rem", "margin": "0"}
FIELDSET_STYLE = {"border": "none", "padding": "0", "margin": "0", "width": "100%"}
HELP_STYLE = {"color": "#3a3a3a", "font_size": "0.875rem", "margin": "0 0 0.25rem"}


def _star(q: Any) -> rx.Component:
    return rx.cond(q.required, rx.el.span(" *", aria_hidden="true"))


def _help(q: Any) -> rx.Component:
    return rx.cond(q.help_text != "", rx.el.p(q.help_text, id=q.key + "-aide", style=HELP_STYLE))


def _aria(q: Any, errors: Any) -> dict[str, Any]:
    """What ties a field to its help and its error, and says whether it is wrong."""
    return {
        "aria_describedby": rx.cond(
            q.help_text != "", q.key + "-aide " + q.key + "-erreur", q.key + "-erreur"
        ),
        "aria_invalid": rx.cond(errors[q.key], "true", "false"),
        "aria_required": rx.cond(q.required, "true", "false"),
    }


def _text_like(q: Any, answers: Any, errors: Any, on_set: Any, type_: str) -> rx.Component:
    return rx.el.input(
        type=type_,
        id=q.key,
        name=q.key,
        value=answers[q.key],
        on_change=lambda v: on_set(q.key, v),
        auto_complete="off",
        style=CONTROL_STYLE,
        **_aria(q, errors),
    )


def _long(q: Any, answers: Any, errors: Any, on_set: Any) -> rx.Component:
    """No hard `maxlength`: the count shows the limit and the server says what is over it,
    so a pasted text is kept whole in the draft instead of cut silently."""
    return rx.fragment(
        rx.el.textarea(
            id=q.key,
            name=q.key,
            value=answers[q.key],
            on_change=lambda v: on_set(q.key, v),
            rows=6,
            style=CONTROL_STYLE,
            **_aria(q, errors),
        ),
        rx.el.p(
            t(
                "{n} / {max} caractères au plus",
                n=answers[q.key].length(),
                max=q.max_length,
            ),
            style=HELP_STYLE,
        ),
    )


def _field(q: Any, errors: Any, control: rx.Component) -> rx.Component:
    return rx.box(
        rx.el.label(q.label, _star(q), html_for=q.key, style=LABEL_STYLE),
        _help(q),
        control,
        field_error(errors[q.key], id=q.key + "-erreur"),
        width="100%",
    )


def _choice(id_: Any, control: rx.Component, text: Any) -> rx.Component:
    return rx.el.label(control, text, html_for=id_, style=CHOICE_STYLE)


def _radio(q: Any, answers: Any, on_set: Any, value: Any, text: Any, id_: Any) -> rx.Component:
    return _choice(
        id_,
        rx.el.input(
            type="radio",
            id=id_,
            name=q.key,
            value=value,
            checked=answers[q.key] == value,
            on_change=lambda v: on_set(q.key, v),
            style=BOX_STYLE,
        ),
        text,
    )


def _box(q: Any, answers: Any, on_toggle: Any, value: Any, text: Any, id_: Any) -> rx.Component:
    return _choice(
        id_,
        rx.el.input(
            type="checkbox",
            id=id_,
            name=q.key,
            checked=answers[q.key].split("\n").contains(value),
            on_change=lambda checked: on_toggle(q.key, value, checked),
            style=BOX_STYLE,
        ),
        text,
    )


def _group(q: Any, errors: Any, *options: rx.Component) -> rx.Component:
    """Choices in a fieldset whose legend is the question (how screen readers name them)."""
    return rx.el.fieldset(
        rx.el.legend(q.label, _star(q), style=LABEL_STYLE),
        _help(q),
        rx.flex(*options, direction="column", gap="var(--space-1)"),
        field_error(errors[q.key], id=q.key + "-erreur"),
        aria_describedby=_aria(q, errors)["aria_describedby"],
        style=FIELDSET_STYLE,
    )


def question_field(q: Any, answers: Any, errors: Any, on_set: Any, on_toggle: Any) -> rx.Component:
    def each(render: Any) -> rx.Component:
        """Each choice: its stored value (French), its label (the reader's language), its id."""
        return rx.foreach(
            q.choices, lambda c, i: render(c, q.choice_labels[i], q.key + "-" + i.to_string())
        )

    return rx.match(
        q.kind,
        ("long", _field(q, errors, _long(q, answers, errors, on_set))),
        (
            "date",
            _field(q, errors, _text_like(q, answers, errors, on_set, "date")),
        ),
        (
            "single",
            _group(q, errors, each(lambda c, text, id_: _radio(q, answers, on_set, c, text, id_))),
        ),
        (
            "multiple",
            _group(q, errors, each(lambda c, text, id_: _box(q, answers, on_toggle, c, text, id_))),
        ),
        (
            "yesno",
            _group(
                q,
                errors,
                _radio(q, answers, on_set, "oui", t("Oui"), q.key + "-oui"),
                _radio(q, answers, on_set, "non", t("Non"), q.key + "-non"),
            ),
        ),
        _field(q, errors, _text_like(q, answers, errors, on_set, "text")),
    )


def _read_back(fields: Any) -> rx.Component:
    return rx.el.dl(
        rx.foreach(
            fields,
            lambda q: rx.el.div(
                rx.el.dt(q.label, style={"font_weight": "500"}),
                rx.el.dd(q.display, style={"margin": "0 0 0.75rem", "white_space": "pre-wrap"}),
            ),
        ),
        width="100%",
    )


def answers_section(
    fields: Any,
    answers: Any,
    errors: Any,
    can_edit: Any,
    *,
    on_set: Any,
    on_toggle: Any,
    on_save: Any,
) -> rx.Component:
    """The applicant's answers: a form while the dossier may change, read back after."""
    return rx.cond(
        fields.length() > 0,
        rx.el.section(
            rx.heading(t("Questions de la formation"), size="5", as_="h2", id="questions-titre"),
            rx.cond(
                can_edit,
                rx.el.form(
                    rx.vstack(
                        rx.text(
                            t(
                                "Les questions marquées * sont obligatoires. Vos réponses comptent "
                                "pour la transmission une fois enregistrées."
                            ),
                            size="2",
                        ),
                        rx.foreach(
                            fields, lambda q: question_field(q, answers, errors, on_set, on_toggle)
                        ),
                        rx.button(
                            t("Enregistrer mes réponses"), type="submit", id="enregistrer-reponses"
                        ),
                        spacing="4",
                        align="start",
                        width="100%",
                    ),
                    on_submit=lambda _data: on_save(),
                    reset_on_submit=False,
                    width="100%",
                ),
                _read_back(fields),
            ),
            aria_labelledby="questions-titre",
            width="100%",
        ),
    )


def staff_answers(rows: Any) -> rx.Component:
    """The answers on the staff dossier (`questions.AnswerRow`)."""
    return rx.cond(
        rows.length() > 0,
        rx.el.section(
            rx.heading(t("Réponses aux questions de la formation"), as_="h2", size="4"),
            rx.el.dl(
                rx.foreach(
                    rows,
                    lambda r: rx.el.div(
                        rx.el.dt(
                            r.question,
                            rx.cond(r.archived, t(" (question retirée)"), ""),
                            style={"font_weight": "500"},
                        ),
                        rx.el.dd(
                            r.answer, style={"margin": "0 0 0.5rem", "white_space": "pre-wrap"}
                        ),
                    ),
                ),
            ),
            margin_y="var(--space-4)",
        ),
    )

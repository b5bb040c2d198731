"""Letter templates: the default files under templates/ (`letter_<code>.title.txt` and
`letter_<code>.txt`), overridden by administrators' edits stored in `LetterTemplate`,
themselves overridden for the letters of one centre's formations by that centre's
`CentreLetterTemplate` (edited by the centre's administrators, or by an admin), as the mail
templates are (core/admin/mail_templates.py).

Staff text is not trusted code: it is rendered in Jinja's sandbox (as mail templates are,
core/mail/render.py), only with the variables listed below, and checked before it is saved,
so an edit can never stop a decision from being validated. Each non-empty line of the body
is a paragraph; a line starting with "## " is a heading.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import StrictUndefined, TemplateSyntaxError, UndefinedError, meta
from jinja2.sandbox import SandboxedEnvironment, SecurityError
from sqlmodel import Session, col, select

from ecandidat_app.core.admin.inputs import admin_audit, clean_text
from ecandidat_app.core.admin.mail_templates import (
    check_template_body,
    check_template_level,
    template_where,
)
from ecandidat_app.core.clock import Clock, system_clock
from ecandidat_app.core.errors import DomainError, NotFound
from ecandidat_app.core.models import Account, CentreLetterTemplate, LetterTemplate

TEMPLATES = Path(__file__).parent / "templates"

# Which letter a validated decision gets (présélection: a convocation, no letter).
LETTER_OF_DECISION = {"FA": "FA", "DE": "DE", "LA": "LA", "LC": "LA"}
LETTER_LABELS: dict[str, str] = {
    "FA": "Lettre d'admission",
    "DE": "Lettre de refus",
    "LA": "Lettre de liste d'attente",
}
VARIABLES = (
    "salutation",
    "first_name",
    "last_name",
    "file_number",
    "formation",
    "commission",
    "motif",
    "rank",
    "comment",
    "deadline",
    "date",
    "university",
)
SAMPLE_CONTEXT: dict[str, Any] = {
    "salutation": "Madame",
    "first_name": "Léa",
    "last_name": "Martin",
    "file_number": "2027123456",
    "formation": "Master Méthodes informatiques appliquées à la gestion",
    "commission": "Commission des masters d'informatique",
    "motif": "Capacité d'accueil atteinte",
    "rank": 3,
    "comment": "",
    "deadline": "23 mars 2027 à 10 h 00",
    "date": "15 mars 2027",
    "university": "Université de démonstration",
}

_jinja = SandboxedEnvironment(
    autoescape=False, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True
)


def _defaults(kind: str) -> tuple[str, str]:
    if kind not in LETTER_LABELS:
        raise NotFound("Ce modèle de lettre n'existe pas.")
    title = (TEMPLATES / f"letter_{kind}.title.txt").read_text(encoding="utf-8").strip()
    body = (TEMPLATES / f"letter_{kind}.txt").read_text(encoding="utf-8")
    return title, body


def _global_row(s: Session, kind: str) -> LetterTemplate | None:
    return s.exec(select(LetterTemplate).where(col(LetterTemplate.kind) == kind)).first()


def _centre_row(s: Session, kind: str, centre_id: int) -> CentreLetterTemplate | None:
    return s.exec(
        select(CentreLetterTemplate).where(
            col(CentreLetterTemplate.centre_id) == centre_id,
            col(CentreLetterTemplate.kind) == kind,
        )
    ).first()


def sources(s: Session, kind: str, centre_id: int | None = None) -> tuple[str, str, bool]:
    """(title, body, overridden) as the letters of `kind` are written now (for the
    formations of `centre_id` when given): the centre's text, else the global override,
    else the default file. `overridden` says this level has its own text."""
    title, body = _defaults(kind)
    row = _global_row(s, kind)
    if row is not None:
        title, body = row.title, row.body
    own = row is not None
    if centre_id is not None:
        centre_row = _centre_row(s, kind, centre_id)
        if centre_row is not None:
            title, body = centre_row.title, centre_row.body
        own = centre_row is not None
    return title, body, own


def render(title: str, body: str, context: dict[str, Any]) -> tuple[str, str]:
    return (
        _jinja.from_string(title).render(context).strip(),
        _jinja.from_string(body).render(context),
    )


def render_letter(
    s: Session, kind: str, context: dict[str, Any], centre_id: int | None = None
) -> tuple[str, str]:
    title, body, _ = sources(s, kind, centre_id)
    return render(title, body, context)


# ---------------------------------------------------------------- administration


@dataclass
class LetterTemplateView:
    event: str  # the letter's kind, named like a mail event so the editor is shared
    label: str
    subject: str
    body: str
    overridden: bool
    variables: list[str]


def list_letter_templates(
    s: Session, account: Account, centre_id: int | None = None
) -> list[LetterTemplateView]:
    check_template_level(s, account, centre_id)
    if centre_id is None:
        overridden = set(s.exec(select(LetterTemplate.kind)).all())
    else:
        overridden = set(
            s.exec(
                select(CentreLetterTemplate.kind).where(
                    col(CentreLetterTemplate.centre_id) == centre_id
                )
            ).all()
        )
    return [
        LetterTemplateView(k, label, "", "", k in overridden, [])
        for k, label in LETTER_LABELS.items()
    ]


def letter_template(s: Session, kind: str, centre_id: int | None = None) -> LetterTemplateView:
    title, body, overridden = sources(s, kind, centre_id)
    return LetterTemplateView(kind, LETTER_LABELS[kind], title, body, overridden, sorted(VARIABLES))


def _check(source: str, field: str, label: str) -> None:
    try:
        parsed = _jinja.parse(source)
    except TemplateSyntaxError as exc:
        raise DomainError(
            f"{label} : syntaxe incorrecte à la ligne {exc.lineno} ({exc.message}).", field=field
        ) from None
    unknown = meta.find_undeclared_variables(parsed) - set(VARIABLES)
    if unknown:
        allowed = ", ".join("{{ " + v + " }}" for v in sorted(VARIABLES))
        raise DomainError(
            f"{label} : variable inconnue pour une lettre : {', '.join(sorted(unknown))}. "
            f"Variables possibles : {allowed}.",
            field=field,
        )


def preview_letter(kind: str, title: str, body: str) -> tuple[str, str]:
    """The title and body rendered with sample values (checks them first)."""
    _defaults(kind)
    _check(title, "subject", "Objet")
    _check(body, "body", "Texte")
    try:
        return render(title, body, SAMPLE_CONTEXT)
    except SecurityError:
        raise DomainError(
            "Le modèle utilise une expression interdite : seules les variables proposées "
            "peuvent être affichées.",
            field="body",
        ) from None
    except (UndefinedError, TypeError, ValueError) as exc:
        raise DomainError(f"Le modèle ne peut pas être affiché : {exc}.", field="body") from None


def save_letter_template(
    s: Session,
    account: Account,
    kind: str,
    *,
    title: str,
    body: str,
    centre_id: int | None = None,
    clock: Clock = system_clock,
) -> LetterTemplate | CentreLetterTemplate:
    check_template_level(s, account, centre_id)
    title_v = clean_text(title, "L'objet", 300, field="subject", required=True)
    body_v = str(body or "")
    check_template_body(body_v, "Le texte de la lettre est obligatoire.", "Le texte")
    preview_letter(kind, title_v, body_v)
    row: LetterTemplate | CentreLetterTemplate
    if centre_id is None:
        row = _global_row(s, kind) or LetterTemplate(kind=kind, title="", body="")
    else:
        row = _centre_row(s, kind, centre_id) or CentreLetterTemplate(
            centre_id=centre_id, kind=kind, title="", body=""
        )
    row.title, row.body = title_v, body_v
    row.updated_at = clock.now()
    row.updated_by_id = account.id
    s.add(row)
    s.flush()
    admin_audit(s, account, "letter_template_saved", template_where(kind, centre_id), clock)
    return row


def reset_letter_template(
    s: Session,
    account: Account,
    kind: str,
    *,
    centre_id: int | None = None,
    clock: Clock = system_clock,
) -> None:
    """Back to the default file ("Rétablir le modèle par défaut"); for a centre, back to
    the global text."""
    check_template_level(s, account, centre_id)
    _defaults(kind)
    row = _global_row(s, kind) if centre_id is None else _centre_row(s, kind, centre_id)
    if row is not None:
        s.delete(row)
        s.flush()
        admin_audit(s, account, "letter_template_reset", template_where(kind, centre_id), clock)

"""Letter templates: the default files under templates/ (`letter_<code>.title.txt` and
`letter_<code>.txt` in French, `letter_<code>.en.title.txt` and `letter_<code>.en.txt` in
English), overridden by administrators' edits stored in `LetterTemplate`,
themselves overridden for the letters of one centre's formations by that centre's
`CentreLetterTemplate` (edited by the centre's administrators, or by an admin), as the mail
templates are (core/admin/mail_templates.py). Every level has one text per language: a
letter in English uses the English texts only, never the French override.

Staff text is not trusted code: it is rendered in Jinja's sandbox (as mail templates are,
core/mail/render.py), only with the variables listed below, and checked before it is saved,
so an edit can never stop a decision from being validated. Each non-empty line of the body
is a paragraph; a line starting with "## " is a heading.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
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
from ecandidat_app.core.i18n import N_, SOURCE, _, normalise, use_locale
from ecandidat_app.core.mail.wording import Words, in_language
from ecandidat_app.core.models import Account, CentreLetterTemplate, LetterTemplate

TEMPLATES = Path(__file__).parent / "templates"

# Which letter a validated decision gets (présélection: a convocation, no letter).
LETTER_OF_DECISION = {"FA": "FA", "DE": "DE", "LA": "LA", "LC": "LA"}
# Translated where shown (`_(LETTER_LABELS[kind])`).
LETTER_LABELS: dict[str, str] = {
    "FA": N_("Lettre d'admission"),
    "DE": N_("Lettre de refus"),
    "LA": N_("Lettre de liste d'attente"),
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
# Dates and code words are written in the previewed language (core/mail/wording.py).
SAMPLE_CONTEXT: dict[str, Any] = {
    "salutation": Words(N_("Madame")),
    "first_name": "Léa",
    "last_name": "Martin",
    "file_number": "2027123456",
    "formation": "Master Méthodes informatiques appliquées à la gestion",
    "commission": "Commission des masters d'informatique",
    "motif": "Capacité d'accueil atteinte",
    "rank": 3,
    "comment": "",
    "deadline": datetime(2027, 3, 23, 9, 0, tzinfo=UTC),
    "date": date(2027, 3, 15),
    "university": "Université de démonstration",
}

_jinja = SandboxedEnvironment(
    autoescape=False, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True
)


def _file(kind: str, part: str, lang: str) -> Path:
    """`letter_FA.txt` (French), `letter_FA.en.txt` (another language)."""
    lang = normalise(lang)
    return TEMPLATES / (
        f"letter_{kind}.{part}" if lang == SOURCE else f"letter_{kind}.{lang}.{part}"
    )


def _defaults(kind: str, lang: str = SOURCE) -> tuple[str, str]:
    if kind not in LETTER_LABELS:
        raise NotFound(_("Ce modèle de lettre n'existe pas."))
    title = _file(kind, "title.txt", lang).read_text(encoding="utf-8").strip()
    body = _file(kind, "txt", lang).read_text(encoding="utf-8")
    return title, body


def _global_row(s: Session, kind: str, lang: str) -> LetterTemplate | None:
    return s.exec(
        select(LetterTemplate).where(
            col(LetterTemplate.kind) == kind, col(LetterTemplate.language) == normalise(lang)
        )
    ).first()


def _centre_row(s: Session, kind: str, centre_id: int, lang: str) -> CentreLetterTemplate | None:
    return s.exec(
        select(CentreLetterTemplate).where(
            col(CentreLetterTemplate.centre_id) == centre_id,
            col(CentreLetterTemplate.kind) == kind,
            col(CentreLetterTemplate.language) == normalise(lang),
        )
    ).first()


def sources(
    s: Session, kind: str, centre_id: int | None = None, lang: str = SOURCE
) -> tuple[str, str, bool]:
    """(title, body, overridden) as the letters of `kind` in `lang` are written now (for
    the formations of `centre_id` when given): the centre's text in that language, else the
    global override in that language, else the default file of that language. `overridden`
    says this level has its own text."""
    title, body = _defaults(kind, lang)
    row = _global_row(s, kind, lang)
    if row is not None:
        title, body = row.title, row.body
    own = row is not None
    if centre_id is not None:
        centre_row = _centre_row(s, kind, centre_id, lang)
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
    s: Session,
    kind: str,
    context: dict[str, Any],
    centre_id: int | None = None,
    lang: str = SOURCE,
) -> tuple[str, str]:
    title, body, _overridden = sources(s, kind, centre_id, lang)
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
    s: Session, account: Account, centre_id: int | None = None, lang: str = SOURCE
) -> list[LetterTemplateView]:
    check_template_level(s, account, centre_id)
    if centre_id is None:
        overridden = set(
            s.exec(
                select(LetterTemplate.kind).where(col(LetterTemplate.language) == normalise(lang))
            ).all()
        )
    else:
        overridden = set(
            s.exec(
                select(CentreLetterTemplate.kind).where(
                    col(CentreLetterTemplate.centre_id) == centre_id,
                    col(CentreLetterTemplate.language) == normalise(lang),
                )
            ).all()
        )
    return [
        LetterTemplateView(k, _(label), "", "", k in overridden, [])
        for k, label in LETTER_LABELS.items()
    ]


def letter_template(
    s: Session, kind: str, centre_id: int | None = None, lang: str = SOURCE
) -> LetterTemplateView:
    title, body, overridden = sources(s, kind, centre_id, lang)
    return LetterTemplateView(
        kind, _(LETTER_LABELS[kind]), title, body, overridden, sorted(VARIABLES)
    )


def _check(source: str, field: str, label: str) -> None:
    try:
        parsed = _jinja.parse(source)
    except TemplateSyntaxError as exc:
        raise DomainError(
            _("{label} : syntaxe incorrecte à la ligne {line} ({error}).").format(
                label=_(label), line=exc.lineno, error=exc.message
            ),
            field=field,
        ) from None
    unknown = meta.find_undeclared_variables(parsed) - set(VARIABLES)
    if unknown:
        allowed = ", ".join("{{ " + v + " }}" for v in sorted(VARIABLES))
        raise DomainError(
            _(
                "{label} : variable inconnue pour une lettre : {unknown}. "
                "Variables possibles : {allowed}."
            ).format(label=_(label), unknown=", ".join(sorted(unknown)), allowed=allowed),
            field=field,
        )


def preview_letter(kind: str, title: str, body: str, lang: str = SOURCE) -> tuple[str, str]:
    """The title and body rendered with sample values in `lang` (checks them first)."""
    _defaults(kind)
    _check(title, "subject", N_("Objet"))
    _check(body, "body", N_("Texte"))
    with use_locale(lang):
        sample = in_language(SAMPLE_CONTEXT)
    try:
        return render(title, body, sample)
    except SecurityError:
        raise DomainError(
            _(
                "Le modèle utilise une expression interdite : seules les variables proposées "
                "peuvent être affichées."
            ),
            field="body",
        ) from None
    except (UndefinedError, TypeError, ValueError) as exc:
        raise DomainError(
            _("Le modèle ne peut pas être affiché : {error}.").format(error=exc), field="body"
        ) from None


def save_letter_template(
    s: Session,
    account: Account,
    kind: str,
    *,
    title: str,
    body: str,
    centre_id: int | None = None,
    lang: str = SOURCE,
    clock: Clock = system_clock,
) -> LetterTemplate | CentreLetterTemplate:
    check_template_level(s, account, centre_id)
    lang = normalise(lang)
    title_v = clean_text(title, N_("L'objet"), 300, field="subject", required=True)
    body_v = str(body or "")
    check_template_body(body_v, N_("Le texte de la lettre est obligatoire."), N_("Le texte"))
    preview_letter(kind, title_v, body_v, lang)
    row: LetterTemplate | CentreLetterTemplate
    if centre_id is None:
        row = _global_row(s, kind, lang) or LetterTemplate(
            kind=kind, language=lang, title="", body=""
        )
    else:
        row = _centre_row(s, kind, centre_id, lang) or CentreLetterTemplate(
            centre_id=centre_id, kind=kind, language=lang, title="", body=""
        )
    row.title, row.body = title_v, body_v
    row.updated_at = clock.now()
    row.updated_by_id = account.id
    s.add(row)
    s.flush()
    admin_audit(s, account, "letter_template_saved", template_where(kind, centre_id, lang), clock)
    return row


def reset_letter_template(
    s: Session,
    account: Account,
    kind: str,
    *,
    centre_id: int | None = None,
    lang: str = SOURCE,
    clock: Clock = system_clock,
) -> None:
    """Back to the default file of `lang` ("Rétablir le modèle par défaut"); for a centre,
    back to the global text of `lang`."""
    check_template_level(s, account, centre_id)
    _defaults(kind)
    row = _global_row(s, kind, lang) if centre_id is None else _centre_row(s, kind, centre_id, lang)
    if row is not None:
        s.delete(row)
        s.flush()
        admin_audit(
            s, account, "letter_template_reset", template_where(kind, centre_id, lang), clock
        )

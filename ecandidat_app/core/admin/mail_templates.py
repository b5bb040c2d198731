"""Mail templates: the default files under core/mail/templates, overridden by staff edits
stored in `MailTemplate` (which `core/mail/render.py` uses first), themselves overridden for
one centre's applicants by that centre's `CentreMailTemplate` (edited by the centre's
administrators, or by an admin); checked before saving so an edit can never break the
e-mails of an event. Every level has one text per language ("fr", "en"): the English
e-mails use the English texts only (core/mail/render.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from jinja2 import StrictUndefined, TemplateSyntaxError, UndefinedError, meta
from jinja2.sandbox import SandboxedEnvironment, SecurityError
from sqlmodel import Session, col, select

from ecandidat_app.core.admin.inputs import admin_audit, clean_text
from ecandidat_app.core.clock import Clock, system_clock
from ecandidat_app.core.errors import DomainError, Forbidden, NotFound
from ecandidat_app.core.i18n import N_, SOURCE, _, normalise, use_locale
from ecandidat_app.core.mail.render import TEMPLATES, template_file
from ecandidat_app.core.mail.wording import Words, in_language
from ecandidat_app.core.models import (
    Account,
    CentreMailTemplate,
    MailTemplate,
    Role,
)
from ecandidat_app.core.permissions import offer_centres, require_admin, require_centre

# ---------------------------------------------------------------- mail templates

# Translated where shown (`_(MAIL_EVENT_LABELS[event])`).
MAIL_EVENT_LABELS: dict[str, str] = {
    "account_created": N_("Création de compte"),
    "account_exists": N_("Inscription tentée avec l'adresse d'un compte existant"),
    "email_changed": N_("Changement d'adresse e-mail"),
    "password_reset": N_("Mot de passe oublié"),
    "application_created": N_("Candidature créée"),
    "application_cancelled": N_("Candidature annulée"),
    "status_RE": N_("Dossier transmis (réceptionné)"),
    "status_IN": N_("Dossier incomplet"),
    "status_CO": N_("Dossier complet"),
    "decision_FA": N_("Avis favorable"),
    "decision_DE": N_("Avis défavorable"),
    "decision_LA": N_("Liste d'attente"),
    "decision_LC": N_("Liste complémentaire"),
    "decision_PR": N_("Présélection"),
    "confirmation": N_("Confirmation d'inscription"),
    "withdrawal": N_("Désistement"),
    "auto_withdrawal": N_("Désistement automatique"),
    "reminder_confirm": N_("Rappel avant échéance de confirmation"),
    "commission_alert": N_("Alerte à la commission"),
    "deadline_extended": N_("Délai prolongé pour un dossier"),
    "piece_requested": N_("Pièce supplémentaire demandée"),
}

# Dates and code phrases are written in the previewed language (core/mail/wording.py).
SAMPLE_CONTEXT: dict[str, Any] = {
    "first_name": "Léa",
    "last_name": "Martin",
    "file_number": "2027123456",
    "formation": "Master Méthodes informatiques appliquées à la gestion",
    "link": "https://ecandidat.example.fr/lien-exemple",
    "login_link": "https://ecandidat.example.fr/connexion",
    "reset_link": "https://ecandidat.example.fr/mot-de-passe-oublie",
    "hours": 72,
    "closes_on": date(2027, 4, 30),
    "return_on": date(2027, 5, 7),
    "transmitted_at": datetime(2027, 3, 15, 9, 0, tzinfo=UTC),
    "deadline": datetime(2027, 3, 23, 9, 0, tzinfo=UTC),
    "motif": "Capacité d'accueil atteinte",
    "rank": 3,
    "preselection_at": datetime(2027, 4, 2, 12, 30, tzinfo=UTC),
    "place": "Bâtiment A, salle 12",
    "comment": "",
    "what": "Désistement",
    "applicant": "Léa Martin",
    "refused": [{"label": "Relevé de notes", "comment": "Document illisible"}],
    "what_deadline": Words(N_("la date de retour des pièces")),
    "reason": "Pièce délivrée tardivement par l'établissement d'origine",
    "piece": "Attestation de niveau de langue",
}

# The same sandbox as the renderer (core/mail/render.py): staff text is not trusted code.
_jinja = SandboxedEnvironment(autoescape=False, undefined=StrictUndefined)


def mail_events() -> list[str]:
    """Every event that has a default template file (the French one, `<event>.subject.txt`;
    `<event>.en.subject.txt` is the same event in English)."""
    names = (p.name.removesuffix(".subject.txt") for p in TEMPLATES.glob("*.subject.txt"))
    return sorted(name for name in names if "." not in name)


def _default_sources(event: str, lang: str = SOURCE) -> tuple[str, str]:
    if event not in mail_events():
        raise NotFound(_("Ce modèle de courriel n'existe pas."))
    subject_file = TEMPLATES / template_file(event, "subject.txt", lang)
    subject = subject_file.read_text(encoding="utf-8").strip()
    body = (TEMPLATES / template_file(event, "txt", lang)).read_text(encoding="utf-8")
    return subject, body


def event_variables(event: str) -> list[str]:
    """The variables an event's e-mails receive (read from its default template)."""
    subject, body = _default_sources(event)
    names: set[str] = set()
    for source in (subject, body):
        names |= meta.find_undeclared_variables(_jinja.parse(source))
    return sorted(names)


@dataclass
class TemplateView:
    event: str
    label: str
    subject: str
    body: str
    overridden: bool
    variables: list[str]


def _centre_row(s: Session, event: str, centre_id: int, lang: str) -> CentreMailTemplate | None:
    return s.exec(
        select(CentreMailTemplate).where(
            col(CentreMailTemplate.centre_id) == centre_id,
            col(CentreMailTemplate.event) == event,
            col(CentreMailTemplate.language) == normalise(lang),
        )
    ).first()


def _global_row(s: Session, event: str, lang: str) -> MailTemplate | None:
    return s.exec(
        select(MailTemplate).where(
            col(MailTemplate.event) == event, col(MailTemplate.language) == normalise(lang)
        )
    ).first()


def mail_template(
    s: Session, event: str, centre_id: int | None = None, lang: str = SOURCE
) -> TemplateView:
    """The text an event's e-mails in `lang` use (for one centre's applicants when
    `centre_id` is given); `overridden` says this level (the centre, or the global) has its
    own text in that language."""
    subject, body = _default_sources(event, lang)
    override = _global_row(s, event, lang)
    if override is not None:
        subject, body = override.subject, override.body
    own = override is not None
    if centre_id is not None:
        centre_row = _centre_row(s, event, centre_id, lang)
        if centre_row is not None:
            subject, body = centre_row.subject, centre_row.body
        own = centre_row is not None
    return TemplateView(
        event, _(MAIL_EVENT_LABELS.get(event, event)), subject, body, own, event_variables(event)
    )


def check_template_level(s: Session, account: Account, centre_id: int | None) -> None:
    """The global texts are the admin's; a centre's texts, its administrators' too."""
    if centre_id is None:
        if account is not None and account.role == Role.CENTRE_ADMIN:
            raise Forbidden(
                _(
                    "Les modèles généraux sont réservés à l'administrateur : choisissez votre centre."
                )
            )
        require_admin(account)
    else:
        offer_centres(s, account)
        require_centre(s, account, centre_id)


def list_mail_templates(
    s: Session, account: Account, centre_id: int | None = None, lang: str = SOURCE
) -> list[TemplateView]:
    check_template_level(s, account, centre_id)
    if centre_id is None:
        overridden = set(
            s.exec(
                select(MailTemplate.event).where(col(MailTemplate.language) == normalise(lang))
            ).all()
        )
    else:
        overridden = set(
            s.exec(
                select(CentreMailTemplate.event).where(
                    col(CentreMailTemplate.centre_id) == centre_id,
                    col(CentreMailTemplate.language) == normalise(lang),
                )
            ).all()
        )
    return [
        TemplateView(e, _(MAIL_EVENT_LABELS.get(e, e)), "", "", e in overridden, [])
        for e in mail_events()
    ]


def _check_template(event: str, source: str, field: str, label: str) -> None:
    try:
        parsed = _jinja.parse(source)
    except TemplateSyntaxError as exc:
        raise DomainError(
            _("{label} : syntaxe incorrecte à la ligne {line} ({error}).").format(
                label=_(label), line=exc.lineno, error=exc.message
            ),
            field=field,
        ) from None
    unknown = meta.find_undeclared_variables(parsed) - set(event_variables(event))
    if unknown:
        allowed = ", ".join("{{ " + v + " }}" for v in event_variables(event))
        raise DomainError(
            _(
                "{label} : variable inconnue pour ce courriel : {unknown}. "
                "Variables possibles : {allowed}."
            ).format(label=_(label), unknown=", ".join(sorted(unknown)), allowed=allowed),
            field=field,
        )


def preview_mail(event: str, subject: str, body: str, lang: str = SOURCE) -> tuple[str, str]:
    """The subject and body rendered with sample values in `lang` (checks them first)."""
    _check_template(event, subject, "subject", N_("Objet"))
    _check_template(event, body, "body", N_("Message"))
    with use_locale(lang):
        sample = in_language(SAMPLE_CONTEXT)
    try:
        return (
            _jinja.from_string(subject).render(sample).strip(),
            _jinja.from_string(body).render(sample),
        )
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


def save_mail_template(
    s: Session,
    account: Account,
    event: str,
    *,
    subject: str,
    body: str,
    centre_id: int | None = None,
    lang: str = SOURCE,
    clock: Clock = system_clock,
) -> MailTemplate | CentreMailTemplate:
    check_template_level(s, account, centre_id)
    lang = normalise(lang)
    _default_sources(event)
    subject_v = clean_text(subject, N_("L'objet"), 300, field="subject", required=True)
    body_v = str(body or "")
    check_template_body(body_v, N_("Le message est obligatoire."), N_("Le message"))
    preview_mail(event, subject_v, body_v, lang)
    row: MailTemplate | CentreMailTemplate
    if centre_id is None:
        row = _global_row(s, event, lang) or MailTemplate(
            event=event, language=lang, subject="", body=""
        )
    else:
        row = _centre_row(s, event, centre_id, lang) or CentreMailTemplate(
            centre_id=centre_id, event=event, language=lang, subject="", body=""
        )
    row.subject, row.body = subject_v, body_v
    row.updated_at = clock.now()
    row.updated_by_id = account.id
    s.add(row)
    s.flush()
    admin_audit(s, account, "mail_template_saved", template_where(event, centre_id, lang), clock)
    return row


def template_where(key: str, centre_id: int | None, lang: str = SOURCE) -> str:
    """The audit line's subject: the template, its centre for a centre's own text, and its
    language when not French."""
    where = key if normalise(lang) == SOURCE else f"{key} [{normalise(lang)}]"
    return where if centre_id is None else f"{where} (centre {centre_id})"


def check_template_body(body: str, missing: str, what: str) -> None:
    """A template's body (mail or letter): required, at most 20 000 characters (`missing`
    and `what`: French marked with N_)."""
    if not body.strip():
        raise DomainError(_(missing), field="body")
    if len(body) > 20000:
        raise DomainError(
            _("{label} ne doit pas dépasser 20 000 caractères.").format(label=_(what)),
            field="body",
        )


def reset_mail_template(
    s: Session,
    account: Account,
    event: str,
    *,
    centre_id: int | None = None,
    lang: str = SOURCE,
    clock: Clock = system_clock,
) -> None:
    """Back to the default file of `lang` ("Rétablir le modèle par défaut"); for a centre,
    back to the global text of `lang`."""
    check_template_level(s, account, centre_id)
    _default_sources(event)
    row = (
        _global_row(s, event, lang) if centre_id is None else _centre_row(s, event, centre_id, lang)
    )
    if row is not None:
        s.delete(row)
        s.flush()
        admin_audit(
            s, account, "mail_template_reset", template_where(event, centre_id, lang), clock
        )

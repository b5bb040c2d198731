"""Render a mail template in the recipient's language: the applicant's centre's own text
in that language first, then the global staff-edited override in that language, else the
file default of that language (an English mail never takes a French override).

Each event has `templates/<event>.subject.txt` and `<event>.txt` (French, the source), and
its English next to them: `<event>.en.subject.txt`, `<event>.en.txt` (and
`<event>.en.html` where the French has an `<event>.html`). The HTML version goes
through the shared layout `_layout.html`: an event may have its own `<event>.html` (which
extends the layout, e.g. to show a button); every other event, and every staff override,
gets its text version laid out paragraph by paragraph with clickable links.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template, select_autoescape
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape
from sqlalchemy import BindParameter, bindparam, literal, union_all
from sqlmodel import Session, col, select

from ecandidat_app.core.i18n import SOURCE, normalise
from ecandidat_app.core.mail.links import split_links
from ecandidat_app.core.models import CentreMailTemplate, MailTemplate

TEMPLATES = Path(__file__).parent / "templates"
SIGNATURE = "\n-- \n"  # the usual mail signature separator: what follows is the footer


def linkify(text: str) -> Markup:
    """Escape plain text for HTML, make its links clickable and keep its line breaks."""
    html = []
    for piece, is_link in split_links(text):
        if is_link:
            href = escape(piece)
            html.append(f'<a href="{href}" style="color:#000091;word-break:break-all;">{href}</a>')
        else:
            html.append(str(escape(piece)).replace("\n", "<br>\n"))
    return Markup("".join(html))


_files = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
    undefined=StrictUndefined,
    keep_trailing_newline=True,
)
_files.filters["linkify"] = linkify
# Staff-edited templates run in the sandbox: no attribute walk to Python internals.
_strings = SandboxedEnvironment(autoescape=False, undefined=StrictUndefined)


@lru_cache(maxsize=256)
def _staff_text(source: str) -> Template:
    """A staff-edited text compiled once per process: keyed by the text itself, so an
    edit is a new key and nothing needs invalidating."""
    return _strings.from_string(source)


def template_file(event: str, part: str, lang: str) -> str:
    """The file of one part ("subject.txt", "txt", "html") of an event's default in `lang`:
    French keeps the bare name (`status_RE.txt`), another language adds its code
    (`status_RE.en.txt`)."""
    lang = normalise(lang)
    return f"{event}.{part}" if lang == SOURCE else f"{event}.{lang}.{part}"


def html_from_text(subject: str, text: str, lang: str = SOURCE) -> str:
    """The text version in the shared layout: blank lines make paragraphs."""
    body, _, footer = text.partition(SIGNATURE)
    paragraphs = [p.strip("\n") for p in body.split("\n\n") if p.strip()]
    return _files.get_template("_from_text.html").render(
        subject=subject, paragraphs=paragraphs, footer=footer.strip(), lang=normalise(lang)
    )


@dataclass(frozen=True)
class Override:
    """A staff-edited text (the centre's own or the global one): subject and body."""

    subject: str
    body: str


def _overrides() -> tuple[Any, Any]:
    """The two lookups `_override` runs, built once: building a UNION of ORM selects costs
    more CPU than SQLite takes to answer it, and a mail is written in the applicant's own
    action. Parameters: event, lang (and centre_id for the first)."""
    event: BindParameter[str] = bindparam("event")
    lang: BindParameter[str] = bindparam("lang")
    shared = select(
        literal(1).label("rank"), col(MailTemplate.subject), col(MailTemplate.body)
    ).where(col(MailTemplate.event) == event, col(MailTemplate.language) == lang)
    own = select(
        literal(0).label("rank"), col(CentreMailTemplate.subject), col(CentreMailTemplate.body)
    ).where(
        col(CentreMailTemplate.centre_id) == bindparam("centre_id"),
        col(CentreMailTemplate.event) == event,
        col(CentreMailTemplate.language) == lang,
    )
    return union_all(own, shared).order_by("rank").limit(1), shared.limit(1)


_CENTRE_THEN_SHARED, _SHARED = _overrides()


def _override(s: Session, event: str, centre_id: int | None, lang: str) -> Override | None:
    """The centre's own text first, else the global one: one query for both."""
    if centre_id is None:
        row = s.execute(_SHARED, {"event": event, "lang": lang}).first()
    else:
        params = {"event": event, "lang": lang, "centre_id": centre_id}
        row = s.execute(_CENTRE_THEN_SHARED, params).first()
    return Override(row.subject, row.body) if row is not None else None


def render(
    s: Session | None,
    event: str,
    context: dict[str, Any],
    centre_id: int | None = None,
    lang: str = SOURCE,
) -> tuple[str, str, str]:
    """(subject, text body, html body) for an event (to an applicant of `centre_id`), in
    `lang` ("fr", "en")."""
    lang = normalise(lang)
    override = _override(s, event, centre_id, lang) if s is not None else None
    if override is not None:
        subject = _staff_text(override.subject).render(context).strip()
        text = _staff_text(override.body).render(context)
        return subject, text, html_from_text(subject, text, lang)
    subject = _files.get_template(template_file(event, "subject.txt", lang)).render(context)
    subject = subject.strip()
    text = _files.get_template(template_file(event, "txt", lang)).render(context)
    html_file = template_file(event, "html", lang)
    if (TEMPLATES / html_file).exists():
        html = _files.get_template(html_file).render({**context, "subject": subject, "lang": lang})
    else:
        html = html_from_text(subject, text, lang)
    return subject, text, html

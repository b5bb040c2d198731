"""Render a mail template (French): staff-edited override first, else the file default.

Each event has `templates/<event>.subject.txt`, `<event>.txt` and optionally `<event>.html`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from sqlmodel import Session, select

from ecandidat_app.core.models import MailTemplate

TEMPLATES = Path(__file__).parent / "templates"
_files = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
    undefined=StrictUndefined,
    keep_trailing_newline=True,
)
_strings = Environment(autoescape=False, undefined=StrictUndefined)


def render(s: Session | None, event: str, context: dict[str, Any]) -> tuple[str, str, str]:
    """(subject, text body, html body) for an event."""
    override = None
    if s is not None:
        override = s.exec(select(MailTemplate).where(MailTemplate.event == event)).first()
    if override is not None:
        subject = _strings.from_string(override.subject).render(context)
        text = _strings.from_string(override.body).render(context)
        return subject.strip(), text, ""
    subject = _files.get_template(f"{event}.subject.txt").render(context).strip()
    text = _files.get_template(f"{event}.txt").render(context)
    html_path = TEMPLATES / f"{event}.html"
    html = _files.get_template(f"{event}.html").render(context) if html_path.exists() else ""
    return subject, text, html

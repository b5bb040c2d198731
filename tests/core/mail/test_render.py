"""Every event renders in French, text and HTML (shared layout, escaped, links clickable)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session

from ecandidat_app.core.admin.mail_templates import mail_events
from ecandidat_app.core.mail.render import TEMPLATES, linkify, render
from ecandidat_app.core.models import MailTemplate

CONTEXT = {
    "applicant": "Zoé Martin",
    "closes_on": "30/04/2027",
    "deadline": "02/05/2027",
    "refused": [{"label": "CV", "comment": "illisible <page 2>"}],
    "file_number": "2027-00042",
    "first_name": "Zoé <b>",
    "formation": "Master Informatique & IA",
    "hours": 72,
    "link": "https://candidature.univ.fr/valider?jeton=abc&x=1",
    "login_link": "https://candidature.univ.fr/connexion",
    "motif": "Dossier incomplet",
    "place": 3,
    "preselection_at": "03/05/2027 à 10h",
    "rank": 2,
    "reset_link": "https://candidature.univ.fr/mot-de-passe-oublie",
    "return_on": "04/05/2027",
    "transmitted_at": "05/04/2027",
    "what": "Nouvelle candidature",
    "what_deadline": "la date de retour des pièces",
    "reason": "Relevé délivré tardivement",
    "piece": "Portfolio",
}
EVENTS = mail_events()  # the French templates; English: test_english_mails.py


@pytest.mark.parametrize("event", EVENTS)
def test_every_event_has_a_text_and_an_html_version(event: str) -> None:
    subject, text, html = render(None, event, CONTEXT)
    assert subject and "\n" not in subject
    assert "Cordialement" in text
    assert html.startswith("<!DOCTYPE html>") and 'lang="fr"' in html
    assert "ne pas y répondre" in html  # the layout's footer
    assert "<b>" not in html  # context values are escaped in HTML
    assert "&amp; IA" in html or "formation" not in Path(TEMPLATES / f"{event}.txt").read_text()


def test_links_are_clickable_in_html_and_kept_whole_in_text() -> None:
    _subject, text, html = render(None, "account_created", CONTEXT)
    assert CONTEXT["link"] in text
    assert 'href="https://candidature.univ.fr/valider?jeton=abc&amp;x=1"' in html


def test_linkify_escapes_and_stops_links_before_punctuation() -> None:
    out = str(linkify("Voir https://a.fr/x?y=1. <script>\nfin"))
    assert '<a href="https://a.fr/x?y=1"' in out
    assert "</a>. &lt;script&gt;<br>" in out


def test_a_staff_override_is_used_and_gets_an_html_version(session: Session) -> None:
    session.add(
        MailTemplate(
            event="status_RE",
            subject="Reçu : {{ formation }}",
            body="Bonjour {{ first_name }},\n\nSuivez https://univ.fr/suivi\n\n-- \nPied",
        )
    )
    session.flush()
    subject, text, html = render(session, "status_RE", CONTEXT)
    assert subject == "Reçu : Master Informatique & IA"
    assert text.startswith("Bonjour Zoé <b>,")
    assert '<a href="https://univ.fr/suivi"' in html and "Zoé &lt;b&gt;" in html
    assert "Pied" in html

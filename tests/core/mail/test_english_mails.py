"""Mails go out in the recipient account's language: every event has an English version,
chosen from `Account.language` when the mail is queued, with its dates in English; staff
overrides are per language (an English mail never takes the French override); the decision
mail of an English applicant and its letter are English end to end, through a real SMTP
server; a French applicant's mail does not change."""

from __future__ import annotations

import io
import re
from datetime import date, datetime

import pytest
from pypdf import PdfReader
from sqlmodel import Session, select

from ecandidat_app.core import config
from ecandidat_app.core.admin import mail_templates as admin_mail
from ecandidat_app.core.clock import UTC, FixedClock
from ecandidat_app.core.i18n import N_
from ecandidat_app.core.mail.outbox import enqueue
from ecandidat_app.core.mail.render import render
from ecandidat_app.core.mail.wording import Words
from ecandidat_app.core.mail.worker import OutboxWorker
from ecandidat_app.core.models import Account, Application, OutboxMessage
from ecandidat_app.core.review import decisions
from tests.core.decision_world import World, application, build, mails
from tests.core.mail.conftest import SmtpServer

CONTEXT = {
    "applicant": "Zoe Martin",
    "closes_on": "30 April 2027",
    "deadline": "2 May 2027",
    "refused": [{"label": "CV", "comment": "unreadable"}],
    "file_number": "2027-00042",
    "first_name": "Zoe",
    "last_name": "Martin",
    "formation": "MSc Data Science",
    "hours": 72,
    "link": "https://apply.example.org/valider?jeton=abc",
    "login_link": "https://apply.example.org/connexion",
    "motif": "Capacity reached",
    "comment": "Strong profile",
    "place": "Room 12",
    "preselection_at": "3 May 2027 at 10:00",
    "rank": 2,
    "reset_link": "https://apply.example.org/mot-de-passe-oublie",
    "return_on": "4 May 2027",
    "transmitted_at": "5 April 2027 at 09:30",
    "what": "New application",
    "what_deadline": "the deadline for returning documents",
    "reason": "Transcript issued late",
    "piece": "Portfolio",
}
# Words a French template would leave behind.
FRENCH = re.compile(
    r"\b(candidature|Bonjour|Cordialement|formation|dossier|Votre|vous|répondre|pièces?|"
    r"le service|avant le|bouton)\b|«|»",
    re.IGNORECASE,
)


@pytest.mark.parametrize("event", admin_mail.mail_events())
def test_every_event_has_an_english_version(event: str) -> None:
    subject, text, html = render(None, event, CONTEXT, lang="en")
    for part in (subject, text, html):
        assert not FRENCH.search(part), (event, FRENCH.search(part))
    assert subject and "\n" not in subject
    assert "Kind regards" in text and "please do not reply" in text
    assert html.startswith("<!DOCTYPE html>") and 'lang="en"' in html
    assert "please do not reply" in html


@pytest.mark.parametrize("event", ["account_created", "password_reset", "status_IN"])
def test_french_stays_the_default(event: str) -> None:
    subject, text, html = render(None, event, CONTEXT)
    assert "Bonjour" in text and "Cordialement" in text and 'lang="fr"' in html
    assert subject == render(None, event, CONTEXT, lang="xx")[0]  # unknown: French


def _applicant(s: Session, app: Application, language: str) -> Account:
    person = s.get(Account, app.account_id)
    assert person is not None
    person.language = language
    s.add(person)
    s.flush()
    return person


def test_the_account_language_is_chosen_at_queue_time_dates_included(
    session: Session, clock: FixedClock
) -> None:
    world = build(session, clock)
    person = _applicant(session, application(session, world, clock), "en")
    context = {
        "first_name": person.first_name,
        "formation": "MSc Data Science",
        "what_deadline": Words(N_("la date de retour des pièces")),
        "deadline": date(2027, 3, 1),
        "reason": "Late transcript",
    }
    message = enqueue(
        session, "deadline_extended", person.email, context, account_id=person.id, clock=clock
    )
    assert message.subject == "Deadline extended: MSc Data Science"
    assert "the deadline for returning documents has been extended to 1 March 2027" in (
        message.body_text
    )
    # The same call for a French account: the French text, « 1er mars 2027 ».
    person.language = "fr"
    again = enqueue(
        session, "deadline_extended", person.email, context, account_id=person.id, clock=clock
    )
    assert again.subject == "Délai prolongé : MSc Data Science"
    assert "la date de retour des pièces est prolongée jusqu'au 1er mars 2027" in again.body_text
    # No account (a commission's address): French; a datetime is written in Paris time.
    alert = enqueue(
        session,
        "status_RE",
        "commission@example.org",
        {
            "first_name": "",
            "formation": "X",
            "transmitted_at": datetime(2027, 3, 1, 9, 5, tzinfo=UTC),
        },
        clock=clock,
    )
    assert "1er mars 2027 à 10 h 05" in alert.body_text


def _decide(s: Session, world: World, clock: FixedClock, app: Application, code: str) -> None:
    extra = {"motif_id": world.motif.id} if code == "DE" else {}
    decisions.enter_decision(s, world.gestionnaire, app.id, code=code, clock=clock, **extra)
    result = decisions.validate_decisions(s, world.gestionnaire, [app.id], clock=clock)
    assert result.done == [app.id], result.refused


async def test_an_english_applicants_decision_mail_and_letter_are_english(
    session: Session, clock: FixedClock, settings: config.Settings, smtp_server: SmtpServer
) -> None:
    world = build(session, clock)
    english = application(session, world, clock)
    _applicant(session, english, "en")
    french = application(session, world, clock)
    _decide(session, world, clock, english, "FA")
    _decide(session, world, clock, french, "FA")
    session.commit()
    [to_english, to_french] = mails(session, "decision_FA")
    assert to_english.subject == f"Favourable decision: {world.formation.label}"
    assert "23 March 2027 at 10:00" in to_english.body_text  # the confirmation deadline
    assert not FRENCH.search(to_english.body_text.replace(world.formation.label, ""))
    assert to_french.subject == f"Avis favorable : {world.formation.label}"
    assert "23 mars 2027 à 10 h 00" in to_french.body_text

    worker = OutboxWorker(settings=settings, clock=clock)
    assert (await worker.run_once()).sent == 2
    received = {mail["To"]: mail for mail in smtp_server.received}
    mail = received[to_english.to_addr]
    assert mail["Subject"] == to_english.subject
    assert "Your admission letter is attached" in mail.get_body(("plain",)).get_content()
    [attachment] = list(mail.iter_attachments())
    text = PdfReader(io.BytesIO(attachment.get_content())).pages[0].extract_text()
    assert "Decision: favourable (admission)" in text
    assert "Subject: Your application to the programme" in text
    assert "23 March 2027 at 10:00" in text and "Yours sincerely" in text
    assert "Décision" not in text and "candidature" not in text
    [french_attachment] = list(received[to_french.to_addr].iter_attachments())
    french_text = PdfReader(io.BytesIO(french_attachment.get_content())).pages[0].extract_text()
    assert "Décision : avis favorable (admission)" in french_text


def test_overrides_are_per_language(session: Session, clock: FixedClock) -> None:
    world = build(session, clock)
    english = _applicant(session, application(session, world, clock), "en")
    french = session.get(Account, application(session, world, clock).account_id)
    assert french is not None
    admin_mail.save_mail_template(
        session,
        world.admin,
        "status_CO",
        subject="Dossier complet (texte maison)",
        body="Bonjour {{ first_name }}, texte maison.",
        clock=clock,
    )

    def sent_to(person: Account) -> OutboxMessage:
        return enqueue(
            session,
            "status_CO",
            person.email,
            {"first_name": person.first_name, "formation": "F"},
            account_id=person.id,
            clock=clock,
        )

    assert sent_to(french).subject == "Dossier complet (texte maison)"
    # The English mail keeps the English default: never the French override.
    assert sent_to(english).subject == "Application file complete: F"
    admin_mail.save_mail_template(
        session,
        world.admin,
        "status_CO",
        subject="Your file is complete (house text)",
        body="Hello {{ first_name }}, house text.",
        lang="en",
        clock=clock,
    )
    assert sent_to(english).subject == "Your file is complete (house text)"
    assert sent_to(french).subject == "Dossier complet (texte maison)"
    views = admin_mail.list_mail_templates(session, world.admin, None, "en")
    assert [v.event for v in views if v.overridden] == ["status_CO"]
    shown = admin_mail.mail_template(session, "status_CO", None, "en")
    assert shown.subject == "Your file is complete (house text)" and shown.overridden
    admin_mail.reset_mail_template(session, world.admin, "status_CO", lang="en", clock=clock)
    assert sent_to(english).subject == "Application file complete: F"
    assert sent_to(french).subject == "Dossier complet (texte maison)"  # untouched
    assert admin_mail.mail_template(session, "status_CO", None, "en").subject == (
        "Application file complete: {{ formation }}"
    )
    assert len(session.exec(select(OutboxMessage)).all()) == 6


def test_an_english_mail_names_the_formation_by_its_english_title(
    session: Session, clock: FixedClock
) -> None:
    world = build(session, clock)
    world.formation.label_en = "MSc Applied Computing for Management"
    session.add(world.formation)
    english = application(session, world, clock)
    _applicant(session, english, "en")
    french = application(session, world, clock)
    _decide(session, world, clock, english, "LA")
    _decide(session, world, clock, french, "LA")
    [to_english, to_french] = mails(session, "decision_LA")
    assert to_english.subject == "Waiting list: MSc Applied Computing for Management"
    assert '"MSc Applied Computing for Management"' in to_english.body_text
    assert to_french.subject == f"Liste d'attente : {world.formation.label}"  # as entered

"""/admin/modeles-lettres on the shared template editor: preview, a refused variable,
save (the next letter uses it, the ones written stay), back to the default."""

from __future__ import annotations

from typing import Any

import pytest
from sqlmodel import Session, select

import ecandidat_app.ecandidat_app  # noqa: F401  (registers the pages and their states)
from ecandidat_app.core import storage
from ecandidat_app.core.accounts import sessions
from ecandidat_app.core.clock import FixedClock
from ecandidat_app.core.documents.pdf import folded, pdf_text
from ecandidat_app.core.models import (
    CentreLetterTemplate,
    Letter,
    LetterTemplate,
    Role,
    StaffScope,
)
from ecandidat_app.core.review import decisions
from ecandidat_app.web.pages.admin_letter_templates import LetterTemplatesState
from tests import factories as f
from tests.core.decision_world import application, build
from tests.web.harness import page_state, run_event


def _state(token: str) -> Any:
    return page_state(LetterTemplatesState, token=token, ip="192.0.2.9")


@pytest.fixture
def admin_token(session: Session) -> str:
    admin = f.staff(session, role=Role.ADMIN)
    token = sessions.open_session(session, admin.id)
    session.commit()
    return token


def test_letter_template_preview_save_reset(session: Session, admin_token: str) -> None:
    clock = FixedClock()
    world = build(session, clock)
    st = _state(admin_token)
    run_event(st, "load")
    assert [t["label"] for t in st.templates] == [
        "Lettre d'admission",
        "Lettre de refus",
        "Lettre de liste d'attente",
    ]
    run_event(st, "open", "FA")
    assert "{{ deadline }}" in st.variables and "{{ formation }}" in st.subject
    run_event(st, "preview")
    assert st.preview_subject.startswith("Votre candidature à la formation Master")
    assert "23 mars 2027 à 10 h 00" in st.preview_body
    run_event(st, "set_body", "{{ ''.__class__ }}")
    run_event(st, "preview")
    assert "expression interdite" in st.body_error or "inconnue" in st.body_error
    run_event(st, "set_body", "{{ inconnue }}")
    run_event(st, "save")
    assert "inconnue" in st.body_error and not st.overridden

    first = application(session, world, clock)
    decisions.enter_decision(session, world.gestionnaire, first.id, code="FA", clock=clock)
    decisions.validate_decisions(session, world.gestionnaire, [first.id], clock=clock)
    session.commit()

    run_event(st, "set_body", "## Bienvenue\nBonjour {{ first_name }}, inscrivez-vous vite.")
    run_event(st, "save")
    assert st.message_kind == "success" and st.overridden
    second = application(session, world, clock)
    decisions.enter_decision(session, world.gestionnaire, second.id, code="FA", clock=clock)
    decisions.validate_decisions(session, world.gestionnaire, [second.id], clock=clock)
    session.commit()
    texts = {
        x.application_id: folded(pdf_text(storage.path_for(x.storage_key)))
        for x in session.exec(select(Letter)).all()
    }
    assert "inscrivez-vous vite" in texts[second.id] and "Bienvenue" in texts[second.id]
    assert "inscrivez-vous vite" not in texts[first.id]  # written before: unchanged
    assert "Décision : avis favorable (admission)" in texts[second.id]  # fixed part stays

    run_event(st, "reset_default")
    assert not st.overridden and "avis favorable" in st.body
    session.expire_all()
    assert session.exec(select(LetterTemplate)).all() == []


def test_non_admin_gets_nothing(session: Session) -> None:
    member = f.staff(session, role=Role.COMMISSION)
    token = sessions.open_session(session, member.id)
    session.commit()
    st = _state(token)
    run_event(st, "load")
    run_event(st, "open", "FA")
    assert st.templates == [] and st.event == ""


def test_centre_admin_edits_their_centre_letters_only(session: Session) -> None:
    clock = FixedClock()
    world = build(session, clock)
    own = world.commission.centre_id
    other = f.centre(session, label="UFR Lettres")
    boss = f.staff(session, role=Role.CENTRE_ADMIN)
    session.add(StaffScope(account_id=boss.id, centre_id=own))
    token = sessions.open_session(session, boss.id)
    session.commit()
    st = _state(token)
    run_event(st, "load")
    assert st.level == str(own) and [c["value"] for c in st.levels] == [str(own)]
    assert len(st.templates) == 3
    run_event(st, "choose_level", str(other.id))
    assert "centre" in st.message and st.level == str(own)
    run_event(st, "choose_level", "")
    assert "réservés à l'administrateur" in st.message and st.level == str(own)
    run_event(st, "open", "FA")
    run_event(st, "set_body", "Texte de mon centre pour {{ first_name }}.")
    run_event(st, "save")
    assert st.message_kind == "success" and st.overridden
    assert [t["state"] for t in st.templates] == ["Personnalisé", "Par défaut", "Par défaut"]
    session.expire_all()
    [row] = session.exec(select(CentreLetterTemplate)).all()
    assert (row.centre_id, row.kind) == (own, "FA")
    assert session.exec(select(LetterTemplate)).all() == []  # the general text is untouched
    run_event(st, "reset_default")
    assert st.message == "Le modèle général est rétabli." and not st.overridden
    session.expire_all()
    assert session.exec(select(CentreLetterTemplate)).all() == []


def test_admin_switches_to_a_centre_level(session: Session, admin_token: str) -> None:
    centre = f.centre(session, label="UFR Lettres")
    session.commit()
    st = _state(admin_token)
    run_event(st, "load")
    assert st.level == "" and str(centre.id) in [c["value"] for c in st.levels]
    run_event(st, "choose_level", str(centre.id))
    assert st.level == str(centre.id) and st.message == ""
    run_event(st, "open", "DE")
    run_event(st, "set_body", "Refus propre au centre.")
    run_event(st, "save")
    assert st.message_kind == "success"
    session.expire_all()
    [row] = session.exec(select(CentreLetterTemplate)).all()
    assert (row.centre_id, row.kind) == (centre.id, "DE")
    run_event(st, "choose_level", "")
    run_event(st, "open", "DE")
    assert "Refus propre au centre." not in st.body and not st.overridden


def test_the_english_texts_are_edited_apart(session: Session, admin_token: str) -> None:
    """The language choice: the English default shows, an English save leaves the French
    text as it was, and each language goes back to its own default."""
    st = _state(admin_token)
    run_event(st, "load")
    assert st.language == "fr"
    run_event(st, "choose_language", "en")
    assert st.language == "en" and st.event == ""
    run_event(st, "open", "FA")
    assert st.subject.startswith("Your application to the programme")
    assert "I am pleased to inform you" in st.body
    run_event(st, "preview")
    assert "by 23 March 2027 at 10:00" in st.preview_body  # the sample date in English
    run_event(st, "set_body", "Dear {{ first_name }}, welcome.")
    run_event(st, "save")
    assert st.message_kind == "success" and st.overridden
    assert [t["state"] for t in st.templates] == ["Personnalisé", "Par défaut", "Par défaut"]
    session.expire_all()
    [row] = session.exec(select(LetterTemplate)).all()
    assert (row.kind, row.language, row.body) == ("FA", "en", "Dear {{ first_name }}, welcome.")
    run_event(st, "choose_language", "fr")
    assert [t["state"] for t in st.templates] == ["Par défaut"] * 3
    run_event(st, "open", "FA")
    assert "J'ai le plaisir" in st.body and not st.overridden
    run_event(st, "choose_language", "en")
    run_event(st, "open", "FA")
    run_event(st, "reset_default")
    assert not st.overridden and "I am pleased to inform you" in st.body
    session.expire_all()
    assert session.exec(select(LetterTemplate)).all() == []
    run_event(st, "choose_language", "de")  # not a language of ours: French
    assert st.language == "fr"

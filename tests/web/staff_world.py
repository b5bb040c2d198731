"""Two applicants, Alice and Bruno, whose dossiers staff work on one after the other, the
staff who do it (signed in for real), and page states made the way Reflex makes them for
one browser tab (the same tab can then move from one dossier to the next)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from ecandidat_app.core import applications
from ecandidat_app.core.accounts import sessions
from ecandidat_app.core.applications import documents
from ecandidat_app.core.clock import system_clock
from ecandidat_app.core.models import (
    Account,
    CommissionMember,
    DecisionMotif,
    DocumentType,
    Formation,
    Role,
    StaffScope,
)
from tests import factories
from tests.security.conftest import call, pdf_bytes, state_for


@dataclass
class StaffWorld:
    alice: Account
    bruno: Account
    formation: Formation
    other_formation: Formation
    cv: DocumentType
    transcript: DocumentType
    motifs: list[DecisionMotif]
    app_alice: int  # transmitted
    app_bruno: int  # transmitted
    app_alice_2: int  # Alice's second one, in the other formation, not transmitted
    tokens: dict[str, str]  # persona -> session cookie


def _person(s: Session, camp: Any, first: str, last: str, email: str) -> Account:
    person = factories.applicant(s, camp, email=email)
    person.first_name, person.last_name = first, last
    s.add(person)
    return person


def build(s: Session) -> StaffWorld:
    today = system_clock.today()
    camp = factories.campaign(s, today=today)
    centre = factories.centre(s)
    comm = factories.commission(s, centre)
    cv = factories.document_type(s, label="Curriculum vitae")
    transcript = factories.document_type(s, label="Relevé de notes")
    formation = factories.formation(s, camp, comm, today=today, documents=[cv, transcript])
    other = factories.formation(
        s, camp, comm, today=today, label="Licence Informatique", documents=[cv]
    )
    alice = _person(s, camp, "Alice", "Aubert", "alice.aubert@exemple.org")
    bruno = _person(s, camp, "Bruno", "Bernard", "bruno.bernard@exemple.org")
    gestionnaire = factories.staff(s, role=Role.GESTIONNAIRE)
    s.add(StaffScope(account_id=gestionnaire.id, centre_id=centre.id))
    member = factories.staff(s, role=Role.COMMISSION)
    s.add(CommissionMember(commission_id=comm.id, account_id=member.id))
    admin = factories.staff(s, role=Role.ADMIN)
    motifs = [
        DecisionMotif(code="CAP", label="Capacité d'accueil atteinte"),
        DecisionMotif(code="PRE", label="Prérequis non acquis"),
    ]
    s.add_all(motifs)
    s.commit()
    ids = {}
    for person, form, send in (
        (alice, formation, True),
        (bruno, formation, True),
        (alice, other, False),
    ):
        app = applications.apply(s, person, form.id)
        for dtype in (cv, transcript) if form is formation else (cv,):
            name = f"{dtype.label.split()[0].lower()}-{person.last_name.lower()}.pdf"
            documents.add_file(
                s, person, app.id, dtype.id, filename=name, source=io.BytesIO(pdf_bytes())
            )
        if send:
            applications.transmit(s, person, app.id)
        s.commit()
        ids[(person.id, form.id)] = app.id
    tokens = {
        name: sessions.open_session(s, account.id)
        for name, account in (
            ("alice", alice),
            ("bruno", bruno),
            ("gestionnaire", gestionnaire),
            ("member", member),
            ("admin", admin),
        )
    }
    s.commit()
    return StaffWorld(
        alice=alice,
        bruno=bruno,
        formation=formation,
        other_formation=other,
        cv=cv,
        transcript=transcript,
        motifs=motifs,
        app_alice=ids[(alice.id, formation.id)],
        app_bruno=ids[(bruno.id, formation.id)],
        app_alice_2=ids[(alice.id, other.id)],
        tokens=tokens,
    )


def navigate(state: Any, url: str) -> None:
    """The same tab follows a link: only the router changes, the states stay."""
    fresh = state_for(type(state), url, token=state.session_token)
    root = state
    while root.parent_state is not None:
        root = root.parent_state
    root.router = fresh.router


__all__ = ["StaffWorld", "build", "call", "navigate", "state_for"]

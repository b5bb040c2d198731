"""A gestionnaire works on two dossiers in a row in the same browser tab, as on a busy day:
Alice's (a piece refused with a comment, "incomplet", a refusal with a motif and a comment),
then Bruno's (another motif, no comment), then both again with a bulk decision from the
list. Each applicant's mails (outbox rows, rendered text) and « Mes candidatures » carry
only their own text; nothing typed for Alice is on Bruno's page or sent to him.

Every step goes through the pages' real event handlers against a real database."""

from __future__ import annotations

import io
import json
from typing import Any

from sqlmodel import Session, select

import ecandidat_app.ecandidat_app  # noqa: F401  (registers the pages and their states)
from ecandidat_app.core import applications
from ecandidat_app.core.applications import documents
from ecandidat_app.core.models import (
    Account,
    Application,
    Campaign,
    Decision,
    DossierStatus,
    OutboxMessage,
)
from ecandidat_app.web.pages import staff_board, staff_dossier
from ecandidat_app.web.pages.my_applications import MyApplicationsState
from ecandidat_app.web.pages.staff_board import StaffBoardState
from ecandidat_app.web.pages.staff_dossier import StaffDossierState
from tests import factories
from tests.security.conftest import pdf_bytes
from tests.web.staff_world import StaffWorld, build, call, navigate, state_for

ALICE_COMMENT = "Très bon dossier, mais capacité atteinte pour Alice."
ALICE_PIECE = "Relevé illisible : Alice doit le déposer à nouveau."
ALICE_DRAFT = "Brouillon tapé sur le dossier d'Alice"
ALICE_MARKERS = ("Alice", "Aubert", ALICE_COMMENT, ALICE_PIECE, ALICE_DRAFT)
BRUNO_MARKERS = ("Bruno", "Bernard")


def _dossier_tab(w: StaffWorld, app_id: int) -> Any:
    tab = state_for(StaffDossierState, f"/gestion/dossier/{app_id}", token=w.tokens["gestionnaire"])
    call(tab, "load")
    assert tab.found, tab.message
    return tab


def _ok(tab: Any) -> None:
    assert tab.message_kind == "success", (tab.message, tab.d_error)


def _piece(tab: Any, label: str) -> Any:
    return next(d for d in tab.documents if d.label == label)


def _mails(s: Session, person: Account) -> list[OutboxMessage]:
    s.expire_all()
    return list(
        s.exec(
            select(OutboxMessage)
            .where(OutboxMessage.account_id == person.id)
            .order_by(OutboxMessage.id)  # type: ignore[arg-type]
        ).all()
    )


def _text(mail: OutboxMessage) -> str:
    return "\n".join([mail.to_addr, mail.subject, mail.body_text, mail.body_html])


def _alice_then_bruno(session: Session, w: StaffWorld) -> Any:
    tab = _dossier_tab(w, w.app_alice)
    # Nothing chosen: « Saisir l'avis » enters nothing and says why, in French.
    assert tab.d_code == ""
    call(tab, "enter_decision")
    assert tab.d_error == "Choisissez le type d'avis avant de le saisir."
    assert session.exec(select(Decision)).all() == []

    transcript = _piece(tab, "Relevé de notes")
    call(tab, "open_refuse", transcript.id, transcript.label)
    call(tab, "set_refuse_comment", ALICE_PIECE)
    call(tab, "confirm_refuse")
    _ok(tab)
    call(tab, "set_incomplete")
    _ok(tab)
    call(tab, "set_d_code", "DE")
    call(tab, "set_d_motif", str(w.motifs[0].id))
    call(tab, "set_d_comment", ALICE_COMMENT)
    call(tab, "enter_decision")
    _ok(tab)
    call(tab, "validate_decision")
    _ok(tab)
    # Left half-done on Alice's page: a note, a refusal dialog, the decision form.
    call(tab, "set_note", ALICE_DRAFT)
    cv = _piece(tab, "Curriculum vitae")
    call(tab, "open_refuse", cv.id, cv.label)
    call(tab, "set_refuse_comment", ALICE_DRAFT)

    navigate(tab, f"/gestion/dossier/{w.app_bruno}")
    call(tab, "load")
    assert tab.head["name"] == "Bruno Bernard"
    assert (tab.d_code, tab.d_motif, tab.d_comment, tab.d_rank) == ("", "", "", "")
    assert (tab.refuse_doc_id, tab.refuse_comment, tab.note_body) == ("", "", "")
    assert not [m for m in ALICE_MARKERS if m in repr(tab.dict())]
    call(tab, "set_d_code", "DE")
    call(tab, "set_d_motif", str(w.motifs[1].id))
    call(tab, "enter_decision")
    _ok(tab)
    call(tab, "validate_decision")
    _ok(tab)
    return tab


def _bulk_on_both(session: Session, w: StaffWorld) -> list[int]:
    """Bruno applies to the other formation; both second dossiers are transmitted; the
    gestionnaire puts both on the waiting list from the list view."""
    bruno_2 = applications.apply(session, w.bruno, w.other_formation.id)
    session.commit()

    documents.add_file(
        session,
        w.bruno,
        bruno_2.id,
        w.cv.id,
        filename="cv-bernard-2.pdf",
        source=io.BytesIO(pdf_bytes()),
    )
    for person, app_id in ((w.alice, w.app_alice_2), (w.bruno, bruno_2.id)):
        applications.transmit(session, person, app_id)
    session.commit()
    ids = [w.app_alice_2, bruno_2.id]

    board = state_for(StaffBoardState, "/gestion", token=w.tokens["gestionnaire"])
    call(board, "load")
    call(board, "set_view", "list")
    for app_id in ids:
        call(board, "toggle", str(app_id), True)
    assert board.bulk_decision == ""
    call(board, "bulk_decide")  # nothing chosen: refused, nothing entered
    assert board.message_kind == "error" and "Choisissez l'avis" in board.message
    assert board.selected_count == 2
    call(board, "set_bulk_decision", "LA")
    call(board, "bulk_decide")
    assert board.message_kind == "success", board.message
    for app_id in ids:
        call(board, "toggle", str(app_id), True)
    call(board, "bulk_validate")
    assert board.message_kind == "success", board.message
    return ids


def test_two_dossiers_in_a_row_each_applicant_gets_only_their_own_text(
    session: Session,
) -> None:
    w = build(session)
    _alice_then_bruno(session, w)
    _bulk_on_both(session, w)

    alice_mails, bruno_mails = _mails(session, w.alice), _mails(session, w.bruno)
    by_event = {m.event: _text(m) for m in alice_mails}
    assert ALICE_PIECE in by_event["status_IN"]
    assert ALICE_COMMENT in by_event["decision_DE"] and w.motifs[0].label in by_event["decision_DE"]
    assert "Alice" in by_event["decision_LA"]
    for mail in alice_mails:
        assert mail.to_addr == w.alice.email
        assert not [m for m in BRUNO_MARKERS if m in _text(mail)], mail.event
    assert {m.event for m in bruno_mails} >= {"decision_DE", "decision_LA"}
    for mail in bruno_mails:
        assert mail.to_addr == w.bruno.email
        leaked = [m for m in (*ALICE_MARKERS, w.motifs[0].label) if m in _text(mail)]
        assert not leaked, (mail.event, leaked)
    bruno_de = next(_text(m) for m in bruno_mails if m.event == "decision_DE")
    assert w.motifs[1].label in bruno_de and "Commentaire de la commission" not in bruno_de

    # « Mes candidatures », as each of them opens it.
    for who, own, other in (
        ("alice", ALICE_COMMENT, BRUNO_MARKERS),
        ("bruno", w.motifs[1].label, (*ALICE_MARKERS, w.motifs[0].label)),
    ):
        page = state_for(MyApplicationsState, "/mes-candidatures", token=w.tokens[who])
        call(page, "load")
        shown = repr(page.dict())
        assert own in shown and not [m for m in other if m in shown], who
        assert {r.decision for r in page.rows} == {"Défavorable", "Liste d'attente"}


def test_board_column_over_twenty_pages_its_cards(session: Session) -> None:
    w = build(session)
    extra = []
    for i in range(23):
        person = _applicant(session, w, i)
        app = applications.apply(session, person, w.other_formation.id)
        extra.append(app.id)
    session.commit()
    for app_id in extra:  # "Réceptionné" without the upload ceremony
        app = session.get(Application, app_id)
        app.status, app.transmitted_at = DossierStatus.RECEPTIONNE, app.created_at
        session.add(app)
    session.commit()

    board = state_for(StaffBoardState, "/gestion", token=w.tokens["gestionnaire"])
    call(board, "load")
    assert board.counts["recu"] == 25  # Alice's and Bruno's too
    assert len(board.cards["recu"]) == 20
    assert board.pager["recu"] == {"first": 1, "last": 20, "total": 25, "next": 5, "prev": 0}
    call(board, "column_next", "recu")
    assert len(board.cards["recu"]) == 5
    assert board.pager["recu"] == {"first": 21, "last": 25, "total": 25, "next": 0, "prev": 20}
    seen = {c.id for c in board.cards["recu"]}
    call(board, "column_previous", "recu")
    assert len(board.cards["recu"]) == 20 and not seen & {c.id for c in board.cards["recu"]}
    call(board, "column_in_list", "recu")
    assert (board.view, board.f_column, board.total) == ("list", "recu", 25)


def _applicant(session: Session, w: StaffWorld, i: int) -> Account:
    camp = session.get(Campaign, w.alice.campaign_id)
    return factories.applicant(session, camp, email=f"foule{i}@exemple.org")


def test_the_pages_say_which_piece_and_which_decision() -> None:
    """Screen readers hear the piece a button acts on; cards name the decision entered."""
    dossier = str(staff_dossier.page())
    for text in ("Valider la pièce : ", "Refuser la pièce : ", "— Choisir un avis —"):
        assert json.dumps(text)[1:-1] in dossier, text
    board = str(staff_board.page())
    for text in ("Avis : ", " suivants", "— Choisir un avis —", "Inclure les dossiers non"):
        assert json.dumps(text)[1:-1] in board, text


def test_the_language_switch_rewords_a_dossier_and_keeps_the_drafts(session: Session) -> None:
    """A gestionnaire switches to English in the middle of a dossier: its status comes
    in English at once, and the note and decision comment being typed stay."""
    from ecandidat_app.core.i18n import translate
    from tests.web.harness import run_event

    w = build(session)
    tab = _dossier_tab(w, w.app_alice)
    french = tab.head["status"]
    call(tab, "set_note", ALICE_DRAFT)
    call(tab, "set_d_comment", ALICE_COMMENT)
    events = run_event(tab, "switch_language", "en")
    assert [getattr(e, "fn", None) for e in events] == [StaffDossierState.relabel.fn]
    call(tab, "relabel")
    assert tab.head["status"] == translate(french, "en") != french
    assert (tab.note_body, tab.d_comment) == (ALICE_DRAFT, ALICE_COMMENT)

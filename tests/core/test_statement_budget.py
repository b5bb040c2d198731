"""How many SQL statements the applicant's busiest actions send, each in its own unit of
work as the pages run them: a budget that fails when a change adds a query to every click
(issue 18: the ORM work of these actions was half of the server's CPU under load).
Counted on the engine, so the figures hold on SQLite and PostgreSQL alike."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session

from ecandidat_app.core import applications
from ecandidat_app.core.applications import catalogue
from ecandidat_app.core.clock import FixedClock
from ecandidat_app.core.db import session_scope
from ecandidat_app.core.models import Application
from tests.core import dossier_world as dw


@pytest.fixture
def w(session: Session, clock: FixedClock) -> dw.World:
    return dw.build(session, clock)


@contextmanager
def counted(engine: Engine) -> Iterator[list[str]]:
    seen: list[str] = []

    def on_statement(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", on_statement)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", on_statement)


def statements_of(engine: Engine, action: Callable[[Session], object]) -> list[str]:
    with counted(engine) as seen, session_scope() as s:
        action(s)
    return seen


def test_the_applicants_actions_stay_within_their_statement_budget(
    engine: Engine, session: Session, w: dw.World, clock: FixedClock
) -> None:
    me = w.applicant
    session.expunge_all()  # the actions read everything themselves, as in the app
    today = clock.today()

    detail = statements_of(
        engine, lambda s: catalogue.formation_detail(s, w.formation.id, today=today)
    )
    assert len(detail) == 2, detail  # formation with centre and commission; its documents

    # The formation asks three documents (one common, whose earlier files are looked
    # for): the checks (3), the application, its documents' types, the three documents,
    # the common one's earlier files (1 + 1 + 3 + 1), one mail (text, row), the audit.
    made: list[int] = []
    apply = statements_of(
        engine, lambda s: made.append(applications.apply(s, me, w.formation.id, clock=clock).id)
    )
    assert len(apply) == 12, apply

    view = statements_of(
        engine, lambda s: applications.checklist_and_questions(s, me, made[0], clock=clock)
    )
    assert len(view) == 4, view  # application, formation, pieces with files, questions

    app = session.get(Application, made[0])
    dw.complete(session, w, app, clock)
    session.expunge_all()
    sent = statements_of(engine, lambda s: applications.transmit(s, me, made[0], clock=clock))
    # Checks (5), the UPDATE read back, the mail (2), the audit: no commission alert here.
    assert len(sent) == 9, sent

"""The applicant's answers to the formation's own questions, as the dossier PDF shows them."""

from __future__ import annotations

from sqlmodel import Session


def answers_for_dossier(s: Session, application_id: int) -> list[tuple[str, str]]:
    """(question, answer) pairs in the formation's order. The questions feature provides
    them (the lead wires its function here at merge); until then a dossier has none."""
    _ = (s, application_id)
    return []

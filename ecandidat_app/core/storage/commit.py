"""Files leave the store only once the transaction that dropped their rows has committed."""

from __future__ import annotations

from sqlmodel import Session


def delete_after_commit(s: Session, key: str) -> None:
    """Remove a stored file once the transaction that dropped its row has committed
    (a rollback keeps it, so the row never points at a missing file)."""
    pending: list[str] = s.info.setdefault("storage_delete_after_commit", [])
    if not pending:
        from sqlalchemy import event

        def _commit(session: Session) -> None:
            from ecandidat_app.core.storage import delete_file

            for k in session.info.pop("storage_delete_after_commit", []):
                delete_file(k)

        def _rollback(session: Session, _previous: object) -> None:
            session.info.pop("storage_delete_after_commit", None)

        event.listen(s, "after_commit", _commit, once=True)
        event.listen(s, "after_soft_rollback", _rollback, once=True)
    pending.append(key)

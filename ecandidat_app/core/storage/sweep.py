"""`ecandidat sweep`: the stored files no row points at, and interrupted uploads."""

from __future__ import annotations

import time

from sqlmodel import Session, select

from ecandidat_app.core.storage.base import SWEEP_AGE_S, SweepReport


def sweep_orphans(
    s: Session, *, max_age_s: int = SWEEP_AGE_S, now: float | None = None
) -> SweepReport:
    """Remove temp files older than `max_age_s` and stored files no row points at. A
    stored file is only swept once older than `max_age_s` too: a file stored a moment ago
    may belong to a transaction that has not committed yet."""
    from ecandidat_app.core.models import Letter, StoredFile
    from ecandidat_app.core.storage import backend

    known = set(s.exec(select(StoredFile.storage_key)).all())
    known |= set(s.exec(select(Letter.storage_key)).all())
    current = time.time() if now is None else now
    return backend().sweep(known, max_age_s=max_age_s, now=current)

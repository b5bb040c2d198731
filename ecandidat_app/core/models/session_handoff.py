"""The one-time code that carries a new login session from the sign-in event (websocket) to
the HTTP response that sets the HttpOnly cookie. Only the code's hash is kept."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel


class SessionHandoff(SQLModel, table=True):
    __tablename__ = "session_handoff"

    id: int | None = Field(default=None, primary_key=True)
    code_hash: str = Field(max_length=64, unique=True)
    session_id: int = Field(foreign_key="loginsession.id", index=True)
    expires_at: datetime

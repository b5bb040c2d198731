"""Files an outbox message carries (a decision letter): rows written in the same transaction
as the message, pointing at files already in the private store. The worker reads them from
the store at each attempt; a missing file fails the message for good (it shows on the
outbox page), it is never sent without it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import bindparam
from sqlalchemy.engine import Connection
from sqlmodel import Session, col, select

from ecandidat_app.core import storage
from ecandidat_app.core.models import OutboxAttachment, OutboxMessage


@dataclass(frozen=True)
class MailAttachment:
    storage_key: str
    file_name: str
    content_type: str

    def read(self) -> bytes:
        return storage.read_bytes(self.storage_key)


def attach(
    s: Session, message: OutboxMessage, *, storage_key: str, file_name: str, content_type: str
) -> None:
    s.flush()  # the message's id
    s.add(
        OutboxAttachment(
            message_id=message.id or 0,
            storage_key=storage_key,
            file_name=file_name,
            content_type=content_type,
        )
    )


# The files of the messages a worker claimed, in the order they were attached (ids); built
# once, as the worker's other statements (worker_queries.py).
_OF_MESSAGES = (
    select(
        col(OutboxAttachment.message_id),
        col(OutboxAttachment.storage_key),
        col(OutboxAttachment.file_name),
        col(OutboxAttachment.content_type),
    )
    .where(col(OutboxAttachment.message_id).in_(bindparam("ids", expanding=True)))
    .order_by(col(OutboxAttachment.id))
)


def attachments_by_message(
    conn: Connection, message_ids: list[int]
) -> dict[int, tuple[MailAttachment, ...]]:
    """The files of these messages (one query for a claimed batch), by message id."""
    found: dict[int, list[MailAttachment]] = {}
    if message_ids:
        for row in conn.execute(_OF_MESSAGES, {"ids": message_ids}):
            item = MailAttachment(row.storage_key, row.file_name, row.content_type)
            found.setdefault(row.message_id, []).append(item)
    return {message_id: tuple(items) for message_id, items in found.items()}

"""Files an outbox message carries (a decision letter): rows written in the same transaction
as the message, pointing at files already in the private store. The worker reads them from
the store at each attempt; a missing file fails the message for good (it shows on the
outbox page), it is never sent without it."""

from __future__ import annotations

from dataclasses import dataclass

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


def attachments_of(s: Session, message_id: int) -> tuple[MailAttachment, ...]:
    rows = s.exec(
        select(OutboxAttachment)
        .where(col(OutboxAttachment.message_id) == message_id)
        .order_by(col(OutboxAttachment.id))
    ).all()
    return tuple(MailAttachment(r.storage_key, r.file_name, r.content_type) for r in rows)

"""The applicant's documents: add and remove files, "je ne suis pas concerné".

A common document (one upload serves every application) is shared only with the
applicant's applications that can still change: a dossier already transmitted keeps the
files it was sent with, whatever happens in the others (the reference system's bug).
"""

from __future__ import annotations

from typing import BinaryIO

from sqlmodel import Session, col, select

from ecandidat_app.core import audit, storage
from ecandidat_app.core.applications.document_rules import (
    addable_document,
    answered_by_the_same_file,
    editable_document,
    mark,
)
from ecandidat_app.core.applications.dossiers import (
    claim_for_change,
    files_of,
    load_own_to_change,
)
from ecandidat_app.core.clock import Clock, system_clock
from ecandidat_app.core.db import session_scope
from ecandidat_app.core.errors import DomainError, NotFound
from ecandidat_app.core.files import check_file, fitting_name
from ecandidat_app.core.i18n import _
from ecandidat_app.core.models import (
    Account,
    Application,
    ApplicationDocument,
    DocumentFile,
    DocumentStatus,
    Role,
    StoredFile,
)
from ecandidat_app.core.models.ids import id_of
from ecandidat_app.core.text import display_name


def record_file(
    s: Session,
    account: Account,
    application_id: int,
    document_type_id: int,
    *,
    filename: str,
    saved: storage.SavedFile,
    clock: Clock = system_clock,
) -> StoredFile:
    """A file already checked and in the private store, recorded against its document after
    the same checks again (the dossier may have changed while the file arrived). On any
    refusal or error the stored file is removed: no file without its row."""
    try:
        application, doc, doc_type = addable_document(
            s, account, application_id, document_type_id, clock=clock
        )
        # The first write claims the dossier: a transmit that won the race makes this fail.
        claim_for_change(s, application)
        stored = StoredFile(
            account_id=account.id or 0,
            document_type_id=doc_type.id or 0,
            display_name=display_name(fitting_name(display_name(filename), saved.content_type)),
            size=saved.size,
            content_type=saved.content_type,
            sha256=saved.sha256,
            storage_key=saved.key,
            created_at=clock.now(),
        )
        s.add(stored)
        s.flush()
        for target_app, target_doc in answered_by_the_same_file(
            s, account, application, doc, doc_type, clock
        ):
            if target_app is not application:
                claim_for_change(s, target_app)
            if target_doc.status == DocumentStatus.NON_CONCERNE:
                continue
            s.add(
                DocumentFile(
                    application_document_id=id_of(target_doc), stored_file_id=id_of(stored)
                )
            )
            mark(target_doc, DocumentStatus.TRANSMISE, account, clock)
        audit.record(
            s,
            "document_file_added",
            actor_id=account.id,
            application_id=application.id,
            account_id=account.id,
            detail=f"{doc_type.code}: {stored.display_name} ({stored.size} octets)",
            clock=clock,
        )
        s.flush()
    except BaseException:
        storage.delete_file(saved.key)
        raise
    return stored


def add_file(
    s: Session,
    account: Account,
    application_id: int,
    document_type_id: int,
    *,
    filename: str,
    source: BinaryIO,
    clock: Clock = system_clock,
) -> StoredFile:
    """Check, store (content checked, size capped) and record one file, in `s`."""
    # Refused before a byte is read; record_file asks again as it records.
    addable_document(s, account, application_id, document_type_id, clock=clock)
    saved = storage.save_stream(source, check=check_file)
    return record_file(
        s, account, application_id, document_type_id, filename=filename, saved=saved, clock=clock
    )


def receive_file(
    account: Account,
    application_id: int,
    document_type_id: int,
    *,
    filename: str,
    source: BinaryIO,
    clock: Clock = system_clock,
) -> StoredFile:
    """`add_file` for a file still arriving over the network: no database connection is
    held while its bytes come (a slow phone at the deadline would hold one for minutes and
    drain the pool); a short unit of work records it once it is in the store."""
    saved = storage.save_stream(source, check=check_file)
    with session_scope() as s:
        return record_file(
            s,
            account,
            application_id,
            document_type_id,
            filename=filename,
            saved=saved,
            clock=clock,
        )


def remove_file(
    s: Session,
    account: Account,
    application_id: int,
    stored_file_id: int,
    *,
    clock: Clock = system_clock,
) -> None:
    application = load_own_to_change(s, account, application_id)
    stored = s.get(StoredFile, stored_file_id)
    if stored is None or stored.account_id != account.id:
        raise NotFound(_("Ce fichier n'existe pas ou vous n'y avez pas accès."))
    link = s.exec(
        select(DocumentFile, ApplicationDocument)
        .join(
            ApplicationDocument,
            col(ApplicationDocument.id) == DocumentFile.application_document_id,
        )
        .where(
            col(DocumentFile.stored_file_id) == stored.id,
            col(ApplicationDocument.application_id) == application.id,
        )
    ).first()
    if link is None:
        raise NotFound(_("Ce fichier n'existe pas ou vous n'y avez pas accès."))
    _file, doc = link
    application, doc, doc_type = editable_document(
        s, account, application.id or 0, doc.document_type_id, clock=clock
    )
    claim_for_change(s, application)
    for target_app, target_doc in answered_by_the_same_file(
        s, account, application, doc, doc_type, clock
    ):
        target_link = s.get(DocumentFile, (target_doc.id, stored.id))
        if target_link is None:
            continue
        if target_app is not application:
            claim_for_change(s, target_app)
        s.delete(target_link)
        s.flush()
        if not files_of(s, target_doc.id or 0):
            mark(target_doc, DocumentStatus.EN_ATTENTE, account, clock)
    audit.record(
        s,
        "document_file_removed",
        actor_id=account.id,
        application_id=application.id,
        account_id=account.id,
        detail=f"{doc_type.code}: {stored.display_name}",
        clock=clock,
    )
    s.flush()
    still_linked = s.exec(
        select(DocumentFile).where(col(DocumentFile.stored_file_id) == stored.id)
    ).first()
    if still_linked is None:
        key = stored.storage_key
        s.delete(stored)
        s.flush()
        storage.delete_after_commit(s, key)


def set_not_concerned(
    s: Session,
    account: Account,
    application_id: int,
    document_type_id: int,
    certified: bool,
    *,
    clock: Clock = system_clock,
) -> None:
    application, doc, doc_type = editable_document(
        s, account, application_id, document_type_id, clock=clock
    )
    if not doc_type.is_conditional:
        raise DomainError(_("Cette pièce est obligatoire : vous ne pouvez pas vous en dispenser."))
    if not certified:
        raise DomainError(
            _(
                "Cochez « Je certifie sur l'honneur ne pas être concerné par cette pièce » "
                "pour confirmer."
            ),
            field="certified",
        )
    if files_of(s, doc.id or 0):
        raise DomainError(
            _(
                "Des fichiers sont déposés pour cette pièce : retirez-les avant de déclarer "
                "ne pas être concerné."
            )
        )
    if doc.status == DocumentStatus.NON_CONCERNE:
        return
    claim_for_change(s, application)
    mark(doc, DocumentStatus.NON_CONCERNE, account, clock)
    audit.record(
        s,
        "document_not_concerned",
        actor_id=account.id,
        application_id=application.id,
        account_id=account.id,
        detail=f"{doc_type.code}: certifié sur l'honneur",
        clock=clock,
    )
    s.flush()


def undo_not_concerned(
    s: Session,
    account: Account,
    application_id: int,
    document_type_id: int,
    *,
    clock: Clock = system_clock,
) -> None:
    application, doc, doc_type = editable_document(
        s, account, application_id, document_type_id, clock=clock
    )
    if doc.status != DocumentStatus.NON_CONCERNE:
        return
    claim_for_change(s, application)
    mark(doc, DocumentStatus.EN_ATTENTE, account, clock)
    audit.record(
        s,
        "document_not_concerned_undone",
        actor_id=account.id,
        application_id=application.id,
        account_id=account.id,
        detail=doc_type.code,
        clock=clock,
    )
    s.flush()


def file_for_download(s: Session, account: Account | None, stored_file_id: int) -> StoredFile:
    """A file the account may read: its owner, or staff who may view ANY application the
    file answers. Everything else is the same NotFound, whether the file exists or not."""
    from ecandidat_app.core.permissions import can_view_application

    stored = s.get(StoredFile, stored_file_id)
    if stored is None or account is None:
        raise NotFound(_("Ce fichier n'existe pas ou vous n'y avez pas accès."))
    if stored.account_id == account.id:
        return stored
    applications = s.exec(
        select(Application)
        .join(ApplicationDocument, col(ApplicationDocument.application_id) == Application.id)
        .join(
            DocumentFile,
            col(DocumentFile.application_document_id) == ApplicationDocument.id,
        )
        .where(col(DocumentFile.stored_file_id) == stored.id)
    ).all()
    if any(
        account.role != Role.APPLICANT and can_view_application(s, account, app)
        for app in applications
    ):
        return stored
    raise NotFound(_("Ce fichier n'existe pas ou vous n'y avez pas accès."))

"""Documents: content checks on real files, editability windows, common documents,
not-concerned declarations, other people's ids."""

from __future__ import annotations

import io

import pytest
from sqlmodel import Session, select

from ecandidat_app.core import applications, storage
from ecandidat_app.core.applications import documents
from ecandidat_app.core.errors import DomainError, NotFound
from ecandidat_app.core.models import (
    Application,
    DocumentFile,
    DocumentStatus,
    DossierStatus,
    StoredFile,
)
from tests import factories
from tests.core import dossier_world as dw


@pytest.fixture
def w(session: Session, clock) -> dw.World:
    return dw.build(session, clock)


@pytest.fixture
def app(session, w, clock) -> Application:
    return dw.apply(session, w, clock)


def _stored_on_disk() -> list[str]:
    root = storage.store_dir()
    return sorted(p.name for p in root.rglob("*") if p.is_file())


def _add(session, w, app, data: bytes, name: str = "piece.pdf", doc_type=None, clock=None):
    return documents.add_file(
        session,
        w.applicant,
        app.id,
        (doc_type or w.transcript).id,
        filename=name,
        source=io.BytesIO(data),
        clock=clock,
    )


# ---------------------------------------------------------------- accepted content


@pytest.mark.parametrize(
    ("data_fn", "name", "content_type", "shown"),
    [
        (dw.pdf_bytes, "relevé.pdf", "application/pdf", "relevé.pdf"),
        (lambda: dw.image_bytes("PNG"), "scan.png", "image/png", "scan.png"),
        (lambda: dw.image_bytes("JPEG"), "photo.jpeg", "image/jpeg", "photo.jpeg"),
        # The name lies: the content decides, and the shown name is corrected.
        (lambda: dw.image_bytes("PNG"), "scan.pdf", "image/png", "scan.png"),
    ],
)
def test_accepted_files_are_stored_privately(
    session, w, app, clock, data_fn, name, content_type, shown
) -> None:
    data = data_fn()
    stored = _add(session, w, app, data, name=name, clock=clock)
    session.commit()
    assert stored.content_type == content_type and stored.display_name == shown
    assert stored.size == len(data)
    path = storage.path_for(stored.storage_key)
    assert path.read_bytes() == data
    assert storage.store_dir() == storage.get_settings().upload_dir
    assert name not in str(path)  # keys are random, the name is never a path
    assert dw.doc_of(session, app, w.transcript).status == DocumentStatus.TRANSMISE
    assert not any(p.startswith(storage.TEMP_PREFIX) for p in _stored_on_disk())


# ---------------------------------------------------------------- refused content


def _encrypted_pdf() -> bytes:
    return dw.pdf_bytes(password="secret")


def _truncated_pdf() -> bytes:
    data = dw.pdf_bytes()
    return data[: len(data) // 2]


def _broken_png() -> bytes:
    data = dw.image_bytes("PNG")
    return data[:40]


def _truncated_jpeg() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.effect_noise((400, 400), 60).convert("RGB").save(out, format="JPEG")
    return out.getvalue()[:-2000]


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"MZ\x90\x00\x03" + b"\x00" * 200, "cv.pdf", "Seuls les fichiers PDF, JPG et PNG"),
        (b"<html><script>alert(1)</script></html>", "cv.pdf", "Seuls les fichiers PDF"),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "image.svg",
            "Seuls les fichiers PDF",
        ),
        (b"", "vide.pdf", "vide"),
        # An HTML page that carries a PDF further down is still HTML.
        (b"<html>\n" + b"%PDF-1.4\n%%EOF", "poly.pdf", "Seuls les fichiers PDF"),
        # Starts like a PDF but is not one.
        (b"%PDF-1.7\n<script>alert(1)</script>\n%%EOF", "faux.pdf", "illisible"),
        (b"GIF89a" + b"\x00" * 50, "anim.gif", "Seuls les fichiers PDF"),
    ],
)
def test_refused_contents(session, w, app, clock, data, name, message) -> None:
    with pytest.raises(DomainError, match=message):
        _add(session, w, app, data, name=name, clock=clock)
    session.rollback()
    assert session.exec(select(StoredFile)).all() == []
    assert _stored_on_disk() == []
    assert dw.doc_of(session, app, w.transcript).status == DocumentStatus.EN_ATTENTE


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (_encrypted_pdf, "protégé par un mot de passe"),
        (_truncated_pdf, "illisible ou incomplet"),
        (_broken_png, "illisible ou incomplète"),
        (_truncated_jpeg, "illisible ou incomplète"),
    ],
)
def test_damaged_or_protected_files_refused(session, w, app, clock, make, message) -> None:
    with pytest.raises(DomainError, match=message):
        _add(session, w, app, make(), clock=clock)
    session.rollback()
    assert _stored_on_disk() == []


def test_pdf_with_javascript_refused(session, w, app, clock) -> None:
    from pypdf import PdfWriter
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    action = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert('x');"),
        }
    )
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(DomainError, match="JavaScript"):
        _add(session, w, app, out.getvalue(), clock=clock)


class _Endless(io.RawIOBase):
    """A stream far larger than the cap that counts what was read from it."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.read_bytes = 0

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        n = 65536 if n is None or n < 0 else n
        n = min(n, self.total - self.read_bytes)
        self.read_bytes += n
        return (b"%PDF-1.4\n" + b"0" * n)[:n] if n else b""


def test_oversized_upload_stops_reading_early(session, w, app, clock, settings) -> None:
    settings.upload_max_bytes = 1024 * 1024
    stream = _Endless(50 * 1024 * 1024)
    with pytest.raises(DomainError, match="taille maximale de 1 Mo"):
        documents.add_file(
            session,
            w.applicant,
            app.id,
            w.transcript.id,
            filename="big.pdf",
            source=stream,
            clock=clock,
        )
    assert stream.read_bytes <= settings.upload_max_bytes + storage.CHUNK
    assert _stored_on_disk() == []


def test_default_cap_message_is_ten_megabytes(settings) -> None:
    assert storage.too_big_message(settings.upload_max_bytes) == (
        "Le fichier dépasse la taille maximale de 10 Mo."
    )


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\windows\\system32.pdf", "system32.pdf"),
        ("Relevé de notes – été 2024.pdf", "Relevé de notes – été 2024.pdf"),
        ("bad\x00name\n.pdf", "badname.pdf"),
        ("", "fichier.pdf"),
        ("x" * 300 + ".pdf", None),
    ],
)
def test_names_are_sanitised_and_never_paths(session, w, app, clock, name, shown) -> None:
    stored = _add(session, w, app, dw.pdf_bytes(), name=name, clock=clock)
    session.commit()
    if shown is not None:
        assert stored.display_name == shown
    assert len(stored.display_name) <= 120 and stored.display_name.endswith(".pdf")
    path = storage.path_for(stored.storage_key)
    assert path.is_relative_to(storage.store_dir()) and path.exists()


# ---------------------------------------------------------------- remove


def test_remove_last_file_puts_document_back_and_deletes_from_disk(session, w, app, clock) -> None:
    stored = _add(session, w, app, dw.pdf_bytes(), clock=clock)
    session.commit()
    key = stored.storage_key
    documents.remove_file(session, w.applicant, app.id, stored.id, clock=clock)
    assert storage.size_of(key) is not None  # kept until the transaction commits
    session.commit()
    assert storage.size_of(key) is None
    assert session.get(StoredFile, stored.id) is None
    assert dw.doc_of(session, app, w.transcript).status == DocumentStatus.EN_ATTENTE


def test_remove_rolled_back_keeps_the_file(session, w, app, clock) -> None:
    stored = _add(session, w, app, dw.pdf_bytes(), clock=clock)
    session.commit()
    documents.remove_file(session, w.applicant, app.id, stored.id, clock=clock)
    session.rollback()
    assert storage.size_of(stored.storage_key) is not None
    assert session.get(StoredFile, stored.id) is not None


def test_several_files_per_document(session, w, app, clock) -> None:
    a = _add(session, w, app, dw.pdf_bytes(), name="p1.pdf", clock=clock)
    b = _add(session, w, app, dw.image_bytes(), name="p2.png", clock=clock)
    session.commit()
    documents.remove_file(session, w.applicant, app.id, a.id, clock=clock)
    session.commit()
    assert dw.doc_of(session, app, w.transcript).status == DocumentStatus.TRANSMISE
    view = applications.checklist(session, w.applicant, app.id, clock=clock)
    assert [f.id for f in view.documents[1].files] == [b.id]


def test_checklist_puts_each_file_under_its_own_document(session, w, app, clock) -> None:
    """The checklist reads every document's files at once: each stays under its document,
    in upload order, and the files of another application never show."""
    other = dw.apply(session, w, clock, w.formation2)
    _add(session, w, other, dw.pdf_bytes(), name="autre.pdf", clock=clock)
    cv = _add(session, w, app, dw.pdf_bytes(), name="cv.pdf", doc_type=w.cv, clock=clock)
    clock.advance(minutes=1)
    t1 = _add(session, w, app, dw.pdf_bytes(), name="t1.pdf", clock=clock)
    clock.advance(minutes=1)
    t2 = _add(session, w, app, dw.image_bytes(), name="t2.png", clock=clock)
    session.commit()
    view = applications.checklist(session, w.applicant, app.id, clock=clock)
    files = {d.code: [f.id for f in d.files] for d in view.documents}
    assert files == {w.cv.code: [cv.id], w.transcript.code: [t1.id, t2.id], w.grant.code: []}


# ---------------------------------------------------------------- common documents


def test_common_document_answers_other_editable_applications(session, w, app, clock) -> None:
    second = dw.apply(session, w, clock, formation=w.formation2)
    stored = dw.upload(session, w.applicant, app, w.cv, clock)
    for a in (app, second):
        doc = dw.doc_of(session, a, w.cv)
        assert doc.status == DocumentStatus.TRANSMISE
        assert session.get(DocumentFile, (doc.id, stored.id)) is not None
    documents.remove_file(session, w.applicant, second.id, stored.id, clock=clock)
    session.commit()
    for a in (app, second):
        assert dw.doc_of(session, a, w.cv).status == DocumentStatus.EN_ATTENTE
    assert storage.size_of(stored.storage_key) is None


def test_removing_common_document_never_touches_a_transmitted_application(
    session, w, app, clock
) -> None:
    second = dw.apply(session, w, clock, formation=w.formation2)
    stored = dw.upload(session, w.applicant, app, w.cv, clock)
    dw.complete(session, w, app, clock)
    applications.transmit(session, w.applicant, app.id, clock=clock)
    session.commit()
    documents.remove_file(session, w.applicant, second.id, stored.id, clock=clock)
    session.commit()
    sent_doc = dw.doc_of(session, app, w.cv)
    assert sent_doc.status == DocumentStatus.TRANSMISE
    assert session.get(DocumentFile, (sent_doc.id, stored.id)) is not None
    assert storage.size_of(stored.storage_key) is not None  # still linked to the sent dossier
    assert dw.doc_of(session, second, w.cv).status == DocumentStatus.EN_ATTENTE
    # And a new CV in the editable one does not reach the transmitted one either.
    new = dw.upload(session, w.applicant, second, w.cv, clock)
    assert session.get(DocumentFile, (sent_doc.id, new.id)) is None
    # Removing from the transmitted application itself is refused.
    with pytest.raises(DomainError, match="transmis"):
        documents.remove_file(session, w.applicant, app.id, stored.id, clock=clock)


# ---------------------------------------------------------------- editability windows


def test_no_change_after_closing_date(session, w, app, clock) -> None:
    clock.advance(days=11)
    with pytest.raises(DomainError, match="date limite de dépôt"):
        _add(session, w, app, dw.pdf_bytes(), clock=clock)
    assert _stored_on_disk() == []


def test_incomplete_dossier_only_reopens_refused_documents(session, w, app, clock) -> None:
    dw.complete(session, w, app, clock)
    applications.transmit(session, w.applicant, app.id, clock=clock)
    session.commit()
    clock.advance(hours=3)
    refused = dw.doc_of(session, app, w.transcript)
    refused.status = DocumentStatus.REFUSEE
    app = session.get(Application, app.id)
    app.status, app.incomplete_at = DossierStatus.INCOMPLET, clock.now()
    session.commit()
    clock.advance(days=12)  # after closing, before return date
    with pytest.raises(DomainError, match="ne peut plus être modifiée"):
        _add(session, w, app, dw.pdf_bytes(), doc_type=w.cv, clock=clock)
    replacement = _add(session, w, app, dw.pdf_bytes(), clock=clock)
    session.commit()
    # A wrong replacement can be taken back before transmitting again.
    documents.remove_file(session, w.applicant, app.id, replacement.id, clock=clock)
    session.commit()
    clock.advance(days=10)  # past the return date
    with pytest.raises(DomainError, match="date de retour"):
        _add(session, w, app, dw.pdf_bytes(), clock=clock)


def test_change_refused_once_transmitted_even_with_stale_page(session, w, app, clock) -> None:
    dw.complete(session, w, app, clock)
    stale = Session(session.get_bind(), expire_on_commit=False)
    stale_app = stale.get(Application, app.id)  # loaded while still AT
    assert stale_app.status == DossierStatus.EN_ATTENTE
    applications.transmit(session, w.applicant, app.id, clock=clock)
    session.commit()
    with pytest.raises(DomainError, match="transmis"):
        applications.claim_for_change(stale, stale_app)
    stale.close()


# ---------------------------------------------------------------- not concerned


def test_not_concerned_needs_certification_and_conditional_doc(session, w, app, clock) -> None:
    with pytest.raises(DomainError, match="certifie sur l'honneur"):
        documents.set_not_concerned(session, w.applicant, app.id, w.grant.id, False, clock=clock)
    with pytest.raises(DomainError, match="obligatoire"):
        documents.set_not_concerned(session, w.applicant, app.id, w.cv.id, True, clock=clock)
    documents.set_not_concerned(session, w.applicant, app.id, w.grant.id, True, clock=clock)
    session.commit()
    assert dw.doc_of(session, app, w.grant).status == DocumentStatus.NON_CONCERNE
    with pytest.raises(DomainError, match="annulez cette déclaration"):
        _add(session, w, app, dw.pdf_bytes(), doc_type=w.grant, clock=clock)
    documents.undo_not_concerned(session, w.applicant, app.id, w.grant.id, clock=clock)
    session.commit()
    assert dw.doc_of(session, app, w.grant).status == DocumentStatus.EN_ATTENTE


def test_not_concerned_refused_while_files_present(session, w, app, clock) -> None:
    _add(session, w, app, dw.pdf_bytes(), doc_type=w.grant, clock=clock)
    session.commit()
    with pytest.raises(DomainError, match="retirez-les"):
        documents.set_not_concerned(session, w.applicant, app.id, w.grant.id, True, clock=clock)


# ---------------------------------------------------------------- other people's ids


def test_other_peoples_applications_and_files_are_not_found(session, w, app, clock) -> None:
    stored = _add(session, w, app, dw.pdf_bytes(), clock=clock)
    session.commit()
    intruder = factories.applicant(session, w.campaign)
    own = applications.apply(session, intruder, w.formation.id, clock=clock)
    session.commit()
    with pytest.raises(NotFound):
        _add_as(session, intruder, app.id, w.transcript.id, clock)
    with pytest.raises(NotFound):
        documents.remove_file(session, intruder, app.id, stored.id, clock=clock)
    with pytest.raises(NotFound):  # someone else's file through one's own application
        documents.remove_file(session, intruder, own.id, stored.id, clock=clock)
    with pytest.raises(NotFound):
        documents.set_not_concerned(session, intruder, app.id, w.grant.id, True, clock=clock)
    with pytest.raises(NotFound):  # a document the formation does not ask for
        _add_as(session, w.applicant, app.id, 999_999, clock)
    session.rollback()
    assert session.get(StoredFile, stored.id) is not None
    assert storage.size_of(stored.storage_key) is not None
    assert dw.doc_of(session, app, w.transcript).status == DocumentStatus.TRANSMISE
    assert dw.doc_of(session, app, w.grant).status == DocumentStatus.EN_ATTENTE


def _add_as(session, account, application_id, document_type_id, clock):
    return documents.add_file(
        session,
        account,
        application_id,
        document_type_id,
        filename="x.pdf",
        source=io.BytesIO(dw.pdf_bytes()),
        clock=clock,
    )


def test_apply_links_common_files_then_edit_stays_consistent(session, w, app, clock) -> None:
    stored = dw.upload(session, w.applicant, app, w.cv, clock)
    clock.advance(minutes=1)
    second = dw.apply(session, w, clock, formation=w.formation2)
    assert dw.doc_of(session, second, w.cv).status == DocumentStatus.TRANSMISE
    documents.remove_file(session, w.applicant, app.id, stored.id, clock=clock)
    session.commit()
    assert dw.doc_of(session, second, w.cv).status == DocumentStatus.EN_ATTENTE
    assert session.get(StoredFile, stored.id) is None


# ---------------------------------------------------------------- files arriving slowly


class _Watched(io.BytesIO):
    """A file arriving over the network: on each read, `on_read` looks at the world."""

    def __init__(self, data: bytes, on_read) -> None:  # type: ignore[no-untyped-def]
        super().__init__(data)
        self.on_read = on_read

    def read(self, size: int | None = -1) -> bytes:
        self.on_read()
        return super().read(size)


def test_receive_file_holds_no_connection_while_the_bytes_arrive(
    engine, session, w, app, clock
) -> None:
    session.commit()
    pool = engine.pool
    before = pool.checkedout()
    seen: list[int] = []
    source = _Watched(dw.pdf_bytes(), lambda: seen.append(pool.checkedout()))
    stored = documents.receive_file(
        w.applicant, app.id, w.transcript.id, filename="lent.pdf", source=source, clock=clock
    )
    assert seen and max(seen) == before  # no connection taken while reading
    session.expire_all()
    assert session.get(StoredFile, stored.id) is not None
    assert dw.doc_of(session, app, w.transcript).status == DocumentStatus.TRANSMISE


def test_deadline_passing_while_a_file_arrives_keeps_nothing(session, w, app, clock) -> None:
    """Checked again as it is recorded: the closing date passed during the upload, so the
    file is refused in French and neither a row nor a file on disk remains."""
    session.commit()
    on_disk = _stored_on_disk()
    closes = w.formation.closes_on
    source = _Watched(dw.pdf_bytes(), lambda: clock.advance(days=(closes - clock.today()).days + 1))
    with pytest.raises(DomainError, match="date limite"):
        documents.receive_file(
            w.applicant, app.id, w.transcript.id, filename="tard.pdf", source=source, clock=clock
        )
    assert _stored_on_disk() == on_disk
    session.expire_all()
    assert dw.doc_of(session, app, w.transcript).status == DocumentStatus.EN_ATTENTE


def test_piece_reads_deposee_until_the_dossier_is_transmitted_with_it(
    session, w, app, clock
) -> None:
    """A file put on a piece is "Déposée"; "Transmise" only once the dossier went out with
    it, and a replacement on an incomplete dossier is "Déposée" again until re-sent."""

    def labels() -> dict[str, str]:
        view = applications.checklist(session, w.applicant, app.id, clock=clock)
        return {d.label: d.status_label for d in view.documents}

    _add(session, w, app, dw.pdf_bytes(), clock=clock)
    session.commit()
    assert labels()["Relevés de notes"] == "Déposée"
    dw.complete(session, w, app, clock)
    assert labels() == {
        "Curriculum vitae": "Déposée",
        "Relevés de notes": "Déposée",
        "Attestation de bourse": "Non concerné",
    }
    clock.advance(minutes=5)
    applications.transmit(session, w.applicant, app.id, clock=clock)
    session.commit()
    assert labels()["Relevés de notes"] == labels()["Curriculum vitae"] == "Transmise"
    clock.advance(hours=3)  # the commission asks for another transcript
    refused = dw.doc_of(session, app, w.transcript)
    refused.status = DocumentStatus.REFUSEE
    app = session.get(Application, app.id)
    app.status, app.incomplete_at = DossierStatus.INCOMPLET, clock.now()
    session.commit()
    clock.advance(hours=1)
    _add(session, w, app, dw.pdf_bytes(), clock=clock)
    session.commit()
    assert labels() == {
        "Curriculum vitae": "Transmise",
        "Relevés de notes": "Déposée",
        "Attestation de bourse": "Non concerné",
    }
    clock.advance(minutes=5)
    applications.transmit(session, w.applicant, app.id, clock=clock)
    session.commit()
    assert labels()["Relevés de notes"] == "Transmise"

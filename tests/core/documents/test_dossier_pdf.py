"""The whole dossier as one PDF (cover, contents, validated pieces in order) and the ZIP of
a selection, streamed; both read back with pypdf / zipfile."""

from __future__ import annotations

import io
import zipfile
from contextlib import contextmanager

import pytest
from pypdf import PdfReader
from sqlmodel import Session

from ecandidat_app.core.documents import dossier_zip
from ecandidat_app.core.documents.dossier_pdf import build_dossier_pdf
from ecandidat_app.core.documents.pdf import folded
from ecandidat_app.core.errors import DomainError, NotFound
from ecandidat_app.core.models import Role
from tests import factories
from tests.core.documents.dossier_files import dossier
from tests.core.dossier_world import build


@pytest.fixture
def world(session, clock):
    return build(session, clock)


@pytest.fixture
def admin(session):
    staff = factories.staff(session, role=Role.ADMIN)
    session.commit()
    return staff


def _name(w) -> str:
    return f"{w.applicant.first_name} {w.applicant.last_name}"


def test_cover_contents_then_the_validated_pieces_in_order(session, clock, world, admin, tmp_path):
    app = dossier(session, world, clock, cv_pages=3)
    out = tmp_path / "d.pdf"
    result = build_dossier_pdf(session, admin, app.id, out)
    reader = PdfReader(str(out))
    # cover + contents, 3 CV pages, 1 page for the PNG transcript; the refused grant is out.
    assert result.pages == len(reader.pages) == 2 + 3 + 1
    cover = folded(reader.pages[0].extract_text())
    assert _name(world) in cover
    assert world.formation.label in cover
    assert "Complet" in cover and "Aucun avis" in cover
    contents = folded(reader.pages[1].extract_text())
    assert "Sommaire" in contents
    assert "Curriculum vitae page 3" in contents
    assert "Relevés de notes page 6" in contents
    assert "Attestation de bourse non jointe (refusée)" in contents
    assert "Curriculum 1" in reader.pages[2].extract_text()
    assert "Curriculum 3" in reader.pages[4].extract_text()
    assert reader.pages[5].images  # the transcript, placed on its own page
    assert [o.title for o in reader.outline] == [
        "Couverture et sommaire",
        "Curriculum vitae",
        "Relevés de notes",
    ]
    assert result.file_name.endswith(f"-{world.formation.code}.pdf")


def test_the_cover_shows_the_answers_to_the_formations_questions(
    session, clock, world, admin, tmp_path
):
    from ecandidat_app.core.models import FormationQuestion, QuestionAnswer

    app = dossier(session, world, clock, cv_pages=1)
    asked = FormationQuestion(
        formation_id=world.formation.id, kind="short", label="Parcours souhaité", order=1
    )
    session.add(asked)
    session.flush()
    session.add(QuestionAnswer(application_id=app.id, question_id=asked.id, value="Cybersécurité"))
    session.commit()
    out = tmp_path / "d.pdf"
    build_dossier_pdf(session, admin, app.id, out)
    cover = folded(PdfReader(str(out)).pages[0].extract_text())
    assert "Parcours souhaité" in cover and "Cybersécurité" in cover


def test_only_staff_in_scope_get_a_dossier(session, clock, world, tmp_path):
    app = dossier(session, world, clock)
    outsider = factories.staff(session, role=Role.GESTIONNAIRE)
    for who in (outsider, world.applicant):
        with pytest.raises(NotFound):
            build_dossier_pdf(session, who, app.id, tmp_path / "x.pdf")


def _factory(engine):
    @contextmanager
    def scope():
        with Session(engine, expire_on_commit=False) as s:
            yield s
            s.commit()

    return scope


def test_zip_of_three_dossiers_streams_in_chunks(session, clock, world, admin, engine):
    people = [world.applicant] + [factories.applicant(session, world.campaign) for _ in (2, 3)]
    apps = [
        dossier(session, world, clock, cv_pages=n, person=p)
        for n, p in zip((1, 2, 3), people, strict=True)
    ]
    chunks = list(dossier_zip.stream_dossiers_zip(_factory(engine), admin.id, [a.id for a in apps]))
    assert len(chunks) > 3
    archive = zipfile.ZipFile(io.BytesIO(b"".join(chunks)))
    assert archive.testzip() is None
    names = archive.namelist()
    assert len(names) == 3 and names[0].startswith("001-dossier-")
    pages = [len(PdfReader(io.BytesIO(archive.read(n))).pages) for n in names]
    assert pages == [2 + 1 + 1, 2 + 2 + 1, 2 + 3 + 1]


def test_zip_leaves_out_what_the_account_may_not_see(session, clock, world, engine):
    app = dossier(session, world, clock)
    outsider = factories.staff(session, role=Role.GESTIONNAIRE)
    session.commit()
    data = b"".join(dossier_zip.stream_dossiers_zip(_factory(engine), outsider.id, [app.id, 999]))
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.namelist() == ["LISEZMOI.txt"]
    assert f"{app.id}, 999" in archive.read("LISEZMOI.txt").decode()


def test_zip_over_200_is_refused_in_french(engine):
    with pytest.raises(DomainError) as refused:
        list(dossier_zip.stream_dossiers_zip(_factory(engine), 1, list(range(1, 202))))
    assert "au plus 200 dossiers" in refused.value.message
    with pytest.raises(DomainError):
        dossier_zip.selection([])

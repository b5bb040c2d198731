"""Exports: rows scope-checked, XLSX opened back with openpyxl, CSV parsed back."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

import openpyxl
import pytest

from ecandidat_app.core.errors import DomainError, Forbidden
from ecandidat_app.core.models import Account, CursusPostBac, Role
from ecandidat_app.core.review import decisions, exports
from tests import factories
from tests.core.decision_world import application, build


@pytest.fixture
def world(session, clock):
    return build(session, clock)


@pytest.fixture
def dossiers(session, clock, world):
    """Three dossiers in scope (one refused with a motif, one on LC rank 2), one outside."""
    refused, listed, plain = (application(session, world, clock) for _ in range(3))
    session.add(CursusPostBac(account_id=refused.account_id, year=2023, label="L3 Maths"))
    session.add(CursusPostBac(account_id=refused.account_id, year=2024, label="M1 Info"))
    session.add(CursusPostBac(account_id=refused.account_id, year=2022, label="L2 Maths"))
    decisions.enter_decision(
        session, world.gestionnaire, refused.id, code="DE", motif_id=world.motif.id, clock=clock
    )
    decisions.validate_decisions(session, world.gestionnaire, [refused.id], clock=clock)
    decisions.enter_decision(session, world.member, listed.id, code="LC", rank=2, clock=clock)
    other_comm = factories.commission(session, factories.centre(session, label="UFR Droit"))
    other_form = factories.formation(session, world.campaign, other_comm, today=clock.today())
    outside = application(session, world, clock, formation=other_form)
    return refused, listed, plain, outside


def test_rows_are_scope_checked_and_in_the_given_order(session, world, dossiers):
    refused, listed, plain, outside = dossiers
    ids = [plain.id, outside.id, refused.id, listed.id]
    member_rows = exports.export_rows(session, world.member, ids, ["file_number", "decision"])
    assert [r["decision"] for r in member_rows] == ["", "Défavorable", "Liste complémentaire"]
    assert len(exports.export_rows(session, world.admin, ids)) == 4
    applicant = session.get(Account, plain.account_id)
    with pytest.raises(Forbidden):
        exports.export_rows(session, applicant, ids)
    loner = factories.staff(session, role=Role.COMMISSION)
    assert exports.export_rows(session, loner, ids) == []
    with pytest.raises(DomainError):
        exports.export_rows(session, world.admin, ids, ["nope"])


def test_row_content(session, world, dossiers):
    refused, listed, _plain, _outside = dossiers
    rows = exports.export_rows(session, world.gestionnaire, [refused.id, listed.id])
    first, second = rows
    assert first["last_name"] == "Martin" and first["first_name"] == "Léa"
    assert first["birth_date"] == date(2003, 5, 4)
    assert first["bac_year"] == 2021 and first["bac_mention"] == "Bien"
    assert first["last_diploma"] == "M1 Info" and first["last_diploma_year"] == 2024
    assert first["motif"] == world.motif.label and first["decision_validated"] == "Oui"
    assert first["status"] == "Complet"
    assert first["address"] == "12 avenue Paul Alduy, 66100 Perpignan, France"
    assert second["rank"] == 2 and second["decision_validated"] == "Non"
    assert isinstance(first["transmitted_at"], datetime)


def test_xlsx_opens_with_bold_header_and_real_dates(session, world, dossiers):
    refused, listed, plain, _ = dossiers
    data = exports.export_xlsx(session, world.gestionnaire, [refused.id, listed.id, plain.id])
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    header = [c.value for c in sheet[1]]
    assert header == list(exports.EXPORT_COLUMNS.values())
    assert sheet.cell(1, 1).font.bold is True
    assert sheet.max_row == 4
    col = {h: i + 1 for i, h in enumerate(header)}
    birth = sheet.cell(2, col["Date de naissance"]).value
    assert isinstance(birth, datetime) and birth.date() == date(2003, 5, 4)
    transmitted = sheet.cell(2, col["Date de transmission"]).value
    assert isinstance(transmitted, datetime)
    assert transmitted == datetime(2027, 3, 5, 10, 0)  # 09:00 UTC shown in Paris time
    assert sheet.cell(3, col["Rang (liste complémentaire)"]).value == 2
    assert sheet.cell(2, col["Numéro de dossier"]).value.startswith("A")


def test_csv_parses_back_with_semicolons_and_bom(session, world, dossiers):
    refused, listed, _plain, _ = dossiers
    applicant = session.get(Account, refused.account_id)
    applicant.first_name = '=HYPERLINK("x")'  # a formula must not reach the spreadsheet
    session.add(applicant)
    data = exports.export_csv(
        session,
        world.gestionnaire,
        [refused.id, listed.id],
        ["file_number", "first_name", "birth_date", "transmitted_at", "motif"],
    )
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == [
        "Numéro de dossier",
        "Prénom",
        "Date de naissance",
        "Date de transmission",
        "Motif",
    ]
    assert rows[1][1] == '\'=HYPERLINK("x")'
    assert rows[1][2] == "04/05/2003"
    assert rows[1][3] == "05/03/2027 10:00"
    assert rows[1][4] == world.motif.label
    assert rows[2][4] == ""
    assert len(rows) == 3


def test_many_rows_use_a_few_queries(session, clock, world, engine):
    from sqlalchemy import event

    apps = [application(session, world, clock) for _ in range(60)]
    statements = []
    listener = lambda *_a, **_k: statements.append(1)  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        rows = exports.export_rows(session, world.gestionnaire, [a.id for a in apps])
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert len(rows) == 60
    assert len(statements) < 12


def test_default_columns_say_where_each_dossier_stands(session, world, dossiers):
    """Without a choice, an export carries the formation, the status and the decision."""
    refused, *_ = dossiers
    assert {"formation_label", "status", "decision"} <= set(exports.DEFAULT_COLUMNS)
    [row] = exports.export_rows(session, world.gestionnaire, [refused.id], exports.DEFAULT_COLUMNS)
    assert row["formation_label"] == world.formation.label
    assert row["status"] == "Complet" and row["decision"] == "Défavorable"
    assert row["motif"] == world.motif.label
    data = exports.export_csv(session, world.gestionnaire, [refused.id], exports.DEFAULT_COLUMNS)
    header = data.decode("utf-8-sig").splitlines()[0].split(";")
    assert header[:5] == ["Nom", "Prénom", "Numéro de dossier", "E-mail", "Formation"]
    assert "Statut du dossier" in header and "Avis" in header

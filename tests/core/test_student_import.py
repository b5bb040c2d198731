"""Import of the student information system's export (docs/import-etudiants.md)."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, select

from ecandidat_app.core.applications import profile
from ecandidat_app.core.clock import FixedClock
from ecandidat_app.core.errors import DomainError
from ecandidat_app.core.integrations.student_import import import_csv
from ecandidat_app.core.models import (
    BacRecord,
    CursusInterne,
    CursusPostBac,
    StudentRecord,
)
from tests import factories

HEADER = "numero_etudiant;ine;bac_annee;bac_serie;bac_mention;bac_etablissement;cursus"
MARTIN = (
    "21904567;1234567890A;2019;Générale;Bien;Lycée Arago, Perpignan;"
    "2019|L1INF|Licence 1 Informatique|Admis#2020|L2INF|Licence 2 Informatique|Admis"
)
DUPONT = "22001234;;2020;STI2D;;Lycée Jean Lurçat;2020|L1MAT|Licence 1 Mathématiques|Ajourné"


def write(tmp_path: Path, *lines: str, name: str = "export.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _internal(s: Session, account_id: int) -> list[tuple[int, str, str, str]]:
    rows = s.exec(
        select(CursusInterne)
        .where(CursusInterne.account_id == account_id)
        .order_by(CursusInterne.year)
    ).all()
    return [(r.year, r.code, r.label, r.result) for r in rows]


def test_first_import_creates_the_records(session: Session, clock: FixedClock, tmp_path) -> None:
    report = import_csv(session, write(tmp_path, HEADER, MARTIN, DUPONT), clock=clock)
    assert (report.created, report.updated, report.unchanged, report.errors) == (2, 0, 0, [])
    martin = session.get(StudentRecord, "21904567")
    assert martin is not None
    assert (martin.ine, martin.bac_year, martin.bac_series, martin.bac_mention) == (
        "1234567890A",
        2019,
        "Générale",
        "Bien",
    )
    assert martin.bac_school == "Lycée Arago, Perpignan"
    assert len(martin.content_hash) == 64


def test_second_import_of_the_same_file_changes_nothing(
    session: Session, clock: FixedClock, tmp_path
) -> None:
    path = write(tmp_path, HEADER, MARTIN, DUPONT)
    import_csv(session, path, clock=clock)
    session.commit()
    first = {
        r.student_number: (r.imported_at, r.content_hash)
        for r in session.exec(select(StudentRecord))
    }

    later = FixedClock(clock.now() + timedelta(days=3))
    report = import_csv(session, path, clock=later)
    session.commit()
    assert (report.created, report.updated, report.unchanged, report.errors) == (0, 0, 2, [])
    session.expire_all()
    again = {
        r.student_number: (r.imported_at, r.content_hash)
        for r in session.exec(select(StudentRecord))
    }
    assert again == first  # not even the import date was rewritten


def test_changed_file_updates_records_and_existing_accounts(
    session: Session, clock: FixedClock, tmp_path
) -> None:
    today = clock.today()
    past = factories.campaign(session, today=today, active=False)
    current = factories.campaign(session, today=today)
    student = factories.applicant(session, current)
    student.student_number = "21904567"
    old_student = factories.applicant(session, past)
    old_student.student_number = "21904567"
    session.add(CursusPostBac(account_id=student.id, year=2018, label="DAEU", obtained=True))
    session.flush()

    import_csv(session, write(tmp_path, HEADER, MARTIN, DUPONT), clock=clock)
    bac = session.get(BacRecord, student.id)
    assert bac is not None and bac.imported and bac.mention == "Bien"
    assert len(_internal(session, student.id)) == 2

    changed = MARTIN.replace(";Bien;", ";Très bien;") + "#2021|L3INF|Licence 3 Informatique|Admis"
    report = import_csv(
        session, write(tmp_path, HEADER, changed, DUPONT, name="v2.csv"), clock=clock
    )
    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    assert report.accounts_updated == 1  # the past campaign's account is left as it was

    session.expire_all()
    bac = session.get(BacRecord, student.id)
    assert bac is not None and bac.mention == "Très bien" and bac.imported
    assert _internal(session, student.id) == [
        (2019, "L1INF", "Licence 1 Informatique", "Admis"),
        (2020, "L2INF", "Licence 2 Informatique", "Admis"),
        (2021, "L3INF", "Licence 3 Informatique", "Admis"),
    ]
    assert session.get(StudentRecord, "21904567").bac_mention == "Très bien"  # type: ignore[union-attr]
    # What the applicant typed is not touched; the old campaign's file neither.
    assert (
        len(session.exec(select(CursusPostBac).where(CursusPostBac.account_id == student.id)).all())
        == 1
    )
    old_bac = session.get(BacRecord, old_student.id)
    assert old_bac is not None and not old_bac.imported and old_bac.year == 2021
    assert _internal(session, old_student.id) == []


def test_malformed_rows_are_reported_and_the_rest_imported(
    session: Session, clock: FixedClock, tmp_path
) -> None:
    lines = [
        HEADER,  # 1
        MARTIN,  # 2
        "30000001;;19xx;Générale;;;",  # 3: bad year
        "30000002;;2020;Générale",  # 4: missing columns
        "30000003;;2020;Générale;;;2020|L1|Licence 1",  # 5: cursus item with 3 fields
        MARTIN,  # 6: the same student again
        "",  # 7: blank line, ignored
        "30000004;;2020;ES;;;",  # 8: good (no cursus)
        "30000005;ABC;2020;ES;;;",  # 9: bad INE
        "3000 0006;;2020;ES;;;",  # 10: bad student number
    ]
    path = tmp_path / "mixed.csv"
    data = (
        "\n".join(lines).encode("utf-8")
        + b"\n30000007;;2020;S\xe9rie;;;\n"
        + (DUPONT + "\n").encode()
    )
    path.write_bytes(data)  # line 11 is Latin-1, line 12 is good

    report = import_csv(session, path, clock=clock)
    assert report.created == 3
    numbers = [line for line, _ in report.errors]
    assert numbers == [3, 4, 5, 6, 9, 10, 11]
    messages = dict(report.errors)
    assert "19xx" in messages[3]
    assert "4 colonne(s) au lieu de 7" in messages[4]
    assert "élément 1" in messages[5]
    assert "ligne 2" in messages[6]
    assert "INE" in messages[9]
    assert "UTF-8" in messages[11]
    imported = set(session.exec(select(StudentRecord.student_number)).all())
    assert imported == {"21904567", "30000004", "22001234"}
    assert "ligne 3 :" in report.summary_fr()


def test_missing_header_column_imports_nothing(
    session: Session, clock: FixedClock, tmp_path
) -> None:
    report = import_csv(
        session, write(tmp_path, "numero_etudiant;ine;bac_annee", "21904567;;2019"), clock=clock
    )
    assert report.created == 0
    assert report.errors[0][0] == 1
    assert "bac_serie" in report.errors[0][1]


def test_empty_file(session: Session, clock: FixedClock) -> None:
    report = import_csv(session, io.BytesIO(b""), clock=clock)
    assert report.errors and report.errors[0][0] == 1


def test_stream_with_bom_and_quoted_semicolon(session: Session, clock: FixedClock) -> None:
    data = (HEADER + '\n40000001;;2018;"Générale; option maths";;;\n').encode("utf-8-sig")
    report = import_csv(session, io.BytesIO(data), clock=clock)
    assert (report.created, report.errors) == (1, [])
    assert session.get(StudentRecord, "40000001").bac_series == "Générale; option maths"  # type: ignore[union-attr]


def test_imported_bac_is_read_only_in_the_profile(
    session: Session, clock: FixedClock, tmp_path
) -> None:
    camp = factories.campaign(session, today=clock.today())
    student = factories.applicant(session, camp)
    student.student_number = "21904567"
    session.flush()
    import_csv(session, write(tmp_path, HEADER, MARTIN), clock=clock)

    view = profile.get_profile(session, student.id)
    assert view.bac_locked and view.bac["series_text"] == "Générale"
    assert view.bac["series"] == "BG"
    assert "importées" in view.bac_lock_reason
    assert [row.code for row in view.internal_cursus] == ["L2INF", "L1INF"]
    with pytest.raises(DomainError):
        profile.update_bac(session, student, "2019", "Autre série", clock=clock)
    with pytest.raises(DomainError):
        profile.save_entry(session, student, "internal", {}, clock=clock)


def test_command_imports_and_reports(
    session: Session, tmp_path, capsys: pytest.CaptureFixture[str]
) -> None:
    from ecandidat_app.jobs import students

    good = write(tmp_path, HEADER, MARTIN, DUPONT)
    assert students.main([str(good)]) == 0
    assert "Dossiers étudiants créés : 2" in capsys.readouterr().out
    assert students.main([str(good)]) == 0
    assert "Dossiers étudiants inchangés : 2" in capsys.readouterr().out
    bad = write(tmp_path, HEADER, "50000001;;20;Générale;;;", name="bad.csv")
    assert students.main([str(bad)]) == 1
    assert "ligne 2 :" in capsys.readouterr().out
    assert students.main([str(tmp_path / "absent.csv")]) == 2
    assert "introuvable" in capsys.readouterr().err
    assert len(session.exec(select(StudentRecord)).all()) == 2


def test_command_line_in_a_real_process(tmp_path) -> None:
    """The way an operator runs it: migrate, then import into the app's database."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "ECANDIDAT_DATA_DIR": str(tmp_path / "app"), "ECANDIDAT_MODE": "dev"}
    env.pop("ECANDIDAT_DATABASE_URL", None)
    ecandidat = str(Path(sys.executable).with_name("ecandidat"))
    subprocess.run([ecandidat, "migrate"], env=env, check=True, capture_output=True)
    path = write(tmp_path, HEADER, MARTIN)
    out = subprocess.run(
        [ecandidat, "import-etudiants", str(path)], env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    assert "Dossiers étudiants créés : 1" in out.stdout

"""Hand-over to the student information system: an admitted applicant who confirmed is
exported field by field as docs/sis-export.md says, once, again when re-requested,
audited, in the staff member's scope; the CSV files and the command."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from sqlmodel import Session, select

from ecandidat_app.core.clock import FixedClock
from ecandidat_app.core.errors import DomainError, Forbidden, NotFound
from ecandidat_app.core.integrations.sis import batches, files, nomenclature
from ecandidat_app.core.integrations.sis.batches import Scope
from ecandidat_app.core.integrations.sis.rows import SisCandidate, SisWish, columns
from ecandidat_app.core.models import (
    Account,
    AuditEvent,
    BacRecord,
    Candidate,
    Role,
    SisExport,
)
from ecandidat_app.core.review import decisions
from tests import factories
from tests.core import decision_world as dw

DOC = Path(__file__).resolve().parents[2] / "docs" / "sis-export.md"


def _admit(s: Session, world: dw.World, clock: FixedClock, *, confirm: bool = True):  # type: ignore[no-untyped-def]
    app = dw.application(s, world, clock)
    decisions.enter_decision(s, world.gestionnaire, app.id, code="FA", clock=clock)
    decisions.validate_decisions(s, world.gestionnaire, [app.id], clock=clock)
    if confirm:
        person = s.get(Account, app.account_id)
        decisions.confirm_offer(s, person, app.id, clock=clock)
    s.flush()
    return app


@pytest.fixture
def world(session: Session, clock: FixedClock) -> dw.World:
    return dw.build(session, clock)


def _documented(table: str) -> list[str]:
    """The column names of one table of docs/sis-export.md, in order."""
    text = DOC.read_text(encoding="utf-8")
    part = text.split(f"### `{table}`", 1)[1].split("###", 1)[0].split("## Codes", 1)[0]
    return re.findall(r"^\| `([a-z0-9_]+)` \|", part, flags=re.M)


def test_rows_have_exactly_the_documented_columns() -> None:
    assert columns(SisCandidate) == _documented("opi_candidats")
    assert columns(SisWish) == _documented("opi_voeux")


def test_confirmed_applicant_is_exported_field_by_field(
    session: Session, world: dw.World, clock: FixedClock
) -> None:
    nomenclature.import_nomenclature(  # the university's Apogée codes
        "type;code;libelle;code_ecandidat\nbac;G;Baccalauréat général;BG\n".encode()
    )
    app = _admit(session, world, clock)
    cand = session.get(Candidate, app.account_id)
    cand.ine, cand.usage_name, cand.first_names = "1234567890V", "Durand", "Léa Anne"
    cand.birth_country_code, cand.nationality_code = "DE", "MA"  # born in Germany, Moroccan
    session.add(cand)
    _admit(session, world, clock, confirm=False)  # admitted, not confirmed: stays out
    person = session.get(Account, app.account_id)

    batch = batches.export_batch(
        session, world.gestionnaire, Scope(formation_id=world.formation.id), clock=clock
    )
    assert batch.application_ids == (app.id,)
    content = files.batch_files(batch)
    by_name = {name.split("_")[1]: data for name, data in content.items()}
    assert set(content) == {f"opi_candidats_{batch.batch}.csv", f"opi_voeux_{batch.batch}.csv"}
    people = list(csv.DictReader(io.StringIO(by_name["candidats"].decode("utf-8")), delimiter=";"))
    wishes = list(csv.DictReader(io.StringIO(by_name["voeux"].decode("utf-8")), delimiter=";"))
    assert not by_name["candidats"].startswith(b"\xef\xbb\xbf")  # no BOM
    assert list(people[0]) == _documented("opi_candidats")
    assert people == [
        {
            "numero_candidat": person.file_number,
            "ine": "1234567890V",
            "sexe": "F",
            "nom_naissance": "Martin",
            "nom_usage": "Durand",
            "prenom": "Léa",
            "prenom2": "Anne",
            "date_naissance": "04/05/2003",
            "code_pays_naissance": "109",  # INSEE 99109 Allemagne, as Apogée and Pégase code it
            "libelle_commune_naissance": "Perpignan",
            "code_nationalite": "350",  # INSEE 99350 Maroc
            "adresse_code_pays": "100",  # INSEE 99100 France
            "adresse_ligne3_voie": "12 avenue Paul Alduy",
            "adresse_code_postal": "66100",
            "adresse_code_commune": "66136",
            "adresse_ville": "Perpignan",
            "numero_telephone1": "0612345678",
            "mail": person.email,
            "bac_code": "G",  # the imported SIS code
            "bac_serie": "BG",
            "bac_libelle": "Baccalauréat général (depuis 2021, avec spécialités)",
            "bac_annee": "2021",
            "bac_mention": "Bien",
            "bac_specialite1": "MATHS",
            "bac_specialite2": "PC",
            "bac_etablissement": "Lycée François Arago",
            "a_confirmer": "",
        }
    ]
    assert wishes == [
        {
            "numero_candidat": person.file_number,
            "origine_admission": "EC",
            "code_voeu": world.formation.code,
            "libelle_formation": world.formation.label,
            "code_periode": world.campaign.code,
            "date_confirmation": "15/03/2027",
            "numero_candidature": str(app.id),
        }
    ]


def test_each_application_goes_once_unless_re_requested_and_is_audited(
    session: Session, world: dw.World, clock: FixedClock
) -> None:
    first = _admit(session, world, clock)
    scope = Scope(campaign_id=world.campaign.id)
    one = batches.export_batch(session, world.gestionnaire, scope, clock=clock)
    assert one.application_ids == (first.id,)
    with pytest.raises(DomainError, match="Aucun candidat admis et confirmé"):
        batches.export_batch(session, world.gestionnaire, scope, clock=clock)

    second = _admit(session, world, clock)
    clock.advance(minutes=5)
    two = batches.export_batch(session, world.gestionnaire, scope, clock=clock)
    assert two.application_ids == (second.id,) and two.batch != one.batch

    with pytest.raises(DomainError, match="pas encore été transmis"):
        batches.rerequest(session, world.gestionnaire, dw.application(session, world, clock).id)
    batches.rerequest(session, world.gestionnaire, first.id, clock=clock)
    listed = {h.application_id: h for h in batches.hand_overs(session, world.gestionnaire, scope)}
    assert listed[first.id].rerequested and listed[first.id].exported_at is None
    assert listed[second.id].batch == two.batch
    clock.advance(minutes=5)
    three = batches.export_batch(session, world.gestionnaire, scope, clock=clock)
    assert three.application_ids == (first.id,)
    assert session.get(SisExport, first.id).times == 2

    trail = session.exec(
        select(AuditEvent.action, AuditEvent.application_id)
        .where(
            AuditEvent.action.in_(["sis_exported", "sis_rerequested"])  # type: ignore[attr-defined]
        )
        .order_by(AuditEvent.id)
    ).all()
    assert trail == [
        ("sis_exported", first.id),
        ("sis_exported", second.id),
        ("sis_rerequested", first.id),
        ("sis_exported", first.id),
    ]


def test_only_gestionnaires_in_scope_and_admins_export(
    session: Session, world: dw.World, clock: FixedClock
) -> None:
    app = _admit(session, world, clock)
    scope = Scope(formation_id=world.formation.id)
    with pytest.raises(Forbidden):
        batches.export_batch(session, world.member, scope, clock=clock)
    with pytest.raises(Forbidden):
        batches.export_batch(session, session.get(Account, app.account_id), scope, clock=clock)
    with pytest.raises(Forbidden):
        batches.export_batch(session, None, scope, clock=clock)
    elsewhere = factories.staff(session, role=Role.GESTIONNAIRE)
    assert batches.pending(session, elsewhere, scope) == []  # no centre of theirs
    with pytest.raises(NotFound):
        batches.rerequest(session, elsewhere, app.id, clock=clock)
    assert batches.pending(session, world.admin, scope) == [app.id]
    with pytest.raises(DomainError, match="Choisissez une campagne"):
        batches.pending(session, world.admin, Scope())


def test_free_text_without_code_is_named_in_a_confirmer(
    session: Session, world: dw.World, clock: FixedClock
) -> None:
    app = _admit(session, world, clock)
    cand = session.get(Candidate, app.account_id)
    cand.nationality, cand.nationality_code, cand.commune_code = "Apatride", "", ""
    bac = session.get(BacRecord, app.account_id)
    bac.series, bac.series_code = "Bac étranger", ""
    session.add_all([cand, bac])
    batch = batches.export_batch(
        session, world.admin, Scope(formation_id=world.formation.id), clock=clock
    )
    row = batch.rows.candidates[0]
    assert row.a_confirmer == "code_nationalite,adresse_code_commune,bac_code"
    assert (row.code_nationalite, row.bac_libelle) == ("", "Bac étranger")


def test_codes_the_sis_lacks_are_named_in_a_confirmer(
    session: Session, world: dw.World, clock: FixedClock
) -> None:
    app = _admit(session, world, clock)
    cand = session.get(Candidate, app.account_id)
    cand.birth_country_code = "TC"  # no INSEE code: the university's nomenclature gives it
    session.add(cand)
    batch = batches.export_batch(
        session, world.admin, Scope(formation_id=world.formation.id), clock=clock
    )
    row = batch.rows.candidates[0]
    # series chosen in the list, but no SIS nomenclature imported yet
    assert (row.bac_code, row.bac_serie) == ("", "BG")
    assert row.a_confirmer == "code_pays_naissance,bac_code"
    nomenclature.import_nomenclature(
        "type;code;libelle;code_ecandidat\npays;425;TURKS ET CAIQUES;TC\nbac;G;Général;BG\n".encode()
    )
    batches.rerequest(session, world.admin, app.id, clock=clock)
    clock.advance(minutes=1)
    again = batches.export_batch(
        session, world.admin, Scope(formation_id=world.formation.id), clock=clock
    ).rows.candidates[0]
    assert (again.code_pays_naissance, again.bac_code, again.a_confirmer) == ("425", "G", "")


def test_the_command_writes_the_files_once(
    session: Session,
    world: dw.World,
    clock: FixedClock,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from ecandidat_app.jobs import sis

    app = _admit(session, world, clock)
    session.commit()
    folder = tmp_path / "opi"
    folder.mkdir()
    assert sis.main(["--formation", world.formation.code, "--dossier", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "1 admission(s) confirmée(s)" in out
    written = sorted(p.name for p in folder.iterdir())
    assert len(written) == 2 and written[0].startswith("opi_candidats_")
    header = (folder / written[0]).read_text(encoding="utf-8").splitlines()[0]
    assert header.split(";") == _documented("opi_candidats")
    assert sis.main(["--campagne", world.campaign.code, "--dossier", str(folder)]) == 1
    assert "Aucun candidat" in capsys.readouterr().err
    assert sis.main(["--redemander", str(app.id)]) == 0
    assert sis.main(["--campagne", world.campaign.code, "--dossier", str(folder)]) == 0
    assert sis.main(["--formation", "INCONNUE", "--dossier", str(folder)]) == 2
    assert "Aucune formation de code « INCONNUE »" in capsys.readouterr().err
    assert sis.main(["--campagne", "X", "--dossier", str(tmp_path / "absent")]) == 2
    session.expire_all()
    assert session.get(SisExport, app.id).times == 2
    assert session.get(SisExport, app.id).exported_by_id is None

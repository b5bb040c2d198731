"""Import of the formation offer: the dry run writes nothing and lists what it would create
and every refused line (number and French reason); the real import creates everything
in one transaction, or nothing; CSV (UTF-8 with or without BOM, Windows-1252, « ; » or
« , ») and XLSX; files that are not an offer get a French message."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlmodel import select

from ecandidat_app.core.admin.offer_import import import_offer, preview_offer, run_offer_file
from ecandidat_app.core.errors import DomainError, Forbidden
from ecandidat_app.core.models import (
    AuditEvent,
    Centre,
    Commission,
    DocumentType,
    Formation,
    FormationDocument,
    Role,
)
from tests import factories

EXAMPLE = Path(__file__).parents[2] / "docs" / "exemples" / "offre.csv"
HEADER = (
    "centre;centre_libelle;commission;commission_libelle;code;libelle;niveau;capacite;"
    "ouverture;cloture;retour_pieces;pieces"
)
GOOD = "SCI;Faculté des sciences;COM-INFO;Commission informatique;M-INFO;Master Informatique;M;40;01/03/2027;30/04/2027;15/05/2027;CV=Curriculum vitae"


def _csv(*lines: str, header: str = HEADER) -> bytes:
    return "\n".join([header, *lines]).encode()


@pytest.fixture
def admin(session, clock):
    factories.campaign(session, today=clock.today(), code="2027")
    return factories.staff(session, role=Role.ADMIN)


def _counts(session) -> tuple[int, ...]:
    models = (Centre, Commission, DocumentType, Formation, FormationDocument)
    return tuple(len(session.exec(select(m)).all()) for m in models)


def test_dry_run_lists_the_example_and_writes_nothing(session, admin):
    report = preview_offer(session, admin, "offre.csv", EXAMPLE.read_bytes())
    assert report.ok and not report.applied
    assert report.formations == 4
    assert "Centre SCI — Faculté des sciences" in report.creations
    assert "Pièce LETTRE — Lettre de motivation" in report.creations
    assert any(
        c.startswith("Formation M-MATH — Master Mathématiques appliquées (Master, 25 places")
        for c in report.creations
    )
    assert _counts(session) == (0, 0, 0, 0, 0)


def test_real_import_creates_everything_once(session, admin, clock):
    report = import_offer(session, admin, "offre.csv", EXAMPLE.read_bytes(), clock=clock)
    assert report.applied
    assert _counts(session) == (2, 3, 3, 4, 8)
    formation = session.exec(select(Formation).where(Formation.code == "M-INFO")).one()
    assert formation.capacity == 40 and formation.level == "M"
    assert str(formation.closes_on) == "2027-04-30" and "informatique" in formation.search_text
    commission = session.get(Commission, formation.commission_id)
    assert commission.code == "COM-INFO" and commission.centre_id == formation.centre_id
    assert session.exec(select(AuditEvent).where(AuditEvent.action == "admin_offer_imported")).one()
    again = import_offer(session, admin, "offre.csv", EXAMPLE.read_bytes(), clock=clock)
    assert again.creations == [] and len(again.kept) == 4
    assert _counts(session) == (2, 3, 3, 4, 8)


REFUSED = [
    (
        "SCI;Sciences;C1;Jury;F1;Licence;X;10;01/03/2027;30/04/2027;15/05/2027;",
        "Niveau « X » inconnu",
    ),
    (
        "SCI;Sciences;C1;Jury;F1;Licence;L;10;31/02/2027;30/04/2027;15/05/2027;",
        "La date d'ouverture n'est pas une date valide",
    ),
    (
        "SCI;Sciences;C1;Jury;F1;Licence;L;10;01/05/2027;30/04/2027;15/05/2027;",
        "La clôture doit suivre l'ouverture",
    ),
    (
        "SCI;Sciences;C1;Jury;F1;Licence;L;10;01/03/2027;30/04/2027;01/04/2027;",
        "retour des pièces ne peut pas précéder",
    ),
    (
        "SCI;Sciences;C1;Jury;F1;Licence;L;dix;01/03/2027;30/04/2027;15/05/2027;",
        "La capacité d'accueil doit être un nombre entier",
    ),
    (
        "SCI;Sciences;C1;Jury;F1;;L;10;01/03/2027;30/04/2027;15/05/2027;",
        "Le libellé de la formation est obligatoire",
    ),
    (
        "SCI;Sciences;C1;Jury;F 1;Licence;L;10;01/03/2027;30/04/2027;15/05/2027;",
        "lettres, chiffres",
    ),
    (
        "SCI;Sciences;C1;Jury;F1;Licence;L;10;01/03/2027;30/04/2027;15/05/2027;PHOTO",
        "La pièce PHOTO n'existe pas",
    ),
    (
        "NEW;;C1;Jury;F1;Licence;L;10;01/03/2027;30/04/2027;15/05/2027;",
        "Le libellé du centre est obligatoire",
    ),
]


@pytest.mark.parametrize(("line", "reason"), REFUSED)
def test_each_refusal_names_its_line_and_reason(session, admin, line, reason):
    report = preview_offer(session, admin, "offre.csv", _csv(GOOD, line))
    assert [r.line for r in report.refusals] == [3]
    assert reason in report.refusals[0].reason
    assert report.formations == 1  # the good line is still listed


def test_duplicates_and_a_commission_in_another_centre(session, admin):
    lines = (
        GOOD,
        GOOD,  # same formation code
        "LET;Lettres;COM-INFO;x;L-LET;Licence Lettres;L;10;01/03/2027;30/04/2027;15/05/2027;",
    )
    report = preview_offer(session, admin, "offre.csv", _csv(*lines))
    assert [(r.line, r.reason) for r in report.refusals] == [
        (3, "Le code de formation M-INFO figure déjà ligne 2."),
        (4, "La commission COM-INFO appartient au centre SCI, pas au centre LET."),
    ]
    # The refused line 4 adds no centre LET.
    assert not any(c.startswith("Centre LET") for c in report.creations)


def test_one_refused_line_and_nothing_is_imported(session, admin, clock):
    data = _csv(GOOD, REFUSED[0][0])
    with pytest.raises(DomainError, match="rien n'a été importé"):
        import_offer(session, admin, "offre.csv", data, clock=clock)
    assert _counts(session) == (0, 0, 0, 0, 0)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "Le fichier est vide."),
        (b"\n\n  \n", "Le fichier est vide."),
        (HEADER.encode(), "aucune formation"),
        (_csv(GOOD, header=HEADER.replace(";niveau", "")), "Colonnes manquantes : niveau"),
        (b"%PDF-1.7\n1 0 obj", "ni un fichier CSV ni un classeur Excel"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "ni un fichier CSV ni un classeur Excel"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ancien format Excel (.xls)"),
        (b"PK\x03\x04pas vraiment un zip", "classeur Excel est illisible"),
        (b"une seule colonne\nvaleur", "Séparateur de colonnes introuvable"),
        ("\ufeffcentre;code\n".encode("utf-16"), "ni un fichier CSV ni un classeur Excel"),
    ],
)
def test_files_that_are_not_an_offer(session, admin, data, message):
    with pytest.raises(DomainError, match=message.replace("(", r"\(").replace(")", r"\)")):
        preview_offer(session, admin, "offre.csv", data)


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: text.encode("utf-8"),
        lambda text: text.encode("utf-8-sig"),
        lambda text: text.encode("cp1252"),
        lambda text: text.replace(";", ",").encode("utf-8-sig"),
        lambda text: text.replace("\n", "\r\n").encode("cp1252"),
    ],
    ids=["utf8", "utf8-bom", "windows-1252", "comma", "crlf-1252"],
)
def test_encodings_and_separators(session, admin, encode):
    text = "\n".join(
        [
            HEADER.replace("libelle", "Libellé"),
            GOOD.replace("Master Informatique", "Maîtrise d'œuvre"),
        ]
    )
    report = preview_offer(session, admin, "offre.csv", encode(text))
    assert report.ok, report.refusals
    assert any("Maîtrise d'œuvre" in c for c in report.creations)
    assert "Centre SCI — Faculté des sciences" in report.creations


def _xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_xlsx_with_real_dates_and_numbers(session, admin, clock):
    header = HEADER.split(";")
    good = [
        "SCI",
        "Sciences",
        "C1",
        "Jury",
        "F1",
        "Licence 1",
        "L",
        30,
        datetime(2027, 3, 1),
        datetime(2027, 4, 30),
        "15/05/2027",
        "CV=CV",
    ]
    bad = [*good[:4], "F2", "Licence 2", "L", 30, "1er mars", datetime(2027, 4, 30), "", ""]
    data = _xlsx([header, good, [None] * 12, bad])
    report = preview_offer(session, admin, "offre.xlsx", data)
    assert [(r.line, r.reason) for r in report.refusals] == [
        (4, "La date d'ouverture n'est pas une date valide (jj/mm/aaaa).")
    ]
    ok = _xlsx([header, good])
    import_offer(session, admin, "offre.xlsx", ok, clock=clock)
    formation = session.exec(select(Formation)).one()
    assert formation.capacity == 30 and str(formation.opens_on) == "2027-03-01"


def test_existing_rows_are_reused(session, admin, clock):
    centre = factories.centre(session, label="UFR existante")
    commission = factories.commission(session, centre)
    piece = factories.document_type(session)
    line = f"{centre.code};;{commission.code};;F1;Licence;L;10;01/03/2027;30/04/2027;15/05/2027;{piece.code}"
    report = import_offer(session, admin, "offre.csv", _csv(line), clock=clock)
    assert len(report.creations) == 1 and report.creations[0].startswith("Formation F1")
    assert _counts(session) == (1, 1, 1, 1, 1)


def test_needs_a_current_campaign_and_an_admin(session):
    gest = factories.staff(session, role=Role.GESTIONNAIRE)
    with pytest.raises(Forbidden):
        preview_offer(session, gest, "offre.csv", EXAMPLE.read_bytes())
    with pytest.raises(DomainError, match="Aucune campagne en cours"):
        run_offer_file(session, "offre.csv", EXAMPLE.read_bytes(), apply=False)


def test_english_labels_of_the_pieces_a_line_creates(session, admin, clock):
    header = HEADER + ";pieces_en"
    line = (
        "SCI;Sciences;C1;Jury;F1;Licence;L;10;01/03/2027;30/04/2027;15/05/2027;"
        "LETTRE=Lettre de motivation|RELEVE=Relevé de notes;LETTRE=Cover letter"
    )
    report = import_offer(session, admin, "offre.csv", _csv(line, header=header), clock=clock)
    assert report.ok and report.applied, report.refusals
    pieces = {d.code: d for d in session.exec(select(DocumentType)).all()}
    assert pieces["LETTRE"].label_en == "Cover letter"
    assert pieces["RELEVE"].label_en is None  # the French label shows


def test_an_english_label_for_a_piece_the_line_does_not_create_is_refused(session, admin):
    session.add(DocumentType(code="CV", label="Curriculum vitae", label_en="CV (own words)"))
    session.flush()
    header = HEADER + ";pieces_en"
    line = "SCI;Sciences;C1;Jury;F1;Licence;L;10;01/03/2027;30/04/2027;15/05/2027;CV;CV=Resume"
    report = preview_offer(session, admin, "offre.csv", _csv(GOOD, line, header=header))
    assert [r.line for r in report.refusals] == [3]
    assert "la pièce CV n'est pas créée par cette ligne" in report.refusals[0].reason
    assert session.exec(select(DocumentType)).one().label_en == "CV (own words)"

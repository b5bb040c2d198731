"""The university's SIS nomenclature: a CSV of bac and country codes is matched with this
application's lists, kept in the data folder, and refused in French when malformed; the
command says what was linked and what was not."""

from __future__ import annotations

from pathlib import Path

import pytest

from ecandidat_app.core.errors import DomainError
from ecandidat_app.core.integrations.sis import nomenclature

APOGEE = """type;code;libelle;code_ecandidat
bac;0031;DAEU A;
bac;S;Série S;
bac;G;Baccalauréat général;BG
bac;0001;Titre étranger admis en équivalence;ETR
bac;0036;Validation d'études;
pays;109;ALLEMAGNE;
pays;100;FRANCE;
pays;425;TERR. BRITANNIQUES ANTILLES;TC
pays;999;ATLANTIDE;
"""


def test_lines_are_matched_with_the_lists_and_kept() -> None:
    report = nomenclature.import_nomenclature(APOGEE.encode("utf-8"))
    assert report.imported == {"bac": 4, "pays": 15}  # DE, TC, France and its 12 overseas
    assert report.unmatched == ["ligne 6 : 0036 Validation d'études", "ligne 10 : 999 ATLANTIDE"]
    assert "DAEUB" in report.without_code["bac"] and "S" not in report.without_code["bac"]
    assert report.without_code["pays"] == []  # TC given by the file, the rest by INSEE

    codes = nomenclature.load()
    assert codes.bac_code("DAEUA") == "0031"  # matched by its label
    assert codes.bac_code("S") == "S"  # by its code
    assert codes.bac_code("BG") == "G"  # by the code_ecandidat column
    assert codes.bac_code("STI2D") == ""
    assert codes.country_code("DE") == "109"
    assert codes.country_code("GP") == "100"
    assert codes.country_code("TC") == "425"
    assert codes.country_code("MA") == "350"  # not imported: INSEE's code
    assert codes.country_code("") == ""
    assert nomenclature.path().is_file()


def test_an_import_replaces_only_the_kinds_it_carries() -> None:
    nomenclature.import_nomenclature(APOGEE.encode("utf-8"))
    nomenclature.import_nomenclature("type;code;libelle\npays;109;Allemagne (Pégase)\n".encode())
    codes = nomenclature.load()
    assert codes.bac_code("DAEUA") == "0031"  # kept
    assert codes.pays["DE"] == nomenclature.SisCode("109", "Allemagne (Pégase)")
    assert "TC" not in codes.pays  # the country list was replaced


def test_windows_1252_files_are_read() -> None:
    text = "type;code;libelle;code_ecandidat\nbac;0032;DAEU B scientifique;DAEUB\n"
    nomenclature.import_nomenclature(text.encode("cp1252"))
    assert nomenclature.load().bac["DAEUB"].code == "0032"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("code;libelle\nS;Série S\n", "La première ligne doit être"),
        ("type;code;libelle\ndiplome;L1;Licence\n", "Ligne 2 : le type doit être"),
        ("type;code;libelle\nbac;;Série S\n", "Ligne 2 : le type doit être"),
        ("type;code;libelle\n\n", "aucun code"),
        ("", "La première ligne doit être"),
    ],
)
def test_a_malformed_file_is_refused_in_french(content: str, message: str) -> None:
    with pytest.raises(DomainError, match=message):
        nomenclature.import_nomenclature(content.encode("utf-8"))
    assert not nomenclature.path().exists()  # nothing half-kept


def test_the_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from ecandidat_app.cli import main

    source = tmp_path / "nomenclature.csv"
    source.write_text(APOGEE, encoding="utf-8")
    assert main(["import-nomenclature", str(source)]) == 0
    out = capsys.readouterr().out
    assert "Séries du bac : 4 code(s) de l'application reliés au SI." in out
    assert "Lignes sans correspondance (2)" in out and "ligne 10 : 999 ATLANTIDE" in out
    assert main(["import-nomenclature", str(tmp_path / "absent.csv")]) == 2
    assert "Fichier introuvable" in capsys.readouterr().err
    source.write_text("n'importe quoi\n", encoding="utf-8")
    assert main(["import-nomenclature", str(source)]) == 2
    assert "Fichier refusé : La première ligne" in capsys.readouterr().err

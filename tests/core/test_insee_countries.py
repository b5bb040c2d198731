"""The INSEE country table shipped for the SIS: the file is INSEE's list as published
(its digest is the one data/README.md names), known countries carry their INSEE codes,
and every ISO 3166 country of this application reaches one except the one named."""

from __future__ import annotations

import csv
import hashlib
import re

import pytest

from ecandidat_app.core.reference import countries, insee_countries


def test_the_shipped_file_is_the_documented_source() -> None:
    readme = (insee_countries.DATA.parent / "README.md").read_text(encoding="utf-8")
    documented = re.search(r"sha256\s+`([0-9a-f]{64})`", readme)
    assert documented, "data/README.md names the digest of pays_insee_2025.csv"
    assert hashlib.sha256(insee_countries.DATA.read_bytes()).hexdigest() == documented[1]
    with insee_countries.DATA.open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    assert header[:5] == ["code", "iso2_code", "iso3_code", "num3_code", "name"]
    assert len(insee_countries.insee_rows()) == 229


@pytest.mark.parametrize(
    ("iso2", "cog", "label"),
    [
        ("FR", "99100", "France"),
        ("DE", "99109", "Allemagne"),
        ("ES", "99134", "Espagne"),  # the country, not Ceuta and Melilla (99313, also ES)
        ("IT", "99127", "Italie"),
        ("GB", "99132", "Royaume-Uni"),
        ("US", "99404", "États-Unis"),
        ("MA", "99350", "Maroc"),
        ("DZ", "99352", "Algérie"),
        ("TN", "99351", "Tunisie"),
        ("CN", "99216", "Chine"),
        ("SN", "99341", "Sénégal"),
        ("BE", "99131", "Belgique"),
        ("PT", "99139", "Portugal"),  # not the Azores and Madeira (99319)
        ("CH", "99140", "Suisse"),
    ],
)
def test_known_countries_carry_their_insee_code(iso2: str, cog: str, label: str) -> None:
    found = insee_countries.insee_country(iso2)
    assert found is not None
    assert (found.cog, found.label, found.sis_code) == (cog, label, cog[2:])
    row = insee_countries.by_cog()[cog]  # straight from INSEE's row
    assert row.iso2 == iso2 and row.sovereign


def test_french_overseas_are_france_and_grouped_territories_their_group() -> None:
    for iso2 in ("GP", "MQ", "GF", "RE", "YT", "NC", "PF", "PM", "WF", "BL", "MF", "TF"):
        assert insee_countries.insee_country(iso2).cog == "99100", iso2
    assert insee_countries.insee_country("SX").cog == "99445"  # Dutch Saint-Martin
    grouped = {"AI": "99425", "BM": "99425", "JE": "99161", "PR": "99432", "NF": "99522"}
    for iso2, cog in grouped.items():
        found = insee_countries.insee_country(iso2)
        assert found.cog == cog and not found.iso2, iso2
        assert countries.country(iso2).name.split(" (")[0].lower() in found.official.lower()


def test_every_country_but_one_has_an_insee_code() -> None:
    # INSEE writes « Turks-et-Caïcos », ISO's French name « Turques-et-Caïques »: left to
    # the university's nomenclature rather than guessed.
    assert insee_countries.unmapped() == ["TC"]
    assert insee_countries.insee_country("xx") is None
    assert all(
        row.cog.startswith("99") and len(row.cog) == 5 for row in insee_countries.insee_rows()
    )

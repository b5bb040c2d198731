"""The reference lists: INE keys as the original eCandidat checks them, ISO 3166 countries
in French, communes of a postal code from the shipped list, bac series and old wording."""

from __future__ import annotations

import pytest

from ecandidat_app.core.reference import bac, communes, countries, ine


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("1234567890V", "BEA"),  # 1234567890 mod 23 = 19 -> V (alphabet without I, O, Q)
        ("0123456789M", "BEA"),
        (" 12345 67890v ", "BEA"),  # spaces and case do not matter
        ("1A2B3C4D5E0", "RNIE"),  # 6 x (1+10+2+11+3+12+4+13+5) + 14 = 380 -> 0
        ("123456789AB", "INES"),  # form only: the SIS checks its key
        ("2019A12345K", "APPRENTISSAGE"),  # form only: no public key algorithm
        ("2019a 12345k", "APPRENTISSAGE"),
    ],
)
def test_good_ine(value: str, kind: str) -> None:
    assert ine.check_ine_key(value) == ine.IneCheck(True, kind)


@pytest.mark.parametrize(
    "value",
    [
        "1234567890A",  # BEA with the wrong key
        "1234567890I",  # I is never a key
        "1A2B3C4D5E1",  # RNIE with the wrong key
        "1A2B3C4D5E9",  # RNIE: every other key digit is wrong too
        "0123456789A",  # BEA: 123456789 mod 23 = 11 -> M, not A
        "1111111111Z",  # ten times the same digit, whatever the key
        "ABCDEFGHIJK",  # no digit: no variant
        "2019B12345K",  # apprentissage needs the letter A
        "12345678ABC",  # INES is 9 digits and 2 letters
        "0000000000A",  # ten times the same digit
        "ABCDEFGHIJ1",  # ten letters
        "12345",
        "",
        "123456789012",
    ],
)
def test_bad_ine(value: str) -> None:
    assert not ine.check_ine_key(value).valid


def test_keys_are_computed_as_in_ecandidat() -> None:
    assert ine.bea_key("1234567890") == "V"
    assert ine.bea_key("0000000023") == "A"  # 23 mod 23 = 0
    assert ine.bea_key("0000000045") == "Z"  # 45 mod 23 = 22, the last letter
    assert ine.rnie_key("1A2B3C4D5E") == "0"
    assert ine.rnie_key("000000000Z") == "5"  # 6 x 0 + 35 = 35
    assert ine.rnie_key("Z000000001") == "1"  # 6 x 35 + 1 = 211
    assert len(ine.BEA_ALPHABET) == 23 and not set("IOQ") & set(ine.BEA_ALPHABET)


def test_countries_are_iso_3166_with_french_names() -> None:
    every = countries.countries()
    assert len(every) == 249 and len({c.code for c in every}) == 249
    assert countries.country("de").name == "Allemagne"
    assert countries.country("FR").numeric == "250"
    assert [c.name for c in countries.search_countries("royau")] == ["Royaume-Uni"]
    assert countries.search_countries("etats")[0].name == "États-Unis"
    assert countries.find_country("ALLEMAGNE").code == "DE"
    assert countries.find_country("Française").code == "FR"  # the old free text
    assert countries.find_country("Atlantide") is None
    assert countries.find_country("") is None


def test_communes_of_a_postal_code() -> None:
    assert [(c.insee_code, c.name) for c in communes.communes_of("66000")] == [
        ("66136", "Perpignan")
    ]
    assert "Elne" in [c.name for c in communes.communes_of("66200")]
    assert communes.communes_of("00000") == ()
    assert communes.find_commune("75005", "paris").insee_code == "75105"
    assert communes.find_commune("13001", "Marseille").name.startswith("Marseille")
    assert communes.find_commune("66200", "st cyprien") is None
    assert communes.find_commune("66000", "").name == "Perpignan"  # the only one
    assert len(communes._index()) > 6000  # postal codes in the shipped list


def test_bac_series_and_old_wording() -> None:
    codes = [b.code for b in bac.bac_series()]
    assert len(codes) == len(set(codes))
    assert {"BG", "STI2D", "PRO", "DAEUA", "IB", "ETR"} <= set(codes)
    assert len(bac.SPECIALITIES) == 13
    assert bac.find_series("Générale").code == "BG"
    assert bac.find_series("Technologique STI2D").code == "STI2D"
    assert bac.find_series("DAEU B").code == "DAEUB"
    assert bac.find_series("bac pro").code == "PRO"
    assert bac.find_series("Bac d'ailleurs") is None

"""French wording built from data: the article before a centre's name."""

from __future__ import annotations

import pytest

from ecandidat_app.core.french import of_the


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Faculté de Droit, économie et gestion", "de la Faculté de Droit, économie et gestion"),
        ("UFR Sciences exactes", "de l'UFR Sciences exactes"),
        (
            "Institut d'administration des entreprises",
            "de l'Institut d'administration des entreprises",
        ),
        ("IAE", "de l'IAE"),
        ("École doctorale", "de l'École doctorale"),
        ("hôpital universitaire", "de l'hôpital universitaire"),
        ("Haute école de musique", "de la Haute école de musique"),
        ("Département de physique", "du Département de physique"),
        ("Pôle Sport", "du Pôle Sport"),
        ("Instituts réunis", "des Instituts réunis"),
        ("Le Mans Université", "du Mans Université"),
        ("Les Arts", "des Arts"),
        ("La Rochelle Université", "de la Rochelle Université"),
        ("L'Observatoire", "de l'Observatoire"),
    ],
)
def test_of_the_elides_and_contracts(name: str, expected: str) -> None:
    assert of_the(name) == expected

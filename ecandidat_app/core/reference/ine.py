"""The INE (identifiant national étudiant) and its check key, as the original eCandidat
checks it (MethodUtils.checkBEA23 / checkNNE36 / isINES):

- INE-BEA (given by the rectorat, "base élèves académique"): 10 digits and a key letter,
  the remainder of the 10 digits by 23 read in the alphabet without I, O and Q;
- INE-RNIE (given by a university, base 36): 10 digits or capital letters and a key digit,
  the last digit of 6 × (sum of the first 9 characters read in base 36) + the 10th;
- INES (given by the SIS to students without INE): 9 digits and 2 letters. Its key is
  checked by the SIS's web service in the original, not locally: the format is checked here.

Ten times the same digit (0000000000) is never a real INE."""

from __future__ import annotations

import re
from dataclasses import dataclass

BEA_ALPHABET = "ABCDEFGHJKLMNPRSTUVWXYZ"  # 23 letters: no I, O, Q
_BEA = re.compile(r"^[0-9]{10}[A-Z]$")
_RNIE = re.compile(r"^[0-9A-Z]{10}[0-9]$")
_INES = re.compile(r"^[0-9]{9}[A-Z]{2}$")


@dataclass(frozen=True)
class IneCheck:
    valid: bool
    kind: str  # "BEA", "RNIE", "INES" or "" when not valid


def clean_ine(value: str) -> str:
    return re.sub(r"\s", "", value).upper()


def _repeated(body: str) -> bool:
    return len(set(body)) == 1 and body[0].isdigit()


def bea_key(body: str) -> str:
    """The key letter of the 10 digits of an INE-BEA."""
    return BEA_ALPHABET[int(body) % 23]


def rnie_key(body: str) -> str:
    """The key digit of the 10 characters of an INE-RNIE."""
    total = sum(int(ch, 36) * 6 for ch in body[:9]) + int(body[9], 36)
    return str(total)[-1]


def is_bea(ine: str) -> bool:
    return bool(_BEA.match(ine)) and not _repeated(ine[:10]) and ine[10] == bea_key(ine[:10])


def is_rnie(ine: str) -> bool:
    body = ine[:10]
    if not _RNIE.match(ine) or _repeated(body) or body.isalpha():
        return False
    return ine[10] == rnie_key(body)


def check_ine_key(value: str) -> IneCheck:
    """Whether an INE (spaces and case ignored) is well formed with the right key."""
    ine = clean_ine(value)
    if _INES.match(ine):
        return IneCheck(True, "INES")
    if is_bea(ine):
        return IneCheck(True, "BEA")
    if is_rnie(ine):
        return IneCheck(True, "RNIE")
    return IneCheck(False, "")

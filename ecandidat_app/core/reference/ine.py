"""The INE (identifiant national étudiant) and its check key, exactly as the original
eCandidat checks it (EsupPortail/esup-ecandidat, commit 7ec1d6e0ffac74421cbd1b915f5f296f54eff000,
src/main/java/fr/univlorraine/ecandidat/utils/MethodUtils.java: checkBEA23, checkNNE36,
isINES; called by controllers/CandidatController.java checkStudentINE):

- INE-BEA (given by the rectorat, "base élèves académique"): 10 digits and a key letter,
  the remainder of the 10 digits by 23 read in the alphabet without I, O and Q;
- INE-RNIE (given by a university, base 36): 10 digits or capital letters and a key digit,
  the last digit of 6 × (sum of the first 9 characters read in base 36) + the 10th;
  ten letters are refused;
- INES (9 digits and 2 letters, the national register's numbers since 2018): no public
  key algorithm. eCandidat sends it to the SIS's « checkInes » web service
  (SiScolApogeeWSServiceImpl.checkStudentINES); it is checked on its shape here;
- INE apprentissage (4 digits, the letter A, 5 digits, a key letter, given to apprentices
  by SIFA): no public key algorithm either. eCandidat refuses it; the State's
  apprenticeship service accepts it on its shape (mission-apprentissage/flux-retour-cfas,
  commit fbaec684c0278bdafb2ea3dd60b6f34ae402ada6,
  server/src/common/constants/validations.ts, INE_APPRENTISSAGE_REGEX_PATTERN), as here.

Ten times the same digit (0000000000) is never a real INE-BEA or INE-RNIE."""

from __future__ import annotations

import re
from dataclasses import dataclass

BEA_ALPHABET = "ABCDEFGHJKLMNPRSTUVWXYZ"  # 23 letters: no I, O, Q
_BEA = re.compile(r"^[0-9]{10}[A-Z]$")
_RNIE = re.compile(r"^[0-9A-Z]{10}[0-9]$")
_INES = re.compile(r"^[0-9]{9}[A-Z]{2}$")
_APPRENTICE = re.compile(r"^[0-9]{4}A[0-9]{5}[A-Z]$")


@dataclass(frozen=True)
class IneCheck:
    valid: bool
    kind: str  # "BEA", "RNIE", "INES", "APPRENTISSAGE" or "" when not valid


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
    if _APPRENTICE.match(ine):
        return IneCheck(True, "APPRENTISSAGE")
    return IneCheck(False, "")

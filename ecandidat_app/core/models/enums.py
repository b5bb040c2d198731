"""Status codes as the reference system names them, with the French labels users know."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    APPLICANT = "applicant"
    GESTIONNAIRE = "gestionnaire"
    COMMISSION = "commission"
    # Administers the offer of the centres in their StaffScope rows (formations,
    # commissions, motifs, the centre's mail texts) and reviews those centres' dossiers.
    CENTRE_ADMIN = "centre_admin"
    # Reads the board and the dossiers of their scope; changes nothing.
    LECTEUR = "lecteur"
    ADMIN = "admin"


class Level(StrEnum):
    LICENCE = "L"
    LICENCE_PRO = "LP"
    MASTER = "M"
    DU = "DU"


LEVEL_LABELS: dict[str, str] = {
    "L": "Licence",
    "LP": "Licence professionnelle",
    "M": "Master",
    "DU": "Diplôme d'université",
}


class DossierStatus(StrEnum):
    EN_ATTENTE = "AT"
    RECEPTIONNE = "RE"
    INCOMPLET = "IN"
    COMPLET = "CO"


DOSSIER_LABELS: dict[str, str] = {
    "AT": "En attente",
    "RE": "Réceptionné",
    "IN": "Incomplet",
    "CO": "Complet",
}


class DocumentStatus(StrEnum):
    EN_ATTENTE = "AT"
    TRANSMISE = "TR"
    VALIDEE = "VA"
    REFUSEE = "RE"
    NON_CONCERNE = "NC"


DOCUMENT_LABELS: dict[str, str] = {
    "AT": "En attente",
    "TR": "Transmise",
    "VA": "Validée",
    "RE": "Refusée",
    "NC": "Non concerné",
}


class DecisionType(StrEnum):
    FAVORABLE = "FA"
    DEFAVORABLE = "DE"
    LISTE_ATTENTE = "LA"
    LISTE_COMPLEMENTAIRE = "LC"
    PRESELECTION = "PR"


DECISION_LABELS: dict[str, str] = {
    "FA": "Favorable",
    "DE": "Défavorable",
    "LA": "Liste d'attente",
    "LC": "Liste complémentaire",
    "PR": "Présélection",
}


class MailStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"

"""Status codes as the reference system names them, with the French labels users know."""

from __future__ import annotations

from enum import StrEnum

from ecandidat_app.core.i18n import N_


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
    "L": N_("Licence"),
    "LP": N_("Licence professionnelle"),
    "M": N_("Master"),
    "DU": N_("Diplôme d'université"),
}


class DossierStatus(StrEnum):
    EN_ATTENTE = "AT"
    RECEPTIONNE = "RE"
    INCOMPLET = "IN"
    COMPLET = "CO"


DOSSIER_LABELS: dict[str, str] = {
    "AT": N_("En attente"),
    "RE": N_("Réceptionné"),
    "IN": N_("Incomplet"),
    "CO": N_("Complet"),
}


class DocumentStatus(StrEnum):
    EN_ATTENTE = "AT"
    TRANSMISE = "TR"
    VALIDEE = "VA"
    REFUSEE = "RE"
    NON_CONCERNE = "NC"


DOCUMENT_LABELS: dict[str, str] = {
    "AT": N_("En attente"),
    "TR": N_("Transmise"),
    "VA": N_("Validée"),
    "RE": N_("Refusée"),
    "NC": N_("Non concerné"),
}


class DecisionType(StrEnum):
    FAVORABLE = "FA"
    DEFAVORABLE = "DE"
    LISTE_ATTENTE = "LA"
    LISTE_COMPLEMENTAIRE = "LC"
    PRESELECTION = "PR"


DECISION_LABELS: dict[str, str] = {
    "FA": N_("Favorable"),
    "DE": N_("Défavorable"),
    "LA": N_("Liste d'attente"),
    "LC": N_("Liste complémentaire"),
    "PR": N_("Présélection"),
}


class MailStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"

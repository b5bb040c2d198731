"""Demo data: a realistic multi-faculty university, dates relative to today.

Idempotent: a second call finds the demo campaign and changes nothing.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import Session, col, select

from ecandidat_app.core.clock import Clock, system_clock
from ecandidat_app.core.french import of_the
from ecandidat_app.core.models import (
    Account,
    BacRecord,
    Campaign,
    Candidate,
    Centre,
    Commission,
    CommissionMember,
    DecisionMotif,
    DocumentType,
    Formation,
    FormationDocument,
    Role,
    StaffScope,
)
from ecandidat_app.core.security import hash_password
from ecandidat_app.core.services.demo_applications import SampleStaff, seed_sample_applications
from ecandidat_app.core.text import fold

DEMO_PASSWORD = "Demo-ecandidat-2027"
DEMO_ACCOUNTS: dict[str, str] = {
    "candidat": "candidat@demo.ecandidat.fr",
    "gestionnaire": "gestionnaire@demo.ecandidat.fr",
    "membre de commission": "commission@demo.ecandidat.fr",
    "administrateur": "admin@demo.ecandidat.fr",
}

# code, label, common?, conditional?, help
DOCUMENTS: list[tuple[str, str, bool, bool, str]] = [
    ("ID", "Pièce d'identité", True, False, "Carte d'identité ou passeport en cours de validité."),
    ("CV", "Curriculum vitae", True, False, "Deux pages au plus."),
    ("LM", "Lettre de motivation", False, False, "Propre à la formation demandée."),
    ("RN", "Relevés de notes", True, False, "Tous les relevés depuis le baccalauréat."),
    ("DIP", "Dernier diplôme obtenu", True, False, "Copie du diplôme ou attestation de réussite."),
    ("BOURSE", "Notification de bourse", False, True, "Seulement si vous êtes boursier."),
    (
        "LANG",
        "Certification en langue française",
        False,
        True,
        "Pour les candidats non francophones (DELF/DALF, TCF).",
    ),
    ("STAGE", "Attestations de stage", False, True, "Si vous avez effectué des stages."),
    ("PORTF", "Portfolio", False, False, "Travaux personnels, 20 pages au plus."),
]

MOTIFS: list[tuple[str, str]] = [
    ("CAP", "Capacité d'accueil atteinte"),
    ("PRE", "Prérequis non satisfaits"),
    ("PROJ", "Projet professionnel insuffisamment défini"),
    ("DOSS", "Dossier incomplet à la date de retour"),
]

# centre code, label, [(commission code, label, [(level, domain, label, keywords, extra docs)])]
Univ = list[tuple[str, str, list[tuple[str, str, list[tuple[str, str, str, str, list[str]]]]]]]
UNIVERSITY: Univ = [
    (
        "SCI",
        "UFR Sciences exactes et expérimentales",
        [
            (
                "SCI-INFO",
                "Commission Informatique",
                [
                    (
                        "L",
                        "Informatique",
                        "Licence Informatique",
                        "programmation algorithmique",
                        [],
                    ),
                    (
                        "LP",
                        "Informatique",
                        "Licence pro Métiers de l'informatique : développement web",
                        "web développement alternance",
                        ["STAGE"],
                    ),
                    (
                        "M",
                        "Informatique",
                        "Master Informatique parcours Méthodes formelles",
                        "logique preuve vérification",
                        ["LANG"],
                    ),
                    (
                        "M",
                        "Informatique",
                        "Master Informatique parcours Intelligence artificielle",
                        "apprentissage données IA",
                        ["LANG"],
                    ),
                    (
                        "M",
                        "Informatique",
                        "Master MIAGE",
                        "gestion systèmes d'information",
                        ["STAGE"],
                    ),
                    ("DU", "Informatique", "DU Cybersécurité", "sécurité réseaux", []),
                    (
                        "L",
                        "Informatique",
                        "Licence Mathématiques et informatique appliquées",
                        "MIASHS statistiques",
                        [],
                    ),
                ],
            ),
            (
                "SCI-MATH",
                "Commission Mathématiques et physique",
                [
                    ("L", "Mathématiques", "Licence Mathématiques", "analyse algèbre", []),
                    (
                        "M",
                        "Mathématiques",
                        "Master Mathématiques appliquées : méthodes numériques",
                        "modélisation calcul",
                        [],
                    ),
                    ("L", "Physique", "Licence Physique-Chimie", "physique chimie", []),
                    (
                        "M",
                        "Physique",
                        "Master Énergies renouvelables",
                        "énergie solaire thermique",
                        ["LANG"],
                    ),
                    (
                        "LP",
                        "Physique",
                        "Licence pro Métiers de l'énergie",
                        "énergie bâtiment",
                        ["STAGE"],
                    ),
                    ("M", "Physique", "Master Physique fondamentale", "physique théorique", []),
                ],
            ),
            (
                "SCI-BIO",
                "Commission Sciences de la vie",
                [
                    ("L", "Biologie", "Licence Sciences de la vie", "biologie écologie", []),
                    (
                        "M",
                        "Biologie",
                        "Master Biodiversité, écologie et évolution",
                        "écologie marine",
                        ["LANG"],
                    ),
                    ("M", "Biologie", "Master Biologie santé", "biologie cellulaire", []),
                    (
                        "LP",
                        "Biologie",
                        "Licence pro Bio-industries",
                        "agroalimentaire qualité",
                        ["STAGE"],
                    ),
                    ("DU", "Biologie", "DU Œnologie et viticulture", "vin vigne", []),
                    ("L", "Biologie", "Licence Sciences de la Terre", "géologie environnement", []),
                ],
            ),
        ],
    ),
    (
        "LSH",
        "UFR Lettres et sciences humaines",
        [
            (
                "LSH-LET",
                "Commission Lettres et langues",
                [
                    ("L", "Lettres", "Licence Lettres modernes", "littérature", []),
                    ("L", "Langues", "Licence LLCER Espagnol", "espagnol civilisation", []),
                    (
                        "L",
                        "Langues",
                        "Licence LEA Anglais-Catalan",
                        "langues étrangères appliquées",
                        [],
                    ),
                    (
                        "M",
                        "Lettres",
                        "Master Arts, lettres et civilisations",
                        "littérature comparée",
                        ["PORTF"],
                    ),
                    ("M", "Langues", "Master Traduction et interprétation", "traduction", ["LANG"]),
                    ("DU", "Langues", "DU Français langue étrangère", "FLE enseignement", ["LANG"]),
                    ("M", "Langues", "Master Études catalanes", "catalan culture", []),
                ],
            ),
            (
                "LSH-SHS",
                "Commission Sciences humaines",
                [
                    ("L", "Histoire", "Licence Histoire", "histoire antique moderne", []),
                    (
                        "L",
                        "Géographie",
                        "Licence Géographie et aménagement",
                        "territoire urbanisme",
                        [],
                    ),
                    (
                        "M",
                        "Histoire",
                        "Master Histoire, civilisations, patrimoine",
                        "patrimoine archives",
                        ["PORTF"],
                    ),
                    ("L", "Psychologie", "Licence Psychologie", "psychologie clinique", []),
                    (
                        "M",
                        "Psychologie",
                        "Master Psychologie du développement",
                        "enfance développement",
                        ["STAGE"],
                    ),
                    ("L", "Sociologie", "Licence Sociologie", "société enquête", []),
                    (
                        "M",
                        "Géographie",
                        "Master Aménagement et urbanisme",
                        "ville territoire",
                        ["STAGE"],
                    ),
                ],
            ),
            (
                "LSH-EDU",
                "Commission Éducation et sport",
                [
                    ("L", "Sport", "Licence STAPS", "sport entraînement", []),
                    (
                        "M",
                        "Éducation",
                        "Master MEEF Premier degré",
                        "enseignement professeur des écoles",
                        [],
                    ),
                    (
                        "M",
                        "Éducation",
                        "Master MEEF Second degré",
                        "enseignement collège lycée",
                        [],
                    ),
                    (
                        "LP",
                        "Sport",
                        "Licence pro Métiers de la forme",
                        "coaching sportif",
                        ["STAGE"],
                    ),
                    (
                        "DU",
                        "Éducation",
                        "DU Médiation scientifique",
                        "médiation culture",
                        ["PORTF"],
                    ),
                ],
            ),
        ],
    ),
    (
        "DEG",
        "Faculté de Droit, économie et gestion",
        [
            (
                "DEG-DROIT",
                "Commission Droit",
                [
                    ("L", "Droit", "Licence Droit", "juridique", []),
                    ("M", "Droit", "Master Droit des affaires", "entreprise contrats", []),
                    ("M", "Droit", "Master Droit public", "administration collectivités", []),
                    (
                        "M",
                        "Droit",
                        "Master Droit de l'environnement",
                        "environnement urbanisme",
                        [],
                    ),
                    ("LP", "Droit", "Licence pro Métiers du notariat", "notaire", ["STAGE"]),
                    ("DU", "Droit", "DU Droit du numérique", "données RGPD", []),
                    (
                        "M",
                        "Droit",
                        "Master Droit pénal et sciences criminelles",
                        "pénal criminologie",
                        [],
                    ),
                ],
            ),
            (
                "DEG-ECO",
                "Commission Économie et gestion",
                [
                    ("L", "Économie", "Licence Économie et gestion", "économie", []),
                    ("M", "Gestion", "Master Management", "management organisation", []),
                    ("M", "Gestion", "Master Finance", "banque finance marchés", []),
                    ("M", "Gestion", "Master Marketing, vente", "marketing commerce", ["STAGE"]),
                    (
                        "LP",
                        "Gestion",
                        "Licence pro Commerce et distribution",
                        "vente alternance",
                        ["STAGE"],
                    ),
                    (
                        "M",
                        "Économie",
                        "Master Économie appliquée : méthodes quantitatives",
                        "économétrie statistiques",
                        [],
                    ),
                    ("L", "Gestion", "Licence Administration économique et sociale", "AES", []),
                ],
            ),
        ],
    ),
    (
        "IAE",
        "Institut d'administration des entreprises",
        [
            (
                "IAE-MAE",
                "Commission IAE",
                [
                    (
                        "M",
                        "Gestion",
                        "Master Management et administration des entreprises",
                        "MAE double compétence",
                        ["LANG"],
                    ),
                    ("M", "Gestion", "Master Ressources humaines", "RH recrutement", ["STAGE"]),
                    (
                        "M",
                        "Tourisme",
                        "Master Tourisme international",
                        "tourisme hôtellerie",
                        ["LANG"],
                    ),
                    (
                        "LP",
                        "Tourisme",
                        "Licence pro Hôtellerie et tourisme",
                        "hôtellerie",
                        ["STAGE"],
                    ),
                    ("DU", "Gestion", "DU Création d'entreprise", "entrepreneuriat", []),
                    (
                        "M",
                        "Gestion",
                        "Master Contrôle de gestion et audit",
                        "audit comptabilité",
                        [],
                    ),
                    (
                        "M",
                        "Gestion",
                        "Master Management international",
                        "international export",
                        ["LANG"],
                    ),
                    ("DU", "Gestion", "DU Gestion de projet", "projet méthodes agiles", []),
                ],
            ),
        ],
    ),
]

# Days from today to the closing date, cycled over the formations: some already closed,
# some closing within days, most open for weeks.
CLOSING_OFFSETS = [30, 45, 3, 60, -5, 21, 1, 90, 14, -20, 7, 40]
LEVEL_DOCUMENTS = {
    "L": ["ID", "CV", "LM", "RN", "BOURSE"],
    "LP": ["ID", "CV", "LM", "RN", "DIP"],
    "M": ["ID", "CV", "LM", "RN", "BOURSE"],
    "DU": ["ID", "CV", "LM"],
}


def seed_demo(s: Session, *, clock: Clock = system_clock) -> bool:
    """Load the demo university. Returns False when it was already there."""
    if s.exec(select(Campaign).where(Campaign.code == "DEMO")).first() is not None:
        return False
    today = clock.today()
    campaign = Campaign(
        code="DEMO",
        label=f"Campagne {today.year}-{today.year + 1}",
        starts_on=today - timedelta(days=60),
        ends_on=today + timedelta(days=240),
        applicant_ends_on=today + timedelta(days=120),
        is_active=True,
    )
    s.add(campaign)
    s.flush()
    documents = _documents(s)
    for code, label in MOTIFS:
        s.add(DecisionMotif(code=code, label=label))
    first_centre, first_commission = _university(s, campaign, documents, today)
    password = hash_password(DEMO_PASSWORD)  # once: argon2 is slow on purpose
    gestionnaire, member = _accounts(s, campaign, first_centre, first_commission, password)
    staff = SampleStaff(
        gestionnaire=gestionnaire,
        member=member,
        member_commission_id=first_commission.id or 0,
        motifs=list(s.exec(select(DecisionMotif).order_by(col(DecisionMotif.code))).all()),
    )
    seed_sample_applications(s, campaign, first_centre, staff, password, clock=clock)
    return True


def _documents(s: Session) -> dict[str, DocumentType]:
    rows: dict[str, DocumentType] = {}
    for order, (code, label, common, conditional, help_text) in enumerate(DOCUMENTS):
        row = DocumentType(
            code=code,
            label=label,
            is_common=common,
            is_conditional=conditional,
            help_text=help_text,
            order=order,
        )
        s.add(row)
        rows[code] = row
    s.flush()
    return rows


def _university(
    s: Session, campaign: Campaign, documents: dict[str, DocumentType], today: date
) -> tuple[Centre, Commission]:
    index = 0
    first: tuple[Centre, Commission] | None = None
    for centre_code, centre_label, commissions in UNIVERSITY:
        centre = Centre(code=centre_code, label=centre_label)
        s.add(centre)
        s.flush()
        for comm_code, comm_label, formations in commissions:
            commission = Commission(
                centre_id=centre.id,
                code=comm_code,
                label=comm_label,
                contact_email=f"{comm_code.lower()}@demo.ecandidat.fr",
                alert_on_transmit=True,
            )
            s.add(commission)
            s.flush()
            first = first or (centre, commission)
            for level, domain, label, keywords, extra in formations:
                closes = today + timedelta(days=CLOSING_OFFSETS[index % len(CLOSING_OFFSETS)])
                formation = Formation(
                    campaign_id=campaign.id,
                    centre_id=centre.id,
                    commission_id=commission.id,
                    code=f"{level}{index + 1:03d}",
                    label=label,
                    level=level,
                    domain=domain,
                    keywords=keywords,
                    capacity=[25, 30, 40, 60, 120][index % 5],
                    description=f"{label} : formation {of_the(centre_label)}. "
                    f"Capacité d'accueil et modalités de sélection précisées "
                    f"par la {comm_label[:1].lower()}{comm_label[1:]}.",
                    opens_on=min(today - timedelta(days=30), closes - timedelta(days=30)),
                    closes_on=closes,
                    return_on=closes + timedelta(days=7),
                    jury_on=closes + timedelta(days=21),
                    publication_on=closes + timedelta(days=28),
                )
                formation.search_text = fold(
                    " ".join([label, keywords, formation.code, domain, centre_label])
                )
                s.add(formation)
                s.flush()
                for code in dict.fromkeys(LEVEL_DOCUMENTS[level] + extra):
                    s.add(
                        FormationDocument(
                            formation_id=formation.id, document_type_id=documents[code].id
                        )
                    )
                index += 1
    assert first is not None
    return first


def _accounts(
    s: Session, campaign: Campaign, centre: Centre, commission: Commission, password: str
) -> tuple[Account, Account]:
    """The four demo accounts; returns the gestionnaire and the commission member."""
    validated = campaign.created_at

    def account(
        key: str, role: Role, first: str, last: str, number: str, camp: int | None
    ) -> Account:
        row = Account(
            campaign_id=camp,
            role=role,
            file_number=number,
            email=DEMO_ACCOUNTS[key],
            first_name=first,
            last_name=last,
            password_hash=password,
            validated_at=validated,
        )
        s.add(row)
        s.flush()
        return row

    applicant = account("candidat", Role.APPLICANT, "Léa", "Martin", "DEMO0001", campaign.id)
    s.add(
        Candidate(
            account_id=applicant.id,
            civility="Mme",
            birth_name="Martin",
            first_names="Léa",
            birth_date=date(2003, 5, 4),
            birth_place="Perpignan",
            nationality="Française",
            phone="06 12 34 56 78",
            address_line="12 avenue Paul Alduy",
            postal_code="66100",
            city="Perpignan",
        )
    )
    s.add(
        BacRecord(
            account_id=applicant.id,
            year=2021,
            series="Générale",
            mention="Bien",
            school="Lycée François Arago",
        )
    )
    gestionnaire = account("gestionnaire", Role.GESTIONNAIRE, "Claire", "Bernard", "STAFF001", None)
    s.add(StaffScope(account_id=gestionnaire.id, centre_id=centre.id))
    member = account("membre de commission", Role.COMMISSION, "Hugo", "Petit", "STAFF002", None)
    s.add(CommissionMember(commission_id=commission.id, account_id=member.id, is_president=True))
    account("administrateur", Role.ADMIN, "Nadia", "Roux", "STAFF003", None)
    return gestionnaire, member

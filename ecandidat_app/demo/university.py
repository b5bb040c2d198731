"""The demo university as data: its pieces, decision motifs, centres, commissions and formations."""

from __future__ import annotations

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

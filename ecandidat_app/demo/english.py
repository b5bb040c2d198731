"""The demo university's English versions (what an administrator would enter), so the demo
read in English shows English titles, pieces and questions. Keyed by the French text."""

from __future__ import annotations

FORMATION_TITLES: dict[str, str] = {
    "Licence Informatique": "Bachelor's in Computer Science",
    "Licence pro Métiers de l'informatique : développement web": (
        "Professional Bachelor's in Computing: Web Development"
    ),
    "Master Informatique parcours Méthodes formelles": (
        "Master's in Computer Science – Formal Methods track"
    ),
    "Master Informatique parcours Intelligence artificielle": (
        "Master's in Computer Science – Artificial Intelligence track"
    ),
    "Master MIAGE": "Master's in Computing Methods Applied to Business Management (MIAGE)",
    "DU Cybersécurité": "University Diploma in Cybersecurity",
    "Licence Mathématiques et informatique appliquées": (
        "Bachelor's in Mathematics and Computer Science Applied to the Social Sciences"
    ),
    "Licence Mathématiques": "Bachelor's in Mathematics",
    "Master Mathématiques appliquées : méthodes numériques": (
        "Master's in Applied Mathematics: Numerical Methods"
    ),
    "Licence Physique-Chimie": "Bachelor's in Physics and Chemistry",
    "Master Énergies renouvelables": "Master's in Renewable Energy",
    "Licence pro Métiers de l'énergie": "Professional Bachelor's in Energy Careers",
    "Master Physique fondamentale": "Master's in Fundamental Physics",
    "Licence Sciences de la vie": "Bachelor's in Life Sciences",
    "Master Biodiversité, écologie et évolution": "Master's in Biodiversity, Ecology and Evolution",
    "Master Biologie santé": "Master's in Health Biology",
    "Licence pro Bio-industries": "Professional Bachelor's in Bio-industries",
    "DU Œnologie et viticulture": "University Diploma in Oenology and Viticulture",
    "Licence Sciences de la Terre": "Bachelor's in Earth Sciences",
    "Licence Lettres modernes": "Bachelor's in French Literature",
    "Licence LLCER Espagnol": "Bachelor's in Spanish Language, Literature and Civilisation",
    "Licence LEA Anglais-Catalan": "Bachelor's in Applied Foreign Languages: English and Catalan",
    "Master Arts, lettres et civilisations": "Master's in Arts, Literature and Civilisations",
    "Master Traduction et interprétation": "Master's in Translation and Interpreting",
    "DU Français langue étrangère": "University Diploma in French as a Foreign Language",
    "Master Études catalanes": "Master's in Catalan Studies",
    "Licence Histoire": "Bachelor's in History",
    "Licence Géographie et aménagement": "Bachelor's in Geography and Planning",
    "Master Histoire, civilisations, patrimoine": "Master's in History, Civilisations and Heritage",
    "Licence Psychologie": "Bachelor's in Psychology",
    "Master Psychologie du développement": "Master's in Developmental Psychology",
    "Licence Sociologie": "Bachelor's in Sociology",
    "Master Aménagement et urbanisme": "Master's in Spatial Planning and Urban Studies",
    "Licence STAPS": "Bachelor's in Sport Science (STAPS)",
    "Master MEEF Premier degré": "Master's in Teaching: Primary Education (MEEF)",
    "Master MEEF Second degré": "Master's in Teaching: Secondary Education (MEEF)",
    "Licence pro Métiers de la forme": "Professional Bachelor's in Fitness Careers",
    "DU Médiation scientifique": "University Diploma in Science Communication",
    "Licence Droit": "Bachelor of Laws",
    "Master Droit des affaires": "Master's in Business Law",
    "Master Droit public": "Master's in Public Law",
    "Master Droit de l'environnement": "Master's in Environmental Law",
    "Licence pro Métiers du notariat": "Professional Bachelor's in Notarial Practice",
    "DU Droit du numérique": "University Diploma in Digital Law",
    "Master Droit pénal et sciences criminelles": "Master's in Criminal Law and Criminology",
    "Licence Économie et gestion": "Bachelor's in Economics and Management",
    "Master Management": "Master's in Management",
    "Master Finance": "Master's in Finance",
    "Master Marketing, vente": "Master's in Marketing and Sales",
    "Licence pro Commerce et distribution": "Professional Bachelor's in Retail and Distribution",
    "Master Économie appliquée : méthodes quantitatives": (
        "Master's in Applied Economics: Quantitative Methods"
    ),
    "Licence Administration économique et sociale": (
        "Bachelor's in Economic and Social Administration"
    ),
    "Master Management et administration des entreprises": (
        "Master's in Business Administration (MAE)"
    ),
    "Master Ressources humaines": "Master's in Human Resources",
    "Master Tourisme international": "Master's in International Tourism",
    "Licence pro Hôtellerie et tourisme": "Professional Bachelor's in Hospitality and Tourism",
    "DU Création d'entreprise": "University Diploma in Starting a Business",
    "Master Contrôle de gestion et audit": "Master's in Management Control and Audit",
    "Master Management international": "Master's in International Management",
    "DU Gestion de projet": "University Diploma in Project Management",
}


def formation_description(french_title: str) -> str | None:
    """The English counterpart of the demo's generated French description."""
    title = FORMATION_TITLES.get(french_title)
    if title is None:
        return None
    return (
        f"{title}. The number of places and the selection criteria are set by the "
        "programme's admissions committee."
    )


# piece code -> (label, help)
DOCUMENTS: dict[str, tuple[str, str]] = {
    "ID": ("Proof of identity", "A valid identity card or passport."),
    "CV": ("Curriculum vitae", "Two pages at most."),
    "LM": ("Cover letter", "Specific to the programme you are applying for."),
    "RN": ("Academic transcripts", "Every transcript since the baccalauréat."),
    "DIP": ("Most recent diploma", "A copy of the diploma or a certificate of success."),
    "BOURSE": ("Grant award letter", "Only if you hold a grant."),
    "LANG": (
        "French language certificate",
        "For applicants whose first language is not French (DELF/DALF, TCF).",
    ),
    "STAGE": ("Internship certificates", "If you have completed internships."),
    "PORTF": ("Portfolio", "Personal work, 20 pages at most."),
}

# French question label -> (label, help, choices one per line in the French order)
QUESTIONS: dict[str, tuple[str, str, str]] = {
    "Pourquoi choisissez-vous cette formation ?": (
        "Why are you choosing this programme?",
        "Your plans and what you expect from the programme, 1,500 characters at most.",
        "",
    ),
    "Parcours souhaité": ("Preferred track", "", "General computer science\nData science"),
    "Avez-vous déjà programmé en dehors des cours ?": (
        "Have you ever programmed outside your courses?",
        "",
        "",
    ),
    "Suivrez-vous la formation en alternance ?": (
        "Will you follow the programme as a work-study student?",
        "",
        "",
    ),
    "Rythme d'alternance souhaité": (
        "Preferred work-study schedule",
        "Only if you follow the programme as a work-study student.",
        "Alternate weeks\nThree days / two days",
    ),
    "Date de début de contrat envisagée": ("Expected contract start date", "", ""),
}

"""The front of a dossier PDF: a cover page (applicant, formation, status, profile, cursus,
answers) and the table of contents of the pieces that follow."""

from __future__ import annotations

from dataclasses import dataclass, field

from ecandidat_app.core.documents.pdf import Document, plain
from ecandidat_app.core.review.dossier import DossierView

TITLE = "Dossier de candidature"


@dataclass
class PieceEntry:
    """One piece of the dossier in the table of contents."""

    label: str
    status_label: str
    included: bool
    pages: int = 0
    first_page: int = 0  # 1-based, in the whole dossier; 0 when not included
    files: list[tuple[str, str]] = field(default_factory=list)  # (storage key, content type)


def decision_text(view: DossierView) -> str:
    if not view.decision_code:
        return "Aucun avis"
    return view.decision_label + (" (validé)" if view.decision_validated else " (à valider)")


def summary_rows(view: DossierView) -> list[tuple[str, str]]:
    transmitted = view.transmitted_at.strftime("%d/%m/%Y") if view.transmitted_at else "—"
    return [
        ("Candidat", view.full_name),
        ("N° de dossier", view.file_number),
        ("Formation", view.formation_label),
        ("Statut du dossier", view.status_label),
        ("Transmis le", transmitted),
        ("Avis", decision_text(view)),
    ]


def _texts(
    view: DossierView, answers: list[tuple[str, str]], pieces: list[PieceEntry]
) -> list[str]:
    texts = [v for _, v in summary_rows(view)]
    for rows in (view.identity, view.contact, view.bac, answers):
        texts += [f"{k} {v}" for k, v in rows]
    texts += view.cursus + view.experiences + view.internships + [p.label for p in pieces]
    return texts


def render_front(
    view: DossierView, answers: list[tuple[str, str]], pieces: list[PieceEntry]
) -> bytes:
    """Cover and table of contents; the pieces' first pages must already be set."""
    pdf = Document(_texts(view, answers, pieces), title=f"{TITLE} - {view.full_name}")
    pdf.add_page()
    pdf.letterhead()
    pdf.style(18, bold=True)
    pdf.cell(0, 10, TITLE, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.key_values(summary_rows(view), label_width=45)
    pdf.heading("Profil du candidat")
    pdf.key_values([*view.identity, *view.contact], label_width=45)
    pdf.heading("Baccalauréat", size=11)
    if view.bac:
        pdf.key_values(view.bac, label_width=45)
    else:
        pdf.bullets([], empty="Non renseigné.")
    pdf.heading("Cursus", size=11)
    pdf.bullets(view.cursus)
    pdf.heading("Expériences professionnelles", size=11)
    pdf.bullets(view.experiences)
    pdf.heading("Stages", size=11)
    pdf.bullets(view.internships)
    pdf.heading("Réponses aux questions de la formation")
    if answers:
        pdf.key_values(answers, label_width=70)
    else:
        pdf.bullets([], empty="Aucune question pour cette formation.")
    _contents(pdf, pieces)
    return bytes(pdf.output())


def _contents(pdf: Document, pieces: list[PieceEntry]) -> None:
    pdf.add_page()
    pdf.heading("Sommaire", size=15)
    pdf.style(10)
    pdf.multi_cell(
        0,
        5,
        plain(
            "Les pièces validées suivent, dans l'ordre de la formation. "
            "Les autres sont indiquées avec leur statut."
        ),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(3)
    width = pdf.w - pdf.l_margin - pdf.r_margin
    for piece in pieces:
        where = (
            f"page {piece.first_page}" if piece.included else f"non jointe ({piece.status_label})"
        )
        if pdf.get_y() + 14 > pdf.page_break_trigger:
            pdf.add_page()
        pdf.style(10.5, bold=piece.included)
        y = pdf.get_y()
        pdf.multi_cell(width - 50, 6, plain(piece.label), new_x="LMARGIN", new_y="NEXT")
        bottom = pdf.get_y()
        pdf.set_xy(pdf.l_margin + width - 50, y)
        pdf.style(10.5)
        pdf.cell(50, 6, plain(where), align="R")
        pdf.set_xy(pdf.l_margin, bottom + 1)
    if not pieces:
        pdf.bullets([], empty="Aucune pièce demandée pour cette formation.")

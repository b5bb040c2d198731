"""Staff view of a dossier: the applicant's profile, the pieces, the notes and the history, in
the reader's language (the applicant's data stays as entered)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TypedDict

from babel.numbers import format_decimal
from sqlmodel import Session, col, select

from ecandidat_app.core.applications.dossiers import documents_with_files, return_date
from ecandidat_app.core.campaign_scope import is_current
from ecandidat_app.core.errors import NotFound
from ecandidat_app.core.i18n import N_, _, current_locale
from ecandidat_app.core.models import (
    Account,
    Application,
    ApplicationNote,
    AuditEvent,
    BacRecord,
    Campaign,
    Candidate,
    CursusInterne,
    CursusPostBac,
    DocumentType,
    Experience,
    Formation,
    Internship,
)
from ecandidat_app.core.models.enums import DECISION_LABELS, DOCUMENT_LABELS, DOSSIER_LABELS
from ecandidat_app.core.permissions import (
    can_decide_application,
    can_read_staff_view,
    can_review_application,
    load_application_for,
)

# Wording of audit actions (French msgids) in the dossier history (unknown actions show their code).
HISTORY_LABELS: dict[str, str] = {
    "application_created": N_("Candidature créée"),
    "application_transmitted": N_("Candidature transmise"),
    "application_cancelled": N_("Candidature annulée"),
    "document_file_added": N_("Pièce déposée"),
    "document_file_removed": N_("Pièce retirée"),
    "document_not_concerned": N_("Pièce déclarée non concernée"),
    "document_not_concerned_undone": N_("Déclaration « non concerné » annulée"),
    "answers_saved": N_("Réponses aux questions enregistrées"),
    "document_validated": N_("Pièce validée"),
    "document_refused": N_("Pièce refusée"),
    "dossier_incomplete": N_("Dossier déclaré incomplet"),
    "dossier_complete": N_("Dossier déclaré complet"),
    "note_added": N_("Note ajoutée"),
    "decision_entered": N_("Avis saisi"),
    "decision_validated": N_("Avis validé"),
    "offer_confirmed": N_("Inscription confirmée"),
    "offer_withdrawn": N_("Désistement"),
    "offer_auto_withdrawn": N_("Désistement automatique (délai dépassé)"),
    "promoted_from_lc": N_("Place proposée depuis la liste complémentaire"),
    "return_date_extended": N_("Date de retour des pièces prolongée"),
    "answer_deadline_extended": N_("Date limite de réponse prolongée"),
    "piece_requested": N_("Pièce supplémentaire demandée"),
}


# ---------------------------------------------------------------- the view


@dataclass
class FileView:
    id: int
    name: str
    content_type: str
    size: int


@dataclass
class DocumentView:
    id: int
    label: str
    status: str
    status_label: str
    comment: str
    conditional: bool
    files: list[FileView] = field(default_factory=list)
    # Why staff asked this dossier alone for this piece ("" when its formation asks it).
    requested: str = ""


@dataclass
class NoteView:
    author: str
    at: datetime
    body: str


@dataclass
class HistoryView:
    at: datetime
    actor: str
    action: str
    label: str
    detail: str


@dataclass
class DossierView:
    application_id: int
    version: int
    status: str
    status_label: str
    formation_label: str
    formation_id: int
    centre_id: int
    commission_id: int
    return_on: date
    transmitted_at: datetime | None
    decision_code: str | None
    decision_label: str
    decision_validated: bool
    can_review: bool
    # Its campaign is not the current one: read-only (campaign_scope.require_current_campaign).
    archived: bool
    campaign_label: str
    # Enter a decision, write a note (everyone in scope but a reader).
    can_decide: bool
    # The offer of a validated decision waiting for the applicant's answer, and its end.
    offer_open: bool
    confirm_deadline: datetime | None
    # The applicant's profile: sections of (label, value) and lists of lines.
    file_number: str
    full_name: str
    email: str
    identity: list[tuple[str, str]]
    contact: list[tuple[str, str]]
    bac: list[tuple[str, str]]
    cursus: list[str]
    experiences: list[str]
    internships: list[str]
    documents: list[DocumentView]
    notes: list[NoteView]
    history: list[HistoryView]


def _name(account: Account | None) -> str:
    return f"{account.first_name} {account.last_name}" if account else _("Système")


class _ProfileParts(TypedDict):
    identity: list[tuple[str, str]]
    contact: list[tuple[str, str]]
    bac: list[tuple[str, str]]
    cursus: list[str]
    experiences: list[str]
    internships: list[str]


def _obtained(obtained: bool, mention: str | None) -> str:
    """ "(obtenu, Bien)", "(obtenu)" or "(non obtenu)" after a diploma of the cursus."""
    if not obtained:
        return _("(non obtenu)")
    if mention:
        return _("(obtenu, {mention})").format(mention=mention)
    return _("(obtenu)")


def _profile(s: Session, applicant: Account) -> _ProfileParts:
    cand = s.get(Candidate, applicant.id)
    bac = s.get(BacRecord, applicant.id)
    identity: list[tuple[str, str | None]] = []
    contact: list[tuple[str, str | None]] = []
    bac_rows: list[tuple[str, str | None]] = []
    if cand is not None:
        identity = [
            (_("Civilité"), cand.civility),
            (_("Nom de naissance"), cand.birth_name),
            (_("Nom d'usage"), cand.usage_name),
            (_("Prénom(s)"), cand.first_names),
            (
                _("Date de naissance"),
                cand.birth_date.strftime("%d/%m/%Y") if cand.birth_date else "",
            ),
            (_("Lieu de naissance"), cand.birth_place),
            (_("Nationalité"), cand.nationality),
            (_("INE"), cand.ine),
        ]
        address = " ".join(x for x in [cand.postal_code, cand.city] if x)
        contact = [
            (_("E-mail"), applicant.email),
            (_("Téléphone"), cand.phone),
            (_("Adresse"), ", ".join(x for x in [cand.address_line, address, cand.country] if x)),
        ]
    else:
        contact = [(_("E-mail"), applicant.email)]
    if bac is not None:
        bac_rows = [
            (_("Année"), str(bac.year or "")),
            (_("Série"), bac.series),
            (_("Mention"), bac.mention),
            (_("Établissement"), bac.school),
        ]
    aid = applicant.id
    cursus = [
        f"{c.year} · {c.label} {_obtained(c.obtained, c.mention)}"
        + (f" · {c.school}" if c.school else "")
        for c in s.exec(
            select(CursusPostBac)
            .where(col(CursusPostBac.account_id) == aid)
            .order_by(col(CursusPostBac.year).desc())
        ).all()
    ]
    cursus += [
        f"{c.year} · {c.label}" + (f" · {c.result}" if c.result else "") + _(" (cursus interne)")
        for c in s.exec(
            select(CursusInterne)
            .where(col(CursusInterne.account_id) == aid)
            .order_by(col(CursusInterne.year).desc())
        ).all()
    ]
    experiences = [
        f"{e.year} · "
        + _("{title} chez {employer}").format(title=e.title, employer=e.employer)
        + (f" ({e.duration})" if e.duration else "")
        for e in s.exec(
            select(Experience)
            .where(col(Experience.account_id) == aid)
            .order_by(col(Experience.year).desc())
        ).all()
    ]
    internships = [
        f"{i.year} · "
        + _("{title} chez {employer}").format(title=i.topic, employer=i.employer)
        + (f" ({i.duration}" if i.duration else "")
        + (_(", {hours} h/semaine").format(hours=i.hours_per_week) if i.hours_per_week else "")
        + (")" if i.duration else "")
        for i in s.exec(
            select(Internship)
            .where(col(Internship.account_id) == aid)
            .order_by(col(Internship.year).desc())
        ).all()
    ]
    return {
        "identity": [(k, v) for k, v in identity if v],
        "contact": [(k, v) for k, v in contact if v],
        "bac": [(k, v) for k, v in bac_rows if v],
        "cursus": cursus,
        "experiences": experiences,
        "internships": internships,
    }


def _documents(s: Session, application_id: int) -> list[DocumentView]:
    return [
        DocumentView(
            id=doc.id or 0,
            label=dtype.label,
            status=str(doc.status),
            status_label=_(DOCUMENT_LABELS.get(str(doc.status), str(doc.status))),
            comment=doc.staff_comment,
            conditional=dtype.is_conditional,
            requested=doc.request_note if doc.requested_by_id else "",
            files=[FileView(f.id or 0, f.display_name, f.content_type, f.size) for f in files],
        )
        for doc, dtype, files in documents_with_files(s, application_id)
    ]


def notes(s: Session, application_id: int) -> list[NoteView]:
    rows = s.exec(
        select(ApplicationNote, Account)
        .join(Account, col(Account.id) == ApplicationNote.author_id)
        .where(col(ApplicationNote.application_id) == application_id)
        .order_by(col(ApplicationNote.created_at).desc(), col(ApplicationNote.id).desc())
    ).all()
    return [NoteView(_name(author), note.created_at, note.body) for note, author in rows]


_TRANSITION = re.compile(r"^([A-Z]{2}) -> ([A-Z]{2})$")
_CODED = re.compile(r"^([A-Za-z0-9_-]+)(?::\s*(.*))?$", re.DOTALL)
_BYTES = re.compile(r"\((\d+) octets\)")


def file_size(n: int) -> str:
    """A file size as staff read it: "350 Ko", "1,2 Mo" ("350 kB", "1.2 MB")."""
    if n >= 1_000_000:
        size = format_decimal(n / 1_000_000, format="0.0", locale=current_locale())
        return _("{size} Mo").format(size=size)
    return _("{size} Ko").format(size=max(1, n // 1000))


def _size(match: re.Match[str]) -> str:
    return f"({file_size(int(match.group(1)))})"


def _french_detail(
    action: str, detail: str, pieces: dict[str, str], formation: Formation | None
) -> str:
    """The history's detail in words: rows keep the codes they were written with (status
    codes, piece codes, the formation code); staff read labels."""
    if action == "application_transmitted" and (moved := _TRANSITION.match(detail)):
        before, after = (_(DOSSIER_LABELS.get(code, code)) for code in moved.groups())
        return _("statut {before} → {after}").format(before=before, after=after)
    if action == "application_created" and formation is not None and detail == formation.code:
        return formation.label
    if action.startswith("document_") and (coded := _CODED.match(detail)):
        code, rest = coded.groups()
        if code in pieces:
            return pieces[code] + (f" : {_BYTES.sub(_size, rest)}" if rest else "")
    return detail


def history(s: Session, application_id: int, limit: int = 200) -> list[HistoryView]:
    rows = s.exec(
        select(AuditEvent, Account)
        .join(Account, col(Account.id) == AuditEvent.actor_id, isouter=True)
        .where(col(AuditEvent.application_id) == application_id)
        .order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc())
        .limit(limit)
    ).all()
    formation = s.exec(
        select(Formation)
        .join(Application, col(Application.formation_id) == Formation.id)
        .where(col(Application.id) == application_id)
    ).first()
    pieces = dict(s.exec(select(DocumentType.code, DocumentType.label)).all())
    return [
        HistoryView(
            ev.at,
            _name(actor),
            ev.action,
            _(HISTORY_LABELS.get(ev.action, ev.action)),
            _french_detail(ev.action, ev.detail, pieces, formation),
        )
        for ev, actor in rows
    ]


def dossier_view(s: Session, account: Account, application_id: int) -> DossierView:
    """Everything staff read on the dossier page (any staff member in scope may read it,
    readers included)."""
    app = load_application_for(s, account, application_id, rule=can_read_staff_view)
    applicant = s.get(Account, app.account_id)
    formation = s.get(Formation, app.formation_id)
    if applicant is None or formation is None:
        raise NotFound(_("Ce dossier n'existe pas ou vous n'y avez pas accès."))
    profile = _profile(s, applicant)
    archived = not is_current(s, app.campaign_id)
    campaign = s.get(Campaign, app.campaign_id)
    return DossierView(
        application_id=app.id or 0,
        version=app.version,
        status=str(app.status),
        status_label=_(DOSSIER_LABELS.get(str(app.status), str(app.status))),
        formation_label=formation.label,
        formation_id=formation.id or 0,
        centre_id=formation.centre_id,
        commission_id=app.commission_id,
        return_on=return_date(app, formation),
        transmitted_at=app.transmitted_at,
        decision_code=app.decision_code,
        decision_label=_(DECISION_LABELS.get(app.decision_code or "", "")),
        decision_validated=app.decision_validated,
        can_review=not archived and can_review_application(s, account, app),
        can_decide=not archived and can_decide_application(s, account, app),
        offer_open=not archived
        and app.decision_validated
        and app.accepted is None
        and app.confirm_deadline is not None,
        confirm_deadline=app.confirm_deadline,
        archived=archived,
        campaign_label=campaign.label if campaign else "",
        file_number=applicant.file_number,
        full_name=f"{applicant.first_name} {applicant.last_name}",
        email=applicant.email,
        identity=profile["identity"],
        contact=profile["contact"],
        bac=profile["bac"],
        cursus=profile["cursus"],
        experiences=profile["experiences"],
        internships=profile["internships"],
        documents=_documents(s, app.id or 0),
        notes=notes(s, app.id or 0),
        history=history(s, app.id or 0),
    )

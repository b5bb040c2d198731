"""The applicant's right of access (RGPD): everything the platform holds about them, as
JSON (`export_json`) or as a zip with the files they deposited (`export_zip`)."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from ecandidat_app.core import storage
from ecandidat_app.core.applications.dossiers import document_status_label
from ecandidat_app.core.models import (
    Account,
    Application,
    ApplicationDocument,
    BacRecord,
    Candidate,
    CursusInterne,
    CursusPostBac,
    Decision,
    DecisionMotif,
    DocumentFile,
    DocumentType,
    Experience,
    Formation,
    Internship,
    OutboxMessage,
    StoredFile,
)
from ecandidat_app.core.models.enums import DECISION_LABELS, DOSSIER_LABELS
from ecandidat_app.core.privacy import applications_of, live_account
from ecandidat_app.core.questions.answers import answers_for_dossier


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def export_data(s: Session, account: Account | None) -> dict[str, Any]:
    """Everything the platform holds about this person, as they may see it: the account,
    the file, each application with its documents, the decisions SHOWN to them (validated
    ones; staff notes and drafts are not theirs) and the mails sent to them."""
    me = live_account(s, account)
    cand = s.get(Candidate, me.id)
    bac = s.get(BacRecord, me.id)

    def rows(model: Any) -> list[dict[str, Any]]:
        found = s.exec(select(model).where(model.account_id == me.id).order_by(model.id)).all()
        return [
            {k: _iso(v) if isinstance(v, date) else v for k, v in r.model_dump().items()}
            for r in found
            if r is not None
        ]

    return {
        "format": "eCandidat — export des données personnelles",
        "compte": {
            "numero_dossier": me.file_number,
            "email": me.email,
            "nom": me.last_name,
            "prenom": me.first_name,
            "role": str(me.role),
            "cree_le": _iso(me.created_at),
            "active_le": _iso(me.validated_at),
            "email_en_attente": me.pending_email,
            "numero_etudiant": me.student_number,
            "identifiant_ent": me.ent_login,
        },
        "dossier": {
            "etat_civil": _plain(cand, exclude={"account_id"}),
            "baccalaureat": _plain(bac, exclude={"account_id"}),
            "cursus_post_bac": rows(CursusPostBac),
            "cursus_interne": rows(CursusInterne),
            "experiences": rows(Experience),
            "stages": rows(Internship),
        },
        "candidatures": [_export_application(s, a) for a in applications_of(s, me.id or 0)],
        "courriels": [
            {
                "date": _iso(m.created_at),
                "destinataire": m.to_addr,
                "objet": m.subject,
                "texte": m.body_text,
                "etat": str(m.status),
                "envoye_le": _iso(m.sent_at),
            }
            for m in s.exec(
                select(OutboxMessage)
                .where(col(OutboxMessage.account_id) == me.id)
                .order_by(col(OutboxMessage.id))
            ).all()
        ],
    }


def _plain(row: Any, *, exclude: set[str]) -> dict[str, Any] | None:
    if row is None:
        return None
    return {
        k: _iso(v) if isinstance(v, date) else v
        for k, v in row.model_dump().items()
        if k not in exclude
    }


def _export_application(s: Session, application: Application) -> dict[str, Any]:
    formation = s.get(Formation, application.formation_id)
    docs = []
    for doc, doc_type in s.exec(
        select(ApplicationDocument, DocumentType)
        .join(DocumentType, col(DocumentType.id) == ApplicationDocument.document_type_id)
        .where(col(ApplicationDocument.application_id) == application.id)
        .order_by(col(DocumentType.order))
    ).all():
        files = s.exec(
            select(StoredFile)
            .join(DocumentFile, col(DocumentFile.stored_file_id) == StoredFile.id)
            .where(col(DocumentFile.application_document_id) == doc.id)
            .order_by(col(StoredFile.id))
        ).all()
        docs.append(
            {
                "piece": doc_type.label,
                "statut": document_status_label(application, doc),
                "commentaire": doc.staff_comment,
                "fichiers": [
                    {
                        "id": f.id,
                        "nom": f.display_name,
                        "taille_octets": f.size,
                        "type": f.content_type,
                        "sha256": f.sha256,
                        "depose_le": _iso(f.created_at),
                    }
                    for f in files
                ],
            }
        )
    shown = s.exec(
        select(Decision)
        .where(
            col(Decision.application_id) == application.id, col(Decision.validated_at).is_not(None)
        )
        .order_by(col(Decision.validated_at))
    ).all()
    return {
        "formation": formation.label if formation else "",
        "code_formation": formation.code if formation else "",
        "statut": DOSSIER_LABELS.get(str(application.status), str(application.status)),
        "creee_le": _iso(application.created_at),
        "transmise_le": _iso(application.transmitted_at),
        "annulee_le": _iso(application.cancelled_at),
        "reponse": application.accepted,
        "repondu_le": _iso(application.answered_at),
        "pieces": docs,
        "questions": [
            {"question": a.question, "reponse": a.answer}
            for a in answers_for_dossier(s, application.id or 0)
        ],
        "decisions": [
            {
                "avis": DECISION_LABELS.get(str(d.code), str(d.code)),
                "motif": _motif(s, d.motif_id),
                "rang": d.rank,
                "commentaire": d.comment,
                "preselection_le": _iso(d.preselection_at),
                "lieu": d.preselection_place,
                "valide_le": _iso(d.validated_at),
                "remplace": d.superseded,
            }
            for d in shown
        ],
    }


def _motif(s: Session, motif_id: int | None) -> str:
    motif = s.get(DecisionMotif, motif_id) if motif_id else None
    return motif.label if motif else ""


def export_json(s: Session, account: Account | None) -> bytes:
    return json.dumps(export_data(s, account), ensure_ascii=False, indent=2).encode("utf-8")


def export_zip(s: Session, account: Account | None) -> bytes:
    """`donnees.json` plus every file the person deposited, under `fichiers/`."""
    data = export_json(s, account)
    me = live_account(s, account)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("donnees.json", data)
        for stored in s.exec(
            select(StoredFile)
            .where(col(StoredFile.account_id) == me.id)
            .order_by(col(StoredFile.id))
        ).all():
            if storage.size_of(stored.storage_key) is None:
                continue
            # The id keeps two files of the same name apart; the name is display only.
            safe = stored.display_name.replace("/", "_").replace("\\", "_")
            with archive.open(f"fichiers/{stored.id}-{safe}", "w") as entry:
                storage.copy_to(stored.storage_key, entry)
    return out.getvalue()

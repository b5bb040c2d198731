"""Administration of the document types (the pieces a formation may ask for)."""

from __future__ import annotations

from sqlmodel import Session, col, select

from ecandidat_app.core.admin.inputs import (
    FormValue,
    Page,
    admin_audit,
    clean_bool,
    clean_code,
    clean_int,
    clean_optional,
    clean_text,
    ensure_unique,
    get_or_404,
    new_row,
    optional_id,
    paged,
    search_words,
)
from ecandidat_app.core.clock import Clock, system_clock
from ecandidat_app.core.errors import DomainError
from ecandidat_app.core.i18n import N_, _
from ecandidat_app.core.models import (
    Account,
    Centre,
    DocumentType,
)
from ecandidat_app.core.permissions import require_admin

# ---------------------------------------------------------------- document types


def list_document_types(
    s: Session, account: Account, *, page: int = 1, size: int = 50, search: str = ""
) -> Page:
    require_admin(account)
    query = search_words(
        select(DocumentType).order_by(col(DocumentType.order), col(DocumentType.label)),
        search,
        DocumentType.label,
        DocumentType.code,
    )
    return paged(s, query, page, size)


def all_document_types(s: Session) -> list[DocumentType]:
    return list(
        s.exec(
            select(DocumentType).order_by(col(DocumentType.order), col(DocumentType.label))
        ).all()
    )


def save_document_type(
    s: Session,
    account: Account,
    document_type_id: int | None,
    *,
    code: FormValue,
    label: FormValue,
    help_text: FormValue = "",
    label_en: FormValue = "",
    help_text_en: FormValue = "",
    is_common: FormValue = False,
    is_conditional: FormValue = False,
    order: FormValue = 0,
    centre_id: FormValue = None,
    clock: Clock = system_clock,
) -> DocumentType:
    require_admin(account)
    doc = (
        get_or_404(s, DocumentType, document_type_id, _("Pièce introuvable."))
        if document_type_id
        else new_row(DocumentType)
    )
    code_v = clean_code(code, N_("Le code"))
    ensure_unique(
        s,
        DocumentType,
        DocumentType.code,
        code_v,
        doc.id,
        _("Ce code de pièce existe déjà."),
        "code",
    )
    centre = optional_id(centre_id)
    if centre is not None and s.get(Centre, centre) is None:
        raise DomainError(_("Ce centre n'existe pas."), field="centre_id")
    doc.code = code_v
    doc.label = clean_text(label, N_("Le libellé"), 160, field="label", required=True)
    doc.help_text = clean_text(help_text, N_("L'aide"), 600, field="help_text")
    # English versions: optional, None when left blank (the French one then shows).
    doc.label_en = clean_optional(label_en, N_("L'intitulé en anglais"), 160, field="label_en")
    doc.help_text_en = clean_optional(
        help_text_en, N_("L'aide en anglais"), 600, field="help_text_en"
    )
    doc.is_common = clean_bool(is_common)
    doc.is_conditional = clean_bool(is_conditional)
    doc.order = clean_int(order or 0, N_("L'ordre"), field="order", maximum=10_000)
    doc.centre_id = centre
    s.add(doc)
    s.flush()
    admin_audit(s, account, "document_type_saved", f"Pièce {doc.code}", clock)
    return doc

"""Administration of the decision motifs (the reasons given with an unfavourable decision)."""

from __future__ import annotations

from sqlmodel import Session, col, select

from ecandidat_app.core.admin.inputs import (
    FormValue,
    Page,
    admin_audit,
    clean_code,
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
    Decision,
    DecisionMotif,
)
from ecandidat_app.core.permissions import offer_centres, require_centre

# ---------------------------------------------------------------- decision motifs


def list_motifs(
    s: Session, account: Account, *, page: int = 1, size: int = 50, search: str = ""
) -> Page:
    centres = offer_centres(s, account)
    query = search_words(
        select(DecisionMotif).order_by(DecisionMotif.label),
        search,
        DecisionMotif.label,
        DecisionMotif.code,
    )
    if centres is not None:  # a centre administrator: their centres' motifs only
        query = query.where(col(DecisionMotif.centre_id).in_(centres))
    return paged(s, query, page, size)


def save_motif(
    s: Session,
    account: Account,
    motif_id: int | None,
    *,
    code: FormValue,
    label: FormValue,
    centre_id: FormValue = None,
    clock: Clock = system_clock,
) -> DecisionMotif:
    offer_centres(s, account)
    motif = (
        get_or_404(s, DecisionMotif, motif_id, _("Motif introuvable."))
        if motif_id
        else new_row(DecisionMotif)
    )
    if motif.id is not None:
        require_centre(s, account, motif.centre_id)
    code_v = clean_code(code, N_("Le code"))
    ensure_unique(
        s,
        DecisionMotif,
        DecisionMotif.code,
        code_v,
        motif.id,
        _("Ce code de motif existe déjà."),
        "code",
    )
    centre = optional_id(centre_id)
    if centre is not None and s.get(Centre, centre) is None:
        raise DomainError(_("Ce centre n'existe pas."), field="centre_id")
    require_centre(s, account, centre)  # a motif for every centre is a global setting
    motif.code = code_v
    motif.label = clean_text(label, N_("Le libellé"), 200, field="label", required=True)
    motif.centre_id = centre
    s.add(motif)
    s.flush()
    admin_audit(s, account, "motif_saved", f"Motif {motif.code}", clock)
    return motif


def delete_motif(
    s: Session, account: Account, motif_id: int, *, clock: Clock = system_clock
) -> None:
    offer_centres(s, account)
    motif = get_or_404(s, DecisionMotif, motif_id, _("Motif introuvable."))
    require_centre(s, account, motif.centre_id)
    if s.exec(select(Decision.id).where(col(Decision.motif_id) == motif.id)).first() is not None:
        raise DomainError(_("Ce motif est utilisé par des avis : il ne peut pas être supprimé."))
    s.delete(motif)
    s.flush()
    admin_audit(s, account, "motif_deleted", f"Motif {motif.code}", clock)

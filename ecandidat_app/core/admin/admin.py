"""Administration of the organisation: campaigns (one active), centres, commissions and
their members, formations (search text kept in sync), document types, decision motifs.

Every function checks the caller is an admin, validates its input with French messages
(the `field` of the error names the form field), records an audit event, and accepts form
strings as well as typed values (a date may come as `date` or as "2027-03-01").
Staff accounts are in `admin_staff`, mail templates in `admin_mail`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, select

from ecandidat_app.core.admin.inputs import (
    Page,
    admin_audit,
    clean_bool,
    clean_code,
    clean_date,
    clean_int,
    clean_text,
    ensure_unique,
    get_or_404,
    optional_id,
    paged,
    search_words,
)
from ecandidat_app.core.clock import Clock, system_clock
from ecandidat_app.core.config import get_settings
from ecandidat_app.core.errors import DomainError, NotFound
from ecandidat_app.core.models import (
    Account,
    Application,
    Campaign,
    Centre,
    Commission,
    CommissionMember,
    Decision,
    DecisionMotif,
    DocumentType,
    Formation,
    FormationDocument,
)
from ecandidat_app.core.models.enums import LEVEL_LABELS
from ecandidat_app.core.permissions import STAFF as PERMISSION_STAFF
from ecandidat_app.core.permissions import require_admin
from ecandidat_app.core.text import fold
from ecandidat_app.core.validation import validate_email

# ---------------------------------------------------------------- campaigns


def list_campaigns(s: Session, account: Account, *, page: int = 1, size: int = 20) -> Page:
    require_admin(account)
    return paged(s, select(Campaign).order_by(col(Campaign.starts_on).desc()), page, size)


def save_campaign(
    s: Session,
    account: Account,
    campaign_id: int | None,
    *,
    code: Any,
    label: Any,
    starts_on: Any,
    ends_on: Any,
    applicant_ends_on: Any,
    clock: Clock = system_clock,
) -> Campaign:
    require_admin(account)
    campaign = (
        get_or_404(s, Campaign, campaign_id, "Campagne introuvable.") if campaign_id else Campaign()
    )
    code_v = clean_code(code, "Le code")
    ensure_unique(
        s, Campaign, Campaign.code, code_v, campaign.id, "Ce code de campagne existe déjà.", "code"
    )
    label_v = clean_text(label, "Le libellé", 120, field="label", required=True)
    start = clean_date(starts_on, "La date d'ouverture", field="starts_on")
    end = clean_date(ends_on, "La date de fin", field="ends_on")
    applicant_end = clean_date(
        applicant_ends_on, "La fin des comptes candidats", field="applicant_ends_on"
    )
    if not start <= applicant_end <= end:  # type: ignore[operator]
        raise DomainError(
            "Les dates doivent se suivre : ouverture, fin des comptes candidats, fin de campagne.",
            field="applicant_ends_on",
        )
    if campaign.id is None:
        active = s.exec(select(Campaign).where(Campaign.is_active == True)).first()  # noqa: E712
        campaign.previous_id = active.id if active else None
        campaign.created_at = clock.now()
    campaign.code, campaign.label = code_v, label_v
    campaign.starts_on, campaign.ends_on, campaign.applicant_ends_on = start, end, applicant_end  # type: ignore[assignment]
    s.add(campaign)
    s.flush()
    admin_audit(s, account, "campaign_saved", f"Campagne {campaign.code}", clock)
    return campaign


def activate_campaign(
    s: Session, account: Account, campaign_id: int, *, clock: Clock = system_clock
) -> Campaign:
    """Only one campaign is active: activating one deactivates the others."""
    require_admin(account)
    campaign = get_or_404(s, Campaign, campaign_id, "Campagne introuvable.")
    if campaign.archived_at is not None:
        raise DomainError("Une campagne archivée ne peut pas être réactivée.")
    s.exec(update(Campaign).where(col(Campaign.id) != campaign.id).values(is_active=False))  # type: ignore[call-overload]
    campaign.is_active = True
    s.add(campaign)
    s.flush()
    admin_audit(s, account, "campaign_activated", f"Campagne {campaign.code}", clock)
    return campaign


def archive_campaign(
    s: Session, account: Account, campaign_id: int, *, clock: Clock = system_clock
) -> Campaign:
    require_admin(account)
    campaign = get_or_404(s, Campaign, campaign_id, "Campagne introuvable.")
    if campaign.is_active:
        raise DomainError(
            "Activez d'abord une autre campagne : la campagne active ne peut pas être archivée."
        )
    if campaign.archived_at is None:
        campaign.archived_at = clock.now()
        s.add(campaign)
        admin_audit(s, account, "campaign_archived", f"Campagne {campaign.code}", clock)
    s.flush()
    return campaign


# ---------------------------------------------------------------- centres


def list_centres(
    s: Session, account: Account, *, page: int = 1, size: int = 20, search: str = ""
) -> Page:
    require_admin(account)
    query = search_words(select(Centre).order_by(Centre.label), search, Centre.label, Centre.code)
    return paged(s, query, page, size)


def save_centre(
    s: Session,
    account: Account,
    centre_id: int | None,
    *,
    code: Any,
    label: Any,
    max_applications: Any = 20,
    clock: Clock = system_clock,
) -> Centre:
    require_admin(account)
    centre = get_or_404(s, Centre, centre_id, "Centre introuvable.") if centre_id else Centre()
    code_v = clean_code(code, "Le code")
    ensure_unique(
        s, Centre, Centre.code, code_v, centre.id, "Ce code de centre existe déjà.", "code"
    )
    new_label = clean_text(label, "Le libellé", 160, field="label", required=True)
    renamed = centre.id is not None and new_label != centre.label
    centre.code, centre.label = code_v, new_label
    centre.max_applications = clean_int(
        max_applications,
        "Le nombre maximal de candidatures",
        field="max_applications",
        minimum=1,
        maximum=100,
    )
    s.add(centre)
    s.flush()
    if renamed:  # the centre's label is part of its formations' search text
        for formation in s.exec(select(Formation).where(Formation.centre_id == centre.id)).all():
            formation.search_text = formation_search_text(s, formation)
            s.add(formation)
        s.flush()
    admin_audit(s, account, "centre_saved", f"Centre {centre.code}", clock)
    return centre


def all_centres(s: Session) -> list[Centre]:
    return list(s.exec(select(Centre).order_by(Centre.label)).all())


# ---------------------------------------------------------------- commissions


def list_commissions(
    s: Session, account: Account, *, page: int = 1, size: int = 20, search: str = ""
) -> Page:
    require_admin(account)
    query = search_words(
        select(Commission).order_by(Commission.label), search, Commission.label, Commission.code
    )
    return paged(s, query, page, size)


def all_commissions(s: Session) -> list[Commission]:
    return list(s.exec(select(Commission).order_by(Commission.label)).all())


def save_commission(
    s: Session,
    account: Account,
    commission_id: int | None,
    *,
    centre_id: Any,
    code: Any,
    label: Any,
    contact_email: Any = "",
    alert_on_transmit: Any = False,
    alert_on_withdrawal: Any = False,
    clock: Clock = system_clock,
) -> Commission:
    require_admin(account)
    commission = (
        get_or_404(s, Commission, commission_id, "Commission introuvable.")
        if commission_id
        else Commission()
    )
    centre = s.get(Centre, optional_id(centre_id) or 0)
    if centre is None:
        raise DomainError("Choisissez le centre de la commission.", field="centre_id")
    if commission.id is not None and commission.centre_id != centre.id:
        has_formations = s.exec(
            select(Formation.id).where(Formation.commission_id == commission.id)
        ).first()
        if has_formations is not None:
            raise DomainError(
                "Cette commission a des formations : rattachez-les d'abord à une autre commission.",
                field="centre_id",
            )
    code_v = clean_code(code, "Le code")
    ensure_unique(
        s,
        Commission,
        Commission.code,
        code_v,
        commission.id,
        "Ce code de commission existe déjà.",
        "code",
    )
    email = str(contact_email or "").strip()
    commission.contact_email = validate_email(email, field="contact_email") if email else ""
    commission.centre_id = centre.id  # type: ignore[assignment]
    commission.code = code_v
    commission.label = clean_text(label, "Le libellé", 160, field="label", required=True)
    commission.alert_on_transmit = clean_bool(alert_on_transmit)
    commission.alert_on_withdrawal = clean_bool(alert_on_withdrawal)
    if (
        commission.alert_on_transmit or commission.alert_on_withdrawal
    ) and not commission.contact_email:
        raise DomainError("Les alertes demandent une adresse de contact.", field="contact_email")
    s.add(commission)
    s.flush()
    admin_audit(s, account, "commission_saved", f"Commission {commission.code}", clock)
    return commission


def commission_members(
    s: Session, account: Account, commission_id: int
) -> list[tuple[Account, bool]]:
    require_admin(account)
    rows = s.exec(
        select(Account, CommissionMember.is_president)
        .join(CommissionMember, col(CommissionMember.account_id) == Account.id)
        .where(CommissionMember.commission_id == commission_id)
        .order_by(Account.last_name, Account.first_name)
    ).all()
    return [(a, bool(p)) for a, p in rows]


def set_commission_member(
    s: Session,
    account: Account,
    commission_id: int,
    member_id: Any,
    *,
    is_president: Any = False,
    clock: Clock = system_clock,
) -> CommissionMember:
    """Add a staff member to a commission (or change their president flag); one president."""
    require_admin(account)
    commission = get_or_404(s, Commission, commission_id, "Commission introuvable.")
    member = s.get(Account, optional_id(member_id) or 0)
    if member is None or member.role not in PERMISSION_STAFF:
        raise DomainError("Choisissez un compte du personnel.", field="member_id")
    president = clean_bool(is_president)
    if president:
        for other in s.exec(
            select(CommissionMember).where(CommissionMember.commission_id == commission.id)
        ).all():
            if other.is_president and other.account_id != member.id:
                other.is_president = False
                s.add(other)
    row = s.get(CommissionMember, (commission.id, member.id))
    if row is None:
        row = CommissionMember(commission_id=commission.id, account_id=member.id)  # type: ignore[arg-type]
    row.is_president = president
    s.add(row)
    s.flush()
    admin_audit(
        s,
        account,
        "commission_member_set",
        f"{member.email} dans {commission.code}{' (président)' if president else ''}",
        clock,
    )
    return row


def remove_commission_member(
    s: Session, account: Account, commission_id: int, member_id: int, *, clock: Clock = system_clock
) -> None:
    require_admin(account)
    row = s.get(CommissionMember, (commission_id, member_id))
    if row is None:
        raise NotFound("Ce membre ne fait pas partie de la commission.")
    s.delete(row)
    s.flush()
    admin_audit(
        s, account, "commission_member_removed", f"Compte {member_id} de {commission_id}", clock
    )


# ---------------------------------------------------------------- formations


def formation_search_text(s: Session, formation: Formation) -> str:
    centre = s.get(Centre, formation.centre_id)
    parts = [formation.label, formation.keywords, formation.code, formation.domain]
    return fold(" ".join([*parts, centre.label if centre else ""]))[:1200]


def list_formations(
    s: Session,
    account: Account,
    *,
    page: int = 1,
    size: int = 20,
    search: str = "",
    campaign_id: int | None = None,
) -> Page:
    require_admin(account)
    query = select(Formation).order_by(Formation.label, Formation.code)
    if campaign_id:
        query = query.where(Formation.campaign_id == campaign_id)
    for word in fold(search or "").split():
        query = query.where(col(Formation.search_text).contains(word))
    return paged(s, query, page, size)


def formation_document_ids(s: Session, formation_id: int) -> list[int]:
    return list(
        s.exec(
            select(FormationDocument.document_type_id).where(
                FormationDocument.formation_id == formation_id
            )
        ).all()
    )


def save_formation(
    s: Session,
    account: Account,
    formation_id: int | None,
    *,
    commission_id: Any,
    code: Any,
    label: Any,
    level: Any,
    opens_on: Any,
    closes_on: Any,
    return_on: Any,
    campaign_id: Any = None,
    domain: Any = "",
    keywords: Any = "",
    capacity: Any = 0,
    description: Any = "",
    jury_on: Any = None,
    publication_on: Any = None,
    confirmation_days: Any = None,
    document_type_ids: Iterable[Any] = (),
    clock: Clock = system_clock,
) -> Formation:
    require_admin(account)
    formation = (
        get_or_404(s, Formation, formation_id, "Formation introuvable.") if formation_id else None
    )
    commission = s.get(Commission, optional_id(commission_id) or 0)
    if commission is None:
        raise DomainError("Choisissez la commission de la formation.", field="commission_id")
    campaign = s.get(Campaign, optional_id(campaign_id) or 0) if campaign_id else None
    if campaign is None and formation is not None:
        campaign = s.get(Campaign, formation.campaign_id)
    if campaign is None:
        campaign = s.exec(select(Campaign).where(Campaign.is_active == True)).first()  # noqa: E712
    if campaign is None:
        raise DomainError(
            "Aucune campagne active : créez et activez d'abord une campagne.", field="campaign_id"
        )
    code_v = clean_code(code, "Le code")
    duplicate = s.exec(
        select(Formation.id)
        .where(Formation.campaign_id == campaign.id)
        .where(Formation.code == code_v)
        .where(Formation.id != (formation.id if formation else -1))
    ).first()
    if duplicate is not None:
        raise DomainError("Une formation de cette campagne porte déjà ce code.", field="code")
    level_v = str(level or "")
    if level_v not in LEVEL_LABELS:
        raise DomainError("Choisissez le niveau de la formation.", field="level")
    opens = clean_date(opens_on, "La date d'ouverture", field="opens_on")
    closes = clean_date(closes_on, "La date de clôture", field="closes_on")
    returns = clean_date(return_on, "La date de retour des pièces", field="return_on")
    if closes < opens:  # type: ignore[operator]
        raise DomainError("La clôture doit suivre l'ouverture.", field="closes_on")
    if returns < closes:  # type: ignore[operator]
        raise DomainError(
            "La date de retour des pièces ne peut pas précéder la clôture.", field="return_on"
        )
    jury = clean_date(jury_on, "La date du jury", field="jury_on", required=False)
    publication = clean_date(
        publication_on, "La date de publication", field="publication_on", required=False
    )
    if jury and publication and publication < jury:
        raise DomainError("La publication ne peut pas précéder le jury.", field="publication_on")
    days_default = (
        get_settings().confirmation_days if formation is None else formation.confirmation_days
    )
    days = clean_int(
        confirmation_days if confirmation_days not in (None, "") else days_default,
        "Le délai de confirmation",
        field="confirmation_days",
        minimum=1,
        maximum=60,
    )
    doc_ids = {int(i) for i in document_type_ids if optional_id(i)}
    if doc_ids:
        known = set(s.exec(select(DocumentType.id).where(col(DocumentType.id).in_(doc_ids))).all())
        if known != doc_ids:
            raise DomainError("Une des pièces choisies n'existe plus.", field="document_type_ids")

    if formation is None:
        formation = Formation(
            campaign_id=campaign.id,
            centre_id=commission.centre_id,
            commission_id=commission.id,
            code=code_v,
            label="",
            level=level_v,
            opens_on=opens,
            closes_on=closes,
            return_on=returns,
        )
    moved = formation.id is not None and formation.commission_id != commission.id
    old_label = formation.label
    formation.campaign_id = campaign.id  # type: ignore[assignment]
    formation.commission_id = commission.id  # type: ignore[assignment]
    formation.centre_id = commission.centre_id
    formation.code = code_v
    formation.label = clean_text(label, "Le libellé", 200, field="label", required=True)
    formation.level = level_v  # type: ignore[assignment]
    formation.domain = clean_text(domain, "Le domaine", 80, field="domain")
    formation.keywords = clean_text(keywords, "Les mots-clés", 400, field="keywords")
    formation.capacity = clean_int(
        capacity or 0, "La capacité d'accueil", field="capacity", maximum=100_000
    )
    formation.description = clean_text(description, "La description", 4000, field="description")
    formation.opens_on, formation.closes_on, formation.return_on = opens, closes, returns  # type: ignore[assignment]
    formation.jury_on, formation.publication_on = jury, publication
    formation.confirmation_days = days
    formation.search_text = formation_search_text(s, formation)
    s.add(formation)
    s.flush()
    if moved:  # applications carry their commission for the staff board's filters
        s.exec(  # type: ignore[call-overload]
            update(Application)
            .where(col(Application.formation_id) == formation.id)
            .values(commission_id=commission.id)
        )
    if old_label and formation.label != old_label:  # the board sorts on the folded label
        s.exec(  # type: ignore[call-overload]
            update(Application)
            .where(col(Application.formation_id) == formation.id)
            .values(formation_sort=fold(formation.label)[:200])
        )
    current = set(formation_document_ids(s, formation.id))  # type: ignore[arg-type]
    for doc_id in current - doc_ids:
        row = s.get(FormationDocument, (formation.id, doc_id))
        if row is not None:
            s.delete(row)
    for doc_id in doc_ids - current:
        s.add(FormationDocument(formation_id=formation.id, document_type_id=doc_id))  # type: ignore[arg-type]
    s.flush()
    admin_audit(s, account, "formation_saved", f"Formation {formation.code}", clock)
    return formation


# ---------------------------------------------------------------- document types


def list_document_types(
    s: Session, account: Account, *, page: int = 1, size: int = 50, search: str = ""
) -> Page:
    require_admin(account)
    query = search_words(
        select(DocumentType).order_by(DocumentType.order, DocumentType.label),
        search,
        DocumentType.label,
        DocumentType.code,
    )
    return paged(s, query, page, size)


def all_document_types(s: Session) -> list[DocumentType]:
    return list(s.exec(select(DocumentType).order_by(DocumentType.order, DocumentType.label)).all())


def save_document_type(
    s: Session,
    account: Account,
    document_type_id: int | None,
    *,
    code: Any,
    label: Any,
    help_text: Any = "",
    is_common: Any = False,
    is_conditional: Any = False,
    order: Any = 0,
    centre_id: Any = None,
    clock: Clock = system_clock,
) -> DocumentType:
    require_admin(account)
    doc = (
        get_or_404(s, DocumentType, document_type_id, "Pièce introuvable.")
        if document_type_id
        else DocumentType()
    )
    code_v = clean_code(code, "Le code")
    ensure_unique(
        s, DocumentType, DocumentType.code, code_v, doc.id, "Ce code de pièce existe déjà.", "code"
    )
    centre = optional_id(centre_id)
    if centre is not None and s.get(Centre, centre) is None:
        raise DomainError("Ce centre n'existe pas.", field="centre_id")
    doc.code = code_v
    doc.label = clean_text(label, "Le libellé", 160, field="label", required=True)
    doc.help_text = clean_text(help_text, "L'aide", 600, field="help_text")
    doc.is_common = clean_bool(is_common)
    doc.is_conditional = clean_bool(is_conditional)
    doc.order = clean_int(order or 0, "L'ordre", field="order", maximum=10_000)
    doc.centre_id = centre
    s.add(doc)
    s.flush()
    admin_audit(s, account, "document_type_saved", f"Pièce {doc.code}", clock)
    return doc


# ---------------------------------------------------------------- decision motifs


def list_motifs(
    s: Session, account: Account, *, page: int = 1, size: int = 50, search: str = ""
) -> Page:
    require_admin(account)
    query = search_words(
        select(DecisionMotif).order_by(DecisionMotif.label),
        search,
        DecisionMotif.label,
        DecisionMotif.code,
    )
    return paged(s, query, page, size)


def save_motif(
    s: Session,
    account: Account,
    motif_id: int | None,
    *,
    code: Any,
    label: Any,
    centre_id: Any = None,
    clock: Clock = system_clock,
) -> DecisionMotif:
    require_admin(account)
    motif = (
        get_or_404(s, DecisionMotif, motif_id, "Motif introuvable.")
        if motif_id
        else DecisionMotif()
    )
    code_v = clean_code(code, "Le code")
    ensure_unique(
        s,
        DecisionMotif,
        DecisionMotif.code,
        code_v,
        motif.id,
        "Ce code de motif existe déjà.",
        "code",
    )
    centre = optional_id(centre_id)
    if centre is not None and s.get(Centre, centre) is None:
        raise DomainError("Ce centre n'existe pas.", field="centre_id")
    motif.code = code_v
    motif.label = clean_text(label, "Le libellé", 200, field="label", required=True)
    motif.centre_id = centre
    s.add(motif)
    s.flush()
    admin_audit(s, account, "motif_saved", f"Motif {motif.code}", clock)
    return motif


def delete_motif(
    s: Session, account: Account, motif_id: int, *, clock: Clock = system_clock
) -> None:
    require_admin(account)
    motif = get_or_404(s, DecisionMotif, motif_id, "Motif introuvable.")
    if s.exec(select(Decision.id).where(Decision.motif_id == motif.id)).first() is not None:
        raise DomainError("Ce motif est utilisé par des avis : il ne peut pas être supprimé.")
    s.delete(motif)
    s.flush()
    admin_audit(s, account, "motif_deleted", f"Motif {motif.code}", clock)

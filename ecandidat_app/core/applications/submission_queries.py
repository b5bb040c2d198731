"""The queries `apply` and `transmit` run at every click, built once with named
parameters: building an ORM select costs about as much CPU as SQLite takes to answer it
(`python -m bench statements`)."""

from __future__ import annotations

from sqlalchemy import and_, bindparam, case, func
from sqlmodel import col, select

from ecandidat_app.core.models import (
    Application,
    Campaign,
    Centre,
    Commission,
    DocumentType,
    Formation,
    FormationDocument,
)

# The formation with its campaign and centre (formation_id).
FORMATION_TO_APPLY = (
    select(Formation, Campaign, Centre)
    .outerjoin(Campaign, col(Campaign.id) == Formation.campaign_id)
    .outerjoin(Centre, col(Centre.id) == Formation.centre_id)
    .where(col(Formation.id) == bindparam("formation_id"))
)

# The account's live applications: to this formation, and in this campaign and centre
# (account_id, formation_id, campaign_id, centre_id).
LIVE_APPLICATIONS = (
    select(
        func.count(case((col(Application.formation_id) == bindparam("formation_id"), 1))),
        func.count(
            case(
                (
                    and_(
                        col(Application.campaign_id) == bindparam("campaign_id"),
                        col(Formation.centre_id) == bindparam("centre_id"),
                    ),
                    1,
                )
            )
        ),
    )
    .select_from(Application)
    .join(Formation, col(Formation.id) == Application.formation_id)
    .where(
        col(Application.account_id) == bindparam("account_id"),
        col(Application.cancelled_at).is_(None),
    )
)

# The document types the formation asks, in order (formation_id).
REQUIRED_TYPES = (
    select(DocumentType)
    .join(FormationDocument, col(FormationDocument.document_type_id) == DocumentType.id)
    .where(col(FormationDocument.formation_id) == bindparam("formation_id"))
    .order_by(col(DocumentType.order), col(DocumentType.id))
)

# The formation, and the commission to alert of a transmission (formation_id,
# commission_id).
FORMATION_AND_COMMISSION = (
    select(Formation, Commission)
    .outerjoin(Commission, col(Commission.id) == bindparam("commission_id"))
    .where(col(Formation.id) == bindparam("formation_id"))
)

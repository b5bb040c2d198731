"""Administration of the organisation: campaigns (one active), centres, commissions and their\nmembers, formations, document types, decision motifs; staff accounts (`staff`) and mail\ntemplates (`mail_templates`).\n\nEvery function checks the caller is an admin, validates its input with French messages (the\n`field` of the error names the form field) and records an audit event.

The names below are the public API of this domain, imported from their modules.
"""

from __future__ import annotations

from ecandidat_app.core.admin.campaign_copy import CopyPreview, copy_campaign, preview_copy
from ecandidat_app.core.admin.campaigns import (
    activate_campaign,
    archive_campaign,
    list_campaigns,
    save_campaign,
)
from ecandidat_app.core.admin.centres import (
    all_centres,
    all_commissions,
    commission_members,
    list_centres,
    list_commissions,
    remove_commission_member,
    save_centre,
    save_commission,
    set_commission_member,
)
from ecandidat_app.core.admin.document_types import (
    all_document_types,
    list_document_types,
    save_document_type,
)
from ecandidat_app.core.admin.formations import (
    FormationInput,
    formation_document_ids,
    formation_search_text,
    list_formations,
    save_formation,
)
from ecandidat_app.core.admin.motifs import (
    delete_motif,
    list_motifs,
    save_motif,
)

__all__ = [
    "CopyPreview",
    "copy_campaign",
    "preview_copy",
    "FormationInput",
    "activate_campaign",
    "all_centres",
    "all_commissions",
    "all_document_types",
    "archive_campaign",
    "commission_members",
    "delete_motif",
    "formation_document_ids",
    "formation_search_text",
    "list_campaigns",
    "list_centres",
    "list_commissions",
    "list_document_types",
    "list_formations",
    "list_motifs",
    "remove_commission_member",
    "save_campaign",
    "save_centre",
    "save_commission",
    "save_document_type",
    "save_formation",
    "save_motif",
    "set_commission_member",
]

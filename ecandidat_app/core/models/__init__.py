"""Every table, imported here so `SQLModel.metadata` (and Alembic) sees them all."""

from ecandidat_app.core.models.account import Account, LoginSession, LoginThrottle
from ecandidat_app.core.models.application import (
    Application,
    ApplicationDocument,
    ApplicationNote,
    DocumentFile,
    StoredFile,
)
from ecandidat_app.core.models.audit import AuditEvent
from ecandidat_app.core.models.campaign import Campaign
from ecandidat_app.core.models.catalogue_version import CatalogueVersion
from ecandidat_app.core.models.decision import Decision, DecisionMotif
from ecandidat_app.core.models.enums import (
    DecisionType,
    DocumentStatus,
    DossierStatus,
    Level,
    MailStatus,
    Role,
)
from ecandidat_app.core.models.formation import DocumentType, Formation, FormationDocument
from ecandidat_app.core.models.ids import id_of
from ecandidat_app.core.models.letter import (
    CentreLetterTemplate,
    Letter,
    LetterTemplate,
    OutboxAttachment,
)
from ecandidat_app.core.models.mail import CentreMailTemplate, MailTemplate, OutboxMessage
from ecandidat_app.core.models.org import Centre, Commission, CommissionMember, StaffScope
from ecandidat_app.core.models.presence import DossierPresence
from ecandidat_app.core.models.profile import (
    BacRecord,
    Candidate,
    CursusInterne,
    CursusPostBac,
    Experience,
    Internship,
    StudentRecord,
)
from ecandidat_app.core.models.question import FormationQuestion, QuestionAnswer
from ecandidat_app.core.models.session_handoff import SessionHandoff
from ecandidat_app.core.models.sis_export import SisExport

__all__ = [
    "Account",
    "Application",
    "ApplicationDocument",
    "ApplicationNote",
    "AuditEvent",
    "BacRecord",
    "Campaign",
    "Candidate",
    "CatalogueVersion",
    "Centre",
    "CentreLetterTemplate",
    "CentreMailTemplate",
    "Commission",
    "CommissionMember",
    "CursusInterne",
    "CursusPostBac",
    "Decision",
    "DecisionMotif",
    "DecisionType",
    "DocumentFile",
    "DocumentStatus",
    "DocumentType",
    "DossierPresence",
    "DossierStatus",
    "Experience",
    "Formation",
    "FormationDocument",
    "FormationQuestion",
    "Internship",
    "Letter",
    "LetterTemplate",
    "Level",
    "LoginSession",
    "LoginThrottle",
    "MailStatus",
    "MailTemplate",
    "OutboxAttachment",
    "OutboxMessage",
    "QuestionAnswer",
    "Role",
    "SessionHandoff",
    "SisExport",
    "StaffScope",
    "StoredFile",
    "StudentRecord",
    "id_of",
]

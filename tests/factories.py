"""Small builders for test data, shared by every test module (one place, not copies)."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from sqlmodel import Session

from ecandidat_app.core.models import (
    Account,
    Campaign,
    Centre,
    Commission,
    DocumentType,
    Formation,
    FormationDocument,
    Role,
)
from ecandidat_app.core.security import hash_password
from ecandidat_app.core.text import fold
from ecandidat_app.demo.sample_profile import FIRST_NAME, LAST_NAME, add_sample_profile

_seq = itertools.count(1)
PASSWORD = "Motdepasse-solide-2027"
_PASSWORD_HASH = hash_password(PASSWORD)


def campaign(s: Session, *, today: date, active: bool = True, code: str | None = None) -> Campaign:
    n = next(_seq)
    c = Campaign(
        code=code or f"C{n}",
        label=f"Campagne {n}",
        starts_on=today - timedelta(days=60),
        ends_on=today + timedelta(days=200),
        applicant_ends_on=today + timedelta(days=120),
        is_active=active,
    )
    s.add(c)
    s.flush()
    return c


def centre(s: Session, *, label: str = "UFR Sciences") -> Centre:
    n = next(_seq)
    c = Centre(code=f"CE{n}", label=label)
    s.add(c)
    s.flush()
    return c


def commission(s: Session, centre: Centre, *, label: str = "Commission Master") -> Commission:
    n = next(_seq)
    c = Commission(
        centre_id=centre.id, code=f"CO{n}", label=label, contact_email=f"jury{n}@univ.fr"
    )
    s.add(c)
    s.flush()
    return c


def document_type(
    s: Session, *, label: str = "CV", common: bool = False, conditional: bool = False
) -> DocumentType:
    n = next(_seq)
    d = DocumentType(
        code=f"D{n}", label=label, is_common=common, is_conditional=conditional, order=n
    )
    s.add(d)
    s.flush()
    return d


def formation(
    s: Session,
    camp: Campaign,
    comm: Commission,
    *,
    today: date,
    label: str = "Master Méthodes informatiques",
    opens_in: int = -10,
    closes_in: int = 10,
    documents: list[DocumentType] | None = None,
    level: str = "M",
) -> Formation:
    n = next(_seq)
    centre_row = s.get(Centre, comm.centre_id)
    f = Formation(
        campaign_id=camp.id,
        centre_id=comm.centre_id,
        commission_id=comm.id,
        code=f"F{n}",
        label=label,
        level=level,
        keywords="informatique",
        capacity=30,
        opens_on=today + timedelta(days=opens_in),
        closes_on=today + timedelta(days=closes_in),
        return_on=today + timedelta(days=closes_in + 7),
    )
    f.search_text = fold(
        " ".join([f.label, f.keywords, f.code, centre_row.label if centre_row else ""])
    )
    s.add(f)
    s.flush()
    for d in documents or []:
        s.add(FormationDocument(formation_id=f.id, document_type_id=d.id))
    s.flush()
    return f


def applicant(
    s: Session,
    camp: Campaign,
    *,
    email: str | None = None,
    validated: bool = True,
    with_profile: bool = True,
) -> Account:
    n = next(_seq)
    a = Account(
        campaign_id=camp.id,
        role=Role.APPLICANT,
        file_number=f"A{n:07d}",
        email=email or f"candidat{n}@example.org",
        last_name=LAST_NAME,
        first_name=FIRST_NAME,
        password_hash=_PASSWORD_HASH,
    )
    if validated:
        a.validated_at = camp.created_at
    s.add(a)
    s.flush()
    if with_profile:
        add_sample_profile(s, a.id or 0)
        s.flush()
    return a


def staff(s: Session, *, role: Role, email: str | None = None) -> Account:
    n = next(_seq)
    a = Account(
        role=role,
        file_number=f"S{n:07d}",
        email=email or f"staff{n}@univ.fr",
        last_name="Durand",
        first_name="Paul",
        password_hash=_PASSWORD_HASH,
        validated_at=campaign_epoch(),
    )
    s.add(a)
    s.flush()
    return a


def campaign_epoch():  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    return datetime(2026, 1, 1, tzinfo=UTC)

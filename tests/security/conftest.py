"""Shared machinery for the security tests: a world with a victim (applicant A) whose data
carries unmistakable markers, the nine personas with real login sessions, page states
instantiated the way Reflex does it, and a fingerprint of every row someone else owns.

A case is a LEAK when a persona who should be refused changes data it does not own, or
ends up with someone else's data in a client var or in what the handler returned."""

from __future__ import annotations

import inspect
import io
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest
from pypdf import PdfWriter
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, col, select

from ecandidat_app.core import applications, review
from ecandidat_app.core.accounts import sessions
from ecandidat_app.core.applications import documents
from ecandidat_app.core.clock import system_clock
from ecandidat_app.core.models import (
    Account,
    Application,
    ApplicationDocument,
    Commission,
    CommissionMember,
    CursusPostBac,
    DecisionMotif,
    DocumentType,
    Experience,
    Formation,
    Internship,
    OutboxMessage,
    Role,
    StaffScope,
    StoredFile,
)
from ecandidat_app.core.review import decisions
from tests import factories
from tests.web.harness import page_state

# Strings only A's data contains: found in a client var of someone else, they are a leak.
A_MARKERS = ("Zarkovitch", "ondine.zarkovitch", "0611223344", "Xylophonie", "Quixotique")
A_FILE_NAME = "cv-zarkovitch.pdf"
# Staff-only: the applicant never sees internal notes.
NOTE_MARKER = "NOTE-INTERNE-CONFIDENTIELLE"
# Never in any client var of anyone.
SECRET_MARKERS = ("$argon2", "$2b$")
SECRET_VAR_WORDS = ("password", "hash", "secret", "account_id", "token")
# No client var may hold a token (the session cookie is HttpOnly, read from the handshake);
# messages and errors about a password are display text, not the password.
ALLOWED_SECRET_VARS: set[str] = set()
UI_SUFFIXES = ("_message", "_kind", "_error", "_errors", "_label", "_hints", "_score")

PERSONAS = (
    "anonymous",
    "applicant_a",
    "applicant_b",
    "member_other",
    "gest_other",
    "gest_in",
    "admin",
    # An administrator of the other centre: edits that centre's offer, never A's.
    "centre_admin_other",
    # A reader (lecteur) of A's centre: sees A's dossier, changes nothing.
    "reader_in",
)
# Who may see A's personal data (marker check) and change A's dossier.
SEES_A = {"applicant_a", "gest_in", "admin", "reader_in"}
SEES_NOTES = {"gest_in", "admin", "reader_in"}
# Volatile or append-only tables a refused call may legitimately touch.
VOLATILE_TABLES = {"loginsession", "loginattempt", "dossierpresence", "auditevent"}


def pdf_bytes(*, password: str | None = None) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if password:
        writer.encrypt(password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@dataclass
class World:
    accounts: dict[str, Account | None]
    tokens: dict[str, str]
    app_open: Application  # A's, not transmitted, with files
    app_sent: Application  # A's, transmitted, noted, with a validated favourable decision
    files: list[StoredFile]
    cv: DocumentType
    grant: DocumentType
    doc_ids: list[int]  # ApplicationDocument ids of app_sent
    entries: dict[str, int]  # profile rows of A by kind
    ids: dict[str, list[int]] = field(default_factory=dict)  # other objects by kind

    def account_id(self, persona: str) -> int | None:
        account = self.accounts[persona]
        return account.id if account else None


def build_world(s: Session) -> World:
    today = system_clock.today()
    camp = factories.campaign(s, today=today)
    centre_in = factories.centre(s, label="UFR Sciences")
    centre_out = factories.centre(s, label="UFR Lettres")
    comm_in = factories.commission(s, centre_in)
    comm_out = factories.commission(s, centre_out, label="Commission Lettres")
    cv = factories.document_type(s, label="Curriculum vitae", common=True)
    grant = factories.document_type(s, label="Attestation de bourse", conditional=True)
    f_open = factories.formation(s, camp, comm_in, today=today, documents=[cv, grant])
    f_sent = factories.formation(
        s, camp, comm_in, today=today, label="Licence Informatique", documents=[cv]
    )
    factories.formation(s, camp, comm_out, today=today, label="Licence Lettres")

    a = factories.applicant(s, camp, email="ondine.zarkovitch@exemple.org")
    a.last_name, a.first_name = "Zarkovitch", "Ondine"
    b = factories.applicant(s, camp, email="basile.autre@exemple.org")
    s.flush()
    from ecandidat_app.core.models import Candidate

    cand = s.get(Candidate, a.id)
    assert cand is not None
    cand.phone, cand.birth_name = "0611223344", "Zarkovitch"
    cursus = CursusPostBac(account_id=a.id, year=2023, label="Licence Xylophonie", school="UPVD")
    exp = Experience(account_id=a.id, year=2024, employer="Boulangerie Quixotique", title="Vendeur")
    intern = Internship(account_id=a.id, year=2024, employer="Quixotique SA", topic="Caisse")
    s.add_all([cursus, exp, intern])

    member_other = factories.staff(s, role=Role.COMMISSION)
    s.add(CommissionMember(commission_id=comm_out.id, account_id=member_other.id))
    gest_other = factories.staff(s, role=Role.GESTIONNAIRE)
    s.add(StaffScope(account_id=gest_other.id, centre_id=centre_out.id))
    gest_in = factories.staff(s, role=Role.GESTIONNAIRE)
    s.add(StaffScope(account_id=gest_in.id, centre_id=centre_in.id))
    admin = factories.staff(s, role=Role.ADMIN)
    centre_admin_other = factories.staff(s, role=Role.CENTRE_ADMIN)
    s.add(StaffScope(account_id=centre_admin_other.id, centre_id=centre_out.id))
    reader_in = factories.staff(s, role=Role.LECTEUR)
    s.add(StaffScope(account_id=reader_in.id, centre_id=centre_in.id))
    motif = DecisionMotif(code="M-SEC", label="Capacité atteinte")
    s.add(motif)
    s.commit()

    app_open = applications.apply(s, a, f_open.id)
    app_sent = applications.apply(s, a, f_sent.id)
    s.commit()
    files = []
    for app_, name in ((app_sent, A_FILE_NAME), (app_open, "releve-zarkovitch.pdf")):
        files.append(
            documents.add_file(s, a, app_.id, cv.id, filename=name, source=io.BytesIO(pdf_bytes()))
        )
        s.commit()
    applications.transmit(s, a, app_sent.id)
    s.commit()
    review.add_note(s, gest_in, app_sent.id, f"{NOTE_MARKER} à ne pas montrer")
    decisions.enter_decision(s, gest_in, app_sent.id, code="FA", comment="Bon dossier")
    s.commit()
    decisions.validate_decisions(s, gest_in, [app_sent.id])
    s.commit()

    doc_ids = list(
        s.exec(
            select(ApplicationDocument.id).where(ApplicationDocument.application_id == app_sent.id)
        ).all()
    )
    accounts: dict[str, Account | None] = {
        "anonymous": None,
        "applicant_a": a,
        "applicant_b": b,
        "member_other": member_other,
        "gest_other": gest_other,
        "gest_in": gest_in,
        "admin": admin,
        "centre_admin_other": centre_admin_other,
        "reader_in": reader_in,
    }
    tokens = {"anonymous": ""}
    for persona, account in accounts.items():
        if account is not None:
            tokens[persona] = sessions.open_session(s, account.id)
    s.commit()
    outbox_ids = list(
        s.exec(select(OutboxMessage.id).where(OutboxMessage.account_id == a.id)).all()
    )
    world = World(
        accounts=accounts,
        tokens=tokens,
        app_open=app_open,
        app_sent=app_sent,
        files=files,
        cv=cv,
        grant=grant,
        doc_ids=doc_ids,
        entries={"cursus": cursus.id, "experience": exp.id, "internship": intern.id},
    )
    world.ids = {
        "admin_items": [
            camp.id,
            centre_in.id,
            comm_in.id,
            f_open.id,
            cv.id,
            motif.id,
            gest_in.id,
        ],
        "members": [member_other.id, gest_in.id],
        "outbox": outbox_ids[:2],
        "formations": [f_open.id, f_sent.id],
    }
    return world


@pytest.fixture
def world(session: Session) -> World:
    return build_world(session)


# ----------------------------------------------------------------- states and handlers


def state_for(cls: type, url: str = "/", *, token: str = "") -> Any:
    """A page state as Reflex builds it for one browser tab: root state, router data from
    the URL, the session cookie in the handshake's headers."""
    params = _route_params(url)
    path = url.split("?", 1)[0]
    pattern = path.rsplit("/", 1)[0] + "/[application_id]" if params else path
    return page_state(cls, url, token=token, ip="192.0.2.66", query=params, pattern=pattern)


def _route_params(url: str) -> dict[str, str]:
    """Dynamic segments the route table uses ([application_id])."""
    parts = url.split("?", 1)[0].strip("/").split("/")
    if len(parts) >= 2 and parts[-1].isdigit():
        return {"application_id": parts[-1]}
    return {}


def call(state: Any, name: str, *args: Any) -> Any:
    """Run one event handler on the state; async handlers and generators run to the end."""
    import asyncio

    fn = type(state).event_handlers[name].fn
    result = fn(state, *args)
    if inspect.iscoroutine(result):
        result = asyncio.run(result)
    elif inspect.isasyncgen(result):

        async def drain(gen: Any) -> list[Any]:
            return [item async for item in gen]

        result = asyncio.run(drain(result))
    elif inspect.isgenerator(result):
        result = list(result)
    return result


def client_vars(state: Any) -> dict[str, Any]:
    """What the browser receives from this state (no underscore vars)."""
    return state.dict()


def secret_var_names(state_cls: type) -> list[str]:
    names = []
    for name in state_cls.base_vars | state_cls.computed_vars:
        lowered = name.lower()
        if name.startswith("_") or name in ALLOWED_SECRET_VARS or name.endswith(UI_SUFFIXES):
            continue
        if any(word in lowered for word in SECRET_VAR_WORDS):
            names.append(name)
    return names


def visible_markers(persona: str, blob: str) -> list[str]:
    """Markers found in `blob` that this persona is not entitled to."""
    found = [m for m in SECRET_MARKERS if m in blob]
    if persona not in SEES_A:
        found += [m for m in (*A_MARKERS, A_FILE_NAME) if m in blob]
    if persona not in SEES_NOTES:
        found += [m for m in (NOTE_MARKER,) if m in blob]
    return found


# ----------------------------------------------------------------- database fingerprint


def _centre_rows(s: Session, me: int | None) -> tuple[set[int], set[int], set[int]]:
    """A centre administrator's own offer: (centres, their commissions, their formations);
    empty for anyone else. Changing those is their job, not a leak."""
    account = s.get(Account, me) if me else None
    if account is None or account.role != Role.CENTRE_ADMIN:
        return set(), set(), set()
    centres = set(s.exec(select(StaffScope.centre_id).where(StaffScope.account_id == me)).all())
    commissions = set(s.exec(select(Commission.id).where(Commission.centre_id.in_(centres))).all())  # type: ignore[union-attr]
    formations = set(s.exec(select(Formation.id).where(Formation.centre_id.in_(centres))).all())  # type: ignore[union-attr]
    return centres, commissions, formations


def _own_offer(table: str, row: Any, offer: tuple[set[int], set[int], set[int]]) -> bool:
    centres, commissions, formations = offer
    if table in {"centre", "application", "applicationdocument"}:
        return False  # the centre itself is global; dossiers are judged like anyone's
    return (
        row.get("centre_id") in centres
        or (table == "commission" and row["id"] in commissions)
        or (table == "formation" and row["id"] in formations)
        or row.get("commission_id") in commissions
        or row.get("formation_id") in formations
    )


def fingerprint(engine: Engine, world: World, persona: str) -> dict[str, list[tuple]]:
    """Every row of every non-volatile table, minus the rows the persona owns (their own
    account, profile, applications and what hangs from them; a centre administrator's
    centre's offer)."""
    me = world.account_id(persona)
    with Session(engine) as s:
        offer = _centre_rows(s, me)
        own_apps = set(
            s.exec(select(Application.id).where(Application.account_id == me)).all() if me else []
        )
        own_docs = set(
            s.exec(
                select(ApplicationDocument.id).where(
                    col(ApplicationDocument.application_id).in_(own_apps)
                )
            ).all()
            if own_apps
            else []
        )
        own_files = set(
            s.exec(select(StoredFile.id).where(StoredFile.account_id == me)).all() if me else []
        )
        result: dict[str, list[tuple]] = {}
        for table in SQLModel.metadata.sorted_tables:
            if table.name in VOLATILE_TABLES:
                continue
            cols = [c.name for c in table.columns]
            rows = s.connection().execute(table.select()).mappings().all()
            kept = []
            for row in rows:
                if (
                    me is not None
                    and (
                        (table.name == "account" and row["id"] == me)
                        or row.get("account_id") == me
                        or row.get("application_id") in own_apps
                        or row.get("application_document_id") in own_docs
                        or row.get("stored_file_id") in own_files
                    )
                    or _own_offer(table.name, row, offer)
                ):
                    continue
                kept.append(tuple(str(row[c]) for c in cols))
            result[table.name] = sorted(kept)
        return result


def diff(before: dict[str, list[tuple]], after: dict[str, list[tuple]]) -> list[str]:
    return [name for name in before if before[name] != after.get(name)]


def today() -> date:
    return system_clock.today()

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

from sqlmodel import Session, col, func, select

from ecandidat_app.core import applications, review, storage
from ecandidat_app.core.applications.profile_rules import profile_missing
from ecandidat_app.core.clock import PARIS, FixedClock, as_utc
from ecandidat_app.core.files import check_file
from ecandidat_app.core.models import (
    Account,
    Application,
    AuditEvent,
    Campaign,
    Centre,
    Commission,
    Decision,
    DocumentFile,
    Formation,
    FormationDocument,
    MailStatus,
    OutboxMessage,
    Role,
    StoredFile,
)
from ecandidat_app.core.permissions import can_view_application
from ecandidat_app.core.review import board, decisions
from ecandidat_app.core.security import verify_password
from ecandidat_app.demo.seed import DEMO_ACCOUNTS, DEMO_PASSWORD, seed_demo


def _count(s: Session, model: type) -> int:
    return s.exec(select(func.count()).select_from(model)).one()


def _account(s: Session, key: str) -> Account:
    return s.exec(select(Account).where(Account.email == DEMO_ACCOUNTS[key])).one()


def _current(s: Session) -> Campaign:
    return s.exec(select(Campaign).where(Campaign.code == "DEMO")).one()


def _seeded(s: Session, clock: FixedClock) -> None:
    assert seed_demo(s, clock=clock) is True
    s.commit()


def _snapshot(s: Session) -> tuple[object, ...]:
    models = (Formation, Account, Application, Decision, OutboxMessage, StoredFile, AuditEvent)
    rows = s.exec(
        select(Application.id, Application.status, Application.decision_code, Application.version)
    ).all()
    return (*(_count(s, m) for m in models), sorted(rows))


def test_demo_university_is_realistic_and_seeded_once(session: Session, clock) -> None:
    _seeded(session, clock)
    assert _count(session, Centre) >= 3
    assert _count(session, Commission) >= 8
    formations = session.exec(select(Formation)).all()
    assert len(formations) >= 60
    assert {f.level for f in formations} == {"L", "LP", "M", "DU"}
    today = clock.today()
    closed = [f for f in formations if f.closes_on < today]
    soon = [f for f in formations if 0 <= (f.closes_on - today).days <= 7]
    assert closed and soon and len(closed) < len(formations) // 2
    for f in formations:
        n = len(
            session.exec(
                select(FormationDocument).where(FormationDocument.formation_id == f.id)
            ).all()
        )
        assert 3 <= n <= 6, f.label
    # The article before the centre's name is French: "de la Faculté", "de l'UFR".
    descriptions = " ".join(f.description for f in formations)
    assert "formation de la Faculté de Droit" in descriptions
    assert "formation de l'UFR Sciences" in descriptions
    assert "de l'Faculté" not in descriptions
    before = _snapshot(session)
    files_before = sorted(p.name for p in storage.store_dir().rglob("*") if p.is_file())
    assert seed_demo(session, clock=clock) is False
    session.commit()
    assert _snapshot(session) == before
    assert sorted(p.name for p in storage.store_dir().rglob("*") if p.is_file()) == files_before


def test_every_board_column_has_cards_for_the_demo_gestionnaire(session: Session, clock) -> None:
    _seeded(session, clock)
    gestionnaire = _account(session, "gestionnaire")
    counts = board.board_counts(session, gestionnaire)
    assert set(counts) == set(board.ALL_COLUMNS)
    assert all(n >= 1 for n in counts.values()), counts
    assert sum(counts.values()) >= 50
    cards = board.board_cards(session, gestionnaire, counts=counts)
    assert all(cards[key] for key in board.COLUMNS), {k: len(v) for k, v in cards.items()}
    member = _account(session, "membre de commission")
    assert sum(board.board_counts(session, member).values()) >= 5

    # The demo applicant starts with nothing, and may still apply where the browser tests do.
    applicant = _account(session, "candidat")
    assert applications.my_applications(session, applicant, clock=clock) == []
    for label in ("Licence Informatique", "DU Cybersécurité"):
        formation = session.exec(
            select(Formation).where(
                Formation.label == label, Formation.campaign_id == _current(session).id
            )
        ).one()
        applications.apply(session, applicant, formation.id, clock=clock)


def test_sample_dossiers_hold_every_rule(session: Session, clock) -> None:
    clock.current = datetime(2027, 3, 15, 1, 30, tzinfo=UTC)  # a demo started at night
    _seeded(session, clock)
    now, today = clock.now(), clock.today()
    demo = set(DEMO_ACCOUNTS.values())
    # This year's sample applicants (last year's are checked in test_demo_previous_campaign).
    current = _current(session)
    people = session.exec(
        select(Account).where(
            Account.role == Role.APPLICANT,
            col(Account.email).not_in(demo),
            Account.campaign_id == current.id,
        )
    ).all()
    assert 35 <= len(people) <= 45
    assert len({p.email for p in people}) == len(people)
    assert all(p.validated_at is not None and not profile_missing(session, p.id) for p in people)
    assert verify_password(DEMO_PASSWORD, people[0].password_hash)[0]
    gestionnaire = _account(session, "gestionnaire")
    owners = {p.id: p for p in people}
    rows = session.exec(
        select(Application, Formation).join(Formation).where(Application.campaign_id == current.id)
    ).all()
    assert 1 <= max(Counter(a.account_id for a, _ in rows).values()) <= 3
    assert set(Counter(a.account_id for a, _ in rows)) == set(owners)

    ranks: Counter[tuple[int, int]] = Counter()
    transmitted_days = set()
    in_scope = 0
    for app, formation in rows:
        owner = owners[app.account_id]
        view = applications.checklist(session, owner, app.id, clock=clock)
        statuses = [d.status for d in view.documents]
        if can_view_application(session, gestionnaire, app):
            in_scope += 1
            staff_view = review.dossier_view(session, gestionnaire, app.id)
            assert staff_view.status == app.status and staff_view.history
        if app.status == "AT":
            assert app.transmitted_at is None and app.decision_code is None
            assert formation.closes_on >= today and view.can_edit
            continue
        sent = as_utc(app.transmitted_at)
        assert sent is not None and as_utc(app.created_at) < sent <= now
        assert sent.astimezone(PARIS).date() <= formation.closes_on
        transmitted_days.add(sent.astimezone(PARIS).date())
        assert "AT" not in statuses, (app.status, statuses)
        if app.status == "RE":
            assert "RE" not in statuses
        elif app.status == "IN":
            refused = [d for d in view.documents if d.status == "RE"]
            assert refused and all(d.comment for d in refused)
            assert app.incomplete_at is not None
        else:
            assert app.status == "CO" and set(statuses) <= {"VA", "NC"}, statuses
        for doc in view.documents:
            assert bool(doc.files) == (doc.status != "NC"), (doc.code, doc.status)
        if app.decision_code is None:
            continue
        assert app.status == "CO"
        if app.decision_validated:
            decision = decisions.current_validated_decision(session, app.id)
            assert decisions.pending_decision(session, app.id) is None
        else:
            decision = decisions.pending_decision(session, app.id)
        assert decision is not None and decision.code == app.decision_code
        if decision.code == "DE":
            assert decision.motif_id is not None
        if decision.code == "LC":
            assert decision.rank is not None
            ranks[(formation.id, decision.rank)] += 1
        if decision.code == "PR":
            assert decision.preselection_at is not None and decision.preselection_place
        deadline = as_utc(app.confirm_deadline)
        if app.decision_validated and decision.code == "FA":
            assert deadline is not None and deadline > now  # still open at the demo's start
        else:
            assert deadline is None
    assert ranks and max(ranks.values()) == 1  # LC ranks unique within a formation
    steps = session.exec(select(AuditEvent.at)).all()
    assert steps and all(8 <= as_utc(at).astimezone(PARIS).hour < 20 for at in steps)  # by day
    assert in_scope >= 0.8 * len(rows)
    assert len(transmitted_days) >= 5

    # One applicant confirmed; the other favourable offers wait for an answer.
    answered = [a for a, _ in rows if a.accepted is not None]
    assert [a.accepted for a in answered] == [True]
    waiting = [
        r
        for p in people
        for r in applications.my_applications(session, p, clock=clock)
        if r.can_answer
    ]
    assert len(waiting) >= 3

    # Every stored file is a real, small PDF in the private store.
    files = session.exec(
        select(StoredFile)
        .join(Account, col(Account.id) == StoredFile.account_id)
        .where(Account.campaign_id == current.id)
    ).all()
    assert files and sum(f.size for f in files) < 400_000
    for f in files:
        assert f.account_id in owners
        assert check_file(storage.path_for(f.storage_key)) == "application/pdf"
    assert _count(session, DocumentFile) >= len(files)

    # Their e-mails count as sent: nothing waits in the outbox at the first start.
    mail = session.exec(select(OutboxMessage)).all()
    assert len(mail) >= len(rows)
    assert all(m.status == MailStatus.SENT and m.sent_at is not None for m in mail)
    assert all(as_utc(m.sent_at) <= now for m in mail)
    assert {m.event for m in mail} >= {
        "application_created",
        "status_RE",
        "status_IN",
        "status_CO",
        "decision_FA",
        "decision_DE",
        "decision_LC",
        "confirmation",
    }

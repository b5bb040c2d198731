"""Former students: ENT sign-in against a real slapd, account creation with a confirmed
personal address, copy of the imported records."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from ecandidat_app.core import accounts
from ecandidat_app.core.accounts import sessions
from ecandidat_app.core.accounts import throttle as login_throttle
from ecandidat_app.core.clock import FixedClock
from ecandidat_app.core.errors import DomainError
from ecandidat_app.core.integrations import directory
from ecandidat_app.core.integrations.former_students import (
    MSG_EMAIL_NEEDED,
    MSG_EMAIL_TAKEN,
    MSG_NOT_A_STUDENT,
    former_student_sign_in,
)
from ecandidat_app.core.integrations.student_import import import_csv
from ecandidat_app.core.models import (
    Account,
    BacRecord,
    Candidate,
    CursusInterne,
    LoginThrottle,
    OutboxMessage,
)
from tests import factories
from tests.ldap_server import OTHER_STUDENT, STAFF, STUDENT, free_port, point_settings_at

pytest_plugins = ("tests.ldap_fixtures",)

CSV = (
    "numero_etudiant;ine;bac_annee;bac_serie;bac_mention;bac_etablissement;cursus\n"
    "21904567;1234567890A;2019;Générale;Bien;Lycée Arago;"
    "2019|L1INF|Licence 1 Informatique|Admis#2020|L2INF|Licence 2 Informatique|Admis\n"
)
PERSONAL = "celine.perso@example.org"


# ldap_settings: requested for its effect (the app's settings point at the test directory);
# a fixture cannot take @pytest.mark.usefixtures.
@pytest.fixture
def world(session: Session, clock: FixedClock, ldap_settings, tmp_path):  # type: ignore[no-untyped-def]  # noqa: ARG001
    campaign = factories.campaign(session, today=clock.today())
    path = tmp_path / "export.csv"
    path.write_text(CSV, encoding="utf-8")
    import_csv(session, path, clock=clock)
    session.commit()
    return campaign


def _sign_in(session: Session, clock: FixedClock, **kw):  # type: ignore[no-untyped-def]
    args = {"login": STUDENT["login"], "password": STUDENT["password"], "personal_email": ""}
    return former_student_sign_in(session, **(args | kw), clock=clock)


def _activation_token(session: Session, email: str) -> str:
    mail = session.exec(
        select(OutboxMessage)
        .where(OutboxMessage.to_addr == email, OutboxMessage.event == "account_created")
        .order_by(OutboxMessage.id.desc())  # type: ignore[union-attr]
    ).first()
    assert mail is not None
    return re.search(r"token=([\w-]+)", mail.body_text).group(1)  # type: ignore[union-attr]


def test_first_sign_in_creates_the_account_with_imported_records(
    session: Session, clock: FixedClock, world
) -> None:
    result = _sign_in(session, clock, personal_email=" Celine.Perso@Example.org ")
    assert result.outcome == "created" and result.token == ""
    account = result.account
    assert (account.last_name, account.first_name) == ("Martin", "Céline")
    assert (account.ent_login, account.student_number) == ("cmartin", STUDENT["number"])
    assert account.email == PERSONAL and account.campaign_id == world.id
    assert account.validated_at is None and account.validation_token_hash
    assert account.password_hash == ""  # the ENT password is never kept
    assert account.file_number in result.message and PERSONAL in result.message

    mail = session.exec(select(OutboxMessage).where(OutboxMessage.to_addr == PERSONAL)).one()
    assert mail.event == "account_created"
    assert "Céline" in mail.body_text and account.file_number in mail.body_text
    # Only the hash of the link's token is stored.
    token = _activation_token(session, PERSONAL)
    assert token not in (account.validation_token_hash or "")

    bac = session.get(BacRecord, account.id)
    assert bac is not None and bac.imported and (bac.year, bac.series) == (2019, "Générale")
    codes = session.exec(
        select(CursusInterne.code).where(CursusInterne.account_id == account.id)
    ).all()
    assert sorted(codes) == ["L1INF", "L2INF"]
    assert session.get(Candidate, account.id).ine == "1234567890A"  # type: ignore[union-attr]


@pytest.mark.usefixtures("world")
def test_first_sign_in_needs_the_personal_address(session: Session, clock: FixedClock) -> None:
    with pytest.raises(DomainError) as err:
        _sign_in(session, clock)
    assert (err.value.message, err.value.field) == (MSG_EMAIL_NEEDED, "email")
    with pytest.raises(DomainError) as err:
        _sign_in(session, clock, personal_email="pas-une-adresse")
    assert err.value.field == "email"
    assert session.exec(select(Account)).all() == []


@pytest.mark.usefixtures("world")
def test_sign_in_before_confirmation_resends_and_can_fix_the_address(
    session: Session, clock: FixedClock
) -> None:
    _sign_in(session, clock, personal_email="celine.prso@example.org")  # typo
    session.commit()
    later = FixedClock(clock.now() + timedelta(minutes=5))
    again = _sign_in(session, later, personal_email=PERSONAL)
    assert again.outcome == "pending" and PERSONAL in again.message
    assert again.account.email == PERSONAL
    assert len(session.exec(select(Account)).all()) == 1
    _activation_token(session, PERSONAL)  # the link went to the corrected address


@pytest.mark.usefixtures("world")
def test_confirmed_account_signs_in_with_ent_credentials(
    session: Session, clock: FixedClock
) -> None:
    _sign_in(session, clock, personal_email=PERSONAL)
    session.commit()
    with pytest.raises(DomainError):  # the ordinary login has no password to check
        accounts.login(session, identifier=PERSONAL, password=STUDENT["password"], clock=clock)
    accounts.validate_account(session, _activation_token(session, PERSONAL), clock=clock)
    session.commit()

    result = _sign_in(session, clock, login="CMARTIN")
    assert result.outcome == "signed_in" and result.token
    assert sessions.resolve_session(session, result.token, clock=clock).id == result.account.id  # type: ignore[union-attr]


@pytest.mark.usefixtures("world")
def test_wrong_password_is_counted_and_creates_nothing(session: Session, clock: FixedClock) -> None:
    with pytest.raises(directory.WrongCredentials):
        _sign_in(session, clock, password="faux", personal_email=PERSONAL, client_key="1.2.3.4")
    session.rollback()  # the failure was committed before raising
    # Counted under the ENT login + address and under the address (hashed keys).
    assert session.exec(select(LoginThrottle.failures)).all() == [1, 1]
    assert session.exec(select(Account)).all() == []


@pytest.mark.usefixtures("world")
def test_ent_login_follows_the_login_throttle_rule(session: Session, clock: FixedClock) -> None:
    """The ordinary login's rule: after 5 failures the next try waits 30 s, with the same
    message, and the right password from another address is accepted meanwhile."""
    threshold = login_throttle.PER_IDENTIFIER.threshold
    for _ in range(threshold):
        with pytest.raises(directory.WrongCredentials):
            _sign_in(session, clock, password="faux", client_key="203.0.113.5")
        session.rollback()
    with pytest.raises(login_throttle.LoginThrottled) as exc:
        _sign_in(session, clock, personal_email=PERSONAL, client_key="203.0.113.5")
    assert exc.value.message == "Trop de tentatives de connexion. Réessayez dans 30 secondes."
    session.rollback()
    result = _sign_in(session, clock, personal_email=PERSONAL, client_key="198.51.100.7")
    assert result.outcome == "created"
    session.commit()
    clock.advance(seconds=30)  # the wait is over: the right password works here too
    again = _sign_in(session, clock, client_key="203.0.113.5")
    assert again.outcome == "pending"


@pytest.mark.usefixtures("world")
def test_directory_entry_without_student_number(session: Session, clock: FixedClock) -> None:
    with pytest.raises(DomainError) as err:
        _sign_in(session, clock, login=STAFF["login"], password=STAFF["password"])
    assert err.value.message == MSG_NOT_A_STUDENT


def test_address_already_used_this_campaign(session: Session, clock: FixedClock, world) -> None:
    factories.applicant(session, world, email=PERSONAL)
    session.commit()
    with pytest.raises(DomainError) as err:
        _sign_in(session, clock, personal_email=PERSONAL)
    assert err.value.message == MSG_EMAIL_TAKEN


@pytest.mark.usefixtures("world")
def test_student_without_imported_record_gets_an_editable_file(
    session: Session, clock: FixedClock
) -> None:
    result = _sign_in(
        session,
        clock,
        login=OTHER_STUDENT["login"],
        password=OTHER_STUDENT["password"],
        personal_email="lucas@example.org",
    )
    assert result.account.student_number == OTHER_STUDENT["number"]
    assert session.get(BacRecord, result.account.id) is None
    # A later import fills the records of the account already created.
    report = import_csv(
        session,
        io.StringIO(CSV.splitlines()[0] + "\n22001234;;2020;STI2D;;Lycée Jean Lurçat;\n"),
        clock=clock,
    )
    assert report.accounts_updated == 1
    assert session.get(BacRecord, result.account.id).imported  # type: ignore[union-attr]


@pytest.mark.usefixtures("world")
def test_directory_down_creates_nothing(
    session: Session, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    point_settings_at(monkeypatch, {"ECANDIDAT_LDAP_URL": f"ldap://127.0.0.1:{free_port()}"})
    with pytest.raises(directory.DirectoryUnavailable):
        _sign_in(session, clock, personal_email=PERSONAL)
    assert session.exec(select(Account)).all() == []


@pytest.mark.usefixtures("ldap_settings")
def test_no_active_campaign(session: Session, clock: FixedClock) -> None:
    factories.campaign(session, today=clock.today(), active=False)
    with pytest.raises(DomainError) as err:
        _sign_in(session, clock, personal_email=PERSONAL)
    assert "Aucune campagne" in err.value.message

"""Applicant accounts: sign-up, activation link, login, password reset and change, e-mail
change. Run on every backend of the `engine` fixture. The login throttle has its own file
(test_login_throttle.py)."""

from __future__ import annotations

import re
import statistics
import threading
import time

import pytest
from passlib.hash import bcrypt
from sqlmodel import Session, select

from ecandidat_app.core import accounts
from ecandidat_app.core.accounts import (
    MSG_BAD_CREDENTIALS,
    MSG_PAST_CAMPAIGN,
    BadCredentials,
    registration,
    sessions,
)
from ecandidat_app.core.accounts.passwords import (
    ACCEPTED,
    FRENCH,
    HINT_LENGTH,
    HINT_PERSONAL,
    check_password,
    password_strength,
)
from ecandidat_app.core.db import session_scope
from ecandidat_app.core.errors import DomainError
from ecandidat_app.core.models import (
    Account,
    AuditEvent,
    Candidate,
    LoginSession,
    OutboxMessage,
    Role,
)
from ecandidat_app.core.security import hash_token
from tests import factories

PW = "Cerisier-en-fleur-42"
EMAIL = "lea.martin@example.org"


@pytest.fixture
def camp(session: Session, clock):
    c = factories.campaign(session, today=clock.today(), code="2027")
    session.commit()
    return c


def _signup(s: Session, clock, **overrides) -> Account:
    data = {
        "last_name": "Martin",
        "first_name": "Léa",
        "email": EMAIL,
        "email_confirm": EMAIL,
        "password": PW,
    }
    data.update(overrides)
    sent_to = accounts.signup(s, clock=clock, **data)
    s.commit()
    return s.exec(
        select(Account).where(Account.email == sent_to).order_by(Account.id.desc())  # type: ignore[union-attr]
    ).first()


def _mails(s: Session, event: str, to: str | None = None) -> list[OutboxMessage]:
    rows = s.exec(select(OutboxMessage).where(OutboxMessage.event == event)).all()
    return [m for m in rows if to is None or m.to_addr == to]


def _token_in(message: OutboxMessage) -> str:
    match = re.search(r"\?token=([A-Za-z0-9_-]+)", message.body_text)
    assert match, message.body_text
    return match.group(1)


def _actions(s: Session, account_id: int | None = None) -> list[str]:
    q = select(AuditEvent).order_by(AuditEvent.id)
    if account_id is not None:
        q = q.where(AuditEvent.account_id == account_id)
    return [e.action for e in s.exec(q).all()]


def _active(s: Session, clock) -> Account:
    account = _signup(s, clock)
    accounts.validate_account(s, _token_in(_mails(s, "account_created")[-1]), clock=clock)
    s.commit()
    return account


# ---------------------------------------------------------------- password rule


@pytest.mark.parametrize(
    ("pw", "accepted"),
    [
        ("", False),
        ("Ab1!", False),
        ("x7#Kq9!z", False),  # random-looking but short of 10 characters
        ("abcdefgh12", False),  # a sequence
        ("Abcdefgh12", True),
        ("cheval correct batterie", True),  # passphrase
        ("azertyuiop1234567", False),  # keyboard row + digits sequence
        ("motdepasse", False),  # in zxcvbn's leaked-passwords list
        ("Universite2027", False),  # a word of this site and a year
        ("1111111111111111", False),
        ("x" * 129, False),
    ],
)
def test_password_rule(pw: str, accepted: bool) -> None:
    score, label, hints = password_strength(pw)
    assert (score >= ACCEPTED) is accepted
    assert label
    if not accepted:
        assert hints


def test_strength_grows_and_personal_data_is_refused() -> None:
    scores = [
        password_strength(p)[0] for p in ("abc", "abcdefgh12", "Abcdefgh12", "Abcd-efgh-1234-xyz")
    ]
    assert scores == sorted(scores) and scores[-1] == 4
    assert password_strength("Martinez-2027!", ["Martinez", "Léa", "x@y.fr"])[0] < ACCEPTED


@pytest.mark.parametrize(
    "pw", ["Martin-Lea-2027!", "LeaMartin2027", "lea.martin@example.org1", "Léa.Martin@2027"]
)
def test_a_password_made_of_the_applicants_own_data_is_refused_in_french(pw: str) -> None:
    """zxcvbn alone rates "Martin-Lea-2027!" 4/4 (names joined by symbols escape it): what
    is left once the person's data is taken out must be strong on its own."""
    personal = ["Martin", "Léa", EMAIL]
    score, _label, hints = password_strength(pw, personal)
    assert score < ACCEPTED and hints[0] == HINT_PERSONAL
    with pytest.raises(DomainError) as exc:
        check_password(pw, personal=personal)
    assert exc.value.message == f"Mot de passe trop faible. {HINT_PERSONAL}"
    # The same password is fine for somebody else, and a passphrase may hold a name.
    assert password_strength(pw, ["Durand", "Paul", "paul.durand@example.org"])[0] >= ACCEPTED
    assert password_strength("Martin aime les cerises en été", personal)[0] >= ACCEPTED


def test_zxcvbn_feedback_comes_in_french() -> None:
    for pw in ("azerty", "motdepasse", "abcdefgh12", "aaaaaaaaaaaa", "qwertyuiop", "Password1"):
        _score, _label, hints = password_strength(pw)
        assert hints
        for hint in hints:
            assert hint in FRENCH.values() or hint == HINT_LENGTH, (pw, hint)


# ---------------------------------------------------------------- sign-up


def test_signup_creates_account_profile_and_activation_mail(session, clock, camp, settings):
    account = _signup(session, clock, email="  Lea.Martin@Example.ORG ", email_confirm=EMAIL)
    assert account.email == EMAIL
    assert account.campaign_id == camp.id
    assert account.role == Role.APPLICANT
    assert re.fullmatch(r"\d{10}", account.file_number)
    assert account.file_number.startswith(str(camp.starts_on.year))
    assert account.password_hash.startswith("$argon2id$")
    assert account.validated_at is None
    assert session.get(Candidate, account.id) is not None
    [mail] = _mails(session, "account_created")
    assert mail.to_addr == EMAIL
    token = _token_in(mail)
    assert f"{settings.base_url}/valider?token={token}" in mail.body_text
    assert account.file_number in mail.body_text
    assert account.validation_token_hash == hash_token(token)  # only the hash is stored
    assert token not in (account.validation_token_hash or "")
    assert "account_created" in _actions(session, account.id)


@pytest.mark.usefixtures("camp")
def test_signup_field_errors_in_french(session, clock):
    with pytest.raises(DomainError) as exc:
        _signup(session, clock, email_confirm="autre@example.org")
    assert exc.value.field == "email_confirmation"
    assert "identiques" in exc.value.message
    with pytest.raises(DomainError) as exc:
        _signup(session, clock, email="pas-une-adresse", email_confirm="pas-une-adresse")
    assert exc.value.field == "email"
    with pytest.raises(DomainError) as exc:
        _signup(session, clock, last_name="  ")
    assert exc.value.field == "nom"
    with pytest.raises(DomainError) as exc:
        _signup(session, clock, password="court")
    assert exc.value.field == "mot_de_passe"
    with pytest.raises(DomainError) as exc:
        _signup(session, clock, password_confirm="autre chose")
    assert exc.value.field == "mot_de_passe_confirmation"
    assert session.exec(select(Account)).all() == []


def test_check_identity_reports_every_field_at_once() -> None:
    _, errors = accounts.check_identity(last_name="", first_name="", email="x", email_confirm="")
    assert set(errors) == {"nom", "prenom", "email", "email_confirmation"}


def test_signup_without_active_campaign_is_refused(session, clock):
    factories.campaign(session, today=clock.today(), active=False)
    with pytest.raises(DomainError, match="Aucune campagne"):
        _signup(session, clock)


@pytest.mark.usefixtures("camp")
def test_double_submit_creates_one_account(session, clock):
    first = _signup(session, clock)
    second = _signup(session, clock)  # the same answer, no error
    assert second.id == first.id
    assert len(session.exec(select(Account)).all()) == 1
    # The immediate second click sent no second mail (the resend cooldown).
    assert len(_mails(session, "account_created")) == 1
    assert _mails(session, "account_exists") == []


@pytest.mark.usefixtures("camp")
def test_concurrent_double_submit_creates_one_account(engine, clock):
    """Two requests racing past the "already registered?" check: the unique
    (campaign, e-mail) key keeps one account and both get the answer of a sign-up."""
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def submit() -> None:
        barrier.wait()
        try:
            with session_scope(engine) as s:
                outcomes.append(
                    accounts.signup(
                        s,
                        last_name="Martin",
                        first_name="Léa",
                        email=EMAIL,
                        email_confirm=EMAIL,
                        password=PW,
                        clock=clock,
                    )
                )
        except DomainError as exc:
            outcomes.append(exc.message)

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert outcomes == [EMAIL, EMAIL]
    with Session(engine) as s:
        assert len(s.exec(select(Account)).all()) == 1
        assert len(_mails(s, "account_created")) == 1


SIGNUP_OTHER = {"last_name": "Dupont", "first_name": "Zoé", "password": "Tournesol-Bleu-2027"}


@pytest.mark.usefixtures("camp")
def test_signup_with_a_registered_address_answers_like_a_new_one(session, clock, settings):
    """No enumeration: the visitor gets exactly what a new sign-up gets, and the address's
    owner is told by mail (with the login and "forgotten password" links)."""
    owner = _active(session, clock)
    owner_hash = owner.password_hash
    new = accounts.signup(
        session,
        email="zoe@example.org",
        email_confirm="zoe@example.org",
        clock=clock,
        **SIGNUP_OTHER,
    )
    again = accounts.signup(
        session, email=f" {EMAIL.upper()}", email_confirm=EMAIL, clock=clock, **SIGNUP_OTHER
    )
    session.commit()
    assert (new, again) == ("zoe@example.org", EMAIL)  # each: the address written to

    # Nothing of the account changed, no account was added.
    session.refresh(owner)
    assert owner.password_hash == owner_hash and owner.last_name == "Martin"
    assert len(session.exec(select(Account)).all()) == 2
    assert len(_mails(session, "account_created", EMAIL)) == 1  # its first link only
    [notice] = _mails(session, "account_exists")
    assert notice.to_addr == EMAIL and notice.account_id == owner.id
    assert notice.subject == "Une inscription a été tentée avec votre adresse e-mail"
    assert "Bonjour Léa" in notice.body_text and owner.file_number in notice.body_text
    assert f"{settings.base_url}/connexion\n" in notice.body_text
    assert f"{settings.base_url}/mot-de-passe-oublie\n" in notice.body_text
    assert "Me connecter" in (notice.body_html or "")
    assert "signup_existing" in _actions(session, owner.id)

    # Tried again within the hour: no second mail; after it, the owner is told again.
    clock.advance(minutes=59)
    accounts.signup(session, email=EMAIL, email_confirm=EMAIL, clock=clock, **SIGNUP_OTHER)
    session.commit()
    assert len(_mails(session, "account_exists")) == 1
    clock.advance(minutes=2)
    accounts.signup(session, email=EMAIL, email_confirm=EMAIL, clock=clock, **SIGNUP_OTHER)
    session.commit()
    assert len(_mails(session, "account_exists")) == 2
    # The owner's own password still opens the account; the intruder's does not.
    accounts.login(session, identifier=EMAIL, password=PW, clock=clock)
    with pytest.raises(BadCredentials):
        accounts.login(session, identifier=EMAIL, password=SIGNUP_OTHER["password"], clock=clock)


@pytest.mark.usefixtures("camp")
def test_both_sign_up_answers_cost_one_password_hash(session, clock, monkeypatch):
    """Same work either way (the timing tells nothing): one argon2 hash per sign-up."""
    _active(session, clock)
    calls: list[str] = []
    real = registration.hash_password

    def counting(pw: str) -> str:
        calls.append(pw)
        return real(pw)

    monkeypatch.setattr(registration, "hash_password", counting)
    accounts.signup(
        session,
        email="zoe@example.org",
        email_confirm="zoe@example.org",
        clock=clock,
        **SIGNUP_OTHER,
    )
    assert len(calls) == 1
    accounts.signup(session, email=EMAIL, email_confirm=EMAIL, clock=clock, **SIGNUP_OTHER)
    assert len(calls) == 2


@pytest.mark.usefixtures("camp")
def test_signup_with_an_unactivated_address_sends_a_fresh_link(session, engine, clock):
    _signup(session, clock)
    clock.advance(minutes=5)
    assert (
        accounts.signup(
            session,
            last_name="Martin",
            first_name="Léa",
            email=EMAIL,
            email_confirm=EMAIL,
            password="Un-autre-mot-de-passe-9",
            clock=clock,
        )
        == EMAIL
    )
    session.commit()
    with Session(engine) as fresh:
        assert len(_mails(fresh, "account_created")) == 2
        assert _mails(fresh, "account_exists") == []
        [account] = fresh.exec(select(Account)).all()
    # The new link activates, and the password chosen first is still the one.
    accounts.validate_account(
        session, _token_in(_mails(session, "account_created")[-1]), clock=clock
    )
    accounts.login(session, identifier=account.file_number, password=PW, clock=clock)


def test_same_email_allowed_in_a_new_campaign(session, clock, camp):
    old = _active(session, clock)
    camp.is_active = False
    session.add(camp)
    factories.campaign(session, today=clock.today(), code="2028")
    session.commit()
    new = _signup(session, clock)
    assert new.id != old.id and new.file_number != old.file_number


# ---------------------------------------------------------------- activation


@pytest.mark.usefixtures("camp")
def test_activation_link_is_single_use(session, clock):
    account = _signup(session, clock)
    token = _token_in(_mails(session, "account_created")[0])
    accounts.validate_account(session, token, clock=clock)
    session.commit()
    assert session.get(Account, account.id).validated_at == clock.now()
    with pytest.raises(DomainError, match="déjà été utilisé"):
        accounts.validate_account(session, token, clock=clock)
    assert "account_validated" in _actions(session, account.id)


@pytest.mark.usefixtures("camp")
def test_activation_link_expires(session, clock, settings):
    _signup(session, clock)
    token = _token_in(_mails(session, "account_created")[0])
    clock.advance(hours=settings.validation_link_hours, seconds=1)
    with pytest.raises(DomainError, match="expiré"):
        accounts.validate_account(session, token, clock=clock)


@pytest.mark.parametrize("token", ["", "forged-token", "A" * 43])
@pytest.mark.usefixtures("camp")
def test_forged_activation_link(session, clock, token):
    _signup(session, clock)
    with pytest.raises(DomainError, match="n'est pas valide"):
        accounts.validate_account(session, token, clock=clock)


@pytest.mark.usefixtures("camp")
def test_resend_replaces_the_link_and_answers_the_same(session, clock):
    _signup(session, clock)
    first = _token_in(_mails(session, "account_created")[0])
    clock.advance(minutes=2)
    known = accounts.resend_validation(session, EMAIL, clock=clock)
    unknown = accounts.resend_validation(session, "personne@example.org", clock=clock)
    session.commit()
    assert known == unknown
    mails = _mails(session, "account_created")
    assert len(mails) == 2
    with pytest.raises(DomainError, match="n'est pas valide"):
        accounts.validate_account(session, first, clock=clock)
    accounts.validate_account(session, _token_in(mails[1]), clock=clock)
    # Once active, a resend sends nothing.
    clock.advance(minutes=2)
    assert accounts.resend_validation(session, EMAIL, clock=clock) == known
    assert len(_mails(session, "account_created")) == 2


@pytest.mark.usefixtures("camp")
def test_resend_by_file_number_answers_the_same(session, clock):
    """The login page offers the resend after any failure, with what was typed: an e-mail
    address or a file number, known or not, gets one answer."""
    account = _signup(session, clock)
    clock.advance(minutes=2)
    answers = {
        accounts.resend_validation(session, ident, clock=clock)
        for ident in (f" {account.file_number} ", "2027000000", "personne@example.org")
    }
    session.commit()
    assert answers == {accounts.MSG_RESEND_SENT}
    assert len(_mails(session, "account_created")) == 2  # the file number's account only


# ---------------------------------------------------------------- login


@pytest.mark.usefixtures("camp")
def test_login_with_email_or_file_number(session, clock):
    account = _active(session, clock)
    for ident in (EMAIL.upper(), account.file_number, f" {account.file_number} "):
        logged, token = accounts.login(
            session, identifier=ident, password=PW, client_key="1.2.3.4", clock=clock
        )
        session.commit()
        assert logged.id == account.id
        assert sessions.resolve_session(session, token, clock=clock).id == account.id
    assert "login" in _actions(session, account.id)


@pytest.mark.usefixtures("camp")
def test_session_expires(session, clock, settings):
    _active(session, clock)
    _, token = accounts.login(session, identifier=EMAIL, password=PW, clock=clock)
    session.commit()
    clock.advance(hours=settings.session_hours, seconds=1)
    assert sessions.resolve_session(session, token, clock=clock) is None


@pytest.mark.usefixtures("camp")
def test_wrong_password_and_unknown_email_same_answer(session, clock):
    _active(session, clock)
    with pytest.raises(DomainError) as wrong:
        accounts.login(session, identifier=EMAIL, password="Mauvais-mot-2027", clock=clock)
    with pytest.raises(DomainError) as unknown:
        accounts.login(
            session, identifier="personne@example.org", password="Mauvais-2027", clock=clock
        )
    with pytest.raises(DomainError) as unknown_number:
        accounts.login(session, identifier="2027000000", password="Mauvais-2027", clock=clock)
    assert wrong.value.message == unknown.value.message == unknown_number.value.message
    assert wrong.value.message == MSG_BAD_CREDENTIALS
    assert type(wrong.value) is type(unknown.value) is BadCredentials


@pytest.mark.usefixtures("camp")
def test_unknown_email_costs_a_password_hash(session, clock):
    """About the same time: both answers run one argon2 verification (loose ratio only)."""
    _active(session, clock)

    def timed(ident: str) -> float:
        start = time.perf_counter()
        with pytest.raises(DomainError):
            accounts.login(session, identifier=ident, password="Mauvais-2027!", clock=clock)
        return time.perf_counter() - start

    wrong = statistics.median(timed(EMAIL) for _ in range(3))
    unknown = statistics.median(timed("personne@example.org") for _ in range(3))
    assert unknown > 0.3 * wrong


@pytest.mark.usefixtures("camp")
def test_right_password_of_an_unactivated_account_tells_nothing_more(session, clock):
    """Whoever signs up knows the password they chose: "not activated" after it would tell
    them the address was free. The answer is the one of any failure (it names activation)."""
    _signup(session, clock)
    answers = []
    for ident, pw in ((EMAIL, "Mauvais-mot-2027"), (EMAIL, PW), ("personne@example.org", PW)):
        with pytest.raises(BadCredentials) as exc:
            accounts.login(session, identifier=ident, password=pw, clock=clock)
        answers.append((type(exc.value), exc.value.message, exc.value.field))
    assert answers[0] == answers[1] == answers[2]
    assert "activez-le" in answers[0][1]


def test_past_campaign_account_needs_a_new_one(session, clock, camp):
    account = _active(session, clock)
    camp.is_active = False
    session.add(camp)
    factories.campaign(session, today=clock.today(), code="2028")
    session.commit()
    with pytest.raises(DomainError) as exc:
        accounts.login(session, identifier=account.file_number, password=PW, clock=clock)
    assert exc.value.message == MSG_PAST_CAMPAIGN
    with pytest.raises(DomainError) as exc:
        accounts.login(session, identifier=EMAIL, password=PW, clock=clock)
    assert exc.value.message == MSG_PAST_CAMPAIGN
    with pytest.raises(DomainError) as exc:  # wrong password: nothing revealed
        accounts.login(session, identifier=EMAIL, password="Mauvais-mot-2027", clock=clock)
    assert exc.value.message == MSG_BAD_CREDENTIALS
    # After signing up again this year, the same address logs into the new account.
    new = _signup(session, clock, password="Nouveau-mot-de-passe-28")
    accounts.validate_account(
        session, _token_in(_mails(session, "account_created")[-1]), clock=clock
    )
    logged, _ = accounts.login(
        session, identifier=EMAIL, password="Nouveau-mot-de-passe-28", clock=clock
    )
    assert logged.id == new.id


@pytest.mark.usefixtures("camp")
def test_staff_log_in_without_campaign(session, clock):
    staff = factories.staff(session, role=Role.GESTIONNAIRE, email="gestion@univ.fr")
    session.commit()
    logged, token = accounts.login(
        session, identifier="gestion@univ.fr", password=factories.PASSWORD, clock=clock
    )
    assert logged.id == staff.id and token


@pytest.mark.usefixtures("camp")
def test_bcrypt_hash_is_upgraded_on_login(session, clock):
    account = _active(session, clock)
    account.password_hash = bcrypt.using(rounds=4).hash(PW)
    session.add(account)
    session.commit()
    accounts.login(session, identifier=EMAIL, password=PW, clock=clock)
    session.commit()
    session.refresh(account)
    assert account.password_hash.startswith("$argon2id$")
    accounts.login(session, identifier=EMAIL, password=PW, clock=clock)  # still works


# ---------------------------------------------------------------- forgotten password


@pytest.mark.usefixtures("camp")
def test_forgot_password_same_answer_and_single_use_link(session, clock):
    account = _active(session, clock)
    _, old_token = accounts.login(session, identifier=EMAIL, password=PW, clock=clock)
    session.commit()
    known = accounts.forgot_password(session, EMAIL, clock=clock)
    unknown = accounts.forgot_password(session, "personne@example.org", clock=clock)
    session.commit()
    assert known == unknown
    [mail] = _mails(session, "password_reset")
    assert mail.to_addr == EMAIL
    token = _token_in(mail)
    assert "/reinitialiser?token=" in mail.body_text

    with pytest.raises(DomainError) as weak:
        accounts.reset_password(session, token, "faible", clock=clock)
    assert weak.value.field == "mot_de_passe"
    accounts.check_reset_token(session, token, clock=clock)  # still usable after a refusal
    accounts.reset_password(session, token, "Nouveau-Depart-2027", clock=clock)
    session.commit()
    with pytest.raises(DomainError, match="déjà été utilisé"):
        accounts.reset_password(session, token, "Encore-Autre-2027", clock=clock)
    # Every session ended; the new password works, the old one does not.
    assert sessions.resolve_session(session, old_token, clock=clock) is None
    with pytest.raises(DomainError):
        accounts.login(session, identifier=EMAIL, password=PW, clock=clock)
    accounts.login(session, identifier=EMAIL, password="Nouveau-Depart-2027", clock=clock)
    assert "password_reset" in _actions(session, account.id)


@pytest.mark.usefixtures("camp")
def test_reset_link_expires_and_forged_is_refused(session, clock, settings):
    _active(session, clock)
    accounts.forgot_password(session, EMAIL, clock=clock)
    token = _token_in(_mails(session, "password_reset")[0])
    with pytest.raises(DomainError, match="n'est pas valide"):
        accounts.reset_password(session, "forged", "Nouveau-Depart-2027", clock=clock)
    clock.advance(hours=settings.reset_link_hours, seconds=1)
    with pytest.raises(DomainError, match="expiré"):
        accounts.reset_password(session, token, "Nouveau-Depart-2027", clock=clock)


@pytest.mark.usefixtures("camp")
def test_reset_also_activates(session, clock):
    account = _signup(session, clock)
    accounts.forgot_password(session, EMAIL, clock=clock)
    accounts.reset_password(
        session,
        _token_in(_mails(session, "password_reset")[0]),
        "Nouveau-Depart-2027",
        clock=clock,
    )
    session.commit()
    assert session.get(Account, account.id).validated_at is not None


def test_forgot_password_ignores_past_campaigns(session, clock, camp):
    _active(session, clock)
    camp.is_active = False
    session.add(camp)
    factories.campaign(session, today=clock.today(), code="2028")
    session.commit()
    accounts.forgot_password(session, EMAIL, clock=clock)
    assert _mails(session, "password_reset") == []


# ---------------------------------------------------------------- signed-in changes


@pytest.mark.usefixtures("camp")
def test_change_password_ends_other_sessions(session, clock):
    account = _active(session, clock)
    _, here = accounts.login(session, identifier=EMAIL, password=PW, clock=clock)
    _, elsewhere = accounts.login(session, identifier=EMAIL, password=PW, clock=clock)
    session.commit()
    with pytest.raises(DomainError) as exc:
        accounts.change_password(session, account, "Faux-mot-2027", "Nouveau-Depart-2027")
    assert exc.value.field == "mot_de_passe_actuel"
    with pytest.raises(DomainError, match="différent"):
        accounts.change_password(session, account, PW, PW, keep_token=here, clock=clock)
    ended = accounts.change_password(
        session, account, PW, "Nouveau-Depart-2027", keep_token=here, clock=clock
    )
    session.commit()
    assert ended == 1
    assert sessions.resolve_session(session, here, clock=clock) is not None
    assert sessions.resolve_session(session, elsewhere, clock=clock) is None
    assert "password_changed" in _actions(session, account.id)


@pytest.mark.usefixtures("camp")
def test_logout_everywhere(session, clock):
    account = _active(session, clock)
    tokens = [
        accounts.login(session, identifier=EMAIL, password=PW, clock=clock)[1] for _ in range(3)
    ]
    assert accounts.logout_everywhere(session, account, clock=clock) == 3
    session.commit()
    assert all(sessions.resolve_session(session, t, clock=clock) is None for t in tokens)
    assert len(session.exec(select(LoginSession)).all()) == 3


@pytest.mark.usefixtures("camp")
def test_email_change_needs_the_new_address_confirmed(session, clock, settings):
    account = _active(session, clock)
    with pytest.raises(DomainError) as exc:
        accounts.request_email_change(session, account, "nouvelle@example.org", "faux")
    assert exc.value.field == "mot_de_passe_email"
    accounts.request_email_change(session, account, " Nouvelle@Example.org ", PW, clock=clock)
    session.commit()
    session.refresh(account)
    assert account.email == EMAIL and account.pending_email == "nouvelle@example.org"
    [mail] = _mails(session, "email_changed")
    assert mail.to_addr == "nouvelle@example.org"
    token = _token_in(mail)
    assert "/confirmer-email?token=" in mail.body_text
    with pytest.raises(DomainError, match="n'est pas valide"):
        accounts.confirm_email_change(session, "forged", clock=clock)
    confirmed = accounts.confirm_email_change(session, token, clock=clock)
    assert confirmed.id == account.id and confirmed.email == "nouvelle@example.org"
    session.commit()
    session.refresh(account)
    assert account.email == "nouvelle@example.org" and account.pending_email is None
    with pytest.raises(DomainError, match="déjà été utilisé"):
        accounts.confirm_email_change(session, token, clock=clock)
    accounts.login(session, identifier="nouvelle@example.org", password=PW, clock=clock)
    # An expired confirmation link is refused.
    accounts.request_email_change(session, account, "troisieme@example.org", PW, clock=clock)
    session.commit()
    clock.advance(hours=settings.validation_link_hours, seconds=1)
    with pytest.raises(DomainError, match="expiré"):
        accounts.confirm_email_change(
            session, _token_in(_mails(session, "email_changed")[-1]), clock=clock
        )


def test_email_change_refuses_an_address_in_use(session, clock, camp):
    account = _active(session, clock)
    other = factories.applicant(session, camp, email="pris@example.org")
    session.commit()
    assert other.id
    with pytest.raises(DomainError, match="déjà utilisée") as exc:
        accounts.request_email_change(session, account, "pris@example.org", PW, clock=clock)
    assert exc.value.field == "nouvel_email"


# ---------------------------------------------------------------- never-activated sign-ups


@pytest.mark.usefixtures("camp")
def test_never_activated_signups_are_blanked_a_month_after_their_link(
    session, clock, settings
) -> None:
    from ecandidat_app.core import privacy

    forgotten = _signup(session, clock)
    activated = _signup(
        session, clock, email="actif@example.org", email_confirm="actif@example.org"
    )
    accounts.validate_account(
        session, _token_in(_mails(session, "account_created", "actif@example.org")[0]), clock=clock
    )
    session.commit()
    expired_at = forgotten.validation_expires_at
    clock.advance(hours=settings.validation_link_hours + 24 * 29)
    late = _signup(session, clock, email="tard@example.org", email_confirm="tard@example.org")
    assert privacy.purge_unactivated(session, clock) == 0  # 29 days: not yet
    clock.advance(days=2)
    assert privacy.purge_unactivated(session, clock) == 1
    session.commit()
    session.expire_all()
    gone = session.get(Account, forgotten.id)
    assert gone.deleted_at is not None and gone.email != EMAIL and expired_at is not None
    assert gone.last_name == privacy.DELETED_NAME and session.get(Candidate, forgotten.id) is None
    assert session.get(Account, activated.id).deleted_at is None
    assert session.get(Account, late.id).deleted_at is None
    # The address is free again: the same person may sign up anew.
    again = _signup(session, clock)
    assert again.id != forgotten.id and again.email == EMAIL
    # The cron command: nothing left to blank today (`again` is fresh).
    from ecandidat_app.cli import main as cli_main

    assert cli_main(["purge-unactivated"]) == 0
    session.expire_all()
    assert session.get(Account, again.id).deleted_at is None

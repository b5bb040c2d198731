"""The applicant's data rights: export everything (JSON and ZIP with the files), delete the
account before any transmission, purge of archived campaigns after the configured delay
(`ecandidat purge-campaigns`), and the buttons on /mon-compte."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta

import pytest
from sqlmodel import Session, select

import ecandidat_app.ecandidat_app  # noqa: F401  (registers the pages and their states)
from ecandidat_app.cli import main as cli_main
from ecandidat_app.core import privacy, privacy_export, storage
from ecandidat_app.core.accounts import sessions
from ecandidat_app.core.clock import FixedClock, system_clock
from ecandidat_app.core.errors import DomainError, NotFound
from ecandidat_app.core.models import (
    Account,
    Application,
    ApplicationNote,
    AuditEvent,
    Campaign,
    Candidate,
    CursusPostBac,
    Decision,
    OutboxMessage,
    StoredFile,
)
from ecandidat_app.web.pages.my_account import MyAccountState
from tests import factories
from tests.security.conftest import (
    A_FILE_NAME,
    NOTE_MARKER,
    World,
    call,
    client_vars,
    state_for,
)
from tests.web.harness import follow_navigation


def _a(w: World) -> Account:
    account = w.accounts["applicant_a"]
    assert account is not None
    return account


def test_export_holds_everything_shown_to_the_applicant_and_nothing_else(
    session: Session, world: World
) -> None:
    data = privacy_export.export_data(session, _a(world))
    text = json.dumps(data, ensure_ascii=False)
    assert data["compte"]["email"] == "ondine.zarkovitch@exemple.org"
    assert data["dossier"]["etat_civil"]["phone"] == "0611223344"
    assert [c["label"] for c in data["dossier"]["cursus_post_bac"]] == ["Licence Xylophonie"]
    assert len(data["candidatures"]) == 2
    sent = next(c for c in data["candidatures"] if c["transmise_le"])
    assert sent["statut"] == "Réceptionné"
    assert sent["decisions"][0]["avis"] == "Favorable"
    names = [f["nom"] for c in data["candidatures"] for p in c["pieces"] for f in p["fichiers"]]
    assert A_FILE_NAME in names
    assert any("transmise" in m["objet"].lower() or m["objet"] for m in data["courriels"])
    # Staff notes, hashes and tokens are not the applicant's data.
    assert NOTE_MARKER not in text and "$argon2" not in text and "token" not in text

    archive = zipfile.ZipFile(io.BytesIO(privacy_export.export_zip(session, _a(world))))
    assert json.loads(archive.read("donnees.json"))["compte"]["nom"] == "Zarkovitch"
    files = [n for n in archive.namelist() if n.startswith("fichiers/")]
    assert len(files) == 2 and any(n.endswith(A_FILE_NAME) for n in files)
    assert archive.read(files[0]).startswith(b"%PDF-")
    with pytest.raises(NotFound):
        privacy_export.export_data(session, None)


def test_account_with_a_transmitted_application_cannot_be_deleted(
    session: Session, world: World
) -> None:
    a = _a(world)
    with pytest.raises(DomainError) as err:
        privacy.delete_account(session, a, factories.PASSWORD)
    assert "transmise" in err.value.message
    session.rollback()
    session.expire_all()
    assert session.get(Account, a.id).deleted_at is None
    assert session.get(Candidate, a.id) is not None


def _fresh_applicant(session: Session, clock: FixedClock) -> tuple[Account, Application, str]:
    """An applicant with an application in progress, a file and a live session."""
    from tests.core import dossier_world as dw

    w = dw.build(session, clock)
    app = dw.apply(session, w, clock)
    dw.upload(session, w.applicant, app, w.cv, clock, name="cv-secret.pdf")
    session.add(CursusPostBac(account_id=w.applicant.id, year=2022, label="DUT Secret"))
    token = sessions.open_session(session, w.applicant.id, clock=clock)
    session.commit()
    return w.applicant, app, token


def test_deleting_the_account_removes_files_personal_data_and_sessions(
    session: Session, clock: FixedClock
) -> None:
    person, app, token = _fresh_applicant(session, clock)
    stored = session.exec(select(StoredFile).where(StoredFile.account_id == person.id)).one()
    key = stored.storage_key
    assert storage.size_of(key) is not None

    with pytest.raises(DomainError) as err:
        privacy.delete_account(session, person, "mauvais-mot-de-passe", clock=clock)
    assert err.value.field == "mot_de_passe_suppression"
    session.rollback()

    privacy.delete_account(session, person, factories.PASSWORD, clock=clock)
    session.commit()
    session.expire_all()
    assert storage.size_of(key) is None
    gone = session.get(Account, person.id)
    assert gone.deleted_at is not None and not gone.is_active and gone.password_hash == ""
    assert "supprime" in gone.email and gone.last_name == privacy.DELETED_NAME
    assert session.get(Candidate, person.id) is None
    assert (
        session.exec(select(CursusPostBac).where(CursusPostBac.account_id == person.id)).all() == []
    )
    assert session.exec(select(StoredFile).where(StoredFile.account_id == person.id)).all() == []
    assert session.get(Application, app.id).cancelled_at is not None
    assert sessions.resolve_session(session, token, clock=clock) is None
    everything = repr(session.exec(select(AuditEvent)).all()) + repr(
        session.exec(select(OutboxMessage)).all()
    )
    assert "cv-secret" not in everything and "Martin" not in repr(gone)


def test_staff_cannot_delete_their_account_here(session: Session, world: World) -> None:
    with pytest.raises(DomainError) as err:
        privacy.delete_account(session, world.accounts["gest_in"], factories.PASSWORD)
    assert "personnel" in err.value.message


def test_purge_after_the_configured_delay_keeps_anonymous_statistics(
    session: Session, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    a = _a(world)
    camp = session.get(Campaign, a.campaign_id)
    other = factories.campaign(session, today=system_clock.today(), code="SUIVANTE")
    camp.is_active = False
    camp.archived_at = system_clock.now() - timedelta(days=10)
    session.commit()
    keys = [
        f.storage_key
        for f in session.exec(select(StoredFile).where(StoredFile.account_id == a.id)).all()
    ]
    assert all(storage.size_of(k) is not None for k in keys)
    monkeypatch.setenv("ECANDIDAT_PURGE_AFTER_DAYS", "30")
    from ecandidat_app.core import config

    config.reset_settings_cache()
    assert privacy.purge_archived_campaigns(session).campaigns == []  # 10 days < 30
    session.rollback()

    monkeypatch.setenv("ECANDIDAT_PURGE_AFTER_DAYS", "7")
    config.reset_settings_cache()
    assert cli_main(["purge-campaigns"]) == 0
    session.expire_all()
    assert session.get(Campaign, camp.id).purged_at is not None
    assert session.get(Campaign, other.id).purged_at is None
    assert all(storage.size_of(k) is None for k in keys)
    gone = session.get(Account, a.id)
    assert gone.last_name == privacy.DELETED_NAME and session.get(Candidate, a.id) is None
    # Anonymous statistics stay: both applications, their status and decision codes.
    apps = session.exec(select(Application).where(Application.account_id == a.id)).all()
    assert len(apps) == 2 and {x.status for x in apps} == {"AT", "RE"}
    assert any(x.decision_code == "FA" for x in apps)
    assert all(x.search_text == "" for x in apps)
    assert session.exec(select(ApplicationNote)).all() == []
    assert all(d.comment == "" for d in session.exec(select(Decision)).all())
    # Idempotent: a second pass finds nothing to do.
    assert privacy.purge_archived_campaigns(session).campaigns == []


@pytest.mark.usefixtures("clock")
def test_my_account_buttons_download_and_delete(session: Session) -> None:
    person, _app, token = _fresh_applicant(session, system_clock)  # type: ignore[arg-type]
    st = state_for(MyAccountState, "/mon-compte", token=token)
    call(st, "load")
    spec = call(st, "download_my_data")
    assert "mes-donnees-ecandidat.zip" in str(spec)
    call(st, "delete_account", {"mot_de_passe_suppression": "faux"})
    assert "incorrect" in st.errors["mot_de_passe_suppression"]
    assert st.logged_in and st.full_navigation == ""  # nothing happened
    assert "faux" not in repr(client_vars(st))
    spec = call(st, "delete_account", {"mot_de_passe_suppression": factories.PASSWORD})
    assert "supprimé" in str(spec) and not st.logged_in
    nav = follow_navigation(st)  # the browser drops its cookie
    assert (nav.status, nav.location, nav.expires_cookie) == (303, "/", True)
    session.expire_all()
    assert session.get(Account, person.id).deleted_at is not None
    # The old cookie opens nothing any more.
    again = state_for(MyAccountState, "/mon-compte", token=token)
    assert "/connexion" in str(call(again, "load"))

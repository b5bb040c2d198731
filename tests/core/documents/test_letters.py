"""Letters: written when a decision is validated, one per decision, never rewritten; their
text (read back with pypdf) says who, what and, for a refusal, the motif and the appeal."""

from __future__ import annotations

import pytest
from sqlmodel import select

from ecandidat_app.core import storage
from ecandidat_app.core.documents import letters
from ecandidat_app.core.documents.pdf import folded, page_count, pdf_text
from ecandidat_app.core.errors import NotFound
from ecandidat_app.core.models import Candidate, Letter, OutboxAttachment, Role
from ecandidat_app.core.review import decisions
from tests.core.decision_world import application, build, mails


@pytest.fixture
def world(session, clock):
    return build(session, clock)


def _validate(s, world, clock, app, code, **kw):
    decisions.enter_decision(s, world.gestionnaire, app.id, code=code, clock=clock, **kw)
    result = decisions.validate_decisions(s, world.gestionnaire, [app.id], clock=clock)
    assert result.done == [app.id], result.refused


def _text(letter: Letter) -> str:
    return folded(pdf_text(storage.path_for(letter.storage_key)))


def _applicant_name(s, app) -> str:
    from ecandidat_app.core.models import Account

    person = s.get(Account, app.account_id)
    return f"{person.first_name} {person.last_name}"


def test_admission_letter_says_who_what_and_until_when(session, clock, world):
    app = application(session, world, clock)
    _validate(session, world, clock, app, "FA")
    [letter] = session.exec(select(Letter)).all()
    text = _text(letter)
    assert _applicant_name(session, app) in text
    assert "Décision : avis favorable (admission)" in text
    assert world.formation.label in text
    assert "23 mars 2027 à 10 h 00" in text  # the confirmation deadline
    assert "Université de démonstration" in text
    assert page_count(storage.path_for(letter.storage_key)) == 1
    assert letter.file_name.startswith("lettre_admission-")


def test_refusal_letter_has_the_motif_and_the_appeal_wording(session, clock, world):
    app = application(session, world, clock)
    _validate(
        session, world, clock, app, "DE", motif_id=world.motif.id, comment="Dossier trop léger"
    )
    [letter] = session.exec(select(Letter)).all()
    text = _text(letter)
    assert _applicant_name(session, app) in text
    assert "avis défavorable (refus). Motif : Capacité d'accueil atteinte" in text
    assert "Voies et délais de recours" in text
    assert "recours gracieux" in text and "recours contentieux" in text
    assert "deux mois" in text
    assert "Dossier trop léger" in text
    assert letter.file_name.startswith("lettre_refus-")


def test_waiting_list_letters(session, clock, world):
    la = application(session, world, clock)
    _validate(session, world, clock, la, "LA")
    lc = application(session, world, clock)
    _validate(session, world, clock, lc, "LC", rank=4)
    by_app = {x.application_id: x for x in session.exec(select(Letter)).all()}
    assert "Décision : liste d'attente" in _text(by_app[la.id])
    assert "liste complémentaire, rang 4" in _text(by_app[lc.id])
    assert "au rang 4" in _text(by_app[lc.id])


def test_a_name_outside_latin_script_is_written_as_it_is(session, clock, world):
    app = application(session, world, clock)
    from ecandidat_app.core.models import Account

    person = session.get(Account, app.account_id)
    person.first_name, person.last_name = "Łukasz", "Żółć-Ивanov"
    cand = session.get(Candidate, person.id)
    cand.civility, cand.city, cand.country = "M.", "Kraków", "Pologne"
    session.add(cand)
    _validate(session, world, clock, app, "FA")
    [letter] = session.exec(select(Letter)).all()
    assert "M. Łukasz Żółć-Ивanov" in _text(letter)
    assert "Monsieur," in _text(letter)


def test_stored_once_and_a_correction_makes_a_second_letter(session, clock, world):
    app = application(session, world, clock)
    _validate(session, world, clock, app, "LA")
    [first] = session.exec(select(Letter)).all()
    # Asking again for the same decision's letter gives the stored one, untouched.
    from ecandidat_app.core.models import Decision

    d1 = session.get(Decision, first.decision_id)
    again = letters.issue_letter(session, app, d1, clock=clock)
    assert again.id == first.id and again.storage_key == first.storage_key
    assert len(session.exec(select(Letter)).all()) == 1
    before = storage.read_bytes(first.storage_key)

    _validate(session, world, clock, app, "DE", motif_id=world.motif.id)  # the correction
    rows = session.exec(select(Letter).order_by(Letter.id)).all()
    assert [r.kind for r in rows] == ["LA", "DE"]
    assert storage.read_bytes(first.storage_key) == before
    items = letters.letters_of(session, app.id)
    assert [(i.label, i.current) for i in items] == [
        ("Lettre de refus", True),
        ("Lettre de liste d'attente", False),
    ]
    # Each decision mail carries its own letter.
    attachments = session.exec(select(OutboxAttachment).order_by(OutboxAttachment.id)).all()
    assert [a.storage_key for a in attachments] == [r.storage_key for r in rows]
    assert [m.event for m in mails(session)] == ["decision_LA", "decision_DE"]


def test_no_letter_for_a_preselection(session, clock, world):
    from datetime import datetime

    app = application(session, world, clock)
    _validate(
        session,
        world,
        clock,
        app,
        "PR",
        preselection_at=datetime(2027, 4, 2, 14, 30),
        place="Salle 12",
    )
    assert session.exec(select(Letter)).all() == []
    [mail] = mails(session)
    assert session.exec(select(OutboxAttachment)).all() == []


def test_who_may_download_a_letter(session, clock, world):
    from ecandidat_app.core.models import Account
    from tests import factories

    app = application(session, world, clock)
    _validate(session, world, clock, app, "FA")
    [letter] = session.exec(select(Letter)).all()
    owner = session.get(Account, app.account_id)
    assert letters.letter_for_download(session, owner, letter.id).id == letter.id
    assert letters.letter_for_download(session, world.member, letter.id).id == letter.id
    assert letters.letter_for_download(session, world.gestionnaire, letter.id).id == letter.id
    stranger = factories.applicant(session, world.campaign)
    other_staff = factories.staff(session, role=Role.GESTIONNAIRE)  # no scope
    for who in (stranger, other_staff, None):
        with pytest.raises(NotFound):
            letters.letter_for_download(session, who, letter.id)
    with pytest.raises(NotFound):
        letters.letter_for_download(session, owner, letter.id + 1000)


def test_the_sweep_keeps_letters(session, clock, world):
    app = application(session, world, clock)
    _validate(session, world, clock, app, "FA")
    session.commit()
    [letter] = session.exec(select(Letter)).all()
    report = storage.sweep_orphans(session, max_age_s=-1)
    assert report.orphans == 0
    assert storage.size_of(letter.storage_key) is not None


def test_purging_the_campaign_removes_the_letters(session, clock, world):
    from datetime import timedelta

    from ecandidat_app.core import privacy

    app = application(session, world, clock)
    _validate(session, world, clock, app, "FA")
    session.commit()
    [letter] = session.exec(select(Letter)).all()
    path = storage.path_for(letter.storage_key)
    world.campaign.is_active = False
    world.campaign.archived_at = clock.now() - timedelta(days=400)
    session.add(world.campaign)
    session.commit()
    report = privacy.purge_archived_campaigns(session, clock)
    assert report.files >= 1
    session.commit()
    assert session.exec(select(Letter)).all() == []
    assert session.exec(select(OutboxAttachment)).all() == []
    assert not path.exists()


def test_mes_candidatures_lists_the_letter_of_the_decision_in_force(session, clock, world):
    from ecandidat_app.core.applications import my_applications
    from ecandidat_app.core.models import Account

    app = application(session, world, clock)
    _validate(session, world, clock, app, "LA")
    _validate(session, world, clock, app, "FA")  # the commission changed its mind
    owner = session.get(Account, app.account_id)
    [row] = my_applications(session, owner, clock=clock)
    assert [(x.download_label, x.current) for x in row.letters] == [
        ("Télécharger la lettre d'admission", True)
    ]
    assert row.letters[0].file_name.startswith("lettre_admission-")

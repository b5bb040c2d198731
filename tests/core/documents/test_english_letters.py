"""Letters in the applicant's language: an English applicant's admission, refusal and
waiting-list letters are English (the motif as staff entered it), checked by the same
decision line they print; letter overrides are per language; a stored letter is never
written again, even when its applicant changes language."""

from __future__ import annotations

from sqlmodel import Session, select

from ecandidat_app.core import storage
from ecandidat_app.core.clock import FixedClock
from ecandidat_app.core.documents import letter_templates, letters
from ecandidat_app.core.documents.pdf import folded, pdf_text
from ecandidat_app.core.i18n import use_locale
from ecandidat_app.core.models import Account, Application, Candidate, Letter
from ecandidat_app.core.review import decisions
from ecandidat_app.core.review.decisions.queries import current_validated_decision
from tests.core.decision_world import World, application, build


def _english(s: Session, world: World, clock: FixedClock, civility: str = "") -> Application:
    app = application(s, world, clock)
    person = s.get(Account, app.account_id)
    assert person is not None
    person.language = "en"
    s.add(person)
    if civility:
        cand = s.get(Candidate, person.id) or Candidate(account_id=person.id)
        cand.civility = civility
        s.add(cand)
    s.flush()
    return app


def _letter(s: Session, world: World, clock: FixedClock, app: Application, code: str) -> str:
    extra = {"motif_id": world.motif.id} if code == "DE" else {}
    if code == "LC":
        extra = {"rank": 4}
    decisions.enter_decision(s, world.gestionnaire, app.id, code=code, clock=clock, **extra)
    result = decisions.validate_decisions(s, world.gestionnaire, [app.id], clock=clock)
    assert result.done == [app.id], result.refused
    letter = s.exec(select(Letter).where(Letter.application_id == app.id)).one()
    return folded(pdf_text(storage.path_for(letter.storage_key)))


def test_english_refusal_letter(session: Session, clock: FixedClock) -> None:
    world = build(session, clock)
    text = _letter(session, world, clock, _english(session, world, clock, "Mme"), "DE")
    # The motif stays as the administrator entered it.
    assert "Decision: unfavourable (refusal). Reason: Capacité d'accueil atteinte" in text
    assert "How and when to appeal" in text and "two months" in text
    assert "I regret to inform you" in text and "Ms " in text
    assert "Application file no." in text and "Yours sincerely" in text
    assert "Voies" not in text and "Objet" not in text and "Madame" not in text


def test_english_admission_and_waiting_list_letters(session: Session, clock: FixedClock) -> None:
    world = build(session, clock)
    world.formation.label_en = "MSc Applied Computing"
    session.add(world.formation)
    admission = _letter(session, world, clock, _english(session, world, clock), "FA")
    assert "Decision: favourable (admission)" in admission
    assert 'to the programme "MSc Applied Computing"' in admission  # its English title
    assert "23 March 2027 at 10:00" in admission  # the confirmation deadline
    waiting = _letter(session, world, clock, _english(session, world, clock), "LA")
    assert "Decision: waiting list" in waiting and "placed on the waiting list" in waiting
    reserve = _letter(session, world, clock, _english(session, world, clock), "LC")
    assert "Decision: reserve list, position 4" in reserve
    assert "reserve list, in position 4" in reserve
    for text in (admission, waiting, reserve):
        assert "candidature" not in text and "Décision" not in text


def test_letter_overrides_are_per_language(session: Session, clock: FixedClock) -> None:
    world = build(session, clock)
    letter_templates.save_letter_template(
        session,
        world.admin,
        "FA",
        title="Admission (texte maison)",
        body="Texte maison.",
        clock=clock,
    )
    english = _letter(session, world, clock, _english(session, world, clock), "FA")
    assert "texte maison" not in english and "I am pleased to inform you" in english
    letter_templates.save_letter_template(
        session,
        world.admin,
        "FA",
        title="Admission (house text)",
        body="House text.",
        lang="en",
        clock=clock,
    )
    english = _letter(session, world, clock, _english(session, world, clock), "FA")
    assert "House text." in english and "Decision: favourable (admission)" in english
    french = _letter(session, world, clock, application(session, world, clock), "FA")
    assert "Texte maison." in french and "Décision : avis favorable (admission)" in french


def test_a_stored_letter_is_never_rewritten_and_lists_in_the_readers_language(
    session: Session, clock: FixedClock
) -> None:
    world = build(session, clock)
    app = _english(session, world, clock)
    _letter(session, world, clock, app, "FA")
    letter = session.exec(select(Letter)).one()
    before = storage.path_for(letter.storage_key).read_bytes()
    person = session.get(Account, app.account_id)
    assert person is not None
    person.language = "fr"
    decision = current_validated_decision(session, app.id)
    assert decision is not None
    assert letters.issue_letter(session, app, decision, clock=clock) == letter
    assert storage.path_for(letter.storage_key).read_bytes() == before
    with use_locale("en"):
        [item] = letters.letters_of(session, app.id)
    assert item.label == "Admission letter"
    assert item.download_label == "Download the admission letter"
    [french] = letters.letters_of(session, app.id)
    assert french.download_label == "Télécharger la lettre d'admission"


def test_english_letters_are_named_in_english(session: Session, clock: FixedClock) -> None:
    """The file an applicant saves is named in the letter's language, like its text."""
    world = build(session, clock)
    names = {}
    for code in ("FA", "DE", "LA"):
        app = _english(session, world, clock)
        _letter(session, world, clock, app, code)
        letter = session.exec(select(Letter).where(Letter.application_id == app.id)).one()
        names[code] = letter.file_name
    assert names["FA"].startswith("admission_letter-")
    assert names["DE"].startswith("refusal_letter-")
    assert names["LA"].startswith("waiting_list_letter-")

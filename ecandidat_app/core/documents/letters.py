"""Letters: an admission, refusal or waiting-list letter, written as PDF when a decision is
validated (review/decisions/validation.py calls `issue_letter`), stored once per decision in
the private store and never written again: a corrected decision gets a new letter and both
stay. The applicant downloads theirs from « Mes candidatures », staff from the dossier, both
through the authenticated route (web/api.py), and the decision e-mail carries it.

The layout is fixed (letterhead, date, recipient, the decision line, signature, and for a
refusal the appeal wording); administrators edit the title and the text
(letter_templates.py). The decision line and the recipient cannot be edited away: the check
of the generated file looks for them.

A letter is written in its applicant's language (`Account.language`): the English texts,
the decision line, the appeal wording and the dates in that language; what staff entered
(formation, commission, motif, comment) stays as entered.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session, col, select

from ecandidat_app.core import storage
from ecandidat_app.core.clock import PARIS, Clock, as_utc, system_clock
from ecandidat_app.core.config import get_settings
from ecandidat_app.core.documents import letter_templates
from ecandidat_app.core.documents.pdf import Document, check_generated, plain
from ecandidat_app.core.errors import NotFound
from ecandidat_app.core.i18n import N_, SOURCE, _, normalise, use_locale
from ecandidat_app.core.i18n_format import format_date, format_datetime
from ecandidat_app.core.models import (
    Account,
    Application,
    Candidate,
    Commission,
    Decision,
    DecisionMotif,
    Formation,
    Letter,
)
from ecandidat_app.core.permissions import can_view_application

# The file's name is in the letter's language, like its text.
FILE_PREFIX = {
    "FA": N_("lettre_admission"),
    "DE": N_("lettre_refus"),
    "LA": N_("lettre_liste_attente"),
}
APPEAL_TITLE = N_("Voies et délais de recours")
APPEAL = (
    N_(
        "Si vous estimez devoir contester cette décision, vous pouvez former soit un recours "
        "gracieux devant l'auteur de la décision, soit un recours contentieux devant la "
        "juridiction administrative compétente."
    ),
    N_(
        "Le recours gracieux peut être formé sans condition de délai. Le recours contentieux doit "
        "être introduit dans un délai de deux mois à compter de la notification de la présente "
        "décision. Si vous souhaitez former un recours contentieux après le rejet d'un recours "
        "gracieux, ce dernier doit avoir été introduit dans ce même délai de deux mois."
    ),
)


@dataclass(frozen=True)
class LetterFacts:
    """What the fixed part of a letter says (and what its check looks for)."""

    kind: str
    full_name: str
    address: list[str]
    file_number: str
    formation_code: str
    place_and_date: str
    decision_line: str
    centre_id: int | None = None  # whose letter texts it uses (the formation's centre)
    lang: str = "fr"  # the applicant's language, the letter's


def _decision_line(decision: Decision, motif: str) -> str:
    code = str(decision.code)
    if code == "FA":
        return _("Décision : avis favorable (admission)")
    if code == "DE":
        return _("Décision : avis défavorable (refus). Motif : {motif}").format(motif=motif)
    if code == "LC":
        return _("Décision : liste complémentaire, rang {rank}").format(rank=decision.rank)
    return _("Décision : liste d'attente")


SALUTATIONS = {"Mme": N_("Madame"), "M.": N_("Monsieur")}
ANYONE = N_("Madame, Monsieur")  # the salutation without a civility
CIVILITIES = {"Mme": N_("Mme"), "M.": N_("M.")}  # "Ms", "Mr" in English


def _civility(civility: str) -> str:
    return _(CIVILITIES[civility]) if civility in CIVILITIES else civility


def _salutation(civility: str) -> str:
    return _(SALUTATIONS.get(civility, ANYONE))


def gather(
    s: Session, application: Application, decision: Decision, *, clock: Clock
) -> tuple[LetterFacts, dict[str, object]]:
    """The fixed facts and the template variables of the letter of `decision`, in the
    current locale (`issue_letter` sets the applicant's)."""
    applicant = s.get(Account, application.account_id)
    formation = s.get(Formation, application.formation_id)
    commission = s.get(Commission, application.commission_id)
    if applicant is None or formation is None:
        raise NotFound(_("Ce dossier n'existe pas ou vous n'y avez pas accès."))
    cand = s.get(Candidate, applicant.id)
    motif_row = s.get(DecisionMotif, decision.motif_id) if decision.motif_id else None
    motif = motif_row.label if motif_row else ""
    civility = cand.civility if cand else ""
    full_name = f"{applicant.first_name} {applicant.last_name}"
    address = []
    if cand is not None:
        town = " ".join(x for x in (cand.postal_code, cand.city) if x)
        address = [x for x in (cand.address_line, town, cand.country) if x]
    settings = get_settings()
    lang = normalise(applicant.language)
    today = (as_utc(decision.validated_at) or clock.now()).astimezone(PARIS).date()
    facts = LetterFacts(
        kind=letter_templates.LETTER_OF_DECISION[str(decision.code)],
        full_name=" ".join(x for x in (_civility(civility), full_name) if x),
        address=address,
        file_number=applicant.file_number,
        formation_code=formation.code,
        place_and_date=_("{city}, le {date}").format(
            city=settings.university_city, date=format_date(today)
        ),
        decision_line=_decision_line(decision, motif),
        centre_id=formation.centre_id,
        lang=lang,
    )
    context: dict[str, object] = {
        "salutation": _salutation(civility),
        "first_name": applicant.first_name,
        "last_name": applicant.last_name,
        "file_number": applicant.file_number,
        # The English title the administrators entered, if any, in an English letter.
        "formation": (formation.label_en if lang != SOURCE else None) or formation.label,
        "commission": commission.label if commission else "",
        "motif": motif,
        "rank": decision.rank if decision.rank is not None else "",
        "comment": decision.comment,
        "deadline": format_datetime(application.confirm_deadline),
        "date": format_date(today),
        "university": settings.university_name,
    }
    return facts, context


def render_pdf(facts: LetterFacts, title: str, body: str) -> bytes:
    settings = get_settings()
    lines = [x for x in body.splitlines() if x.strip()]
    texts = [facts.full_name, *facts.address, title, *lines, settings.university_name]
    pdf = Document([*texts, settings.letter_signatory], title=title)
    pdf.add_page()
    pdf.letterhead()
    pdf.style(10)
    pdf.cell(0, 5, plain(facts.place_and_date), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_x(pdf.w / 2)
    recipient = [
        facts.full_name,
        *facts.address,
        _("Dossier n° {number}").format(number=facts.file_number),
    ]
    pdf.style(11)
    pdf.multi_cell(
        pdf.w / 2 - pdf.r_margin, 5.5, plain("\n".join(recipient)), new_x="LMARGIN", new_y="NEXT"
    )
    pdf.ln(8)
    pdf.paragraph(_("Objet : {title}").format(title=title), bold=True, gap=4)
    pdf.paragraph(facts.decision_line, bold=True, gap=4)
    for line in lines:
        if line.startswith("## "):
            pdf.heading(line[3:])
        else:
            pdf.paragraph(line)
    _signature(pdf)
    if facts.kind == "DE":
        pdf.ln(4)
        pdf.heading(_(APPEAL_TITLE), size=11)
        for text in APPEAL:
            pdf.paragraph(_(text), size=9.5, gap=2)
    return bytes(pdf.output())


def _signature(pdf: Document) -> None:
    settings = get_settings()
    pdf.ln(4)
    width = pdf.w / 2 - pdf.r_margin
    pdf.set_x(pdf.w / 2)
    pdf.style(10.5)
    pdf.multi_cell(
        width, 5.5, plain(settings.letter_signatory), align="L", new_x="LMARGIN", new_y="NEXT"
    )
    image = settings.letter_signature
    if image and Path(image).is_file():
        pdf.image(str(image), x=pdf.w / 2, h=20)
    pdf.ln(2)


def issue_letter(
    s: Session, application: Application, decision: Decision, *, clock: Clock = system_clock
) -> Letter | None:
    """The letter of a validated decision: written the first time (in the applicant's
    language), then only read."""
    if str(decision.code) not in letter_templates.LETTER_OF_DECISION or decision.id is None:
        return None
    existing = s.exec(select(Letter).where(col(Letter.decision_id) == decision.id)).first()
    if existing is not None:
        return existing
    applicant = s.get(Account, application.account_id)
    with use_locale(applicant.language if applicant is not None else None):
        facts, context = gather(s, application, decision, clock=clock)
        title, body = letter_templates.render_letter(
            s, facts.kind, context, facts.centre_id, facts.lang
        )
        data = render_pdf(facts, title, body)
        file_name = f"{_(FILE_PREFIX[facts.kind])}-{facts.file_number}-{facts.formation_code}.pdf"
    saved = storage.save_stream(
        io.BytesIO(data),
        check=lambda path: check_generated(path, [facts.full_name, facts.decision_line]),
    )
    letter = Letter(
        application_id=application.id or 0,
        decision_id=decision.id,
        kind=str(decision.code),
        file_name=file_name,
        storage_key=saved.key,
        size=saved.size,
        sha256=saved.sha256,
        created_at=clock.now(),
    )
    s.add(letter)
    s.flush()
    return letter


DOWNLOAD_LABELS = {
    "FA": N_("Télécharger la lettre d'admission"),
    "DE": N_("Télécharger la lettre de refus"),
    "LA": N_("Télécharger la lettre de liste d'attente"),
}


@dataclass
class LetterItem:
    """A letter as pages list it (newest first); `current` is the letter of the decision
    in force, the others belong to corrected decisions."""

    id: int
    label: str
    download_label: str  # « Télécharger la lettre d'admission »
    file_name: str
    created: str  # in the current locale, Paris time
    current: bool


def letters_of(s: Session, application_id: int) -> list[LetterItem]:
    rows = s.exec(
        select(Letter, Decision)
        .join(Decision, col(Decision.id) == Letter.decision_id)
        .where(col(Letter.application_id) == application_id)
        .order_by(col(Letter.created_at).desc(), col(Letter.id).desc())
    ).all()
    items = []
    for letter, decision in rows:
        kind = letter_templates.LETTER_OF_DECISION[letter.kind]
        items.append(
            LetterItem(
                id=letter.id or 0,
                label=_(letter_templates.LETTER_LABELS[kind]),
                download_label=_(DOWNLOAD_LABELS[kind]),
                file_name=letter.file_name,
                created=format_datetime(letter.created_at),
                current=not decision.superseded,
            )
        )
    return items


def letter_for_download(s: Session, account: Account | None, letter_id: int) -> Letter:
    """A letter the account may read: the applicant it is addressed to, or staff who may
    view the dossier. Everyone else gets the same NotFound, whether it exists or not."""
    letter = s.get(Letter, letter_id)
    application = s.get(Application, letter.application_id) if letter else None
    if letter is None or application is None or not can_view_application(s, account, application):
        raise NotFound(_("Ce fichier n'existe pas ou vous n'y avez pas accès."))
    return letter


def drop_letters(s: Session, application_ids: list[int]) -> int:
    """Anonymisation (core/privacy.py): the letters of these applications and the copies
    waiting in the outbox go; the files leave the store once the transaction commits."""
    from ecandidat_app.core.models import OutboxAttachment

    letters = s.exec(select(Letter).where(col(Letter.application_id).in_(application_ids))).all()
    for letter in letters:
        for copy in s.exec(
            select(OutboxAttachment).where(col(OutboxAttachment.storage_key) == letter.storage_key)
        ).all():
            s.delete(copy)
        storage.delete_after_commit(s, letter.storage_key)
        s.delete(letter)
    s.flush()
    return len(letters)

"""The staff dossier page's state (/gestion/dossier/[application_id]): the dossier read
for the account, the review actions, the decision form and the presence loop. The view is
web/components/staff_dossier_parts.py."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import ClassVar

import reflex as rx
from sqlmodel import Session

from ecandidat_app.core import questions, review
from ecandidat_app.core.accounts import sessions
from ecandidat_app.core.clock import PARIS
from ecandidat_app.core.db import session_scope
from ecandidat_app.core.documents.letters import LetterItem, letters_of
from ecandidat_app.core.errors import DomainError
from ecandidat_app.core.i18n import _
from ecandidat_app.core.models import Account
from ecandidat_app.core.models.enums import DECISION_LABELS
from ecandidat_app.core.permissions import STAFF, load_application_for
from ecandidat_app.core.review import presence
from ecandidat_app.web import live
from ecandidat_app.web.components.board_parts import fmt_dt
from ecandidat_app.web.state.auth import AuthState, page_load
from ecandidat_app.web.state.base import PageState
from ecandidat_app.web.state.dossier_acts import DossierActsMixin, piece_options
from ecandidat_app.web.state.event_args import IdText, parse_id
from ecandidat_app.web.state.page_state import start_clean
from ecandidat_app.web.state.views import DocItem, doc_item

# The decision form's fields, as the core names them in its refusals.
DECISION_FIELDS = {"code", "motif_id", "rank", "preselection_at"}
PRESENCE_SECONDS = 5
PRESENCE_LIFETIME = 30 * 60


class StaffDossierState(DossierActsMixin, PageState, AuthState):
    audience: ClassVar[str] = "staff"

    found: bool = False
    head: dict[str, str] = {}
    identity: list[list[str]] = []
    contact: list[list[str]] = []
    bac: list[list[str]] = []
    cursus: list[str] = []
    experiences: list[str] = []
    internships: list[str] = []
    documents: list[DocItem] = []
    answers: list[questions.AnswerRow] = []
    notes: list[dict[str, str]] = []
    history: list[dict[str, str]] = []
    others: list[str] = []
    can_review: bool = False
    archived: bool = False  # its campaign is not the current one: no action at all
    campaign_label: str = ""
    letters: list[LetterItem] = []
    motif_options: list[dict[str, str]] = []
    # dialog "Refuser"
    refuse_doc_id: str = ""
    refuse_label: str = ""
    refuse_comment: str = ""
    refuse_error: str = ""
    note_body: str = ""
    # decision form
    d_code: str = ""  # no decision chosen until someone chooses one
    d_motif: str = ""
    d_rank: str = ""
    d_comment: str = ""
    d_date: str = ""
    d_time: str = ""
    d_place: str = ""
    d_error: str = ""
    _version: int = 0
    _app_id: int = 0
    _live_id: int = 0

    def _reload(self) -> None:
        app_id = self._app_id
        read = self._act(lambda s, a: _read_dossier(s, a, app_id))
        if read is None:
            self.found = False
            return
        v, self.motif_options, self.others, pieces, self.answers, self.letters = read
        self.found = True
        self._show_acts(v, pieces)
        self._version = v.version
        self.can_review = v.can_review
        self.archived, self.campaign_label = v.archived, v.campaign_label
        self.head = {
            "name": v.full_name,
            "file_number": v.file_number,
            "email": v.email,
            "formation": v.formation_label,
            "status": v.status_label,
            "transmitted": fmt_dt(v.transmitted_at),
            "decision": _decision_text(v),
            "return_on": v.return_on.strftime("%d/%m/%Y"),
            "pdf": f"/api/dossiers/{v.application_id}/pdf",
        }
        self.identity = [list(x) for x in v.identity]
        self.contact = [list(x) for x in v.contact]
        self.bac = [list(x) for x in v.bac]
        self.cursus, self.experiences, self.internships = v.cursus, v.experiences, v.internships
        self.documents = [doc_item(d) for d in v.documents]
        self.notes = [{"author": n.author, "at": fmt_dt(n.at), "body": n.body} for n in v.notes]
        self.history = [
            {"at": fmt_dt(h.at), "actor": h.actor, "label": h.label, "detail": h.detail}
            for h in v.history
        ]

    @rx.event
    @page_load("staff")
    def load(self):  # type: ignore[no-untyped-def]
        # A's comment, motif, open dialog and data never reach B's page (page_state.py);
        # only the presence loop's counter survives, so an older loop still stops.
        start_clean(self, keep=(live.LOOP_VAR,))
        raw = str(self.router.page.params.get("application_id", ""))
        self._app_id = parse_id(raw) or 0
        self._reload()
        if not self.found:
            return None
        live.start(self)
        return StaffDossierState.keep_presence

    @rx.event
    def relabel(self) -> None:
        """After the header's language switch: the dossier read again in the new language,
        while the decision, note and refusal being typed stay as typed."""
        if self._app_id:
            self._reload()

    @rx.event(background=True)
    async def keep_presence(self):  # type: ignore[no-untyped-def]
        """Say "I am here" every few seconds and refresh who else is; stop with the page
        (web/live.py)."""

        def read() -> tuple[str, int] | None:
            return (self.session_token, self._app_id) if self.found else None

        def show(_snap: tuple[str, int], others: list[str]) -> None:
            if others != self.others:
                self.others = others

        await live.run(
            self,
            every=PRESENCE_SECONDS,
            lifetime=PRESENCE_LIFETIME,
            read=read,
            work=lambda snap: _touch_presence(*snap),
            show=show,
            pause_first=False,
        )

    def _review(self, action: Callable[[Session, Account], object], success: str) -> None:
        """Run one review action on the version shown, then read the dossier again (a
        stale view is thus reloaded)."""
        self._act(action, success)
        self._reload()

    @rx.event
    def validate_doc(self, doc_id: IdText) -> None:
        v, app_id = self._version, self._app_id
        self._review(
            lambda s, a: review.validate_document(s, a, app_id, int(doc_id), version=v),
            _("Pièce validée."),
        )

    @rx.event
    def open_refuse(self, doc_id: IdText, label: str) -> None:
        self.refuse_doc_id, self.refuse_label = doc_id, label
        self.refuse_comment, self.refuse_error = "", ""

    @rx.event
    def close_refuse(self) -> None:
        self.refuse_doc_id = ""

    @rx.event
    def set_refuse_comment(self, value: str) -> None:
        self.refuse_comment = value[:1000]

    @rx.event
    def confirm_refuse(self) -> None:
        if not self.refuse_comment.strip():
            self.refuse_error = _("Le commentaire est obligatoire : il est envoyé au candidat.")
            return
        v, app_id, doc_id, comment = (
            self._version,
            self._app_id,
            int(self.refuse_doc_id),
            self.refuse_comment,
        )
        self._review(
            lambda s, a: review.refuse_document(s, a, app_id, doc_id, comment, version=v),
            _("Pièce refusée."),
        )
        self.refuse_doc_id = ""

    @rx.event
    def set_incomplete(self) -> None:
        v, app_id = self._version, self._app_id
        self._review(
            lambda s, a: review.set_incomplete(s, a, app_id, version=v),
            _("Dossier déclaré incomplet : le candidat a été prévenu par e-mail."),
        )

    @rx.event
    def set_complete(self) -> None:
        v, app_id = self._version, self._app_id
        self._review(
            lambda s, a: review.set_complete(s, a, app_id, version=v),
            _("Dossier déclaré complet : le candidat a été prévenu par e-mail."),
        )

    @rx.event
    def set_note(self, value: str) -> None:
        self.note_body = value[:2000]

    @rx.event
    def add_note(self) -> None:
        app_id, body = self._app_id, self.note_body
        self._review(lambda s, a: review.add_note(s, a, app_id, body), _("Note ajoutée."))
        if self.message_kind == "success":
            self.note_body = ""

    # ---- decision
    @rx.event
    def set_d_code(self, value: str) -> None:
        self.d_code = value if value in DECISION_LABELS else ""
        self.d_error = ""

    @rx.event
    def set_d_motif(self, value: str) -> None:
        self.d_motif = value

    @rx.event
    def set_d_rank(self, value: str) -> None:
        self.d_rank = value

    @rx.event
    def set_d_comment(self, value: str) -> None:
        self.d_comment = value[:1000]

    @rx.event
    def set_d_date(self, value: str) -> None:
        self.d_date = value

    @rx.event
    def set_d_time(self, value: str) -> None:
        self.d_time = value

    @rx.event
    def set_d_place(self, value: str) -> None:
        self.d_place = value[:200]

    @rx.event
    def enter_decision(self) -> None:
        self.d_error = ""
        rank = parse_id(self.d_rank.strip())
        when = None
        if self.d_code == "PR":
            try:
                when = datetime.fromisoformat(f"{self.d_date}T{self.d_time or '09:00'}")
                when = when.replace(tzinfo=PARIS)
            except ValueError:
                self.d_error = _("Indiquez la date et l'heure de la présélection.")
                return
        motif = parse_id(self.d_motif)
        v, app_id, code, comment, place = (
            self._version,
            self._app_id,
            self.d_code,
            self.d_comment,
            self.d_place,
        )
        from ecandidat_app.core.review.decisions import enter_decision

        # The core checks the avis (type, motif, rank, date): what it says about one of
        # the form's fields is shown next to the form, anything else on top of the page.
        entered = self._attempt(
            lambda s, a: enter_decision(
                s,
                a,
                app_id,
                code=code,
                motif_id=motif,
                rank=rank,
                comment=comment,
                preselection_at=when,
                place=place,
                version=v,
            )
        )
        if not isinstance(entered, DomainError):
            self._say(
                _("Avis saisi : il doit encore être validé pour être envoyé au candidat."),
                "success",
            )
        elif entered.field in DECISION_FIELDS:
            self.d_error = entered.message
        else:
            self._say_refusal(entered)
        self._reload()

    @rx.event
    def validate_decision(self) -> None:
        from ecandidat_app.core.review.decisions import validate_decisions

        app_id = self._app_id
        result = self._act(lambda s, a: validate_decisions(s, a, [app_id]))
        if result is not None and result.refused:
            self._say(result.refused[app_id])
        elif result is not None:
            self._say(_("Avis validé : le candidat a été prévenu par e-mail."), "success")
        self._reload()


def _decision_text(v: review.DossierView) -> str:
    """The decision as the head of the page says it: "Favorable (validé)", "Aucun"."""
    if not v.decision_code:
        return v.decision_label or _("Aucun")
    if v.decision_validated:
        return _("{decision} (validé)").format(decision=v.decision_label)
    return _("{decision} (à valider)").format(decision=v.decision_label)


def _read_dossier(
    s: Session, account: Account, application_id: int
) -> tuple[
    review.DossierView,
    list[dict[str, str]],
    list[str],
    list[dict[str, str]],
    list[questions.AnswerRow],
    list[LetterItem],
]:
    """The dossier as the account may see it, the centre's motifs, who else is there, the
    pieces that may still be asked of it, the answers to the formation's questions and the
    decision letters written so far."""
    from ecandidat_app.core.review.decisions import motifs

    v = review.dossier_view(s, account, application_id)
    options = [{"value": str(m.id), "label": m.label} for m in motifs(s, v.centre_id)]
    pieces = piece_options(s, application_id) if v.can_review else []
    present = presence.present(s, application_id, account.id)
    answers = questions.answers_for_dossier(s, application_id)
    return v, options, present, pieces, answers, letters_of(s, application_id)


def _touch_presence(cookie: str, application_id: int) -> list[str] | None:
    """In a worker thread: re-check the staff session and the right to see the dossier,
    mark the presence, return who else is there (None: stop)."""
    with session_scope() as s:
        account = sessions.resolve_session(s, cookie)
        if account is None or account.role not in STAFF:
            return None
        try:
            load_application_for(s, account, application_id)
        except DomainError:
            return None
        presence.touch(s, account, application_id)
        return presence.present(s, application_id, account.id)

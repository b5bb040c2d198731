"""/candidature/[application_id]: the applicant's dossier: documents, uploads, transmit.

Uploads are streamed (`rx.upload_files_chunk` + a background handler): each file's chunks
go, as they arrive, through a pipe (`web/upload_stream.py`) to `documents.receive_file` running
in a worker thread, which checks the content, copies into the private store and stops as
soon as the size cap is passed. The handler then returns, so Reflex stops reading the
request: an oversized upload is refused after about the cap, not after the whole body.
Uploaded files never touch Reflex's public upload folder.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, ClassVar

import reflex as rx

from ecandidat_app.core import applications, questions
from ecandidat_app.core.applications import DocumentView, documents
from ecandidat_app.core.clock import system_clock
from ecandidat_app.core.db import session_scope
from ecandidat_app.core.errors import DomainError, NotFound
from ecandidat_app.core.i18n import N_, _, ngettext
from ecandidat_app.core.models import Account
from ecandidat_app.core.questions import AnswerField
from ecandidat_app.web.components.checklist import document_card, transmit_block, upload_dialog
from ecandidat_app.web.components.forms import form_message
from ecandidat_app.web.components.layout import page_frame
from ecandidat_app.web.components.question_parts import answers_section
from ecandidat_app.web.i18n import t
from ecandidat_app.web.state.auth import AuthState, page_load
from ecandidat_app.web.state.base import PageState
from ecandidat_app.web.state.event_args import Id, parse_id
from ecandidat_app.web.state.page_state import start_clean
from ecandidat_app.web.upload_stream import NOTHING_RECEIVED, UploadAborted, receive_files

log = logging.getLogger(__name__)

UPLOAD_INTERRUPTED = N_("L'envoi a été interrompu : réessayez.")
UPLOAD_FAILED = N_("Le fichier n'a pas pu être enregistré : réessayez dans un instant.")


class ApplicationState(PageState, AuthState):
    audience: ClassVar[str] = "applicant"

    formation: str = ""
    status: str = ""
    status_label: str = ""
    deadline: str = ""
    deadline_label: str = ""
    transmitted_at: str = ""
    locked_reason: str = ""
    can_edit: bool = False
    can_transmit: bool = False
    missing: list[str] = []
    documents: list[DocumentView] = []
    progress: int = 0
    uploading: bool = False
    certified: bool = False
    not_found: bool = False
    upload_open: bool = False
    upload_label: str = ""
    upload_error: str = ""
    # Questions of the formation: the stored answers, and the draft being typed (kept as
    # typed when a save is refused, each error next to its field).
    question_fields: list[AnswerField] = []
    answers: dict[str, str] = {}
    answer_errors: dict[str, str] = {}
    _application_id: int = 0
    _upload_document_type_id: int = 0
    _upload_finished: bool = False

    def _id_from_url(self) -> int:
        raw = str(self.router.page.params.get("application_id", ""))
        return parse_id(raw) or 0

    def _reload(
        self, account: Account | None = None, *, with_answers: bool = False, wording: bool = False
    ) -> None:
        """Read the dossier again; an action passes the account it has just checked, so
        the session is not looked up twice in one event. `with_answers` also fills the
        answer form from the questions and answers the checklist read (the page load);
        `wording` only the questions' wording, keeping the answers being typed."""
        account = account or self.current_account()
        try:
            if account is None:  # signed out: the same answer as a dossier not theirs
                raise NotFound()
            with session_scope() as s:
                view, found = applications.checklist_and_questions(s, account, self._application_id)
        except DomainError:
            self._set(not_found=True, documents=[], missing=[])
            return
        # Only what changed is assigned, so an upload's answer carries the documents and
        # not the whole page again.
        self._set(
            not_found=False,
            formation=view.formation,
            status=view.status,
            status_label=view.status_label,
            deadline=view.deadline,
            deadline_label=view.deadline_label,
            transmitted_at=view.transmitted_at,
            locked_reason=view.locked_reason,
            can_edit=view.can_edit,
            can_transmit=view.can_transmit,
            missing=view.missing,
            documents=view.documents,
        )
        if with_answers:
            self._show_answers(questions.answer_fields(found))
        elif wording:
            self._set(question_fields=questions.answer_fields(found))

    def _show_answers(self, fields: list[AnswerField]) -> None:
        self._set(
            question_fields=fields, answers={f.key: f.value for f in fields}, answer_errors={}
        )

    @rx.event
    @page_load("applicant")
    def load(self) -> None:
        start_clean(self)  # nothing of the previous dossier (dialog, message) stays
        self._application_id = self._id_from_url()
        self._reload(with_answers=True)

    @rx.event
    def relabel(self) -> None:
        """After the header's language switch: the dossier and the questions' wording in
        the new language, while the answers being typed stay as typed (the stored values
        of choices are the same in every language)."""
        if self._application_id:
            self._reload(wording=True)

    @rx.event
    def on_progress(self, prog: dict[str, int | float | bool]) -> None:
        if self._upload_finished:  # a late progress report of an upload already answered
            return
        self.uploading = True
        self.progress = round(float(prog.get("progress", 0)) * 100)

    @rx.event
    def choose_upload(self, document_type_id: Id, label: str) -> None:
        """(+) on a document: the upload dialog now serves that document."""
        self._upload_document_type_id = int(document_type_id)
        self.upload_label, self.upload_open, self.message = str(label), True, ""
        self.upload_error = ""

    @rx.event
    def close_upload(self) -> None:
        self.upload_open, self.uploading, self.progress = False, False, 0

    @rx.event(background=True)
    async def upload(self, chunks: rx.UploadChunkIterator):  # type: ignore[no-untyped-def]
        """Files streamed from the dialog. Returning before the last chunk (a refusal)
        makes Reflex stop reading the request (HTTP 400)."""
        async with self:
            account = self.current_account()
            application_id = self._application_id
            document_type_id = self._upload_document_type_id
            self._upload_finished = False
            self.uploading, self.upload_error, self.message = True, "", ""
        refusal = await asyncio.to_thread(_refusal_before_reading, account, application_id)
        results, failure = [], refusal
        if refusal is None:
            try:
                results = await receive_files(
                    chunks, _store_into(account, application_id, document_type_id)
                )
            except UploadAborted:
                failure = _(UPLOAD_INTERRUPTED)
            except Exception:  # logged; the applicant gets a French message
                log.exception("upload failed")
                failure = _(UPLOAD_FAILED)
        if not results and failure is None:
            failure = _(NOTHING_RECEIVED)  # never an empty upload answered by silence
        errors = [
            _("{name} : {error}").format(name=r.filename, error=r.error)
            for r in results
            if r.error is not None
        ]
        added = len(results) - len(errors)
        if failure is not None:
            errors.append(failure)
        async with self:
            self._upload_finished = True
            self.uploading, self.progress = False, 0
            if errors:
                # Said in the dialog, where the applicant is looking, and on the page.
                self.upload_error = " ".join(errors)
                self._say(self.upload_error)
            elif added:
                self.upload_open = False
                self._say(
                    ngettext("Fichier ajouté.", "{n} fichiers ajoutés.", added).format(n=added),
                    "success",
                )
            self._reload(account)

    @rx.event
    def remove(self, stored_file_id: Id) -> None:
        app_id, file_id = self._application_id, int(stored_file_id)
        self._act(
            lambda s, a: documents.remove_file(s, a, app_id, file_id),
            _("Fichier retiré."),
            then=self._reload,
        )

    @rx.event
    def set_certified(self, value: bool) -> None:
        self.certified = bool(value)

    @rx.event
    def not_concerned(self, document_type_id: Id) -> None:
        app_id, doc_type, certified = self._application_id, int(document_type_id), self.certified
        self.certified = False
        self._act(
            lambda s, a: documents.set_not_concerned(s, a, app_id, doc_type, certified),
            _("Pièce déclarée non concernée."),
            then=self._reload,
        )

    @rx.event
    def undo_not_concerned(self, document_type_id: Id) -> None:
        app_id, doc_type = self._application_id, int(document_type_id)
        self._act(
            lambda s, a: documents.undo_not_concerned(s, a, app_id, doc_type),
            _("Déclaration annulée : déposez la pièce."),
            then=self._reload,
        )

    @rx.event
    def set_answer(self, key: str, value: str) -> None:
        if key in self.answers:  # only the questions of this dossier
            self.answers = {**self.answers, key: value}
            self.answer_errors = {**self.answer_errors, key: ""}

    @rx.event
    def toggle_answer(self, key: str, choice: str, checked: bool) -> None:
        """A box of a multiple-choice question: the chosen choices, one per line."""
        if key not in self.answers:
            return
        chosen = [c for c in self.answers[key].splitlines() if c and c != choice]
        self.set_answer(key, "\n".join([*chosen, choice] if checked else chosen))

    def _store_answers(self, account: Account | None) -> bool:
        """Save the draft; False (errors next to their fields, or on top) when refused."""
        app_id, draft = self._application_id, dict(self.answers)
        outcome = self._attempt(
            lambda s, a: questions.save_answers(s, a, app_id, draft, clock=system_clock), account
        )
        if isinstance(outcome, questions.AnswersRefused):
            self.answer_errors = outcome.errors
            self._say(outcome.message)
            return False
        if isinstance(outcome, DomainError):
            self._say_refusal(outcome)
            self._reload(account)
            return False
        return True

    @rx.event
    def save_answers(self) -> None:
        account = self._account()
        if self._store_answers(account):
            self._say(_("Vos réponses ont été enregistrées."), "success")
            self._reload(account, with_answers=True)

    @rx.event
    def transmit(self) -> None:
        app_id = self._application_id
        typed = {f.key: f.value for f in self.question_fields} != self.answers
        account = self._account()  # checked once for the whole event
        if typed and not self._store_answers(account):
            return  # answers typed but not valid: nothing is transmitted
        self._act(
            lambda s, a: applications.transmit(s, a, app_id),
            _("Votre candidature a été transmise. Un courriel de confirmation vous a été envoyé."),
            # Answers typed and saved: the form is read again with the checklist.
            then=lambda checked: self._reload(checked, with_answers=typed),
            account=account,
        )


def _refusal_before_reading(account: Any, application_id: int) -> str | None:
    """Someone else's dossier (or no session) is refused before a byte is read (one query);
    the document and the dates are checked as the file is recorded."""
    try:
        with session_scope() as s:
            applications.load_own_application(s, account, application_id)
    except DomainError as exc:
        return exc.message
    return None


def _store_into(account: Any, application_id: int, document_type_id: int):  # type: ignore[no-untyped-def]
    """The store for `receive_files`: one file through THE rule (`documents.receive_file`),
    in a worker thread; a refusal comes back as its French message."""

    def store(filename: str, stream: Any) -> str | None:
        try:
            documents.receive_file(
                account,
                application_id,
                document_type_id,
                filename=filename or "fichier",
                source=stream,
                clock=system_clock,
            )
        except DomainError as exc:
            return exc.message
        return None

    return store


def _header() -> rx.Component:
    S = ApplicationState
    return rx.vstack(
        rx.hstack(
            rx.badge(S.status_label, size="3", variant="solid"),
            rx.cond(
                S.deadline != "",
                rx.text(t("{what} : ", what=S.deadline_label), rx.el.strong(S.deadline)),
            ),
            rx.cond(S.transmitted_at != "", rx.text(t("Transmise le "), S.transmitted_at)),
            spacing="4",
            wrap="wrap",
            align="center",
        ),
        rx.cond(
            S.locked_reason != "",
            rx.callout(S.locked_reason, icon="lock", color_scheme="gray"),
        ),
        spacing="3",
        align="start",
    )


def page() -> rx.Component:
    S = ApplicationState
    return page_frame(
        rx.cond(
            S.not_found,
            rx.vstack(
                rx.text(t("Ce dossier n'existe pas ou vous n'y avez pas accès.")),
                rx.link(t("Retour à mes candidatures"), href="/mes-candidatures"),
            ),
            rx.vstack(
                rx.heading(S.formation, size="6", as_="h2"),
                _header(),
                rx.box(form_message(S.message, S.message_kind), width="100%"),
                upload_dialog(
                    S.upload_open,
                    S.upload_label,
                    S.progress,
                    S.uploading,
                    S.upload_error,
                    S.upload,
                    S.on_progress,
                    S.close_upload,
                ),
                answers_section(
                    S.question_fields,
                    S.answers,
                    S.answer_errors,
                    S.can_edit,
                    on_set=S.set_answer,
                    on_toggle=S.toggle_answer,
                    on_save=S.save_answers,
                ),
                rx.heading(t("Pièces justificatives"), size="5", as_="h2"),
                rx.foreach(
                    S.documents,
                    lambda doc: document_card(
                        doc,
                        on_choose=S.choose_upload,
                        on_remove=S.remove,
                        certified=S.certified,
                        on_certify=S.set_certified,
                        on_not_concerned=S.not_concerned,
                        on_undo=S.undo_not_concerned,
                    ),
                ),
                transmit_block(S.can_transmit, S.can_edit, S.missing, S.transmit),
                rx.link(t("Retour à mes candidatures"), href="/mes-candidatures"),
                spacing="4",
                align="start",
                width="100%",
            ),
        ),
        title=t("Ma candidature"),
    )

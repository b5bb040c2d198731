"""/gestion/dossier/[application_id]: one dossier for staff: the applicant's profile,
documents with previews, Valider/Refuser, complete/incomplete, notes, history, presence
and the decision form. Every handler re-reads the account and the permission (core)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import ClassVar

import reflex as rx
from sqlmodel import Session

from ecandidat_app.core import review
from ecandidat_app.core.accounts import sessions
from ecandidat_app.core.clock import PARIS
from ecandidat_app.core.db import session_scope
from ecandidat_app.core.errors import DomainError
from ecandidat_app.core.models import Account
from ecandidat_app.core.models.enums import DECISION_LABELS
from ecandidat_app.core.permissions import STAFF, load_application_for
from ecandidat_app.core.review import presence
from ecandidat_app.web import live
from ecandidat_app.web.components.board_parts import (
    archived_notice,
    file_preview,
    fmt_dt,
    key_values,
    line_list,
    select_field,
    text_field,
)
from ecandidat_app.web.components.forms import form_message
from ecandidat_app.web.components.layout import page_frame
from ecandidat_app.web.state.auth import AuthState, page_load
from ecandidat_app.web.state.base import PageState
from ecandidat_app.web.state.event_args import IdText, parse_id
from ecandidat_app.web.state.page_state import start_clean
from ecandidat_app.web.state.views import DocItem, doc_item

PRESENCE_SECONDS = 5
PRESENCE_LIFETIME = 30 * 60


class StaffDossierState(PageState, AuthState):
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
    notes: list[dict[str, str]] = []
    history: list[dict[str, str]] = []
    others: list[str] = []
    can_review: bool = False
    archived: bool = False  # its campaign is not the current one: no action at all
    campaign_label: str = ""
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
        v, self.motif_options, self.others = read
        self.found = True
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
            "decision": (v.decision_label or "Aucun")
            + (
                " (validé)" if v.decision_validated else (" (à valider)" if v.decision_code else "")
            ),
            "return_on": v.return_on.strftime("%d/%m/%Y"),
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
            "Pièce validée.",
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
            self.refuse_error = "Le commentaire est obligatoire : il est envoyé au candidat."
            return
        v, app_id, doc_id, comment = (
            self._version,
            self._app_id,
            int(self.refuse_doc_id),
            self.refuse_comment,
        )
        self._review(
            lambda s, a: review.refuse_document(s, a, app_id, doc_id, comment, version=v),
            "Pièce refusée.",
        )
        self.refuse_doc_id = ""

    @rx.event
    def set_incomplete(self) -> None:
        v, app_id = self._version, self._app_id
        self._review(
            lambda s, a: review.set_incomplete(s, a, app_id, version=v),
            "Dossier déclaré incomplet : le candidat a été prévenu par e-mail.",
        )

    @rx.event
    def set_complete(self) -> None:
        v, app_id = self._version, self._app_id
        self._review(
            lambda s, a: review.set_complete(s, a, app_id, version=v),
            "Dossier déclaré complet : le candidat a été prévenu par e-mail.",
        )

    @rx.event
    def set_note(self, value: str) -> None:
        self.note_body = value[:2000]

    @rx.event
    def add_note(self) -> None:
        app_id, body = self._app_id, self.note_body
        self._review(lambda s, a: review.add_note(s, a, app_id, body), "Note ajoutée.")
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
                self.d_error = "Indiquez la date et l'heure de la présélection."
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
                s, a, app_id, code=code, motif_id=motif, rank=rank, comment=comment,
                preselection_at=when, place=place, version=v,
            )
        )  # fmt: skip
        if not isinstance(entered, DomainError):
            self._say("Avis saisi : il doit encore être validé pour être envoyé au candidat.",
                      "success")  # fmt: skip
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
            self._say("Avis validé : le candidat a été prévenu par e-mail.", "success")
        self._reload()


def _read_dossier(
    s: Session, account: Account, application_id: int
) -> tuple[review.DossierView, list[dict[str, str]], list[str]]:
    """The dossier as the account may see it, the centre's motifs, who else is there."""
    from ecandidat_app.core.review.decisions import motifs

    v = review.dossier_view(s, account, application_id)
    options = [{"value": str(m.id), "label": m.label} for m in motifs(s, v.centre_id)]
    return v, options, presence.present(s, application_id, account.id)


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


S = StaffDossierState
NO_DECISION = "— Choisir un avis —"
# The decision form's fields, as the core names them in its refusals.
DECISION_FIELDS = {"code", "motif_id", "rank", "preselection_at"}
DECISION_OPTIONS = [{"value": k, "label": v} for k, v in DECISION_LABELS.items()]


def _document(doc: DocItem) -> rx.Component:
    return rx.card(
        rx.flex(
            rx.heading(doc.label, as_="h3", size="3"),
            rx.badge(doc.status_label),
            gap="2",
            align="center",
            wrap="wrap",
        ),
        rx.cond(doc.comment != "", rx.text("Commentaire : ", doc.comment, size="2")),
        rx.foreach(doc.files, file_preview),
        rx.cond(
            S.can_review,
            rx.flex(
                rx.button(
                    "Valider",
                    on_click=S.validate_doc(doc.id),
                    color_scheme="green",
                    high_contrast=True,
                    size="2",
                    aria_label="Valider la pièce : " + doc.label,
                ),
                rx.button(
                    "Refuser",
                    on_click=S.open_refuse(doc.id, doc.label),
                    color_scheme="red",
                    variant="outline",
                    size="2",
                    aria_label="Refuser la pièce : " + doc.label,
                ),
                gap="2",
                margin_top="2",
            ),
        ),
        width="100%",
    )


def _refuse_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Refuser la pièce « ", S.refuse_label, " »"),
            rx.dialog.description("Le commentaire est envoyé au candidat avec la demande."),
            rx.el.label("Commentaire (obligatoire)", html_for="refus-commentaire"),
            rx.el.textarea(
                id="refus-commentaire",
                value=S.refuse_comment,
                on_change=S.set_refuse_comment,
                rows=4,
                style={"width": "100%", "border": "1px solid #666", "padding": "0.4rem"},
                aria_describedby="refus-erreur",
            ),
            rx.text(S.refuse_error, id="refus-erreur", role="alert", color="#b60000", size="2"),
            rx.flex(
                rx.button("Annuler", variant="outline", on_click=S.close_refuse),
                rx.button("Refuser la pièce", color_scheme="red", on_click=S.confirm_refuse),
                gap="2",
                justify="end",
                margin_top="3",
            ),
        ),
        open=S.refuse_doc_id != "",
        on_open_change=lambda _open: S.close_refuse(),  # type: ignore[arg-type]
    )


def _decision_form() -> rx.Component:
    return rx.el.section(
        rx.heading("Avis de la commission", as_="h2", size="4"),
        rx.text("Avis actuel : ", S.head["decision"], size="2"),
        rx.flex(
            select_field("Type d'avis", "d-code", S.d_code, S.set_d_code, DECISION_OPTIONS,
                         NO_DECISION),
            rx.cond(
                S.d_code == "DE",
                select_field("Motif", "d-motif", S.d_motif, S.set_d_motif, S.motif_options,
                             "— Choisir un motif —"),
            ),
            rx.cond(
                S.d_code == "LC",
                text_field("Rang", "d-rank", S.d_rank, S.set_d_rank, inputmode="numeric"),
            ),
            rx.cond(
                S.d_code == "PR",
                rx.flex(
                    text_field("Date", "d-date", S.d_date, S.set_d_date, type="date"),
                    text_field("Heure", "d-time", S.d_time, S.set_d_time, type="time"),
                    text_field("Lieu", "d-place", S.d_place, S.set_d_place),
                    gap="2", wrap="wrap",
                ),
            ),
            text_field("Commentaire", "d-comment", S.d_comment, S.set_d_comment),
            direction="column",
            gap="2",
            margin_top="2",
        ),
        rx.text(S.d_error, role="alert", color="#b60000", size="2"),
        rx.flex(
            rx.button("Saisir l'avis", on_click=S.enter_decision),
            rx.cond(
                S.can_review,
                rx.button("Valider l'avis", on_click=S.validate_decision, color_scheme="green", high_contrast=True),
            ),
            gap="2",
            wrap="wrap",
            margin_y="2",
        ),
        aria_label="Avis de la commission",
    )  # fmt: skip


def _status_actions() -> rx.Component:
    return rx.cond(
        S.can_review,
        rx.flex(
            rx.button(
                "Dossier incomplet",
                on_click=S.set_incomplete,
                color_scheme="orange",
                high_contrast=True,
            ),
            rx.button(
                "Dossier complet",
                on_click=S.set_complete,
                color_scheme="green",
                high_contrast=True,
            ),
            gap="2",
            wrap="wrap",
            margin_bottom="3",
        ),
    )


def _side_panel() -> rx.Component:
    """Status buttons and the decision form: beside the dossier on a wide screen, kept in
    view while the pieces scroll; after the dossier on a phone."""
    return rx.el.aside(
        rx.card(_status_actions(), _decision_form(), width="100%"),
        aria_label="Décision sur le dossier",
        style={
            "position": rx.breakpoints(initial="static", md="sticky"),
            "top": "1rem",
            "align_self": "start",
            "max_height": rx.breakpoints(initial="none", md="calc(100vh - 2rem)"),
            "overflow_y": "auto",
        },
    )


def _profile() -> rx.Component:
    return rx.el.section(
        rx.heading("Profil du candidat", as_="h2", size="4"),
        rx.heading("État civil", as_="h3", size="3"),
        key_values(S.identity),
        rx.heading("Coordonnées", as_="h3", size="3"),
        key_values(S.contact),
        rx.heading("Baccalauréat", as_="h3", size="3"),
        key_values(S.bac),
        line_list("Cursus", S.cursus),
        line_list("Expériences professionnelles", S.experiences),
        line_list("Stages", S.internships),
    )


def _notes() -> rx.Component:
    return rx.el.section(
        rx.heading("Notes internes (jamais visibles du candidat)", as_="h2", size="4"),
        rx.cond(
            S.archived,
            rx.fragment(),
            rx.fragment(
                rx.el.label("Nouvelle note", html_for="note"),
                rx.el.textarea(
                    id="note",
                    value=S.note_body,
                    on_change=S.set_note,
                    rows=3,
                    style={"width": "100%", "border": "1px solid #666", "padding": "0.4rem"},
                ),
                rx.button("Ajouter la note", on_click=S.add_note, margin_y="2"),
            ),
        ),
        rx.foreach(
            S.notes,
            lambda n: rx.card(
                rx.text(n["author"], " · ", n["at"], size="1", color_scheme="gray"),
                rx.text(n["body"]),
                margin_y="1",
            ),
        ),
        margin_y="4",
    )


def _history() -> rx.Component:
    return rx.el.section(
        rx.heading("Historique", as_="h2", size="4"),
        rx.el.ol(
            rx.foreach(
                S.history,
                lambda h: rx.el.li(
                    h["at"],
                    " · ",
                    h["actor"],
                    " · ",
                    h["label"],
                    rx.cond(h["detail"] != "", " : " + h["detail"], ""),
                ),
            )
        ),
    )


def _content() -> rx.Component:
    return rx.box(
        rx.cond(
            S.others.length() > 0,  # type: ignore[attr-defined]
            rx.callout(
                rx.foreach(S.others, lambda n: rx.text(n, " consulte aussi ce dossier")),
                color_scheme="blue",
                role="status",
            ),
        ),
        rx.heading(S.head["name"], " · ", S.head["file_number"], as_="h2", size="5"),
        rx.text(
            S.head["formation"],
            " · Statut : ",
            rx.el.strong(S.head["status"]),
            " · Transmis le ",
            S.head["transmitted"],
            " · Date de retour : ",
            S.head["return_on"],
        ),  # fmt: skip
        archived_notice(S.archived, S.campaign_label),
        form_message(S.message, S.message_kind),
        rx.grid(
            rx.box(
                rx.grid(
                    _profile(),
                    rx.el.section(
                        rx.heading("Pièces justificatives", as_="h2", size="4"),
                        rx.vstack(rx.foreach(S.documents, _document), spacing="3"),
                    ),
                    columns=rx.breakpoints(initial="1", lg="2"),
                    spacing="4",
                ),
                _notes(),
                _history(),
                min_width="0",
            ),
            rx.cond(S.archived, rx.fragment(), _side_panel()),
            columns=rx.breakpoints(initial="1", md="minmax(0, 1fr) 21rem"),
            spacing="5",
            margin_top="3",
        ),
        _refuse_dialog(),
    )


def page() -> rx.Component:
    return page_frame(
        rx.link("← Retour au tableau de bord", href="/gestion"),
        rx.cond(S.found, _content(), form_message(S.message, "error")),
        title="Dossier de candidature",
    )

"""/boite-mail-demo: the mail the demo SMTP server received (demo mode only), so a visitor
can open the validation link of the account they just created without a real mailbox."""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex_base.event import EventSpec

from ecandidat_app.core.config import get_settings
from ecandidat_app.core.mail import demo_mailbox
from ecandidat_app.web import live
from ecandidat_app.web.components.board_parts import fmt_dt
from ecandidat_app.web.components.layout import page_frame
from ecandidat_app.web.i18n import t
from ecandidat_app.web.state.auth import AuthState, page_load

PATH = "/boite-mail-demo"
REFRESH_EVERY_S = 5
REFRESH_FOR_S = 10 * 60  # a forgotten tab stops polling after a while
READER_ID = "message-ouvert"


def _enabled() -> bool:
    settings = get_settings()
    return settings.demo and settings.demo_mailbox_enabled


class MailboxState(AuthState):
    enabled: bool = False
    messages: list[dict[str, str]] = []
    open_id: str = ""
    open_subject: str = ""
    open_to: str = ""
    open_from: str = ""
    open_date: str = ""
    open_parts: list[dict[str, str]] = []
    auto_refresh: bool = False
    _live_id: int = 0
    _seen: int = 0  # the mailbox version the list was read at

    def _reload(self) -> None:
        self.enabled = _enabled()
        self._seen = demo_mailbox.version() if self.enabled else 0
        messages = _summaries() if self.enabled else []
        if messages != self.messages:
            self.messages = messages

    @rx.event
    @page_load("public")
    def load(self) -> EventSpec | None:
        self._reload()
        if not self.enabled:  # production (or switched off): there is no such page
            return rx.redirect("/")
        wanted = self.router.url.query_parameters.get("message", "")
        if wanted:
            self._open(str(wanted))
        elif not any(m["id"] == self.open_id for m in self.messages):
            self._close()
        if self.enabled:
            self.auto_refresh = True
            live.start(self)
            return MailboxState.poll
        return None

    @rx.event
    def refresh(self) -> None:
        self._reload()

    @rx.event
    def toggle_auto_refresh(self, value: bool) -> EventSpec | None:
        self.auto_refresh = bool(value)
        if self.auto_refresh:
            live.start(self)
            return MailboxState.poll
        return None

    @rx.event(background=True)
    async def poll(self) -> None:
        """While this page is open, look every few seconds whether a message arrived: one
        stat call in a worker thread (web/live.py); the list is read again (in the thread
        too) and sent only when the mailbox changed."""

        def read() -> int | None:
            if not self.auto_refresh or self.router.page.path != PATH:
                return None
            return self._seen

        def show(_seen: int, found: tuple[int, list[dict[str, str]]]) -> None:
            self._seen, messages = found
            if messages != self.messages:
                self.messages = messages

        ran_out = await live.run(
            self, every=REFRESH_EVERY_S, lifetime=REFRESH_FOR_S, read=read, work=_news, show=show
        )
        if ran_out:
            async with self:
                self.auto_refresh = False

    def _open(self, message_id: str) -> None:
        mail = demo_mailbox.read_message(message_id) if self.enabled else None
        if mail is None:
            self._close()
            return
        self.open_id = mail.id
        self.open_subject = mail.subject
        self.open_to = mail.to
        self.open_from = mail.sender
        self.open_date = fmt_dt(mail.date)
        self.open_parts = [
            {"text": text, "link": "1" if is_link else ""} for text, is_link in mail.parts()
        ]

    def _close(self) -> None:
        self.open_id = ""
        self.open_parts = []

    @rx.event
    def open_message(self, message_id: str) -> EventSpec:
        self._open(message_id)
        # On a phone the message sits above the list: bring it into view.
        return rx.scroll_to(READER_ID)

    @rx.event
    def close_message(self) -> None:
        self._close()


def _news(seen: int) -> tuple[int, list[dict[str, str]]] | live.Unchanged:
    """In a worker thread: the list again when the mailbox moved since `seen`."""
    current = demo_mailbox.version()
    if current == seen:
        return live.UNCHANGED  # nothing arrived: no read, no state change, nothing sent
    return current, _summaries()


def _summaries() -> list[dict[str, str]]:
    return [
        {"id": m.id, "subject": m.subject, "to": m.to, "date": fmt_dt(m.date)}
        for m in demo_mailbox.list_messages()
    ]


def _message_row(m: rx.Var) -> rx.Component:
    return rx.el.li(
        rx.button(
            rx.vstack(
                rx.text(m["subject"], weight="bold", size="3"),
                rx.text(
                    t("À : {to} · {date}", to=m["to"], date=m["date"]), size="2", color="#3a3a3a"
                ),
                spacing="1",
                align="start",
            ),
            on_click=MailboxState.open_message(m["id"]),
            variant=rx.cond(MailboxState.open_id == m["id"], "soft", "ghost"),
            color_scheme="indigo",
            width="100%",
            height="auto",
            padding="var(--space-3)",
            justify="start",
            # A ghost button pulls itself left by its padding: the list was cut on a phone.
            style={
                "text_align": "left",
                "white_space": "normal",
                "overflow_wrap": "anywhere",
                "margin": "0",
            },
            aria_current=rx.cond(MailboxState.open_id == m["id"], "true", "false"),
        ),
        list_style="none",
        width="100%",
    )


def _body_part(part: rx.Var) -> rx.Component:
    return rx.cond(
        part["link"] != "",
        rx.link(part["text"], href=part["text"], word_break="break-all", weight="medium"),
        rx.text.span(part["text"]),
    )


def _reader() -> rx.Component:
    return rx.cond(
        MailboxState.open_id != "",
        rx.card(
            rx.vstack(
                rx.heading(MailboxState.open_subject, size="5", as_="h2"),
                rx.text(t("De : {sender}", sender=MailboxState.open_from), size="2"),
                rx.text(t("À : {to}", to=MailboxState.open_to), size="2"),
                rx.text(t("Date : {date}", date=MailboxState.open_date), size="2"),
                rx.separator(size="4"),
                rx.box(
                    rx.foreach(MailboxState.open_parts, _body_part),
                    style={"white_space": "pre-wrap", "overflow_wrap": "anywhere"},
                    font_size="1rem",
                    line_height="1.6",
                ),
                rx.button(t("Fermer"), on_click=MailboxState.close_message, variant="outline"),
                spacing="3",
                align="start",
            ),
            width="100%",
            aria_live="polite",
        ),
        rx.text(
            t("Choisissez un message pour le lire."),
            color="#3a3a3a",
            display=rx.breakpoints(initial="none", md="block"),
        ),
    )


def _auto_label() -> Any:
    return t("Actualiser automatiquement (toutes les {n} s)", n=REFRESH_EVERY_S)


def _toolbar() -> rx.Component:
    return rx.flex(
        rx.button(t("Actualiser"), on_click=MailboxState.refresh, variant="outline"),
        rx.el.label(
            rx.flex(
                rx.checkbox(
                    checked=MailboxState.auto_refresh,
                    on_change=MailboxState.toggle_auto_refresh,
                    aria_label=_auto_label(),
                ),
                rx.text(_auto_label()),
                gap="var(--space-2)",
                align="center",
            ),
        ),
        gap="var(--space-4)",
        align="center",
        wrap="wrap",
        margin_bottom="var(--space-4)",
    )


def _mailbox() -> rx.Component:
    return rx.box(
        rx.text(
            t(
                "Les courriels envoyés par l'application de démonstration arrivent ici "
                "(aucun n'est envoyé sur Internet). Ouvrez un message pour suivre ses liens, "
                "par exemple celui qui active un compte."
            ),
            margin_bottom="var(--space-3)",
        ),
        _toolbar(),
        rx.grid(
            rx.el.section(
                rx.heading(t("Messages reçus"), size="4", as_="h2", margin_bottom="var(--space-2)"),
                rx.cond(
                    MailboxState.messages.length() > 0,
                    rx.el.ul(
                        rx.foreach(MailboxState.messages, _message_row),
                        style={"padding": 0, "margin": 0},
                    ),
                    rx.text(t("Aucun message pour l'instant."), color="#3a3a3a"),
                ),
                aria_live="polite",
                min_width="0",
            ),
            # On a phone the opened message comes first, not below the whole list.
            rx.el.section(
                _reader(),
                aria_label=t("Message ouvert"),
                id=READER_ID,
                order=rx.breakpoints(initial="-1", md="0"),
                min_width="0",
            ),
            columns=rx.breakpoints(initial="1", md="2"),
            gap="var(--space-5)",
        ),
    )


def page() -> rx.Component:
    return page_frame(
        rx.cond(
            MailboxState.enabled,
            _mailbox(),
            rx.callout(
                t("La boîte mail de démo est désactivée : elle n'existe qu'en mode démonstration."),
                color_scheme="gray",
                role="status",
            ),
        ),
        title=t("Boîte mail de démo"),
    )

"""/admin/modeles-courriels: every e-mail the platform sends, its subject and body editable,
previewed with sample values, and "Rétablir le modèle par défaut". The texts are the
general ones (admin) or one centre's own (admin, or that centre's administrator), chosen
at the top of the page, in French or in English (the e-mails of the applicants who chose
English)."""

from __future__ import annotations

from typing import ClassVar

import reflex as rx

from ecandidat_app.core.admin import mail_templates as admin_mail
from ecandidat_app.core.i18n import N_
from ecandidat_app.web.components.admin_parts import admin_nav
from ecandidat_app.web.components.forms import form_message
from ecandidat_app.web.components.layout import page_frame
from ecandidat_app.web.components.template_editor import (
    template_editor,
    template_language,
    template_level,
    template_list,
)
from ecandidat_app.web.state.auth import AuthState
from ecandidat_app.web.state.template_editor import TemplateEditorMixin, TemplateService

MAIL_TEMPLATES = TemplateService(
    list_all=admin_mail.list_mail_templates,
    get_one=admin_mail.mail_template,
    preview=admin_mail.preview_mail,
    save=lambda s, a, event, subject, body, centre, lang: admin_mail.save_mail_template(
        s, a, event, subject=subject, body=body, centre_id=centre, lang=lang
    ),
    reset=lambda s, a, event, centre, lang: admin_mail.reset_mail_template(
        s, a, event, centre_id=centre, lang=lang
    ),
)


class MailTemplatesState(TemplateEditorMixin, AuthState):
    service: ClassVar[TemplateService] = MAIL_TEMPLATES


def page() -> rx.Component:
    S = MailTemplatesState
    return page_frame(
        admin_nav(),
        form_message(S.message, S.message_kind),
        template_level(S),
        template_language(S),
        rx.cond(S.event != "", template_editor(S)),
        template_list(S, N_("Courriel")),
        title=N_("Modèles de courriels"),
    )

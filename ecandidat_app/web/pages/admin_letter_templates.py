"""/admin/modeles-lettres: the admission, refusal and waiting-list letters written when a
decision is validated: their object and text editable, previewed with sample values, and
"Rétablir le modèle par défaut". The texts are the general ones (admin) or one centre's
own, used for the letters of its formations (admin, or that centre's administrator), chosen
at the top of the page, in French or in English (the letters of the applicants who chose
English). The editor is the mail templates' one."""

from __future__ import annotations

from typing import ClassVar

import reflex as rx

from ecandidat_app.core.documents import letter_templates
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

LETTER_TEMPLATES = TemplateService(
    list_all=letter_templates.list_letter_templates,
    get_one=letter_templates.letter_template,
    preview=letter_templates.preview_letter,
    save=lambda s, a, kind, title, body, centre, lang: letter_templates.save_letter_template(
        s, a, kind, title=title, body=body, centre_id=centre, lang=lang
    ),
    reset=lambda s, a, kind, centre, lang: letter_templates.reset_letter_template(
        s, a, kind, centre_id=centre, lang=lang
    ),
    saved=N_(
        "Modèle enregistré : il sert pour les prochaines lettres (les lettres déjà "
        "écrites ne changent pas)."
    ),
)
NOTE = N_(
    "Chaque ligne est un paragraphe ; une ligne qui commence par « ## » est un titre. "
    "L'en-tête (logo, nom de l'université, date, destinataire), la ligne « Décision : … », "
    "la signature et, pour un refus, les voies et délais de recours sont ajoutés à chaque "
    "lettre."
)


class LetterTemplatesState(TemplateEditorMixin, AuthState):
    service: ClassVar[TemplateService] = LETTER_TEMPLATES


def page() -> rx.Component:
    S = LetterTemplatesState
    return page_frame(
        admin_nav(),
        form_message(S.message, S.message_kind),
        template_level(S),
        template_language(S),
        rx.cond(S.event != "", template_editor(S, body_label=N_("Texte de la lettre"), note=NOTE)),
        template_list(S, N_("Lettre")),
        title=N_("Modèles de lettres"),
    )

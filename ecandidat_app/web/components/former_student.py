"""The way in for former students, offered where applicants sign up and log in."""

from __future__ import annotations

import reflex as rx

from ecandidat_app.web.i18n import t


def former_student_link() -> rx.Component:
    # The sentence goes straight into the callout's own paragraph: an rx.text there would
    # be a <p> inside a <p>, which the browser's parser splits, so React's hydration fails
    # and the whole page is rendered again, wiping what was typed in the login form.
    return rx.callout.root(
        rx.callout.icon(rx.icon("graduation-cap")),
        rx.callout.text(
            t("Vous êtes (ou avez été) étudiant de l'université ?"),
            " ",
            rx.link(
                t("Connectez-vous avec vos identifiants ENT"),
                href="/connexion-etudiant",
                underline="always",
            ),
            # The space before the colon is French typography: the English has none.
            t(" : votre baccalauréat et votre cursus interne seront repris de votre dossier."),
        ),
        color_scheme="blue",
        width="100%",
    )

"""The way in for former students, offered where applicants sign up and log in."""

from __future__ import annotations

import reflex as rx


def former_student_link() -> rx.Component:
    return rx.callout(
        rx.text(
            "Vous êtes (ou avez été) étudiant de l'université ? ",
            rx.link(
                "Connectez-vous avec vos identifiants ENT",
                href="/connexion-etudiant",
                underline="always",
            ),
            " : votre baccalauréat et votre cursus interne seront repris de votre dossier.",
        ),
        icon="graduation-cap",
        color_scheme="blue",
        width="100%",
    )

"""Home: what the platform is and the way in."""

from __future__ import annotations

import reflex as rx

from ecandidat_app.web.components.layout import page_frame
from ecandidat_app.web.i18n import t


def _step(number: str, title: rx.Var | str, text: rx.Var | str) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.badge(number, size="2", variant="solid"),
            rx.heading(title, size="4", as_="h2"),
            rx.text(text, size="2"),
            spacing="2",
        ),
        width="100%",
    )


def page() -> rx.Component:
    return page_frame(
        rx.text(
            t(
                "Déposez vos candidatures aux formations de l'université en ligne. "
                "Votre compte est valable pour la campagne en cours : un nouveau compte "
                "est nécessaire chaque année."
            ),
            size="4",
        ),
        rx.grid(
            _step(
                "1",
                t("Créer un compte"),
                t("Nom, prénom et adresse e-mail : un courriel de validation active votre compte."),
            ),
            _step(
                "2",
                t("Compléter mon dossier"),
                t("État civil, coordonnées, baccalauréat, cursus, expériences et stages."),
            ),
            _step(
                "3",
                t("Choisir les formations"),
                t(
                    "Filtrez le catalogue et candidatez aux "
                    "formations encore ouvertes : attention à la date de clôture."
                ),
            ),
            _step(
                "4",
                t("Transmettre ma candidature"),
                t(
                    "Déposez vos pièces justificatives : le bouton passe au vert quand tout est prêt."
                ),
            ),
            columns=rx.breakpoints(initial="1", sm="2", lg="4"),
            spacing="4",
            margin_y="var(--space-6)",
        ),
        rx.hstack(
            rx.link(rx.button(t("Créer un compte"), size="3"), href="/inscription"),
            rx.link(
                rx.button(t("Voir les formations"), size="3", variant="outline"), href="/formations"
            ),
            spacing="3",
            wrap="wrap",
        ),
        title=t("Candidater à l'université"),
    )

"""The way in through the ENT's single sign-on: a plain link (a real navigation, which the
client-side router must not catch) to the HTTP route that redirects to the CAS."""

from __future__ import annotations

import reflex as rx

from ecandidat_app.web.state.auth import CAS_START_PATH


def ent_button(label: rx.Var | str, profile: str, hint: rx.Var | str) -> rx.Component:
    return rx.vstack(
        rx.el.a(
            label,
            href=f"{CAS_START_PATH}?profil={profile}",
            class_name="bouton-ent",
            # Reflex renders <a> as React Router's Link: make it load the address for real.
            custom_attrs={"reloadDocument": True},
        ),
        rx.text(hint, size="2", color_scheme="gray", high_contrast=True),
        spacing="2",
        width="100%",
    )

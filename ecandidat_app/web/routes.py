"""The one table of pages: path, page function, title, on_load guard.

Every page is registered from here; `tests/web/test_routes.py` checks that no two collide
and that every non-public page has a guard.

Convention: a page whose path carries an id (`[application_id]`…) starts clean for each
object: its load calls `page_state.start_clean(self)` before reading the new object, so no
form value, message, selection or data of the previous object survives in the tab.
`tests/web/test_page_state_hygiene.py` checks every such route of this table, A then B.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, cast

import reflex as rx
from reflex_base.vars.base import Var
from reflex_base.vars.sequence import StringVar

from ecandidat_app.core.i18n import N_
from ecandidat_app.web.i18n import t
from ecandidat_app.web.pages import (
    admin_campaign_copy,
    admin_campaigns,
    admin_centres,
    admin_commissions,
    admin_documents,
    admin_first_campaign,
    admin_formations,
    admin_home,
    admin_letter_templates,
    admin_mail_templates,
    admin_motifs,
    admin_offer_import,
    admin_outbox,
    admin_staff,
    application,
    catalogue,
    forbidden,
    home,
    login,
    mailbox,
    my_account,
    my_applications,
    password_forgotten,
    password_reset,
    profile,
    signup,
    staff_board,
    staff_dossier,
    staff_sis,
    staff_stats,
    student_login,
    validate,
)
from ecandidat_app.web.state.auth import REREAD_ON_LANGUAGE, AuthState


@dataclass(frozen=True)
class Route:
    path: str
    page: Callable[[], rx.Component]
    title: str
    # "public", "applicant", "staff", "centre" (admin or centre administrator) or "admin":
    # who may open the page.
    audience: str = "public"
    on_load: list[Any] = field(default_factory=list)
    # Its load only reads (no form whose typing a reload would lose): after the header's
    # language switch it is read again, so titles, statuses and dates follow at once.
    reread_on_language: bool = False
    # A page with a form: what its switch runs instead, re-reading the words but not
    # what the user is typing.
    on_language: list[Any] = field(default_factory=list)


GUARDS: dict[str, Any] = {
    "public": AuthState.refresh_user,
    "applicant": AuthState.require_applicant,
    "staff": AuthState.require_staff,
    "centre": AuthState.require_centre,
    "admin": AuthState.require_admin,
}

ROUTES: list[Route] = [
    Route("/", home.page, N_("Accueil")),
    # Where redirect_for sends a signed-in person who may not open a page (a French 403).
    Route(forbidden.PATH, forbidden.page, N_("Accès refusé")),
    Route(
        "/gestion",
        staff_board.page,
        N_("Tableau de bord"),
        "staff",
        [staff_board.StaffBoardState.load],
        reread_on_language=True,
    ),
    Route(
        "/gestion/dossier/[application_id]",
        staff_dossier.page,
        N_("Dossier"),
        "staff",
        [staff_dossier.StaffDossierState.load],
        on_language=[staff_dossier.StaffDossierState.relabel],
    ),
    Route(
        "/formations",
        catalogue.page,
        N_("Formations"),
        on_load=[catalogue.CatalogueState.load],
        reread_on_language=True,
    ),
    Route(
        "/mon-dossier",
        profile.page,
        N_("Mon dossier"),
        "applicant",
        [profile.ProfileState.load],
        on_language=[profile.ProfileState.relabel],
    ),
    Route(
        "/mes-candidatures",
        my_applications.page,
        N_("Mes candidatures"),
        "applicant",
        [my_applications.MyApplicationsState.load],
        reread_on_language=True,
    ),
    Route(
        "/candidature/[application_id]",
        application.page,
        N_("Ma candidature"),
        "applicant",
        [application.ApplicationState.load],
        on_language=[application.ApplicationState.relabel],
    ),
    Route(
        "/boite-mail-demo",
        mailbox.page,
        N_("Boîte mail de démo"),
        on_load=[mailbox.MailboxState.load],
    ),
    Route(
        "/admin/courriels",
        admin_outbox.page,
        N_("Courriels"),
        "admin",
        [admin_outbox.OutboxAdminState.load],
    ),
    # Accounts (sign-up, activation, login, passwords, e-mail change)
    Route("/inscription", signup.page, N_("Créer un compte"), on_load=[signup.SignupState.start]),
    Route(
        "/valider",
        validate.activation_page,
        N_("Activation"),
        on_load=[validate.LinkState.activate],
    ),
    Route(
        "/confirmer-email",
        validate.email_page,
        N_("Confirmation de l'adresse e-mail"),
        on_load=[validate.LinkState.confirm_email],
    ),
    Route("/connexion", login.page, N_("Se connecter"), on_load=[login.LoginState.start]),
    Route(
        "/connexion-etudiant",
        student_login.page,
        N_("Connexion étudiant (ENT)"),
        on_load=[student_login.StudentLoginState.start],
    ),
    Route(
        "/mot-de-passe-oublie",
        password_forgotten.page,
        N_("Mot de passe oublié"),
        on_load=[password_forgotten.ForgotState.start],
    ),
    Route(
        "/reinitialiser",
        password_reset.page,
        N_("Nouveau mot de passe"),
        on_load=[password_reset.ResetState.start],
    ),
    # Any signed-in user (applicant or staff): the page's own on_load sends others to login.
    Route(
        "/mon-compte", my_account.page, N_("Mon compte"), on_load=[my_account.MyAccountState.load]
    ),
    # Administration and statistics (decisions/admin area)
    Route(
        "/gestion/statistiques",
        staff_stats.page,
        N_("Statistiques"),
        "staff",
        [staff_stats.StaffStatsState.load],
        reread_on_language=True,
    ),
    Route(
        "/gestion/transmission-si",
        staff_sis.page,
        N_("Transmission au SI de scolarité"),
        "staff",
        [staff_sis.StaffSisState.load],
        reread_on_language=True,
    ),
    Route(
        "/admin", admin_home.page, N_("Administration"), "centre", [admin_home.AdminHomeState.load]
    ),
    # A fresh install (no demo): the first campaign, then the formation offer from a file.
    Route(
        "/admin/premiere-campagne",
        admin_first_campaign.page,
        N_("Première campagne"),
        "admin",
        [admin_first_campaign.FirstCampaignState.load],
    ),
    Route(
        "/admin/import-offre",
        admin_offer_import.page,
        N_("Importer l'offre de formation"),
        "admin",
        [admin_offer_import.OfferImportState.load],
    ),
    Route(
        "/admin/campagnes",
        admin_campaigns.page,
        N_("Campagnes"),
        "admin",
        [admin_campaigns.CampaignsState.load],
    ),
    Route(
        "/admin/campagnes/suivante",
        admin_campaign_copy.page,
        N_("Ouvrir la campagne suivante"),
        "admin",
        [admin_campaign_copy.CampaignCopyState.load],
    ),
    Route(
        "/admin/centres",
        admin_centres.page,
        N_("Centres"),
        "admin",
        [admin_centres.CentresState.load],
    ),
    Route(
        "/admin/commissions",
        admin_commissions.page,
        N_("Commissions"),
        "centre",
        [admin_commissions.CommissionsState.load],
    ),
    Route(
        "/admin/formations",
        admin_formations.page,
        N_("Formations (administration)"),
        "centre",
        [admin_formations.FormationsState.load],
    ),
    Route(
        "/admin/pieces",
        admin_documents.page,
        N_("Pièces justificatives"),
        "admin",
        [admin_documents.DocumentsState.load],
    ),
    Route(
        "/admin/motifs",
        admin_motifs.page,
        N_("Motifs de refus"),
        "centre",
        [admin_motifs.MotifsState.load],
    ),
    Route(
        "/admin/comptes",
        admin_staff.page,
        N_("Comptes du personnel"),
        "admin",
        [admin_staff.StaffState.load],
    ),
    Route(
        "/admin/modeles-courriels",
        admin_mail_templates.page,
        N_("Modèles de courriels"),
        "centre",
        [admin_mail_templates.MailTemplatesState.load],
    ),
    Route(
        "/admin/modeles-lettres",
        admin_letter_templates.page,
        N_("Modèles de lettres"),
        "centre",
        [admin_letter_templates.LetterTemplatesState.load],
    ),
]


def guarding_audience(handler: Any) -> str | None:
    """The audience a page_load handler checks itself, None for any other handler."""
    return getattr(getattr(handler, "fn", None), "audience", None)


def load_events(route: Route) -> list[Any]:
    """What runs when the page opens: the audience guard first. A first handler made with
    `page_load` is that guard itself (one event less per navigation); it must guard for
    the route's own audience."""
    first = route.on_load[0] if route.on_load else None
    audience = guarding_audience(first)
    if audience is None:
        return [GUARDS[route.audience], *route.on_load]
    if audience != route.audience:
        raise ValueError(f"{route.path}: le chargement garde {audience}, la route {route.audience}")
    return list(route.on_load)


def tab_title(title: str) -> Var | str:
    """The browser tab's title in the reader's language: a <title> that React hoists."""
    text = t(title)
    if isinstance(text, str):
        return f"{text} · eCandidat"
    return cast(StringVar, text) + " · eCandidat"


def register(app: rx.App) -> None:
    # The pages the header's switch reads again (auth.py cannot import this table).
    REREAD_ON_LANGUAGE.update(
        {
            route.path: load_events(route) if route.reread_on_language else route.on_language
            for route in ROUTES
            if route.reread_on_language or route.on_language
        }
    )
    for route in ROUTES:
        app.add_page(
            route.page,
            route=route.path,
            title=tab_title(route.title),
            on_load=load_events(route),
        )

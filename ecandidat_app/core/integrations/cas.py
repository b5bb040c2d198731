"""The ENT's single sign-on (CAS 2.0 / 3.0) through the python-cas client.

The browser is sent to the CAS login page with a service URL pointing back at eCandidat; the
CAS sends it back with a service ticket, which the server validates here, directly with the
CAS (serviceValidate, or p3/serviceValidate for CAS 3), before trusting anything. The ENT
password is typed on the CAS page only: it never reaches eCandidat.

Attributes (uid, names, student number, mail) come from the CAS 3 answer; the ones missing
(a CAS 2 answer has none) are read from the directory by uid when LDAP is configured.
Refusals are `CasRefusal`s with a French message and a short code that the callback route
puts in the address of the page that shows it (never free text in an address).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any
from xml.etree import ElementTree

import requests
from cas import CASClient, SingleLogoutMixin  # type: ignore[import-untyped]

from ecandidat_app.core.config import Settings, get_settings
from ecandidat_app.core.errors import DomainError
from ecandidat_app.core.i18n import N_, _
from ecandidat_app.core.integrations import directory

log = logging.getLogger(__name__)

# A service ticket: "ST-" then URL-safe characters; 256 is the longest the protocol allows.
_TICKET = re.compile(r"ST-[A-Za-z0-9._~:-]{1,253}")
_CAS_NS = "{http://www.yale.edu/tp/cas}"

MESSAGES: dict[str, str] = {
    "ticket": N_(
        "Votre connexion par l'ENT n'a pas pu être vérifiée (ticket invalide, expiré ou "
        "déjà utilisé) : reconnectez-vous."
    ),
    "service": N_(
        "Ce ticket de l'ENT a été délivré pour un autre service que eCandidat : "
        "reconnectez-vous depuis eCandidat."
    ),
    "indisponible": N_(
        "Le service d'authentification de l'université (ENT) ne répond pas : réessayez plus tard."
    ),
    "etat": N_(
        "Cette connexion par l'ENT n'a pas été demandée depuis ce navigateur, ou a expiré : "
        "recommencez depuis eCandidat."
    ),
    "desactive": N_("La connexion par l'ENT n'est pas proposée."),
    "pas-etudiant": N_(
        "Votre compte ENT n'est rattaché à aucun numéro étudiant : créez un compte "
        "avec votre adresse e-mail personnelle."
    ),
    "sans-adresse": N_(
        "L'ENT ne donne pas d'adresse e-mail pour votre compte : créez un compte "
        "avec votre adresse e-mail personnelle."
    ),
    "adresse-prise": N_(
        "Un compte de la campagne en cours utilise déjà votre adresse de l'ENT : "
        "connectez-vous avec ce compte depuis la page « Se connecter »."
    ),
    "non-confirme": N_(
        "Votre adresse e-mail n'est pas encore confirmée : ouvrez le lien de "
        "l'e-mail de confirmation, puis reconnectez-vous."
    ),
    "compte-desactive": N_("Ce compte est désactivé. Contactez le service des candidatures."),
    "pas-personnel": N_(
        "Aucun compte du personnel n'est rattaché à votre identifiant ENT : "
        "demandez à un administrateur de l'application de le rattacher."
    ),
    "refus": N_(
        "La connexion par l'ENT n'a pas abouti : réessayez, ou contactez le service des "
        "candidatures."
    ),
}


class CasRefusal(DomainError):
    def __init__(self, code: str) -> None:
        super().__init__(_(MESSAGES[code]))
        self.code = code


def message_for(code: str) -> str:
    """The message (current locale) of a refusal code read back from an address ("" if
    unknown)."""
    return _(MESSAGES.get(code, ""))


@dataclass(frozen=True)
class CasIdentity:
    login: str
    last_name: str
    first_name: str
    email: str
    student_number: str


class _TimeoutSession(requests.Session):
    """python-cas calls the CAS without a timeout: a dead CAS must not hang the callback."""

    def __init__(self, timeout: float) -> None:
        super().__init__()
        self._timeout = timeout

    def request(self, *args: Any, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", self._timeout)
        return super().request(*args, **kwargs)


def _client(service_url: str, settings: Settings) -> Any:
    if not settings.cas_enabled:
        raise CasRefusal("desactive")
    return CASClient(
        version=settings.cas_version,
        service_url=service_url,
        server_url=settings.cas_url,
        session=_TimeoutSession(settings.cas_timeout_s),
    )


def login_url(service_url: str, *, settings: Settings | None = None) -> str:
    return str(_client(service_url, settings or get_settings()).get_login_url())


def logout_url(back_url: str, *, settings: Settings | None = None) -> str:
    """The CAS logout, which ends the ENT session and then sends the browser to `back_url`."""
    return str(_client(back_url, settings or get_settings()).get_logout_url(back_url))


def validate(ticket: str, service_url: str, *, settings: Settings | None = None) -> CasIdentity:
    """Who the CAS says `ticket` belongs to, asked of the CAS itself; a CasRefusal otherwise."""
    settings = settings or get_settings()
    client = _client(service_url, settings)
    if not _TICKET.fullmatch(ticket or ""):
        raise CasRefusal("ticket")
    try:
        answer = client.get_verification_response(ticket)
        user, attributes, _pgtiou = client.verify_response(answer)
    except requests.RequestException as exc:
        log.warning("CAS injoignable (%s) : %s", settings.cas_url, exc)
        raise CasRefusal("indisponible") from None
    except ElementTree.ParseError:
        log.warning("CAS : réponse illisible de %s", settings.cas_url)
        raise CasRefusal("indisponible") from None
    if not user:
        code = _failure_code(answer)
        log.info("CAS : ticket refusé (%s)", code)
        raise CasRefusal("service" if code == "INVALID_SERVICE" else "ticket")
    return _identity(str(user).strip().lower(), attributes or {}, settings)


def _failure_code(answer: bytes) -> str:
    try:
        failure = ElementTree.fromstring(answer).find(f"{_CAS_NS}authenticationFailure")
    except ElementTree.ParseError:
        return ""
    return (failure.get("code") or "") if failure is not None else ""


def _identity(login: str, attributes: dict[str, Any], settings: Settings) -> CasIdentity:
    def read(name: str) -> str:
        value = attributes.get(name)
        if isinstance(value, list):
            value = value[0] if value else None
        return str(value).strip() if value else ""

    identity = CasIdentity(
        login=login,
        last_name=read(settings.cas_last_name_attribute),
        first_name=read(settings.cas_first_name_attribute),
        email=read(settings.cas_email_attribute).lower(),
        student_number=read(settings.cas_student_number_attribute),
    )
    if settings.ldap_enabled and not (identity.student_number and identity.email):
        return _completed_from_directory(identity, settings)
    return identity


def _completed_from_directory(identity: CasIdentity, settings: Settings) -> CasIdentity:
    """A CAS 2 answer carries no attributes: read them from the directory by uid."""
    entry = directory.lookup(identity.login, settings=settings)
    if entry is None:
        return identity
    return CasIdentity(
        login=identity.login,
        last_name=identity.last_name or entry.last_name,
        first_name=identity.first_name or entry.first_name,
        email=identity.email or entry.email,
        student_number=identity.student_number or entry.student_number,
    )


def logout_session_index(body: str) -> str:
    """The service ticket named by a CAS single logout request ("" if none)."""
    if not body or len(body) > 10_000:
        return ""
    found = SingleLogoutMixin.get_saml_slos(body.encode("utf-8"))
    ticket = (found[0].text or "").strip() if found else ""
    return ticket if _TICKET.fullmatch(ticket) else ""

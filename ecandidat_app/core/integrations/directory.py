"""The university directory (LDAP, SupAnn schema): former students sign in with their ENT
login and password.

Two steps, as every LDAP-backed ENT does: find the user's entry with the configured filter
(anonymously, or as the service account when one is configured), then bind as that entry
with the password typed. The password is never stored here. Timeouts are short, so a dead
directory answers "try later" instead of hanging the page; an unknown login and a wrong
password get the same message (nobody learns who has an ENT account).
"""

from __future__ import annotations

import contextlib
import logging
import math
import ssl
from dataclasses import dataclass
from typing import Any

from ldap3 import NONE, SUBTREE, Connection, Server, Tls
from ldap3.core.exceptions import LDAPException
from ldap3.utils.conv import escape_filter_chars

from ecandidat_app.core.config import Settings, get_settings
from ecandidat_app.core.errors import DomainError
from ecandidat_app.core.i18n import N_, _

log = logging.getLogger(__name__)

MSG_UNAVAILABLE = N_(
    "L'annuaire de l'université ne répond pas : réessayez plus tard ou créez un compte avec "
    "votre adresse e-mail personnelle."
)
MSG_BAD_CREDENTIALS = N_("Identifiant ENT ou mot de passe incorrect.")
MSG_DISABLED = N_(
    "La connexion avec les identifiants de l'université (ENT) n'est pas proposée : créez un "
    "compte avec votre adresse e-mail personnelle."
)
LOGIN_MAX = 80
PASSWORD_MAX = 256

_INVALID_CREDENTIALS = 49
# Result codes that mean "the server cannot serve now", not "you are wrong".
_SERVER_TROUBLE = {1, 2, 3, 51, 52, 80}


class DirectoryUnavailable(DomainError):
    def __init__(self) -> None:
        super().__init__(_(MSG_UNAVAILABLE))


class DirectoryDisabled(DomainError):
    def __init__(self) -> None:
        super().__init__(_(MSG_DISABLED))


class WrongCredentials(DomainError):
    def __init__(self) -> None:
        super().__init__(_(MSG_BAD_CREDENTIALS), field="mot_de_passe")


class UnknownUser(WrongCredentials):
    """No entry for this login: the same message as a wrong password, on purpose."""


@dataclass(frozen=True)
class DirectoryEntry:
    login: str
    last_name: str
    first_name: str
    email: str
    student_number: str


def is_enabled(settings: Settings | None = None) -> bool:
    return (settings or get_settings()).ldap_enabled


def authenticate(login: str, password: str, *, settings: Settings | None = None) -> DirectoryEntry:
    """The directory entry of `login` when `password` is right; otherwise a DomainError."""
    settings = settings or get_settings()
    if not settings.ldap_enabled:
        raise DirectoryDisabled()
    login = (login or "").strip().lower()
    password = password or ""
    if not login:
        raise DomainError(_("Saisissez votre identifiant ENT."), field="identifiant")
    if not password:
        # An empty password is an "unauthenticated bind" in LDAP: it would prove nothing.
        raise DomainError(_("Saisissez votre mot de passe ENT."), field="mot_de_passe")
    if len(login) > LOGIN_MAX or len(password) > PASSWORD_MAX:
        raise WrongCredentials()

    server = _server(settings)
    dn, attributes = _find_entry(server, settings, login)
    _bind_as_user(server, settings, dn, password)
    return _entry(login, attributes, settings)


def lookup(login: str, *, settings: Settings | None = None) -> DirectoryEntry | None:
    """The directory entry of `login`, found without any password (the ENT's CAS has already
    authenticated the person); None when there is no single entry. DirectoryUnavailable when
    the directory cannot answer."""
    settings = settings or get_settings()
    login = (login or "").strip().lower()
    if not settings.ldap_enabled or not login or len(login) > LOGIN_MAX:
        return None
    try:
        _dn, attributes = _find_entry(_server(settings), settings, login)
    except UnknownUser:
        return None
    return _entry(login, attributes, settings)


def _entry(login: str, attributes: dict[str, Any], settings: Settings) -> DirectoryEntry:
    return DirectoryEntry(
        login=login,
        last_name=_first(attributes, "sn"),
        first_name=_first(attributes, "givenName"),
        email=_first(attributes, settings.ldap_email_attribute).lower(),
        student_number=_first(attributes, settings.ldap_student_number_attribute),
    )


# ---------------------------------------------------------------- LDAP plumbing


def _server(settings: Settings) -> Server:
    tls = Tls(validate=ssl.CERT_REQUIRED)  # ldap3 checks nothing by default
    return Server(
        settings.ldap_url,
        connect_timeout=settings.ldap_timeout_s,
        get_info=NONE,
        tls=tls,
    )


def _connection(
    server: Server, settings: Settings, user: str | None, password: str | None
) -> Connection:
    conn = Connection(
        server,
        user=user,
        password=password,
        # ldap3 packs this into SO_RCVTIMEO as whole seconds.
        receive_timeout=max(1, math.ceil(settings.ldap_timeout_s)),
        raise_exceptions=False,
        read_only=True,
    )
    conn.open()
    if settings.ldap_start_tls and not server.ssl:
        conn.start_tls()
    return conn


def _close(conn: Any) -> None:
    with contextlib.suppress(LDAPException):
        conn.unbind()


def _find_entry(server: Server, settings: Settings, login: str) -> tuple[str, dict[str, Any]]:
    search_filter = settings.ldap_user_filter.replace("{login}", escape_filter_chars(login))
    wanted = ["sn", "givenName", settings.ldap_email_attribute]
    wanted.append(settings.ldap_student_number_attribute)
    conn = None
    try:
        conn = _connection(
            server, settings, settings.ldap_bind_dn or None, settings.ldap_bind_password or None
        )
        if settings.ldap_bind_dn and not conn.bind():
            log.error("Annuaire : le compte de service est refusé (%s)", conn.result)
            raise DirectoryUnavailable()
        conn.search(
            settings.ldap_base_dn,
            search_filter,
            search_scope=SUBTREE,
            attributes=wanted,
            size_limit=2,
        )
        code = conn.result.get("result", 0)
        entries = [r for r in conn.response or [] if r.get("type") == "searchResEntry"]
    except LDAPException as exc:
        log.warning("Annuaire injoignable (%s) : %s", settings.ldap_url, exc)
        raise DirectoryUnavailable() from None
    finally:
        if conn is not None:
            _close(conn)
    if code in _SERVER_TROUBLE or code == 32:  # 32: the base DN is wrong (configuration)
        log.error("Annuaire : recherche refusée (code %s, base %s)", code, settings.ldap_base_dn)
        raise DirectoryUnavailable()
    if len(entries) != 1:
        if len(entries) > 1 or code == 4:
            log.warning("Annuaire : plusieurs entrées pour l'identifiant %r", login)
        raise UnknownUser()
    return entries[0]["dn"], dict(entries[0].get("attributes") or {})


def _bind_as_user(server: Server, settings: Settings, dn: str, password: str) -> None:
    conn = None
    try:
        conn = _connection(server, settings, dn, password)
        ok = conn.bind()
        code = conn.result.get("result", 0) if conn.result else 0
    except LDAPException as exc:
        log.warning("Annuaire injoignable (%s) : %s", settings.ldap_url, exc)
        raise DirectoryUnavailable() from None
    finally:
        if conn is not None:
            _close(conn)
    if ok:
        return
    if code in _SERVER_TROUBLE:
        raise DirectoryUnavailable()
    raise WrongCredentials()  # 49, and also a locked or expired directory account


def _first(attributes: dict[str, Any], name: str) -> str:
    value = None
    for key, found in attributes.items():  # attribute names are case-insensitive
        if key.lower() == name.lower():
            value = found
            break
    if isinstance(value, list | tuple):
        value = value[0] if value else None
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    return str(value).strip() if value is not None else ""

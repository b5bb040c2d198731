"""Settings read from the environment (prefix ECANDIDAT_) and an optional `.env` file.

The embedded default needs nothing installed: SQLite under ./var, the demo mailbox on
loopback.

There is no server secret: every token (sessions, links, handoff codes) is 256 random bits
kept as its SHA-256, which a keyed hash would not make any harder to guess or to recover
from a copy of the database. A leftover ECANDIDAT_SECRET_KEY is ignored (extra="ignore").
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_DIR = Path.cwd()
ASSETS_DIR = Path(__file__).resolve().parents[2] / "assets"

LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "::1"}


def is_loopback(host: str) -> bool:
    return host in LOOPBACK_HOSTS or host.startswith("127.")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ECANDIDAT_", env_file=".env", extra="ignore")

    mode: Literal["demo", "dev", "production"] = "demo"
    data_dir: Path = Field(default=PROJECT_DIR / "var")
    database_url: str = ""
    redis_url: str = ""
    base_url: str = "http://localhost:8000"
    backend_port: int = 8000
    # At a stop (SIGTERM), seconds the events still running get to finish before Reflex
    # cancels them (web/background.py); keep it below the process manager's kill delay.
    shutdown_drain_s: float = 20.0
    # A plain websocket echo at /api/echo, for the benchmark's yardstick; off unless asked.
    bench_echo: bool = False

    # Mail
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 8025
    smtp_security: Literal["none", "starttls", "tls"] = "none"
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_timeout_s: float = 10.0
    mail_from: str = "eCandidat <ne-pas-repondre@ecandidat.localhost>"
    mail_worker_enabled: bool = True
    demo_mailbox_enabled: bool = True
    # Outbox worker: how many rows one pass claims, how often it looks, how it backs off.
    mail_batch_size: int = 20
    # Sending loops per process, each with its own SMTP connection and its own claims: a
    # slow mail server (seconds per message) then delivers several messages at a time.
    mail_senders: int = 4
    mail_poll_interval_s: float = 1.0
    mail_retry_base_s: float = 30.0
    mail_retry_max_s: float = 3600.0
    mail_max_attempts: int = 12

    # Files
    upload_dir: Path | None = None
    upload_max_bytes: int = 10 * 1024 * 1024
    # Where pieces live: `local` (upload_dir, one machine or a shared mount) or `s3`, an
    # S3-compatible bucket several machines share. Empty keys: boto3's own credentials
    # chain (environment, instance role); empty endpoint: AWS itself.
    storage: Literal["local", "s3"] = "local"
    s3_endpoint_url: str = ""
    s3_bucket: str = ""
    s3_access_key: str = ""
    s3_secret_key: str = ""
    s3_region: str = "us-east-1"
    s3_prefix: str = ""

    # Accounts
    validation_link_hours: int = 72
    reset_link_hours: int = 2
    session_hours: int = 12

    # Decisions
    confirmation_days: int = 8
    reminder_days_before: int = 3

    # Privacy: personal data of an archived campaign is purged this many days after archiving.
    purge_after_days: int = 365
    # A sign-up never activated is blanked this many days after its activation link expired.
    unactivated_purge_days: int = 30

    # Former students (LDAP directory)
    ldap_enabled: bool = False
    ldap_url: str = "ldap://127.0.0.1:389"
    ldap_base_dn: str = "ou=people,dc=univ,dc=fr"
    ldap_user_filter: str = "(uid={login})"
    ldap_start_tls: bool = False
    # Empty: anonymous search for the user's entry; else this service account searches.
    ldap_bind_dn: str = ""
    ldap_bind_password: str = ""
    # Connect and answer timeouts: a dead directory must not hang the sign-in page.
    ldap_timeout_s: float = 3.0
    # SupAnn's student number; `employeeNumber` on directories without the SupAnn schema.
    ldap_student_number_attribute: str = "supannEtuId"
    ldap_email_attribute: str = "mail"

    # ENT single sign-on (CAS 2.0 / 3.0). The server's base URL ends with "/" (for example
    # https://cas.univ.fr/cas/); HTTPS is required, plain http only on loopback (tests, demo).
    cas_enabled: bool = False
    cas_url: str = ""
    cas_version: Literal["2", "3"] = "3"
    # Which sign-in paths go through the ENT: former students, staff linked to a uid, or both.
    cas_login_paths: Literal["etudiants", "personnel", "tous"] = "tous"
    cas_timeout_s: float = 5.0
    # Attribute names in the CAS 3 answer (SupAnn names by default); missing ones are read
    # from the directory by uid when LDAP is configured.
    cas_student_number_attribute: str = "supannEtuId"
    cas_email_attribute: str = "mail"
    cas_last_name_attribute: str = "sn"
    cas_first_name_attribute: str = "givenName"
    # The demo ENT: `ecandidat demo` starts a real CAS server on loopback with demo former
    # students and points CAS_URL at it, unless CAS_URL is set.
    demo_ent_enabled: bool = True
    demo_ent_port: int = 8009
    # Letters and dossier PDFs (core/documents): the university as its letters show it.
    university_name: str = "Université de démonstration"
    university_city: str = "Perpignan"
    letter_signatory: str = "Pour le président de l'université, la directrice des études"
    # PNG or JPEG files; the logo defaults to assets/logo-universite.png, no signature image
    # unless one is given (the signatory's name is printed either way).
    university_logo: Path = Field(default=ASSETS_DIR / "logo-universite.png")
    letter_signature: Path | None = None

    timezone: str = "Europe/Paris"

    @model_validator(mode="after")
    def _fill_defaults(self) -> Settings:
        self.data_dir = Path(self.data_dir)
        if not self.database_url:
            self.database_url = f"sqlite:///{self.data_dir / 'ecandidat.db'}"
        if self.upload_dir is None:
            self.upload_dir = self.data_dir / "files"
        if self.cas_enabled:
            self._check_cas_url()
        if self.storage == "s3" and not self.s3_bucket:
            raise ValueError("ECANDIDAT_STORAGE=s3 demande ECANDIDAT_S3_BUCKET (le compartiment)")
        return self

    def _check_cas_url(self) -> None:
        parts = urlsplit(self.cas_url)
        if not self.cas_url.endswith("/") or not parts.netloc:
            raise ValueError("l'adresse du serveur CAS doit être absolue et finir par « / »")
        if parts.scheme != "https" and not (
            parts.scheme == "http" and is_loopback(parts.hostname or "")
        ):
            raise ValueError(
                "le serveur CAS doit être joint en HTTPS (http n'est admis que sur la boucle "
                "locale, pour les tests et la démo)"
            )

    def cas_for(self, path: Literal["etudiants", "personnel"]) -> bool:
        """Whether this sign-in path goes through the ENT's CAS."""
        return self.cas_enabled and self.cas_login_paths in (path, "tous")

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def demo(self) -> bool:
        return self.mode == "demo"

    @property
    def https(self) -> bool:
        return self.base_url.startswith("https://")

    @property
    def origin(self) -> str:
        """scheme://host[:port] of BASE_URL: the only origin allowed to call the app."""
        parts = urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.netloc}"


@lru_cache
def get_settings() -> Settings:
    return Settings()


def reset_settings_cache() -> None:
    get_settings.cache_clear()

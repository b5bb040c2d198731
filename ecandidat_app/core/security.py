"""Passwords (argon2id through the passlib API; bcrypt accepted and upgraded) and tokens.

Tokens given to users (session, validation, reset links) are random; only their SHA-256
is stored, so a copy of the database opens no account.
"""

from __future__ import annotations

import hashlib
import secrets

from passlib.context import CryptContext

_passwords = CryptContext(
    schemes=["argon2", "bcrypt"],
    deprecated=["bcrypt"],
    argon2__type="ID",
)
# Verified against when the account does not exist, so both answers take the same time.
_DUMMY_HASH = _passwords.hash("pas-de-compte-pour-cette-adresse")


def hash_password(password: str) -> str:
    return _passwords.hash(password)


def verify_password(password: str, stored_hash: str | None) -> tuple[bool, str | None]:
    """Check a password; returns (ok, new_hash) where new_hash is set when an upgrade is due."""
    if not stored_hash:
        _passwords.verify(password, _DUMMY_HASH)
        return False, None
    try:
        ok, new_hash = _passwords.verify_and_update(password, stored_hash)
    except ValueError:
        return False, None
    return bool(ok), new_hash


def burn_password_time(password: str) -> None:
    """Spend the time of one verification (unknown e-mail: same answer, same delay)."""
    _passwords.verify(password, _DUMMY_HASH)


def new_token() -> str:
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()

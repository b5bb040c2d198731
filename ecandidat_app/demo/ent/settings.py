"""Django settings of the demo ENT, read from ENT_* environment variables set by `server.py`."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("ENT_DATA_DIR", "."))

# A fresh key per start: the ENT's own sessions and CSRF tokens, nothing else.
SECRET_KEY = os.environ.get("ENT_SECRET_KEY") or secrets.token_urlsafe(48)
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "cas_server",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "ecandidat_app.demo.ent.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [HERE / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": DATA_DIR / "ent.sqlite3"}}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
LANGUAGE_CODE = "fr"
USE_I18N = True
TIME_ZONE = "Europe/Paris"
USE_TZ = True
# Cookies are not scoped by port: names of their own, so they never meet the app's.
SESSION_COOKIE_NAME = "ent_demo_session"
CSRF_COOKIE_NAME = "ent_demo_csrf"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# django-cas-server
CAS_AUTH_CLASS = "ecandidat_app.demo.ent.auth.EntUser"
CAS_LOGIN_TEMPLATE = "ent/login.html"
CAS_WARN_TEMPLATE = "ent/warn.html"
CAS_LOGGED_TEMPLATE = "ent/logged.html"
CAS_LOGOUT_TEMPLATE = "ent/logout.html"
CAS_SHOW_POWERED = False
CAS_INFO_MESSAGES_ORDER: list[str] = []
# No calls to the package index from a demo (nor from CI).
CAS_NEW_VERSION_HTML_WARNING = False
CAS_NEW_VERSION_EMAIL_WARNING = False
CAS_TICKET_VALIDITY = 60
CAS_SLO_TIMEOUT = 5
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

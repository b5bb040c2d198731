"""Before `make prod`: reach PostgreSQL and Redis, create the database if missing, and
drop the exported frontend when it was built for another ECANDIDAT_BASE_URL (the URL is
compiled into it), so `make frontend` rebuilds it."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from urllib.parse import urlsplit

from ecandidat_app.core.config import get_settings


def ensure_database(url: str) -> None:
    import psycopg
    from sqlalchemy.engine import make_url

    target = make_url(url)
    admin = target.set(drivername="postgresql", database="postgres").render_as_string(
        hide_password=False
    )
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
            exists = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", (target.database,)
            ).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{target.database}"')
                print(f"Base PostgreSQL « {target.database} » créée.")
    except psycopg.OperationalError as exc:
        sys.exit(f"PostgreSQL injoignable ({target.host}:{target.port}) : {exc}")


def check_redis(url: str) -> None:
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=5).ping()
    except redis.RedisError as exc:
        sys.exit(f"Redis injoignable ({url}) : {exc}")


def frontend_matches(base_url: str) -> bool:
    env = Path(".web/env.json")
    if not env.is_file():
        return False
    event_url = urlsplit(json.loads(env.read_text()).get("EVENT", ""))
    return event_url.netloc == urlsplit(base_url).netloc


def main() -> None:
    settings = get_settings()
    if not settings.is_sqlite:
        ensure_database(settings.database_url)
    if settings.redis_url:
        check_redis(settings.redis_url)
    stamp = Path(".web/build/client/index.html")
    if stamp.exists() and not frontend_matches(settings.base_url):
        print(
            f"Frontend construit pour une autre adresse : reconstruction pour {settings.base_url}"
        )
        stamp.unlink()


if __name__ == "__main__":
    main()

"""Before `make prod`: reach PostgreSQL, Redis and the S3 bucket (when the pieces live in
one), and create the database if missing.
(A frontend exported for another ECANDIDAT_BASE_URL is rebuilt by `make frontend`, which
keeps the URL it was built for in .web/.base-url.)"""

from __future__ import annotations

import sys

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


def check_bucket() -> None:
    """With ECANDIDAT_STORAGE=s3: the bucket exists and these keys may use it."""
    from botocore.exceptions import BotoCoreError, ClientError

    from ecandidat_app.core.storage.s3 import S3Store

    store = S3Store(get_settings())
    try:
        store.client.head_bucket(Bucket=store.bucket)
    except (BotoCoreError, ClientError) as exc:  # unreachable, unknown bucket, refused keys
        sys.exit(f"Stockage S3 injoignable (compartiment « {store.bucket} ») : {exc}")


def main() -> None:
    settings = get_settings()
    if not settings.is_sqlite:
        ensure_database(settings.database_url)
    if settings.redis_url:
        check_redis(settings.redis_url)
    if settings.storage == "s3":
        check_bucket()


if __name__ == "__main__":
    main()

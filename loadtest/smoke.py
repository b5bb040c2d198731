"""One browser-like client against a running app: hydrate, echo, open the catalogue and
filter it. Exits non-zero when anything fails (used by scripts/check_wheel.sh)."""

from __future__ import annotations

import argparse
import asyncio

from loadtest import names
from loadtest.protocol import ON_LOAD, ReflexClient


async def smoke(url: str) -> None:
    client = ReflexClient(url)
    try:
        print(f"hydratation de / : {await client.connect('/') * 1000:.0f} ms")
        print(f"écho socket.io : {await client.ping() * 1000:.1f} ms")
        cat = names.handle("ecandidat_app.web.pages.catalogue", "CatalogueState")
        if cat is not None:
            client.path = "/formations"
            await client.emit(ON_LOAD)
            await client.until(cat.state)
            total = client.var(cat.state, "total")
            t = await client.call_until(cat.event("set_text"), {"value": "master"}, cat.state)
            print(f"catalogue : {total} formations, filtre « master » en {t * 1000:.0f} ms")
            if not total:
                raise SystemExit("ÉCHEC : catalogue vide")
    finally:
        await client.close()


def main() -> None:
    p = argparse.ArgumentParser(prog="python -m loadtest.smoke")
    p.add_argument("--url", default="http://127.0.0.1:8000")
    asyncio.run(smoke(p.parse_args().url))


if __name__ == "__main__":
    main()

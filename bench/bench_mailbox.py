"""What the open demo mailbox page costs everybody else: the app runs (demo, its own data
folder) with a mailbox already holding `--messages` messages and `--pages` tabs open on
/boite-mail-demo (each refreshing every 5 s); meanwhile an applicant-side tab types in
the catalogue search box, and each answer's round trip is timed. Figures, not assertions.

    python -m bench.bench_mailbox --messages 3000 --pages 3 --seconds 40
    python -m bench.bench_mailbox --code /tmp/ancien   # the server runs that source tree

`--code` puts another copy of the `ecandidat_app` package first on the server's path (an
older commit, `git archive`d), to compare before and after on the same machine."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import tempfile
import time
from email.message import EmailMessage
from pathlib import Path

from bench.server import running_app
from ecandidat_app.core.mail.demo_mailbox import MailboxHandler
from loadtest import names
from loadtest.protocol import ReflexClient, close_http_clients
from loadtest.stats import summary_ms


def fill_mailbox(folder: Path, count: int) -> None:
    handler = MailboxHandler(folder)
    for i in range(count):
        msg = EmailMessage()
        msg["To"] = f"candidat{i}@example.org"
        msg["From"] = "eCandidat <ne-pas-repondre@example.org>"
        msg["Subject"] = f"Candidature transmise : Master {i}"
        msg["Date"] = "Mon, 15 Mar 2027 09:00:00 +0000"
        msg.set_content("Bonjour,\n\nVotre candidature a bien été transmise.\n" * 20)
        handler.store(bytes(msg))


async def measure(url: str, pages: int, seconds: float) -> dict[str, object]:
    catalogue = names.handle("ecandidat_app.web.pages.catalogue", "CatalogueState")
    mailbox = names.handle("ecandidat_app.web.pages.mailbox", "MailboxState")
    assert catalogue is not None and mailbox is not None
    readers = [ReflexClient(url) for _ in range(pages)]
    for reader in readers:
        await reader.connect("/boite-mail-demo")
        await reader.until(mailbox.state)
    typist = ReflexClient(url)
    await typist.connect("/formations")
    await typist.until(catalogue.state)
    rounds: list[float] = []
    stop = time.monotonic() + seconds
    words = ["master", "licence", "droit", "chimie", ""]
    while time.monotonic() < stop:
        await asyncio.sleep(random.uniform(0.1, 0.6))
        payload = {"value": random.choice(words)}
        rounds.append(
            await typist.call_until(catalogue.event("set_text"), payload, catalogue.state)
        )
    # What each open mailbox tab received meanwhile: one update per refresh that sent
    # the list again, none when the page only looked whether a message had arrived.
    refreshes = [r._updates.qsize() for r in readers]
    for client in (*readers, typist):
        await client.close()
    await close_http_clients()
    return {
        "search_round_trip_ms": summary_ms(rounds),
        "updates_per_mailbox_tab": refreshes,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=3000)
    parser.add_argument("--pages", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=40)
    parser.add_argument("--port", type=int, default=8150)
    parser.add_argument("--code", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        fill_mailbox(data / "mailbox", args.messages)
        env = {"ECANDIDAT_DEMO_MAILBOX_ENABLED": "true"}
        if args.code is not None:
            env["PYTHONPATH"] = f"{args.code}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"
        with running_app(args.port, data, env=env):
            url = f"http://127.0.0.1:{args.port}"
            figures = asyncio.run(measure(url, args.pages, args.seconds))
    figures.update(messages=args.messages, pages=args.pages, code=str(args.code or "cette copie"))
    print(json.dumps(figures, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()

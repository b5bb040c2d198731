"""Real-browser tests: the app is started the way `make run` starts it (`ecandidat demo`),
on a fresh data folder, with mail going to a real SMTP server the tests run; Playwright
drives Debian's Chromium.

Run these in their own pytest invocation (`make test` does): pytest-playwright keeps an
event loop on the main thread that conflicts with pytest-asyncio.

Every browser test also fails on any Content-Security-Policy violation in any of its pages
(`csp_violations`): the app's CSP must hold for everything the suite does.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cas_fixtures import cas_ent  # noqa: F401  (the ENT's CAS server)
from tests.e2e.port_guard import strangers_on_port
from tests.e2e.smtp_capture import SmtpCapture
from tests.ldap_fixtures import ldap_directory  # noqa: F401  (slapd for former students)

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
# The exported frontend has the backend's address built in (see README, "Architecture").
PORT = 8000
BASE_URL = f"http://localhost:{PORT}"
CHROMIUM = os.environ.get("ECANDIDAT_CHROMIUM", "/usr/bin/chromium")
FRENCH_BROWSER = "fr-FR"
# `make test` runs the staff test a second time on PostgreSQL + Redis + 2 workers.
PRODUCTION_PROFILE = os.environ.get("ECANDIDAT_E2E_PRODUCTION") == "1"

pytestmark = pytest.mark.e2e

# Each page reports the violations of the app's Content-Security-Policy as console errors
# (Chromium's own reports may not reach Playwright's console event; this one always does).
CSP_WATCH = """
document.addEventListener("securitypolicyviolation", (e) => {
  console.error(`CSP violation: ${e.effectiveDirective} blocked ${e.blockedURI || "inline"}`
    + ` (${e.sourceFile || document.location.href}:${e.lineNumber})`);
});
"""
_CSP_TALLY: dict[str, int] = {"tests": 0, "violations": 0}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.e2e)
    # A module with its own server on PORT (RUN_FIRST = True) runs before the demo server
    # of the session starts (stable sort: the rest keep their order).
    items.sort(key=lambda item: not getattr(getattr(item, "module", None), "RUN_FIRST", False))


def _port_busy(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture(scope="session")
def smtp() -> Iterator[SmtpCapture]:
    capture = SmtpCapture().start()
    yield capture
    capture.stop()


@pytest.fixture(scope="session")
def _e2e_lock() -> Iterator[None]:
    """Browser test sessions on one machine take turns (they all need port 8000)."""
    with open("/tmp/ecandidat-e2e.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _production_env() -> dict[str, str]:
    """PostgreSQL (a fresh database), Redis as Reflex's state manager, two workers: the
    production configuration, so the browser tests prove it too (live board across
    workers, uploads, sessions)."""
    from tests.conftest import POSTGRES_URL, REDIS_URL, ensure_postgres_database

    if not (POSTGRES_URL and REDIS_URL):
        pytest.fail("ECANDIDAT_E2E_PRODUCTION needs ECANDIDAT_TEST_POSTGRES_URL and _REDIS_URL")
    url = POSTGRES_URL.rsplit("/", 1)[0] + f"/ecandidat_e2e_{os.getpid()}"
    ensure_postgres_database(url)
    return {"ECANDIDAT_DATABASE_URL": url, "ECANDIDAT_REDIS_URL": REDIS_URL, "GRANIAN_WORKERS": "2"}


def _process_group_size(pgid: int) -> int:
    count = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        count += int(fields[2]) == pgid  # field 5 of stat: the process group
    return count


def _drop_database(url: str) -> None:
    from sqlalchemy import text

    from ecandidat_app.core.db import make_engine

    base, name = url.rsplit("/", 1)
    admin = make_engine(base + "/postgres")
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def app_env(
    smtp: SmtpCapture, tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> dict[str, str]:
    """The environment the app runs with (commands such as `ecandidat import-etudiants` run
    with it to reach the same database)."""
    data_dir = tmp_path_factory.mktemp("e2e-data")
    env = {
        **os.environ,
        "ECANDIDAT_MODE": "demo",
        "ECANDIDAT_DATA_DIR": str(data_dir),
        "ECANDIDAT_SMTP_PORT": str(smtp.port),
        "ECANDIDAT_DEMO_MAILBOX_ENABLED": "false",
        "ECANDIDAT_BASE_URL": BASE_URL,
        "ECANDIDAT_BACKEND_PORT": str(PORT),
    }
    env.pop("ECANDIDAT_DATABASE_URL", None)
    env.pop("ECANDIDAT_REDIS_URL", None)
    if PRODUCTION_PROFILE:
        env.update(_production_env())
    # Former students sign in against a real slapd (skipped only if it is not installable).
    with contextlib.suppress(pytest.skip.Exception):
        env.update(request.getfixturevalue("ldap_directory").app_env())
    # ENT single sign-on against a real CAS server the suite starts (so no demo ENT).
    env.update(request.getfixturevalue("cas_ent").app_env())
    return env


@contextlib.contextmanager
def running_app(
    args: list[str], env: dict[str, str], log_name: str
) -> Iterator[subprocess.Popen[bytes]]:
    """`ecandidat <args>` serving on PORT until the block ends; its log must hold no
    traceback. Used for the demo server of the session and the empty production install
    of test_onboarding.py."""
    if _port_busy(PORT):
        pytest.fail(
            f"Le port {PORT} est occupé : arrêtez l'application (make run) avant les tests."
        )
    log_path = ARTIFACTS / log_name
    ARTIFACTS.mkdir(exist_ok=True)
    ecandidat = Path(sys.executable).with_name("ecandidat")
    with log_path.open("w") as log:
        proc = subprocess.Popen(
            [str(ecandidat), *args],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            _wait_healthy(proc, log_path)
            SERVER_PGID[0] = proc.pid
            yield proc
        finally:
            SERVER_PGID[0] = 0
            # The server runs its workers as children: stop the whole process group.
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
    server_log = log_path.read_text()
    assert "Traceback" not in server_log, server_log[-4000:]


# The process group of the server under test (0: none running): see port_guard.py.
SERVER_PGID = [0]


@pytest.fixture(autouse=True)
def _only_our_server_on_the_port() -> Iterator[None]:
    yield
    if SERVER_PGID[0]:
        strangers = strangers_on_port(PORT, SERVER_PGID[0])
        if strangers:
            pytest.fail(
                f"Un autre serveur écoute aussi sur le port {PORT} (SO_REUSEPORT) : une partie "
                f"des requêtes du navigateur lui est allée. Arrêtez-le : {strangers}"
            )


@pytest.fixture(scope="session")
def app_server(_e2e_lock: None, app_env: dict[str, str]) -> Iterator[str]:
    with running_app(["demo"], app_env, "e2e-server.log") as proc:
        if PRODUCTION_PROFILE:
            assert _process_group_size(proc.pid) >= 3, "expected a parent and 2 workers"
        yield BASE_URL
    if PRODUCTION_PROFILE:
        _drop_database(app_env["ECANDIDAT_DATABASE_URL"])


def _wait_healthy(proc: subprocess.Popen[bytes], log_path: Path, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("the app exited:\n" + log_path.read_text()[-4000:])
        try:
            with urllib.request.urlopen(f"{BASE_URL}/api/health", timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError("the app did not start in time:\n" + log_path.read_text()[-4000:])


def _is_csp_report(text: str) -> bool:
    return "CSP violation" in text or "Content Security Policy" in text


@pytest.fixture(autouse=True)
def csp_violations(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Counts CSP violations in every page of every browsing context a test opens (the
    `page` fixture's and any `browser.new_context()`), and fails the test on any."""
    found: list[str] = []
    if "browser" not in request.fixturenames:
        yield found
        return
    from playwright.sync_api import Browser

    original = Browser.new_context

    def new_context(self: Browser, *args, **kwargs):  # type: ignore[no-untyped-def]
        # Playwright's Chromium sends `Accept-Language: en-US` by default, and a first visit
        # takes its language from that header: the suite browses in French unless a test
        # asks for another locale.
        kwargs.setdefault("locale", FRENCH_BROWSER)
        context = original(self, *args, **kwargs)
        context.add_init_script(CSP_WATCH)
        context.on(
            "console",
            lambda msg: (
                found.append(f"{msg.page.url if msg.page else '?'}: {msg.text}")
                if msg.type == "error" and _is_csp_report(msg.text)
                else None
            ),
        )
        return context

    monkeypatch.setattr(Browser, "new_context", new_context)
    yield found
    _CSP_TALLY["tests"] += 1
    _CSP_TALLY["violations"] += len(found)
    if found:
        pytest.fail("Violations de la CSP :\n" + "\n".join(found[:20]), pytrace=False)


def pytest_terminal_summary(terminalreporter) -> None:  # type: ignore[no-untyped-def]
    if _CSP_TALLY["tests"]:
        terminalreporter.write_line(
            f"CSP : {_CSP_TALLY['violations']} violation(s) sur "
            f"{_CSP_TALLY['tests']} test(s) navigateur"
        )


@pytest.fixture(scope="session")
def browser_type_launch_args() -> dict:
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.fail("Chromium est introuvable : apt-get install chromium")
    return {
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-gpu",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    """The `page` fixture's context: a French browser (see `new_context` above)."""
    return {**browser_context_args, "locale": FRENCH_BROWSER}


@pytest.fixture(scope="session")
def base_url(app_server: str) -> str:
    return app_server


@pytest.fixture
def shot(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """Save a screenshot as a test artifact (not committed): shot(page, "step-name")."""
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> None:  # type: ignore[no-untyped-def]
        safe = request.node.name.replace("/", "_").replace("[", "-").replace("]", "")
        page.screenshot(path=str(folder / f"{safe}-{name}.png"), full_page=True)

    return take

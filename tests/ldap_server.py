"""A real OpenLDAP server (Debian's slapd) for the tests: a throwaway slapd.conf, the small
SupAnn-like tree of `tests/fixtures/ldap/people.ldif`, a random loopback port.

`make test` installs slapd (apt packages `slapd` and `ldap-utils`). When it is missing the
fixture tries to install it (as root); it skips only when that is impossible.

The e2e harness can start the same directory for the app: `ldap_directory.app_env()` gives
the ECANDIDAT_LDAP_* variables that point the app at it.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

from ecandidat_app.core import config
from ecandidat_app.core.config import Settings
from ecandidat_app.demo.ent.launch import stop_process

FIXTURES = Path(__file__).parent / "fixtures" / "ldap"
BASE = "dc=univ-test,dc=fr"
PEOPLE = f"ou=people,{BASE}"
SERVICE_DN = f"cn=ecandidat,ou=services,{BASE}"
SERVICE_PASSWORD = "service-secret"
SLAPD_PACKAGES = ("slapd", "ldap-utils")
SCHEMAS = ("core", "cosine", "inetorgperson")

# The people of people.ldif the tests sign in as.
STUDENT = {"login": "cmartin", "password": "Ent-Passe-2024", "number": "21904567"}
OTHER_STUDENT = {"login": "ldupont", "password": "Autre-Passe-2024", "number": "22001234"}
STAFF = {"login": "agent", "password": "Agent-Passe-2024"}


def _binary(name: str) -> str | None:
    return shutil.which(name) or next(
        (str(p) for p in (Path("/usr/sbin") / name, Path("/usr/bin") / name) if p.exists()),
        None,
    )


def ensure_slapd() -> tuple[str, str]:
    """Paths of slapd and slapadd, installing the Debian packages when possible."""
    if _binary("slapd") is None and os.geteuid() == 0 and shutil.which("apt-get"):
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], env=env, capture_output=True, timeout=300)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", *SLAPD_PACKAGES],
            env=env,
            capture_output=True,
            timeout=600,
        )
    slapd, slapadd = _binary("slapd"), _binary("slapadd")
    if slapd is None or slapadd is None:
        pytest.skip(
            "OpenLDAP (slapd) n'est pas installé et n'a pas pu l'être : "
            "apt-get install slapd ldap-utils"
        )
    return slapd, slapadd


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LdapTestServer:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.url = f"ldap://127.0.0.1:{self.port}"
        self._proc: subprocess.Popen[bytes] | None = None

    def _write_config(self) -> Path:
        schema_dir = Path("/etc/ldap/schema")
        includes = [f"include {schema_dir / name}.schema" for name in SCHEMAS]
        includes.append(f"include {FIXTURES / 'supann-subset.schema'}")
        db = self.folder / "db"
        db.mkdir(parents=True, exist_ok=True)
        conf = self.folder / "slapd.conf"
        conf.write_text(
            "\n".join(
                [
                    *includes,
                    f"pidfile {self.folder / 'slapd.pid'}",
                    f"argsfile {self.folder / 'slapd.args'}",
                    "modulepath /usr/lib/ldap",
                    "moduleload back_mdb",
                    "database mdb",
                    f'suffix "{BASE}"',
                    f'rootdn "cn=admin,{BASE}"',
                    f"directory {db}",
                    "maxsize 10485760",
                    # Passwords serve only to bind; everything else is readable.
                    "access to attrs=userPassword by anonymous auth by self read by * none",
                    "access to * by * read",
                    "",
                ]
            )
        )
        return conf

    def start(self) -> LdapTestServer:
        slapd, slapadd = ensure_slapd()
        conf = self._write_config()
        if not (self.folder / "db" / "data.mdb").exists():
            subprocess.run(
                [slapadd, "-f", str(conf), "-l", str(FIXTURES / "people.ldif")],
                check=True,
                capture_output=True,
                timeout=60,
            )
        log = (self.folder / "slapd.log").open("wb")
        # -d 0: stay in the foreground (the test owns the process), no debug output.
        self._proc = subprocess.Popen(
            [slapd, "-f", str(conf), "-h", f"{self.url}/", "-d", "0"],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self._wait_listening()
        return self

    def _wait_listening(self, timeout: float = 15) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self._proc is not None
            if self._proc.poll() is not None:
                raise RuntimeError(
                    "slapd exited:\n" + (self.folder / "slapd.log").read_text(errors="replace")
                )
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.1)
        raise RuntimeError("slapd did not start listening in time")

    def stop(self) -> None:
        if self._proc is not None:
            stop_process(self._proc)
        self._proc = None

    def app_env(self) -> dict[str, str]:
        """Settings (environment variables) that point the app at this directory."""
        return {
            "ECANDIDAT_LDAP_ENABLED": "true",
            "ECANDIDAT_LDAP_URL": self.url,
            "ECANDIDAT_LDAP_BASE_DN": PEOPLE,
            "ECANDIDAT_LDAP_USER_FILTER": "(uid={login})",
            "ECANDIDAT_LDAP_STUDENT_NUMBER_ATTRIBUTE": "supannEtuId",
        }


def point_settings_at(monkeypatch: pytest.MonkeyPatch, env: dict[str, str]) -> Settings:
    """Set these ECANDIDAT_* variables for the test and reload the settings."""
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    config.reset_settings_cache()
    return config.get_settings()

"""A real CAS server for the tests: the demo ENT project (django-cas-server over Django, its
users in its own SQLite), started on a free loopback port like slapd (tests/ldap_server.py).

`obtain_ticket` signs in on its login page the way a browser does (GET the form, POST the
credentials with the CSRF token and login ticket) and returns the service ticket of the
redirect; the session (the ENT's cookies) is kept for a later /logout.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import requests

from ecandidat_app.demo.ent.launch import EntProcess, free_port, start_ent
from tests.ldap_server import STUDENT

# The same uid and student number as the test directory's former student (people.ldif).
CAS_STUDENT = {
    "uid": STUDENT["login"],
    "password": "Cas-Passe-2024",
    "sn": "Martin",
    "givenName": "Céline",
    "mail": "celine.martin@etu.univ-test.fr",
    "supannEtuId": STUDENT["number"],
}
# Only in the ENT (not in the test directory): the browser tests' former student, so they
# never meet the directory's `cmartin` of tests/e2e/test_former_student.py in the app's base.
CAS_BROWSER_STUDENT = {
    "uid": "ebernard",
    "password": "Cas-Passe-2025",
    "sn": "Bernard",
    "givenName": "Élise",
    "mail": "elise.bernard@etu.univ-test.fr",
    "supannEtuId": "22105555",
}
# In the ENT, not a student: signs in to eCandidat only once an admin links the uid.
CAS_STAFF = {
    "uid": "jagent",
    "password": "Agent-Cas-2024",
    "sn": "Agent",
    "givenName": "Jeanne",
    "mail": "jeanne.agent@univ-test.fr",
}
PEOPLE = [CAS_STUDENT, CAS_BROWSER_STUDENT, CAS_STAFF]


class CasTestServer:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self._ent: EntProcess | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/cas/"

    def start(self) -> CasTestServer:
        with (self.folder / "ent.log").open("ab") as log:
            self._ent = start_ent(self.folder, PEOPLE, port=self.port, log=log)
        return self

    def stop(self) -> None:
        if self._ent is not None:
            self._ent.stop()
        self._ent = None

    def app_env(self, version: int = 3) -> dict[str, str]:
        return {
            "ECANDIDAT_CAS_ENABLED": "true",
            "ECANDIDAT_CAS_URL": self.url,
            "ECANDIDAT_CAS_VERSION": str(version),
        }

    def obtain_ticket(
        self, service: str, person: dict[str, str], browser: requests.Session | None = None
    ) -> str:
        browser = browser or requests.Session()
        form = browser.get(self.url + "login", params={"service": service}, timeout=10)
        found = re.findall(r'name="(\w+)" value="([^"]*)"', form.text)
        fields = {name: html.unescape(value) for name, value in found}
        fields |= {"username": person["uid"], "password": person["password"]}
        answer = browser.post(self.url + "login", data=fields, allow_redirects=False, timeout=30)
        assert answer.status_code == 302, answer.text[:2000]
        location = answer.headers["Location"]
        assert location.startswith(service.split("?")[0]), location
        return parse_qs(urlsplit(location).query)["ticket"][0]

"""A corpus of bad input, one table: hostile files, hostile names, oversized fields in every
form service, invalid dates and addresses, expired / reused / forged tokens, ids of other
people's objects. Each must be refused with a clear French message (a DomainError, never
a traceback) and leave everything already saved as it was: the database fingerprint and
the private store are compared before and after each refusal.

A second, shorter table lists input that is ACCEPTED on purpose but made harmless (file
names cleaned, script tags stored as text and escaped in mails)."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from ecandidat_app.core import accounts, admin, applications, review, storage
from ecandidat_app.core.accounts import sessions
from ecandidat_app.core.admin import mail_templates as admin_mail
from ecandidat_app.core.applications import documents, profile
from ecandidat_app.core.clock import FixedClock, system_clock
from ecandidat_app.core.errors import DomainError
from ecandidat_app.core.models import Account, ApplicationDocument, OutboxMessage, StoredFile
from ecandidat_app.core.review import decisions
from tests import factories
from tests.security.conftest import World, diff, fingerprint, pdf_bytes

LONG = "x" * 5000
SCRIPT = "<script>alert('xss')</script>"
FRENCH = re.compile(
    r"[éèàêçùôî«»]|\b(le|la|les|de|du|des|un|une|est|pas|vous|votre|ce|cette|doit|saisissez)\b",
    re.IGNORECASE,
)


@dataclass
class Ctx:
    s: Session
    w: World

    def person(self, persona: str) -> Account:
        account = self.w.accounts[persona]
        assert account is not None
        return account

    @property
    def a(self) -> Account:
        return self.person("applicant_a")

    def upload(self, data: bytes, name: str = "piece.pdf", app: Any = None) -> Any:
        return documents.add_file(
            self.s,
            self.a,
            (app or self.w.app_open).id,
            self.w.cv.id,
            filename=name,
            source=io.BytesIO(data),
        )

    def doc_of_sent(self) -> int:
        return self.w.doc_ids[0]


# ------------------------------------------------------------------ hostile file contents


def _pdf_with_javascript() -> bytes:
    from pypdf import PdfWriter
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    action = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert('pirate');"),
        }
    )
    writer._root_object[NameObject("/OpenAction")] = action
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _zip_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("evil.exe", b"MZ" + b"\0" * 100)
    return out.getvalue()


def _png(fmt: str = "PNG") -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 20, 30)).save(out, format=fmt)
    return out.getvalue()


ELF = b"\x7fELF\x02\x01\x01" + b"\0" * 200
PE = b"MZ\x90\x00" + b"\0" * 60 + b"PE\0\0" + b"\0" * 200
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
POLY_HTML = b"%PDF-1.4\n<html><script>alert(1)</script></html>\n%%EOF\n"
POLY_ZIP = b"%PDF-1.4\n" + _zip_bytes() + b"\n%%EOF\n"


def _oversized(_c: Ctx) -> Any:
    limit = 64 * 1024
    return storage.save_stream(
        io.BytesIO(b"%PDF-1.4\n" + b"0" * (limit + 10)),
        check=lambda _p: "application/pdf",
        max_bytes=limit,
    )


FILE_CASES: list[tuple[str, Callable[[Ctx], Any]]] = [
    ("ELF executable named .pdf", lambda c: c.upload(ELF, "releve.pdf")),
    ("Windows PE named .pdf", lambda c: c.upload(PE, "releve.pdf")),
    ("HTML with script named .pdf", lambda c: c.upload(HTML, "releve.pdf")),
    ("SVG with script named .png", lambda c: c.upload(SVG, "photo.png")),
    ("polyglot PDF header + HTML", lambda c: c.upload(POLY_HTML, "poly.pdf")),
    ("polyglot PDF header + ZIP", lambda c: c.upload(POLY_ZIP, "poly.pdf")),
    ("ZIP named .pdf", lambda c: c.upload(_zip_bytes(), "archive.pdf")),
    ("zero-byte file", lambda c: c.upload(b"", "vide.pdf")),
    ("oversized stream (cap enforced while reading)", _oversized),
    ("truncated PDF", lambda c: c.upload(pdf_bytes()[:-40], "coupe.pdf")),
    ("PDF with the end cut in the middle", lambda c: c.upload(pdf_bytes()[:200], "coupe.pdf")),
    ("encrypted PDF", lambda c: c.upload(pdf_bytes(password="secret"), "chiffre.pdf")),
    ("PDF running JavaScript", lambda c: c.upload(_pdf_with_javascript(), "js.pdf")),
    ("truncated PNG", lambda c: c.upload(_png()[:60], "photo.png")),
    ("JPEG magic then garbage", lambda c: c.upload(b"\xff\xd8\xff" + b"\x00" * 300, "a.jpg")),
    ("GIF (not accepted)", lambda c: c.upload(_png("GIF"), "anim.gif")),
    ("file on a transmitted dossier", lambda c: c.upload(pdf_bytes(), "x.pdf", c.w.app_sent)),
]

# ------------------------------------------------------------------ forms, every service


def _signup(**over: str) -> Callable[[Ctx], Any]:
    def run(c: Ctx) -> Any:
        fields = {
            "last_name": "Dupont",
            "first_name": "Zoé",
            "email": "zoe.dupont@exemple.org",
            "email_confirm": "zoe.dupont@exemple.org",
            "password": "Tournesol-Bleu-2027",
        }
        fields.update(over)
        if "email" in over and "email_confirm" not in over:
            fields["email_confirm"] = over["email"]
        return accounts.signup(c.s, **fields)

    return run


def _civil(**over: str) -> Callable[[Ctx], Any]:
    def run(c: Ctx) -> Any:
        return profile.update_civil_status(c.s, c.a, over)

    return run


def _entry(kind: str, **over: str) -> Callable[[Ctx], Any]:
    base = {
        "cursus": {"year": "2023", "label": "Licence", "obtained": "1"},
        "experience": {"year": "2023", "employer": "ACME", "title": "Stagiaire"},
        "internship": {"year": "2023", "employer": "ACME", "topic": "Réseaux"},
    }[kind]

    def run(c: Ctx) -> Any:
        return profile.save_entry(c.s, c.a, kind, {**base, **over})

    return run


def _staff(persona: str = "gest_in") -> Callable[[Ctx], Account]:
    return lambda c: c.person(persona)


def _version(c: Ctx) -> int:
    c.s.refresh(c.w.app_sent)
    return c.w.app_sent.version


FORM_CASES: list[tuple[str, Callable[[Ctx], Any]]] = [
    ("signup: 5000-character last name", _signup(last_name=LONG)),
    ("signup: script tag as first name", _signup(first_name=SCRIPT)),
    ("signup: not an e-mail address", _signup(email="pas-une-adresse")),
    ("signup: header injection in the address", _signup(email="a@b.fr\r\nBcc: x@y.fr")),
    ("signup: 300-character address", _signup(email="a" * 290 + "@exemple.org")),
    ("signup: confirmation differs", _signup(email_confirm="autre@exemple.org")),
    ("signup: 5000-character password", _signup(password="Aa1-" * 1250)),
    ("signup: NUL in the name", _signup(last_name="Du\x00pont")),
    ("profile: 5000-character birth place", _civil(birth_place=LONG)),
    ("profile: 31 February", _civil(birth_date="2003-02-31")),
    ("profile: birth date in the future", _civil(birth_date="2090-01-01")),
    ("profile: birth date is a word", _civil(birth_date="demain")),
    ("profile: letters as phone", _civil(phone="appelez-moi")),
    ("profile: INE of the wrong shape", _civil(ine="123")),
    ("profile: script tag as first names", _civil(first_names=SCRIPT)),
    ("profile: bac year in letters", lambda c: profile.update_bac(c.s, c.a, "deux mille", "S")),
    ("profile: 5000-character cursus label", _entry("cursus", label=LONG)),
    ("profile: cursus year 99999", _entry("cursus", year="99999")),
    ("profile: experience without employer", _entry("experience", employer="")),
    ("profile: unknown list kind", lambda c: profile.save_entry(c.s, c.a, "admin", {})),
    (
        "note: 5000 characters",
        lambda c: review.add_note(c.s, c.person("gest_in"), c.w.app_sent.id, LONG),
    ),
    ("note: empty", lambda c: review.add_note(c.s, c.person("gest_in"), c.w.app_sent.id, "  ")),
    (
        "refusal comment: 5000 characters",
        lambda c: review.refuse_document(
            c.s, c.person("gest_in"), c.w.app_sent.id, c.doc_of_sent(), LONG, version=_version(c)
        ),
    ),
    (
        "refusal comment: empty",
        lambda c: review.refuse_document(
            c.s, c.person("gest_in"), c.w.app_sent.id, c.doc_of_sent(), "", version=_version(c)
        ),
    ),
    (
        "decision: 5000-character comment",
        lambda c: decisions.enter_decision(
            c.s, c.person("gest_in"), c.w.app_sent.id, code="DE", comment=LONG
        ),
    ),
    (
        "decision: unknown code",
        lambda c: decisions.enter_decision(c.s, c.person("gest_in"), c.w.app_sent.id, code="ZZ"),
    ),
    (
        "admin: 5000-character centre label",
        lambda c: admin.save_centre(c.s, c.person("admin"), None, code="LONG", label=LONG),
    ),
    (
        "admin: campaign ending before it starts",
        lambda c: admin.save_campaign(
            c.s,
            c.person("admin"),
            None,
            code="C-BAD",
            label="Campagne",
            starts_on="2027-09-01",
            ends_on="2027-01-01",
            applicant_ends_on="2027-02-01",
        ),
    ),
    (
        "admin: formation with an invalid date",
        lambda c: admin.save_formation(
            c.s,
            c.person("admin"),
            None,
            admin.FormationInput(
                commission_id=str(c.w.app_sent.commission_id),
                code="F-BAD",
                label="Formation",
                level="M",
                opens_on="32/13/2027",
                closes_on="2027-06-01",
                return_on="2027-06-10",
            ),
        ),
    ),
    (
        "admin: mail template with broken syntax",
        lambda c: admin_mail.save_mail_template(
            c.s, c.person("admin"), "status_CO", subject="Objet", body="{% for x in %}"
        ),
    ),
    (
        "admin: mail template reading a secret attribute",
        lambda c: admin_mail.save_mail_template(
            c.s,
            c.person("admin"),
            "status_CO",
            subject="Objet",
            body="{{ first_name.__class__.__mro__ }}",
        ),
    ),
]

# ------------------------------------------------------------------ tokens


def _mail_token(c: Ctx, event: str) -> str:
    c.s.expire_all()
    mail = c.s.exec(
        select(OutboxMessage).where(OutboxMessage.event == event).order_by(OutboxMessage.id.desc())  # type: ignore[union-attr]
    ).first()
    assert mail is not None
    return re.search(r"token=([A-Za-z0-9_-]+)", mail.body_text).group(1)  # type: ignore[union-attr]


def _new_account_token(c: Ctx) -> str:
    accounts.signup(
        c.s,
        last_name="Lenoir",
        first_name="Jade",
        email="jade.lenoir@exemple.org",
        email_confirm="jade.lenoir@exemple.org",
        password="Tournesol-Bleu-2027",
    )
    c.s.commit()
    return _mail_token(c, "account_created")


def _later(hours: int) -> FixedClock:
    return FixedClock(system_clock.now() + timedelta(hours=hours))


def _reset_token(c: Ctx) -> str:
    accounts.forgot_password(c.s, c.a.email)
    c.s.commit()
    return _mail_token(c, "password_reset")


def _email_token(c: Ctx) -> str:
    accounts.request_email_change(c.s, c.a, "ondine.nouvelle@exemple.org", factories.PASSWORD)
    c.s.commit()
    return _mail_token(c, "email_changed")


def _used(get: Callable[[Ctx], str], use: Callable[[Ctx, str], Any]) -> Callable[[Ctx], Any]:
    """Prepared (committed) before the fingerprint: a `prepare` then an `attempt`."""
    return lambda c: use(c, get(c))


NEW_PW = "Nouveau-Tournesol-2027"
TOKEN_CASES: list[tuple[str, Callable[[Ctx], Any], Callable[[Ctx, Any], Any]]] = [
    # (name, prepare -> value committed first, attempt using it)
    (
        "activation link: forged",
        lambda _c: None,
        lambda c, _v: accounts.validate_account(c.s, "forge-" + "A" * 40),
    ),
    (
        "activation link: expired",
        _new_account_token,
        lambda c, t: accounts.validate_account(c.s, t, clock=_later(24 * 30)),
    ),
    (
        "activation link: reused",
        lambda c: (t := _new_account_token(c), accounts.validate_account(c.s, t), c.s.commit())[0],
        lambda c, t: accounts.validate_account(c.s, t),
    ),
    (
        "reset link: forged",
        lambda _c: None,
        lambda c, _v: accounts.reset_password(c.s, "forge", NEW_PW, NEW_PW),
    ),
    (
        "reset link: expired",
        _reset_token,
        lambda c, t: accounts.reset_password(c.s, t, NEW_PW, NEW_PW, clock=_later(24 * 3)),
    ),
    (
        "reset link: reused",
        lambda c: (
            t := _reset_token(c),
            accounts.reset_password(c.s, t, NEW_PW, NEW_PW),
            c.s.commit(),
        )[0],
        lambda c, t: accounts.reset_password(
            c.s, t, "Autre-Tournesol-2028", "Autre-Tournesol-2028"
        ),
    ),
    (
        "e-mail change link: forged",
        lambda _c: None,
        lambda c, _v: accounts.confirm_email_change(c.s, "forge"),
    ),
    (
        "e-mail change link: expired",
        _email_token,
        lambda c, t: accounts.confirm_email_change(c.s, t, clock=_later(24 * 30)),
    ),
    (
        "e-mail change link: reused",
        lambda c: (t := _email_token(c), accounts.confirm_email_change(c.s, t), c.s.commit())[0],
        lambda c, t: accounts.confirm_email_change(c.s, t),
    ),
    (
        "session token: forged, then a privileged action",
        lambda c: sessions.resolve_session(c.s, "forge-" + "B" * 40),
        lambda c, acct: applications.transmit(c.s, acct, c.w.app_open.id),
    ),
    (
        "session token: expired, then a privileged action",
        lambda c: sessions.resolve_session(c.s, c.w.tokens["applicant_a"], clock=_later(24 * 365)),
        lambda c, acct: documents.remove_file(c.s, acct, c.w.app_open.id, c.w.files[1].id),
    ),
    (
        "session token: revoked, then a privileged action",
        lambda c: (
            sessions.revoke_session(c.s, c.w.tokens["gest_in"]),
            c.s.commit(),
            sessions.resolve_session(c.s, c.w.tokens["gest_in"]),
        )[2],
        lambda c, acct: review.add_note(c.s, acct, c.w.app_sent.id, "note"),
    ),
]

# ------------------------------------------------------------------ other people's objects

OTHERS_CASES: list[tuple[str, Callable[[Ctx], Any]]] = [
    (
        "B uploads into A's application",
        lambda c: documents.add_file(
            c.s,
            c.person("applicant_b"),
            c.w.app_open.id,
            c.w.cv.id,
            filename="b.pdf",
            source=io.BytesIO(pdf_bytes()),
        ),
    ),
    (
        "B removes A's file",
        lambda c: documents.remove_file(
            c.s, c.person("applicant_b"), c.w.app_open.id, c.w.files[1].id
        ),
    ),
    (
        "B removes A's file through B's own application id",
        lambda c: documents.remove_file(c.s, c.person("applicant_b"), 0, c.w.files[1].id),
    ),
    (
        "B transmits A's application",
        lambda c: applications.transmit(c.s, c.person("applicant_b"), c.w.app_open.id),
    ),
    (
        "B cancels A's application",
        lambda c: applications.cancel(c.s, c.person("applicant_b"), c.w.app_open.id),
    ),
    (
        "B confirms A's offer",
        lambda c: decisions.confirm_offer(c.s, c.person("applicant_b"), c.w.app_sent.id),
    ),
    (
        "B deletes A's cursus row",
        lambda c: profile.remove_entry(
            c.s, c.person("applicant_b"), "cursus", c.w.entries["cursus"]
        ),
    ),
    (
        "B edits A's experience row",
        lambda c: profile.save_entry(
            c.s,
            c.person("applicant_b"),
            "experience",
            {"year": "2024", "employer": "Pirate", "title": "Pirate"},
            entry_id=c.w.entries["experience"],
        ),
    ),
    (
        "B downloads A's file",
        lambda c: documents.file_for_download(c.s, c.person("applicant_b"), c.w.files[0].id),
    ),
    (
        "member of another commission writes a note on A's dossier",
        lambda c: review.add_note(c.s, c.person("member_other"), c.w.app_sent.id, "note"),
    ),
    (
        "gestionnaire of another centre enters a decision",
        lambda c: decisions.enter_decision(c.s, c.person("gest_other"), c.w.app_sent.id, code="DE"),
    ),
    (
        "gestionnaire of another centre validates a document",
        lambda c: review.validate_document(
            c.s, c.person("gest_other"), c.w.app_sent.id, c.doc_of_sent(), version=None
        ),
    ),
    (
        "gestionnaire in scope names a document of another dossier",
        lambda c: review.validate_document(
            c.s,
            c.person("gest_in"),
            c.w.app_sent.id,
            c.s.exec(
                select(ApplicationDocument.id).where(
                    ApplicationDocument.application_id == c.w.app_open.id
                )
            ).first(),
            version=None,
        ),
    ),
    (
        "applicant A reads A's dossier through the staff view",
        lambda c: review.dossier_view(c.s, c.a, c.w.app_sent.id),
    ),
]


def _store_listing() -> list[str]:
    root = storage.store_dir()
    return sorted(str(p.relative_to(root)) for p in Path(root).rglob("*") if p.is_file())


def _assert_refused_and_nothing_lost(
    c: Ctx, engine: Engine, attempt: Callable[[], Any]
) -> DomainError:
    before = fingerprint(engine, c.w, "anonymous")
    files = _store_listing()
    with pytest.raises(DomainError) as caught:
        attempt()
    c.s.rollback()  # what session_scope does when the service raises
    message = caught.value.message
    assert message and FRENCH.search(message), message
    assert "Traceback" not in message and "Error" not in message
    assert diff(before, fingerprint(engine, c.w, "anonymous")) == []
    assert _store_listing() == files  # no new file, no temp file, nothing deleted
    return caught.value


ALL_REFUSALS = [pytest.param(f, id=n) for n, f in FILE_CASES + FORM_CASES + OTHERS_CASES]


@pytest.mark.parametrize("attempt", ALL_REFUSALS)
def test_refused_with_a_french_message_and_nothing_lost(
    session: Session, world: World, engine: Engine, attempt: Callable[[Ctx], Any]
) -> None:
    c = Ctx(session, world)
    _assert_refused_and_nothing_lost(c, engine, lambda: attempt(c))


@pytest.mark.parametrize("prepare,attempt", [pytest.param(p, a, id=n) for n, p, a in TOKEN_CASES])
def test_bad_tokens_are_refused(
    session: Session,
    world: World,
    engine: Engine,
    prepare: Callable[[Ctx], Any],
    attempt: Callable[[Ctx, Any], Any],
) -> None:
    c = Ctx(session, world)
    value = prepare(c)
    session.commit()
    _assert_refused_and_nothing_lost(c, engine, lambda: attempt(c, value))


# ------------------------------------------------------------------ accepted, made harmless

HOSTILE_NAMES = [
    ("path traversal", "../../etc/passwd.pdf", "passwd.pdf"),
    ("Windows path", "C:\\Windows\\System32\\evil.pdf", "evil.pdf"),
    ("right-to-left override", "facture\u202efdp.exe", "facturefdp.pdf"),
    ("NUL byte", "rel\x00eve.pdf", "releve.pdf"),
    ("1000-character name", "n" * 1000 + ".pdf", None),
    ("script tag", f"{SCRIPT}.pdf", None),
    ("empty name", "", "fichier.pdf"),
    ("only dots", "....", "fichier.pdf"),
]


@pytest.mark.parametrize(
    "name,expected", [pytest.param(n, e, id=label) for label, n, e in HOSTILE_NAMES]
)
def test_hostile_file_names_are_display_text_only(
    session: Session, world: World, name: str, expected: str | None
) -> None:
    c = Ctx(session, world)
    stored = c.upload(pdf_bytes(), name)
    session.commit()
    shown = stored.display_name
    assert "/" not in shown and "\\" not in shown and "\x00" not in shown
    assert "\u202e" not in shown and len(shown) <= 120 and shown.endswith(".pdf")
    if expected is not None:
        assert shown == expected
    # The name never became a path: the stored file is under its random key.
    assert re.fullmatch(r"[0-9a-f]{32}", stored.storage_key)
    assert storage.size_of(stored.storage_key) is not None


def test_script_tags_are_stored_as_text_and_escaped_in_mails(
    session: Session, world: World
) -> None:
    from ecandidat_app.core.mail.render import render

    c = Ctx(session, world)
    review.refuse_document(
        session,
        c.person("gest_in"),
        world.app_sent.id,
        c.doc_of_sent(),
        f"Illisible {SCRIPT}",
        version=None,
    )
    session.commit()
    doc = session.get(ApplicationDocument, c.doc_of_sent())
    assert doc.staff_comment == f"Illisible {SCRIPT}"  # stored exactly as typed: text
    context = {
        "first_name": SCRIPT,
        "formation": "Licence",
        "refused": [{"label": "CV", "comment": doc.staff_comment}],
        "return_on": "01/06/2027",
    }
    for overridden in (False, True):
        if overridden:  # a staff-edited template goes through the same layout
            admin_mail.save_mail_template(
                session,
                c.person("admin"),
                "status_IN",
                subject="Dossier",
                body="Bonjour {{ first_name }}\n{% for d in refused %}{{ d.comment }}{% endfor %}",
            )
        _subject, text, html = render(session, "status_IN", context)
        assert SCRIPT in text  # the plain-text part keeps what was typed
        assert "<script>" not in html and "&lt;script&gt;" in html


def test_pages_never_render_user_text_as_html() -> None:
    """Reflex renders strings as text; nothing in the web layer opts out of that."""
    web = Path(__file__).resolve().parents[2] / "ecandidat_app" / "web"
    offenders = [
        str(p)
        for p in web.rglob("*.py")
        if re.search(
            r"rx\.html\(|dangerouslySetInnerHTML|dangerously_set_inner_html", p.read_text()
        )
    ]
    assert offenders == []


def test_corpus_size() -> None:
    total = len(ALL_REFUSALS) + len(TOKEN_CASES) + len(HOSTILE_NAMES) + 2
    print(f"bad-input corpus: {total} cases")
    assert total >= 40


@pytest.mark.usefixtures("world")
def test_stored_files_untouched_by_refusals(session: Session) -> None:
    """The two files A had before the corpus still open, byte for byte."""
    for stored in session.exec(select(StoredFile)).all():
        assert storage.read_bytes(stored.storage_key).startswith(b"%PDF-")

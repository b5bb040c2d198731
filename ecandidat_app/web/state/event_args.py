"""What the browser sends an event handler is checked before the handler runs.

Anyone can send any event with any arguments over the websocket, by hand. Every handler
of every page state (all derive from `AuthState`, which installs the hook of
`checked_handlers`) is wrapped so that its arguments are converted to the types its
annotations declare, or refused:

- `int`: a JSON integer (not a boolean) or a string of ASCII digits, 0..2^31-1 (`Id`:
  1..2^31-1, a database key); `str`: at most `MAX_TEXT` characters, no NUL, valid UTF-8;
  `bool`, `float`, `None`, `Literal[...]`, enums, `list[...]`, `dict[..., ...]`, unions,
  `Annotated[T, IntRange(...) | MaxLength(...) | Digits]` and classes (`isinstance`).
- A refused event never reaches the handler: the browser gets a French toast, the log one
  warning line (no traceback, no 100 000-character value).

Reflex's own conversion of the payload (`_transform_event_payload`) is switched off for
these handlers (`checked_handlers.CheckedEventHandler._type_hints` is empty): it turned
"abc" for an `int` into a logged error carrying the whole value and called the handler
anyway.

Anything else a handler raises goes to `checked_handlers.backend_exception_handler`, which
logs the real error and shows a French message instead of Reflex's English « An error
occurred. »."""

from __future__ import annotations

import dataclasses
import enum
import math
import types
from collections.abc import Callable
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from ecandidat_app.core.i18n import N_

# Shown in the browser's language (checked_handlers translates them when it answers).
INVALID_ACTION = N_("Cette action n'est pas valable. Rechargez la page.")
UNEXPECTED_ERROR = N_(
    "Une erreur inattendue s'est produite. Rechargez la page ; si elle persiste, "
    "contactez le service des candidatures."
)
# Ids are INTEGER columns: 32 bits on PostgreSQL, whose driver refuses a bigger value.
MAX_ID = 2**31 - 1
# Long enough for a mail template or a motivation text, far below a flood.
MAX_TEXT = 20_000
MAX_ITEMS = 1_000
_MAX_DIGITS = len(str(MAX_ID))


def parse_id(text: str) -> int | None:
    """The database key a text names (a URL segment, a <select> value), None when it names
    none: int() alone accepts " 7", "+7", "1_0" and "٧", and a value beyond the INTEGER
    column makes the database driver fail (500)."""
    if not (text.isascii() and text.isdigit()) or len(text) > _MAX_DIGITS:
        return None
    value = int(text)
    return value if 1 <= value <= MAX_ID else None


class Refused(ValueError):
    """An argument that does not fit its annotation (the message says why, for the log)."""


@dataclasses.dataclass(frozen=True)
class IntRange:
    low: int
    high: int = MAX_ID

    def check(self, value: Any) -> Any:
        if not self.low <= value <= self.high:
            raise Refused(f"entier hors de {self.low}..{self.high}")
        return value


@dataclasses.dataclass(frozen=True)
class MaxLength:
    limit: int

    def check(self, value: Any) -> Any:
        if len(value) > self.limit:
            raise Refused(f"plus de {self.limit} caractères")
        return value


class _Digits:
    """A database key the page keeps as text (its rows are `dict[str, str]`)."""

    def check(self, value: Any) -> Any:
        _as_int(value, 1)
        return value


Digits = _Digits()
Id = Annotated[int, IntRange(1)]
IdText = Annotated[str, Digits]
# A filter's <select>: an id, or "" for « Toutes ».
IdChoice = Literal[""] | IdText
# What `rx.form(on_submit=...)` sends: field name -> text.
FormData = dict[str, str]


# ------------------------------------------------------------------ conversions


def describe(value: Any) -> str:
    text = repr(value)
    return f"{type(value).__name__} {text[:40]}{'…' if len(text) > 40 else ''}"


def _as_int(value: Any, low: int = 0) -> int:
    if isinstance(value, bool):
        raise Refused("booléen au lieu d'un entier")
    if isinstance(value, str) and value.isascii() and value.isdigit():
        if len(value) > _MAX_DIGITS:
            raise Refused("entier trop long")
        value = int(value)
    if not isinstance(value, int):
        raise Refused("pas un entier")
    return IntRange(low).check(value)


def _as_text(value: Any) -> str:
    if not isinstance(value, str):
        raise Refused("pas un texte")
    MaxLength(MAX_TEXT).check(value)
    if "\x00" in value:
        raise Refused("caractère NUL")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise Refused("texte non UTF-8") from None
    return value


def _as_float(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise Refused("pas un nombre")
    if not math.isfinite(value):
        raise Refused("nombre infini")
    return float(value)


def _as_bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise Refused("pas un booléen")
    return value


def _as_literal(value: Any, hint: Any) -> Any:
    for choice in get_args(hint):
        if type(value) is type(choice) and value == choice:
            return value
    raise Refused("valeur hors de la liste")


def _as_enum(value: Any, hint: type[enum.Enum]) -> Any:
    if isinstance(value, hint):
        return value
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise Refused("pas une valeur de la liste")
    try:
        return hint(value)
    except ValueError:
        raise Refused("valeur hors de la liste") from None


def _as_list(value: Any, hint: Any) -> Any:
    if not isinstance(value, list | tuple):
        raise Refused("pas une liste")
    if len(value) > MAX_ITEMS:
        raise Refused("liste trop longue")
    (item,) = get_args(hint)[:1] or (Any,)
    items = [convert(v, item) for v in value]
    if all(a is b for a, b in zip(items, value, strict=True)):
        return value  # nothing converted: the object the handler was given
    return tuple(items) if get_origin(hint) is tuple else items


def _as_dict(value: Any, hint: Any) -> dict[Any, Any]:
    if not isinstance(value, dict):
        raise Refused("pas un dictionnaire")
    if len(value) > MAX_ITEMS:
        raise Refused("dictionnaire trop long")
    key, item = get_args(hint) or (str, Any)
    pairs = [(convert(k, key), convert(v, item)) for k, v in value.items()]
    if all(k is a and v is b for (k, v), (a, b) in zip(pairs, value.items(), strict=True)):
        return value  # nothing converted: the object the handler was given
    return dict(pairs)


def _as_json(value: Any, depth: int = 0) -> Any:
    """`Any`: whatever JSON can carry, within the same bounds as the typed values."""
    if depth > 5:
        raise Refused("valeur trop imbriquée")
    if value is None or isinstance(value, bool | int | float):
        return value if not isinstance(value, int) or abs(value) <= MAX_ID else _as_int(value)
    if isinstance(value, str):
        return _as_text(value)
    if isinstance(value, list | tuple):
        return _as_list([_as_json(v, depth + 1) for v in value[: MAX_ITEMS + 1]], list)
    if isinstance(value, dict):
        return {_as_text(k): _as_json(v, depth + 1) for k, v in _as_dict(value, dict).items()}
    raise Refused("valeur non JSON")


_JSON_TYPES = (type(None), bool, int, float, str, list, tuple, dict)
_SCALARS: dict[Any, Callable[[Any], Any]] = {
    int: _as_int,
    str: _as_text,
    float: _as_float,
    bool: _as_bool,
}


def convert(value: Any, hint: Any) -> Any:
    """`value` as `hint` declares it, or Refused."""
    origin = get_origin(hint)
    if hint is Any:
        return _as_json(value)
    if hint in _SCALARS:
        return _SCALARS[hint](value)
    if hint in (None, type(None)):
        return _as_none(value)
    if origin is Annotated:
        return _as_annotated(value, hint)
    if origin in (Union, types.UnionType):
        return _as_union(value, hint)
    if origin is Literal:
        return _as_literal(value, hint)
    if hint in (list, tuple) or origin in (list, tuple):
        return _as_list(value, hint)
    if hint is dict or origin is dict:
        return _as_dict(value, hint)
    if isinstance(hint, type):
        return _as_instance(value, hint)
    raise Refused(f"annotation non prise en charge : {hint!r}")


def _as_none(value: Any) -> None:
    if value is not None:
        raise Refused("valeur au lieu de rien")


def _as_annotated(value: Any, hint: Any) -> Any:
    base, *rules = get_args(hint)
    value = convert(value, base)
    for rule in rules:
        value = rule.check(value)
    return value


def _as_union(value: Any, hint: Any) -> Any:
    for member in get_args(hint):
        try:
            return convert(value, member)
        except Refused:
            continue
    raise Refused(f"aucun type de {hint}")


def _as_instance(value: Any, hint: type) -> Any:
    if issubclass(hint, enum.Enum):
        return _as_enum(value, hint)
    # A server-side object (Reflex's upload iterator): the browser can only send JSON.
    if not isinstance(value, hint) and isinstance(value, _JSON_TYPES):
        raise Refused(f"pas un {hint.__name__}")
    return value

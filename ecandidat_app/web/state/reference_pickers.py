"""Country pickers (nationality, birth country, country of the address): a combobox the
applicant types into; the suggestions come from the ISO 3166 list in French
(core/reference/countries) and the chosen code goes to the page's form through
`_picked`, which the page defines.

Only one list is open at a time, so the state holds one list of suggestions."""

from __future__ import annotations

import dataclasses
from typing import ClassVar, Literal

import reflex as rx

from ecandidat_app.core.reference.countries import country, find_country, search_countries
from ecandidat_app.web.state.base import PageState

CountryField = Literal["nationality", "birth_country", "country"]
PICKER_FIELDS: tuple[str, ...] = ("nationality", "birth_country", "country")
SUGGESTIONS = 8


@dataclasses.dataclass
class Suggestion:
    value: str
    label: str


def country_name(code: str) -> str:
    found = country(code) if code else None
    return found.name if found else ""


class ReferencePickers(PageState, mixin=True):
    audience: ClassVar[str] = "applicant"

    picker_text: dict[str, str] = dict.fromkeys(PICKER_FIELDS, "")
    picker_open: str = ""  # the field whose list shows, "" when none
    picker_active: int = -1  # the suggestion the arrow keys are on
    suggestions: list[Suggestion] = []

    def _picked(self, field: str, code: str) -> None:
        """Where the chosen code goes (the page's form); the page overrides it."""
        raise NotImplementedError

    def _show_picks(self, codes: dict[str, str], typed: dict[str, str]) -> None:
        """The pickers' texts for the codes read from the database (a free text typed
        before the list, without code, is shown as it was, to be chosen again)."""
        self.picker_text = {
            name: country_name(codes.get(name, "")) or typed.get(name, "") for name in PICKER_FIELDS
        }
        self._close_picker()

    def _close_picker(self) -> None:
        self.picker_open, self.picker_active, self.suggestions = "", -1, []

    @rx.event
    def type_country(self, field: CountryField, text: str) -> None:
        self._type(field, text)

    def _type(self, field: str, text: str) -> None:
        text = text[:80]
        self.picker_text[field] = text
        exact = find_country(text) if len(text) > 2 else None
        self._picked(field, exact.code if exact else "")
        self.suggestions = [Suggestion(c.code, c.name) for c in search_countries(text, SUGGESTIONS)]
        self.picker_open = field if self.suggestions else ""
        self.picker_active = -1

    @rx.event
    def pick_country(self, field: CountryField, code: str) -> None:
        self._pick(field, code)

    def _pick(self, field: str, code: str) -> None:
        found = country(code[:2])
        if found is None:
            return
        self.picker_text[field] = found.name
        self._picked(field, found.code)
        self._close_picker()

    @rx.event
    def picker_key(self, field: CountryField, key: str) -> None:
        """Arrow keys move in the open list, Enter chooses, Escape closes."""
        if self.picker_open != field:
            if key == "ArrowDown":
                self._type(field, self.picker_text.get(field, ""))
            return
        count = len(self.suggestions)
        if key == "ArrowDown" and count:
            self.picker_active = (self.picker_active + 1) % count
        elif key == "ArrowUp" and count:
            self.picker_active = (self.picker_active - 1) % count
        elif key == "Enter" and 0 <= self.picker_active < count:
            self._pick(field, self.suggestions[self.picker_active].value)
        elif key in ("Escape", "Tab"):
            self._close_picker()

    @rx.event
    def close_picker(self) -> None:
        self._close_picker()

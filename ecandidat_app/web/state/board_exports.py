"""The staff board's export panel (CSV or XLSX of the selection, or of every dossier the
filter shows): its columns, its options and its handlers. The board's state
(web/state/staff_board_state.py) says what to export through `_export_scope`."""

from __future__ import annotations

import reflex as rx

from ecandidat_app.core.i18n import _
from ecandidat_app.core.review.board import BoardFilter
from ecandidat_app.web.state.base import PageState
from ecandidat_app.web.state.staff_board_load import export_data


class BoardExportsMixin(PageState, mixin=True):
    export_columns: list[str] = []
    export_options: list[dict[str, str]] = []
    export_waiting: bool = False  # also export dossiers never transmitted

    def _init_exports(self) -> None:
        """On page load: the columns offered, the default ones until the user picks."""
        from ecandidat_app.core.review.exports import DEFAULT_COLUMNS, EXPORT_COLUMNS

        self.export_options = [{"value": k, "label": _(v)} for k, v in EXPORT_COLUMNS.items()]
        if not self.export_columns:
            self.export_columns = list(DEFAULT_COLUMNS)

    def _export_scope(self) -> tuple[list[int], BoardFilter]:
        """The selected dossiers' ids and the filter shown (the state defines it)."""
        raise NotImplementedError

    @rx.event
    def toggle_export_column(self, key: str, checked: bool) -> None:
        if checked and key not in self.export_columns:
            self.export_columns = [*self.export_columns, key]
        elif not checked:
            self.export_columns = [k for k in self.export_columns if k != key]

    @rx.event
    def set_export_waiting(self, checked: bool) -> None:
        self.export_waiting = bool(checked)

    def _export(self, kind: str):  # type: ignore[no-untyped-def]
        if not self.export_columns:
            self._say(_("Choisissez au moins une colonne."))
            return None
        selected, flt = self._export_scope()
        waiting, columns = self.export_waiting, self.export_columns
        data = self._act(lambda s, a: export_data(s, a, kind, selected, flt, waiting, columns))
        if data is None:
            return None
        return rx.download(data=data, filename=f"candidatures.{kind}")

    @rx.event
    def export_csv(self):  # type: ignore[no-untyped-def]
        return self._export("csv")

    @rx.event
    def export_xlsx(self):  # type: ignore[no-untyped-def]
        return self._export("xlsx")

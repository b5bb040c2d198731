"""Keep the address bar in step with a state var, without reloading or navigating: the
shareable filter URL of the catalogue. Compiled into the page's own code (a React effect),
so the Content-Security-Policy needs no 'unsafe-eval' (rx.call_script would eval a string)."""

from __future__ import annotations

import reflex as rx
from reflex_base.utils.imports import ImportDict
from reflex_base.vars.base import Var, VarData


class AddressBar(rx.Fragment):
    """Replaces the current history entry's URL with `url` whenever it changes (empty: no-op),
    once the page is hydrated: before that, the tab's state may still hold the previous
    visit's value."""

    url: Var[str]
    ready: Var[bool]

    def add_imports(self) -> ImportDict:
        return {"react": ["useEffect"]}

    def add_hooks(self) -> list[str | Var]:
        url, ready = str(self.url), str(self.ready)
        effect = f"""
useEffect(() => {{
    const wanted = {url};
    if ({ready} && wanted && window.location.pathname + window.location.search !== wanted) {{
        window.history.replaceState(window.history.state, "", wanted);
    }}
}}, [{url}, {ready}]);"""
        data = VarData.merge(self.url._get_all_var_data(), self.ready._get_all_var_data())
        return [Var(effect, _var_data=data)]


def address_bar(url: Var[str]) -> rx.Component:
    return AddressBar.create(url=url, ready=rx.State.is_hydrated)

"""Browser-side effects compiled into the page's own code (a React effect), for what the
server would otherwise send as a script to eval (rx.call_script, and rx.toast from a
handler: both arrive as strings the frontend evals). The Content-Security-Policy then
needs no 'unsafe-eval'."""

from __future__ import annotations

import reflex as rx
from reflex_base.utils.imports import ImportDict
from reflex_base.vars.base import Var, VarData
from reflex_components_sonner.toast import toast_ref

from ecandidat_app.web.state.notice import NoticeState


def effect(name: str, body: str, *deps: Var) -> rx.Component:
    """A component rendering nothing that runs `body` (JavaScript reading the vars `deps`
    as $0, $1…) after every render where one of them changed. `name` names its class."""
    names = [str(v) for v in deps]
    for i, expr in enumerate(names):
        body = body.replace(f"${i}", expr)
    hook: Var = Var(
        f"useEffect(() => {{\n{body}\n}}, [{', '.join(names)}]);",
        _var_data=VarData.merge(*(v._get_all_var_data() for v in deps)),
    )

    def add_imports(_self: rx.Component) -> ImportDict:
        return {"react": "useEffect"}

    def add_hooks(_self: rx.Component) -> list[str | Var]:
        return [hook]

    methods = {"__module__": __name__, "add_imports": add_imports, "add_hooks": add_hooks}
    cls: type[rx.Fragment] = type(name, (rx.Fragment,), methods)
    return cls.create()


def address_bar(url: Var[str]) -> rx.Component:
    """Replaces the current history entry's URL with `url` whenever it changes (empty:
    no-op), once the page is hydrated: before that, the tab's state may still hold the
    previous visit's value. No navigation, no reload (the catalogue's shareable filter)."""
    return effect(
        "AddressBar",
        """const wanted = $0;
if ($1 && wanted && window.location.pathname + window.location.search !== wanted) {
    window.history.replaceState(window.history.state, "", wanted);
}""",
        url,
        rx.State.is_hydrated,
    )


def notices() -> rx.Component:
    """Shows each notice of `NoticeState` once as a toast. A global, not a React ref: a
    client-side navigation remounts the page, and must not show the last one again."""
    return effect(
        "Notices",
        """const n = $0;
const toast = $1;
if (!n || !n.id || window.__ecandidatNotice === n.id || !toast) return;
window.__ecandidatNotice = n.id;
const show = toast[n.level] || toast;
show(n.message, n.duration ? { duration: Number(n.duration) } : {});""",
        NoticeState.notice,
        toast_ref,
    )

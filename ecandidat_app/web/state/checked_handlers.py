"""Every event handler of every page state behind the argument check of `event_args`.

`AuthState` installs `create_event_handler` and `create_setvar`: each handler's arguments
are converted to the types its annotations declare before it runs, or the event is
refused with a toast and one warning line in the log. The handler then runs in the
language of the browser that sent the event (`speaking(state)`), so the core's `_()`
messages it produces speak that language. Anything else a handler raises goes to
`backend_exception_handler` (given to `rx.App`), which logs the real error and shows a
message in that same language instead of Reflex's bare « An error occurred. »."""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import inspect
import logging
import typing
from collections.abc import Callable, Iterator
from typing import Annotated, Any, get_args, get_origin

from reflex.state import BaseState, EventHandlerSetVar, _override_base_method
from reflex_base.event import EventHandler, EventSpec
from reflex_base.utils.types import get_type_hints as reflex_type_hints

from ecandidat_app.core.i18n import _, use_locale
from ecandidat_app.web.state.event_args import (
    INVALID_ACTION,
    UNEXPECTED_ERROR,
    Refused,
    convert,
    describe,
)
from ecandidat_app.web.state.notice import toast

logger = logging.getLogger("ecandidat.events")


@dataclasses.dataclass(frozen=True)
class Spec:
    """A handler's parameters (after self) with their annotations."""

    signature: inspect.Signature
    hints: dict[str, Any]


@functools.cache
def spec_of(fn: Callable[..., Any]) -> Spec:
    """Resolved lazily: a name a module defines below its state class exists by then."""
    hints = typing.get_type_hints(fn, include_extras=True)
    hints.pop("return", None)
    return Spec(inspect.signature(fn), hints)


def loose_parameters(fn: Callable[..., Any]) -> list[str]:
    """Parameters a handler leaves unannotated, `Any`, or a bare `dict`/`list`: the test
    suite asks every handler to say precisely what it takes."""
    spec = spec_of(fn)
    loose = []
    for name in list(spec.signature.parameters)[1:]:
        hint = spec.hints.get(name, Any)
        if hint is Any or hint in (dict, list) or Any in _flatten(hint):
            loose.append(name)
    return loose


def _flatten(hint: Any) -> list[Any]:
    args = get_args(hint)
    if get_origin(hint) is Annotated:
        args = args[:1]
    return [hint, *(a for arg in args for a in _flatten(arg))]


def check_arguments(fn: Callable[..., Any], args: tuple, kwargs: dict) -> inspect.BoundArguments:
    """The arguments converted to the handler's annotations (self included), or Refused."""
    spec = spec_of(fn)
    try:
        bound = spec.signature.bind(*args, **kwargs)
    except TypeError:
        raise Refused("arguments manquants ou en trop") from None
    for name, value in list(bound.arguments.items())[1:]:
        param = spec.signature.parameters[name]
        if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
            raise Refused("arguments libres non acceptés")
        try:
            bound.arguments[name] = convert(value, spec.hints.get(name, Any))
        except Refused as exc:
            raise Refused(f"argument {name!r} ({describe(value)}) : {exc}") from None
    return bound


def refusal(fn: Callable[..., Any], reason: Refused, language: str | None = None) -> EventSpec:
    logger.warning("Événement %s refusé : %s", fn.__qualname__, reason)
    with use_locale(language):
        return toast.error(_(INVALID_ACTION))


Bind = Callable[[tuple, dict], inspect.BoundArguments | EventSpec]


def checked(fn: Callable[..., Any]) -> Callable[..., Any]:
    """`fn` behind the argument check, of the same kind (plain, generator, coroutine,
    async generator) so that Reflex runs it the same way."""
    if getattr(fn, "__checked__", False):
        return fn

    def bind(args: tuple, kwargs: dict) -> inspect.BoundArguments | EventSpec:
        try:
            return check_arguments(fn, args, kwargs)
        except Refused as exc:
            return refusal(fn, exc, language_of(args[0]) if args else None)

    wrapper = _wrapper_like(fn, bind)
    functools.update_wrapper(wrapper, fn)
    wrapper.__checked__ = True  # type: ignore[attr-defined]
    return wrapper


def _wrapper_like(fn: Callable[..., Any], bind: Bind) -> Callable[..., Any]:
    """`fn` called with the arguments `bind` converted, or the refusal in its place."""
    if inspect.isasyncgenfunction(fn):
        return _async_generator(fn, bind)
    if inspect.iscoroutinefunction(fn):
        return _coroutine(fn, bind)
    if inspect.isgeneratorfunction(fn):
        return _generator(fn, bind)
    return _plain(fn, bind)


def language_of(state: Any) -> str | None:
    """The language the browser behind `state` reads (AuthState._language), None (French)
    for a state that does not know it. Read again at each step of a generator: a handler
    that switches the language speaks the new one from its next step."""
    language = getattr(state, "_language", None)
    return language() if callable(language) else None


# The language of the event that raised, for the toast of backend_exception_handler
# (which Reflex calls once the handler's `use_locale` has been left).
LANGUAGE_OF_FAILURE = "ecandidat_language"


@contextlib.contextmanager
def speaking(state: Any) -> Iterator[None]:
    """The handler's step under its browser's language; an exception leaving it carries
    that language."""
    language = language_of(state)
    with use_locale(language):
        try:
            yield
        except Exception as exc:
            with contextlib.suppress(AttributeError):  # an exception without __dict__
                setattr(exc, LANGUAGE_OF_FAILURE, language)
            raise


def _async_generator(fn: Callable[..., Any], bind: Bind) -> Callable[..., Any]:
    async def wrapper(*args: Any, **kwargs: Any) -> Any:
        bound = bind(args, kwargs)
        if isinstance(bound, EventSpec):
            yield bound
            return
        steps = fn(*bound.args, **bound.kwargs)
        while True:
            # The locale is set around each step, never across a yield: the context the
            # generator is resumed in may be another one.
            with speaking(args[0]):
                try:
                    item = await steps.__anext__()
                except StopAsyncIteration:
                    return
            yield item

    return wrapper


def _coroutine(fn: Callable[..., Any], bind: Bind) -> Callable[..., Any]:
    async def wrapper(*args: Any, **kwargs: Any) -> Any:
        bound = bind(args, kwargs)
        if isinstance(bound, EventSpec):
            return bound
        with speaking(args[0]):
            return await fn(*bound.args, **bound.kwargs)

    return wrapper


def _generator(fn: Callable[..., Any], bind: Bind) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        bound = bind(args, kwargs)
        if isinstance(bound, EventSpec):
            yield bound
            return None
        steps = fn(*bound.args, **bound.kwargs)
        while True:
            with speaking(args[0]):
                try:
                    item = next(steps)
                except StopIteration as stop:
                    return stop.value
            yield item

    return wrapper


def _plain(fn: Callable[..., Any], bind: Bind) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        bound = bind(args, kwargs)
        if isinstance(bound, EventSpec):
            return bound
        with speaking(args[0]):
            return fn(*bound.args, **bound.kwargs)

    return wrapper


class CheckedEventHandler(EventHandler):
    """Its `fn` checks the arguments; Reflex's payload conversion is left out (empty
    `_type_hints`) while what else reads annotations (upload parameter, frontend checks)
    still sees them."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "fn", checked(self.fn))
        object.__setattr__(self, "_type_hints", {})
        self._get_type_hints()

    def _get_type_hints(self) -> dict[str, Any]:
        hints = getattr(self, "_annotations", None)
        if hints is None:
            try:
                hints = reflex_type_hints(self.fn)
            except NameError:  # a name defined further down the module: ask again later
                return {}
            object.__setattr__(self, "_annotations", hints)
        return hints


def _create_event_handler(
    cls: type[BaseState], fn: Any, event_handler_cls: type[EventHandler] = EventHandler
) -> EventHandler:
    if event_handler_cls is EventHandler:
        event_handler_cls = CheckedEventHandler
    return BaseState._create_event_handler.__func__(cls, fn, event_handler_cls)  # type: ignore[attr-defined]


class CheckedSetVar(EventHandlerSetVar):
    """Reflex's generic `setvar(name, value)`, limited to this state's own `set_<name>`
    handlers (which check the value); unused by the pages, reachable by hand."""

    def setvar(self, var_name: str, value: Any) -> Any:  # `self` is the state here
        setter = f"set_{var_name}" if isinstance(var_name, str) and len(var_name) < 100 else ""
        if setter not in type(self).event_handlers:  # type: ignore[attr-defined]
            return refusal(CheckedSetVar.setvar, Refused(f"pas de variable {describe(var_name)}"))
        return getattr(self, setter)(value)


def _create_setvar(cls: type[BaseState]) -> None:
    cls.setvar = cls.event_handlers["setvar"] = CheckedSetVar(state_cls=cls)


# Installed on AuthState: every state below it (every page) creates its handlers so. Reflex
# refuses a state method named like its own unless marked as a deliberate override.
create_event_handler = classmethod(_override_base_method(_create_event_handler))
create_setvar = classmethod(_override_base_method(_create_setvar))


def backend_exception_handler(exception: Exception) -> EventSpec:
    """For `rx.App`: the real error in the log, a French message in the browser."""
    logger.error(
        "Erreur inattendue pendant un événement",
        exc_info=(type(exception), exception, exception.__traceback__),
    )
    with use_locale(getattr(exception, LANGUAGE_OF_FAILURE, None)):
        return toast.error(_(UNEXPECTED_ERROR))

"""Name → analyzer factory. Built-ins register here exactly as third-party plugins would.

Third-party packages add analyzers through the ``unspin.analyzers`` entry point group, each
entry pointing at a zero-argument factory (or a class).
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from importlib.metadata import entry_points
from typing import Any

from .errors import UnspinError

# name -> "module:attr", imported lazily so that `unspin --help` stays fast.
_BUILTINS: dict[str, str] = {
    "spacy": "unspin.analyzers.linguistics:SpacyAnalyzer",
    "boilerplate": "unspin.analyzers.boilerplate:BoilerplateAnalyzer",
    "entities": "unspin.analyzers.entities:EntityAnalyzer",
    "places": "unspin.analyzers.places:PlaceAnalyzer",
    "quotes": "unspin.analyzers.quotes:QuoteAnalyzer",
    "actors": "unspin.analyzers.actors:ActorAnalyzer",
    "sources": "unspin.analyzers.sources:SourceAnalyzer",
    "techniques": "unspin.analyzers.techniques:TechniqueAnalyzer",
    "claims": "unspin.analyzers.claims:ClaimAnalyzer",
}

#: The default pipeline, in order.
DEFAULT_PIPELINE: tuple[str, ...] = (
    "boilerplate", "spacy", "entities", "places", "quotes", "techniques", "actors", "sources", "claims",
)

_extra: dict[str, Callable[..., Any]] = {}


def register(name: str, factory: Callable[..., Any]) -> None:
    """Register an analyzer factory under ``name`` (overrides a built-in of the same name)."""
    _extra[name] = factory


def get_factory(name: str) -> Callable[..., Any]:
    """The factory registered as ``name``: explicit registrations, then entry points, then built-ins."""
    if name in _extra:
        return _extra[name]
    for ep in entry_points(group="unspin.analyzers"):
        if ep.name == name:
            return ep.load()  # type: ignore[no-any-return]
    if name in _BUILTINS:
        module, attr = _BUILTINS[name].split(":")
        return getattr(import_module(module), attr)  # type: ignore[no-any-return]
    raise UnspinError(f"unknown analyzer {name!r}; known: {', '.join(available())}")


def available() -> list[str]:
    names = set(_BUILTINS) | set(_extra) | {ep.name for ep in entry_points(group="unspin.analyzers")}
    return sorted(names)

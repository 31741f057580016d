"""The JSON Schema of the analysis (``Article.to_dict()``), derived from the dataclasses in ``article.py``.

The shipped copy, ``unspin/data/analysis.schema.json``, is what other tools validate against;
``tests/test_schema.py`` fails when it no longer matches the dataclasses. Regenerate it with
``python -m unspin.schema > src/unspin/data/analysis.schema.json``.
"""

from __future__ import annotations

import datetime as dt
import json
import types
import typing
from dataclasses import MISSING, fields, is_dataclass
from functools import lru_cache
from typing import Any

from .article import SCHEMA_VERSION, Article
from .paths import DATA_DIR

SCHEMA_PATH = DATA_DIR / "analysis.schema.json"
_SKIP = frozenset({"doc", "done"})


def _type(hint: Any, defs: dict[str, Any]) -> dict[str, Any]:
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        alts = [_type(a, defs) for a in inner] + ([{"type": "null"}] if len(inner) < len(args) else [])
        return alts[0] if len(alts) == 1 else {"anyOf": alts}
    if origin is typing.Literal:
        return {"enum": list(args)}
    if hint is str:
        return {"type": "string"}
    if hint is bool:
        return {"type": "boolean"}
    if hint is int:
        return {"type": "integer"}
    if hint is float:
        return {"type": "number"}
    if hint is dt.date:
        return {"type": "string", "format": "date"}
    if origin is list or origin is set:
        return {"type": "array", "items": _type(args[0], defs)} if args else {"type": "array"}
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return {"type": "array", "items": _type(args[0], defs)}
        items = [_type(a, defs) for a in args]
        return {"type": "array", "prefixItems": items, "minItems": len(items), "maxItems": len(items)}
    if origin is dict or hint is dict:
        return {"type": "object"}
    if is_dataclass(hint):
        name = hint.__name__
        if name not in defs:
            defs[name] = {}  # placeholder against recursion
            defs[name] = _object(hint, defs)
        return {"$ref": f"#/$defs/{name}"}
    return {}


def _object(cls: type, defs: dict[str, Any]) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    props = {f.name: _type(hints[f.name], defs) for f in fields(cls) if f.name not in _SKIP}
    doc = (cls.__doc__ or "").strip().splitlines()[0] if cls.__doc__ else ""
    out: dict[str, Any] = {"type": "object", "properties": props, "required": sorted(props)}
    if doc:
        out["description"] = doc
    return out


@lru_cache(maxsize=1)
def build_schema() -> dict[str, Any]:
    """The schema of ``Article.to_dict()`` for this version of unspin."""
    defs: dict[str, Any] = {}
    top = _object(Article, defs)
    top["properties"] = {
        "schema_version": {"const": SCHEMA_VERSION},
        **top["properties"],
        "analyzed": {"type": "array", "items": {"type": "string"},
                     "description": "the fields the analyzers wrote (an analyzer left out leaves its fields empty)"},
    }
    top["required"] = sorted(top["properties"])
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://unspin.invalid/analysis.v{SCHEMA_VERSION}.schema.json",
        "title": "unspin analysis",
        **top,
        "$defs": dict(sorted(defs.items())),
    }


@lru_cache(maxsize=1)
def shipped_schema() -> dict[str, Any]:
    """The schema file that ships with the package."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def validate(data: dict[str, Any]) -> None:
    """Raise ``jsonschema.ValidationError`` when ``data`` is not a valid analysis (needs ``jsonschema``)."""
    import jsonschema

    jsonschema.validate(data, shipped_schema(), cls=jsonschema.Draft202012Validator,
                        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def main() -> None:
    print(json.dumps(build_schema(), indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()

"""Renderers: the same analysed Article as a terminal report, JSON, or one standalone HTML page."""

from __future__ import annotations

import json

from ..article import Article


def to_json(article: Article, indent: int | None = 2) -> str:
    """The full analysis as JSON (schema in docs/json.md)."""
    return json.dumps(article.to_dict(), ensure_ascii=False, indent=indent)

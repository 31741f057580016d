"""An analyzed :class:`~unspin.Article` as store rows: the ``articles`` row and one row per part.

Rows are built from ``Article.to_dict()`` so the store follows the JSON schema (docs/json.md), and
parts that an analysis lacks (``actors`` before the actors analyzer ran) simply give no rows.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from ..article import Article


def article_row(article: Article, data: dict[str, Any]) -> dict[str, Any]:
    """The ``articles`` row: corpus fields, text, content hash, prose word count, analysis JSON."""
    meta = data.get("metadata") or {}
    return {
        "id": article.id,
        "url": article.url,
        "outlet": article.outlet,
        "published": article.published.isoformat() if article.published else None,
        "title": article.title,
        "text": article.text,
        "hash": article.hash,
        "words": len(article.prose_text.split()),
        "analysis": json.dumps(data, ensure_ascii=False, separators=(",", ":")),
        "versions": json.dumps(meta.get("versions") or {}, sort_keys=True),
        "analyzed_at": meta.get("analyzed_at"),
    }


def part_rows(article_id: str, data: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """``(table, row)`` for every quote, source, technique, claim, entity, place, actor and label."""
    for i, q in enumerate(data.get("quotes") or ()):
        speaker = q.get("speaker") or {}
        cue = q.get("cue") or {}
        yield "quotes", {"article_id": article_id, "idx": i, "start": q["start"], "end": q["end"], "text": q["text"],
                         "kind": q.get("kind"), "speaker": speaker.get("name"), "speaker_kind": speaker.get("kind"),
                         "cue": cue.get("text"), "actor_id": speaker.get("actor")}
    for i, s in enumerate(data.get("sources") or ()):
        yield "sources", {"article_id": article_id, "idx": i, "name": s.get("name"), "kind": s.get("kind"),
                          "quotes": s.get("quotes"), "share": s.get("share"), "description": s.get("description"),
                          "actor_id": s.get("actor")}
    for i, t in enumerate(data.get("techniques") or ()):
        yield "techniques", {"article_id": article_id, "idx": i, "start": t["start"], "end": t["end"],
                             "technique": t["technique"], "score": t.get("score"), "text": t.get("text")}
    for i, c in enumerate(data.get("claims") or ()):
        yield "claims", {"article_id": article_id, "idx": i, "start": c["start"], "end": c["end"], "text": c["text"],
                         "score": c.get("score"), "checkworthy": int(bool(c.get("checkworthy"))),
                         "attributed_to": c.get("attributed_to")}
    for i, e in enumerate(data.get("entities") or ()):
        yield "entities", {"article_id": article_id, "idx": i, "start": e["start"], "end": e["end"], "text": e["text"],
                           "label": e.get("label"), "canonical": e.get("canonical")}
    for i, p in enumerate(data.get("places") or ()):
        yield "places", {"article_id": article_id, "idx": i, "name": p.get("name"), "latitude": p.get("latitude"),
                         "longitude": p.get("longitude"), "country_code": p.get("country_code"),
                         "mentions": len(p.get("mentions") or ()), "geonameid": p.get("geonameid")}
    for a in data.get("actors") or ():
        yield "actors", {"article_id": article_id, "actor_id": a["id"], "name": a.get("name"), "kind": a.get("kind"),
                         "mentions": len(a.get("mentions") or ())}
        for label in a.get("labels") or ():
            yield "labels", {"article_id": article_id, "actor_id": a["id"], "text": label.get("text"),
                             "count": label.get("count"), "evaluative": int(bool(label.get("evaluative"))),
                             "score": label.get("score")}

"""Who is who across articles: one row per actor, with what each article calls it.

Each article's actors come from the actors analyzer (``article.actors``: names, mentions, labels);
when it did not run, from the entities analyzer (one actor per canonical name, no labels). Actors of
different articles are *linked* (one row) when the evidence is strong, and the link keeps its reason:

* ``same name``: the names match once case, "the" and punctuation are set aside;
* ``acronym``: one is the other's initials ("SDF" = "Syrian Democratic Forces");
* ``alias``: both articles use the same name for it ("Okafor" for "Daniel Okafor"), or a person's
  surname matches and the first names do not disagree.

Actors that only play the same part in an aligned fact (see :mod:`unspin.compare.facts`) are *not*
merged: they are put next to each other with the reason ("in the same fact: ..."), because
differently named groups ("YPG/PKK terrorists", "Kurdish-led forces") may or may not be one actor,
and the difference in naming is the point.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..article import Article

_KIND = {"PERSON": "person", "ORG": "organisation", "NORP": "group", "GPE": "place", "LOC": "place", "FAC": "place"}
_SMALL = frozenset("of the and for in on at to a an de al el la".split())
_NAME_ROLES = frozenset({"name", "short_name", "acronym", "adjective"})


@dataclass
class LocalActor:
    """One actor as one article has it."""

    article: str  # article id
    key: str  # the actor's id within its article
    name: str
    kind: str
    names: list[str]  # the names this article uses for it, most used first
    labels: list[dict[str, Any]]  # {"text", "count", "evaluative", "score"}
    spans: list[tuple[int, int]]
    mentions: int


@dataclass
class ActorLink:
    """Why two articles' actors are one row: ``reason`` is "same name", "acronym" or "alias"."""

    articles: tuple[str, str]
    names: tuple[str, str]
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"articles": list(self.articles), "names": list(self.names), "reason": self.reason}


@dataclass
class ActorRow:
    """One actor across the compared articles."""

    name: str
    kind: str
    members: list[LocalActor]
    links: list[ActorLink] = field(default_factory=list)
    related: list[dict[str, str]] = field(default_factory=list)  # {"name", "reason"}: shown beside, not merged

    @property
    def articles(self) -> list[str]:
        return list(dict.fromkeys(m.article for m in self.members))

    def labels(self) -> dict[str, list[dict[str, Any]]]:
        out: dict[str, list[dict[str, Any]]] = {}
        for m in self.members:
            out.setdefault(m.article, []).extend(m.labels)
        return out

    def names(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for m in self.members:
            out.setdefault(m.article, []).extend(n for n in m.names if n not in out.get(m.article, []))
        return out

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "kind": self.kind, "labels": self.labels(), "names": self.names(),
                "mentions": {a: sum(m.mentions for m in self.members if m.article == a) for a in self.articles},
                "links": [link.to_dict() for link in self.links], "related": self.related}


def _get(obj: Any, name: str, default: Any = None) -> Any:
    return obj.get(name, default) if isinstance(obj, dict) else getattr(obj, name, default)


def local_actors(article: Article) -> list[LocalActor]:
    """The article's actors: from the actors analyzer when it ran, else from its entities."""
    actors = getattr(article, "actors", None) or []
    out = []
    if actors:
        for a in actors:
            mentions = _get(a, "mentions") or []
            names = Counter(_get(m, "text") for m in mentions if _get(m, "role") in _NAME_ROLES and _get(m, "text"))
            labels = []
            for lab in _get(a, "labels") or []:
                if _get(lab, "kind", "label") == "name":  # a name, not a label: it is in the names column
                    names[_get(lab, "text")] += 0
                    continue
                labels.append({"text": _get(lab, "text"), "count": int(_get(lab, "count", 1) or 1),
                               "evaluative": bool(_get(lab, "evaluative", False)),
                               "score": float(_get(lab, "score", 0.0) or 0.0), "kind": _get(lab, "kind", "label")})
            name = str(_get(a, "name"))
            out.append(LocalActor(article.id, str(_get(a, "id")), name, str(_get(a, "kind") or ""),
                                  [n for n, _ in names.most_common()] or [name], labels,
                                  [(int(_get(m, "start")), int(_get(m, "end"))) for m in mentions], len(mentions)))
        return out
    groups: dict[str, list[Any]] = {}
    for e in article.entities:
        groups.setdefault(e.canonical, []).append(e)
    for canonical, ents in groups.items():
        kind = Counter(_KIND.get(e.label, e.label.lower()) for e in ents).most_common(1)[0][0]
        names = Counter(e.text for e in ents)
        out.append(LocalActor(article.id, canonical, canonical, kind, [n for n, _ in names.most_common()], [],
                              [(e.start, e.end) for e in ents], len(ents)))
    return out


def normal(name: str) -> str:
    name = re.sub(r"[’'`]s\b", "", name.lower())
    name = re.sub(r"[^\w\s]", " ", name)
    words = [w for w in name.split() if w not in ("the", "a", "an")]
    return " ".join(words)


def initials(name: str) -> str:
    """"Syrian Democratic Forces" → "SDF"; small words are skipped ("National Federation of Dock Workers" → "NFDW")."""
    words = [w for w in re.split(r"[\s\-/]+", name) if w and w[0].isalpha() and w.lower() not in _SMALL]
    return "".join(w[0].upper() for w in words) if len(words) >= 2 else ""


def _is_acronym(text: str) -> bool:
    t = text.replace(".", "")
    return 2 <= len(t) <= 8 and t.isupper() and t.isalpha()


def link_reason(a: LocalActor, b: LocalActor) -> str | None:
    """Why ``a`` and ``b`` (of different articles) are one actor, or None."""
    if normal(a.name) and normal(a.name) == normal(b.name):
        return "same name"
    for x, y in ((a, b), (b, a)):
        for short in [x.name, *x.names]:
            if _is_acronym(short) and any(initials(n) == short.replace(".", "") for n in [y.name, *y.names]):
                long = next(n for n in [y.name, *y.names] if initials(n) == short.replace(".", ""))
                return f"acronym: {short} = {long}"
    shared = {normal(n) for n in a.names} & {normal(n) for n in b.names}
    shared = {s for s in shared if s and (len(s) > 3 or s.upper() == s)}
    if shared and a.kind == b.kind:
        word = sorted(shared, key=len, reverse=True)[0]
        return f"alias: both call it \"{next(n for n in a.names if normal(n) == word)}\""
    if a.kind == b.kind == "person":
        wa, wb = normal(a.name).split(), normal(b.name).split()
        if wa and wb and wa[-1] == wb[-1] and len(wa[-1]) > 2:
            if len(wa) == 1 or len(wb) == 1 or wa[0] == wb[0]:
                return f"alias: surname {a.name.split()[-1]}"
    return None


def link_actors(per_article: list[list[LocalActor]]) -> list[ActorRow]:
    """Rows of linked actors (strong evidence only), most widely reported first."""
    flat = [x for group in per_article for x in group]
    parent = list(range(len(flat)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    links: list[tuple[int, ActorLink]] = []
    for i, a in enumerate(flat):
        for j in range(i + 1, len(flat)):
            b = flat[j]
            if a.article == b.article:
                continue
            reason = link_reason(a, b)
            if reason:
                parent[find(j)] = find(i)
                links.append((i, ActorLink((a.article, b.article), (a.name, b.name), reason)))
    groups: dict[int, list[int]] = {}
    for i in range(len(flat)):
        groups.setdefault(find(i), []).append(i)
    rows = []
    for root, members in groups.items():
        locals_ = [flat[i] for i in members]
        full = [m.name for m in locals_ if not _is_acronym(m.name)] or [m.name for m in locals_]
        name = Counter(full).most_common(1)[0][0] if len(set(full)) < len(full) else max(full, key=len)
        kind = Counter(m.kind for m in locals_).most_common(1)[0][0]
        row_links = [link for i, link in links if find(i) == root]
        rows.append(ActorRow(name, kind, locals_, row_links))
    rows.sort(key=lambda r: (-len(r.articles), -sum(m.mentions for m in r.members), r.name))
    return rows


def place_related(rows: list[ActorRow], pairs: list[tuple[ActorRow, ActorRow, str]]) -> list[ActorRow]:
    """Record the weak (context) pairs on both rows and move each related row right after its partner."""
    for a, b, reason in pairs:
        if a is b:
            continue
        if not any(r["name"] == b.name for r in a.related):
            a.related.append({"name": b.name, "reason": reason})
        if not any(r["name"] == a.name for r in b.related):
            b.related.append({"name": a.name, "reason": reason})
    ordered: list[ActorRow] = []
    seen: set[int] = set()
    by_name = {r.name: r for r in rows}
    for row in rows:
        if id(row) in seen:
            continue
        ordered.append(row)
        seen.add(id(row))
        for rel in row.related:
            other = by_name.get(rel["name"])
            if other is not None and id(other) not in seen:
                ordered.append(other)
                seen.add(id(other))
    return ordered

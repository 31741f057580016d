"""Measure the actors analyzer (figures in docs/actors.md).

    python -m unspin.training.actors.evaluate basil --data ../shared/data            # labels vs BASIL lexical bias
    python -m unspin.training.actors.evaluate pronouns --data ../shared/data -n 40   # a PolNeAR sample to check by hand

``basil``: BASIL (Fan et al. 2019) marks *lexical bias* spans (word choice) with their target entity.
Each article's text is rebuilt from its sentences (one paragraph per line pair) and run through
boilerplate, spacy, entities, quotes, actors. Reported: how many lex spans contain a label use of an
evaluative label, and of all labels; how many evaluative label uses fall in a lex span (precision),
against the same rate for labels not marked evaluative (the base rate); and for label uses that hit a
span, whether the span's target is the actor the label belongs to. BASIL is not used to build the
score table, so this is held-out data for it.

``pronouns``: PolNeAR has no coreference gold. The command prints a fixed random sample (seed 13) of
dev-split quotes whose speaker mention is he/she, with the name the actors analyzer resolved and the
text before it, for a person to check.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path


def basil_articles(root: Path) -> list[tuple[str, str, list[tuple[int, int, str, str]]]]:
    """(name, text, [(start, end, target, kind)]) per BASIL article, spans mapped to text offsets."""
    out = []
    for path in sorted((root / "articles").glob("*/*.json")):
        art = json.loads(path.read_text(encoding="utf-8"))
        ann_path = root / "annotations" / path.parent.name / f"{path.stem}_ann.json"
        if not ann_path.exists():
            continue
        ann = json.loads(ann_path.read_text(encoding="utf-8"))
        parts, sentences = [(art.get("title") or "").strip()], []
        offset = len(parts[0]) + 2
        for par in art.get("body-paragraphs", []):
            line = []
            for sent in par:
                sentences.append((offset, sent))
                line.append(sent)
                offset += len(sent) + 1
            parts.append(" ".join(line))
            offset += 1  # "\n\n" replaces the last " "
        text = "\n\n".join(parts)
        spans = []
        for p in ann.get("phrase-level-annotations", []):
            s, e, txt = int(p["start"]), int(p["end"]), p["txt"]
            for base, sent in sentences:
                if sent[s:e] == txt and text[base + s:base + e] == txt:
                    spans.append((base + s, base + e, p.get("target", ""), p.get("bias", "")))
                    break
        out.append((path.stem, text, spans))
        _TOTAL[0] += sum(1 for p in ann.get("phrase-level-annotations", []) if p.get("bias") == "lex")
    return out


_TOTAL = [0]  # lex spans in the annotations (some cannot be placed in the rebuilt text)


def basil(data: Path) -> dict[str, object]:
    from unspin.analyzers.actors import _lemma, score_label
    from unspin.pipeline import build_pipeline
    from unspin.readers import from_text

    arts = basil_articles(data / "basil")
    pipe = build_pipeline(["boilerplate", "spacy", "entities", "quotes", "actors"])
    words = {"tokens": 0, "in_lex": 0, "evaluative": 0, "evaluative_in_lex": 0}
    lex_total = lex_hit_eval = lex_hit_any = 0
    uses = {True: [0, 0], False: [0, 0]}  # evaluative -> [uses, uses in a lex span]
    target_ok = target_n = 0
    labels_eval: dict[str, int] = {}
    for (name, text, spans), article in zip(arts, pipe.pipe(from_text(t, source=n) for n, t, _ in arts)):
        lex = [(s, e, tgt) for s, e, tgt, kind in spans if kind == "lex"]
        lex_total += len(lex)
        for t in article.doc:  # the score table on every noun and adjective, label or not
            if t.pos_ in ("NOUN", "ADJ") and t.is_alpha and len(t.text) >= 3:
                inside = any(s <= t.idx < e for s, e, _ in lex)
                ev = score_label(_lemma(t))[1]
                words["tokens"] += 1
                words["in_lex"] += inside
                words["evaluative"] += ev
                words["evaluative_in_lex"] += ev and inside
        label_uses = [(m.start, m.end, lab.evaluative, actor.name, lab.text)
                      for actor in article.actors for lab in actor.labels if lab.kind == "label"
                      for m in lab.mentions]
        for s, e, _ in lex:
            inside = [u for u in label_uses if s <= u[0] and u[1] <= e]
            lex_hit_any += bool(inside)
            lex_hit_eval += any(u[2] for u in inside)
        for s, e, ev, actor, lab in label_uses:
            hit = next((sp for sp in lex if sp[0] <= s and e <= sp[1]), None)
            uses[ev][0] += 1
            uses[ev][1] += hit is not None
            if ev:
                labels_eval[lab] = labels_eval.get(lab, 0) + 1
            if hit is not None and ev:
                target_n += 1
                target_ok += actor.split()[-1].lower() in hit[2].replace("_", " ").lower()
    return {
        "articles": len(arts), "lex_spans_annotated": _TOTAL[0], "lex_spans_placed": lex_total,
        "noun_adjective_tokens": words,
        "token_precision_evaluative": round(words["evaluative_in_lex"] / max(words["evaluative"], 1), 4),
        "token_recall_evaluative": round(words["evaluative_in_lex"] / max(words["in_lex"], 1), 4),
        "token_base_rate": round(words["in_lex"] / max(words["tokens"], 1), 4),
        "lex_spans_containing_an_evaluative_label_use": lex_hit_eval,
        "lex_spans_containing_any_label_use": lex_hit_any,
        "evaluative_label_uses": uses[True][0], "evaluative_label_uses_in_lex_span": uses[True][1],
        "precision_evaluative": round(uses[True][1] / uses[True][0], 4) if uses[True][0] else None,
        "other_label_uses": uses[False][0], "other_label_uses_in_lex_span": uses[False][1],
        "precision_other_labels": round(uses[False][1] / uses[False][0], 4) if uses[False][0] else None,
        "evaluative_hits_whose_target_is_the_actor": f"{target_ok}/{target_n}",
        "evaluative_labels": sorted(labels_eval.items(), key=lambda kv: (-kv[1], kv[0])),
    }


def pronouns(data: Path, n: int) -> None:
    from unspin.training.polnear import read_split
    from unspin.pipeline import build_pipeline
    from unspin.readers import from_text

    arts = read_split(data / "polnear", "dev", None)
    base = build_pipeline(["boilerplate", "spacy", "entities", "quotes"])
    before = {}
    for a in base.pipe(from_text(a.text, source=a.name) for a in arts):
        for q in a.quotes:
            before[(a.source, q.speaker.start)] = q.speaker.name
    pipe = build_pipeline(["boilerplate", "spacy", "entities", "quotes", "actors"])
    rows = []
    for gold, article in zip(arts, pipe.pipe(from_text(a.text, source=a.name) for a in arts)):
        for q in article.quotes:
            if (q.speaker.text or "").lower() in ("he", "she") and \
                    not any(r[0] == gold.name and r[1] == q.speaker.start for r in rows):
                context = " ".join(article.text[max(0, q.speaker.start - 500):q.speaker.start + 40].split())
                rows.append((gold.name, q.speaker.start, q.speaker.text, q.speaker.name,
                             before.get((gold.name, q.speaker.start)), context[-420:]))
    changed = sum(r[3] != r[4] for r in rows)
    print(f"{len(rows)} he/she speakers in {len(arts)} dev articles; {sum(r[3] is not None for r in rows)} "
          f"resolved to a name by the actors analyzer; {changed} differ from the quotes analyzer's own name",
          file=sys.stderr)
    for row in random.Random(13).sample(rows, min(n, len(rows))):
        print(f"--- {row[0]} @{row[1]} {row[2]!r} -> actors: {row[3]!r}  quotes alone: {row[4]!r}\n    ...{row[5]}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("what", choices=("basil", "pronouns"))
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("-n", type=int, default=40)
    args = ap.parse_args()
    if args.what == "basil":
        print(json.dumps(basil(args.data), indent=2))
    else:
        pronouns(args.data, args.n)


if __name__ == "__main__":
    main()

"""How a technique model folder labels the seed article's key phrases.

    python -m unspin.training.techniques.experiments.seed_check MODEL_DIR [--point balanced|screening]

Prints how many occurrences of "mercenaries", "occupation", the superlative and "irrefutable evidence"
fall inside a technique span, with which techniques, then every span. Used for the seed rows of the
technique model card, for runs that are not shipped.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from unspin.analyzers.techniques import TechniqueAnalyzer
from unspin.article import Article

SEED = Path(__file__).resolve().parents[1] / "examples" / "seed.txt"
PHRASES = ("mercenaries", "occupation", "the most dangerous camp in the whole world", "irrefutable evidence")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model_dir")
    parser.add_argument("--point", default="balanced")
    args = parser.parse_args()
    text = SEED.read_text(encoding="utf-8")
    article = Article(text=text)
    TechniqueAnalyzer(args.model_dir, operating_point=args.point)(article)
    print(f"{len(article.techniques)} spans")
    for phrase in PHRASES:
        found = [m.span() for m in re.finditer(re.escape(phrase), text)]
        cover = [sorted({t.technique for t in article.techniques if t.start < e and s < t.end}) for s, e in found]
        print(f"{phrase!r}: {sum(bool(c) for c in cover)}/{len(found)} inside a span",
              sorted({x for c in cover for x in c}))
    for t in article.techniques:
        print(f"  {t.technique:34s} {t.score:.2f} {text[t.start:t.end][:70]!r}")


if __name__ == "__main__":
    main()

"""How PTC's annotators treat a word an article uses again and again, next to what the tagger says.

For every content word used at least twice in a validation article (lower-cased, a trailing plural
"s" dropped): is each use inside a gold span of the technique, and what is the tagger's probability of
the technique there? Prints, per technique, the share of annotated first uses and later uses among
words with at least one annotated use, and the annotated share of frequent words with strong evidence.
Used in docs/models/techniques.md ("Why the seed's labels are missed").

    UNSPIN_DATA=../shared/data python -m unspin.training.techniques.experiments.ptc_repeated_words [MODEL_DIR]
"""

from __future__ import annotations

import os
import re
import sys
from collections import defaultdict

import numpy as np

from unspin.training.techniques.train import validation_articles
from unspin.techniques.model import MODEL_DIR
from unspin.techniques.model import LABELS, TechniqueModel

WORD = re.compile(r"\w+")
TECHNIQUES = ("Name_Calling,Labeling", "Loaded_Language")


def key(word: str) -> str:
    w = word.lower()
    return w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w


def main() -> None:
    data = os.environ.get("UNSPIN_DATA", "../shared/data")
    arts = validation_articles(MODEL_DIR, data)  # the shipped model's split
    model = TechniqueModel.load(sys.argv[1] if len(sys.argv) > 1 else MODEL_DIR, threads=2)
    outs = model.token_probs([a.text for a in arts])
    for tech in TECHNIQUES:
        t = LABELS.index(tech)
        uses: dict[tuple[str, str], list[tuple[float, bool]]] = defaultdict(list)
        for a, (enc, probs) in zip(arts, outs):
            for m in WORD.finditer(a.text):
                idx = np.flatnonzero((enc.offsets[:, 0] < m.end()) & (enc.offsets[:, 1] > m.start()))
                if len(idx):
                    gold = any(s.technique == tech and s.start < m.end() and m.start() < s.end for s in a.spans)
                    uses[a.id, key(m.group())].append((float(probs[idx, t].max()), gold))
        marked = [v for v in uses.values() if len(v) >= 2 and any(g for _, g in v)]
        first = np.mean([v[0][1] for v in marked])
        later = np.mean([g for v in marked for _, g in v[1:]])
        print(f"{tech}: {len(marked)} repeated words with an annotated use; annotated: first use {first:.2f}, later uses {later:.2f}")
        for n, p in ((4, 0.3), (8, 0.3)):
            strong = [v for v in uses.values() if len(v) >= n and np.mean([x for x, _ in v]) >= p]
            share = np.mean([g for v in strong for _, g in v]) if strong else 0.0
            print(f"  words used >= {n} times with mean probability >= {p}: {len(strong)}, "
                  f"{sum(any(g for _, g in v) for v in strong)} with an annotated use, annotated share of their uses {share:.2f}")


if __name__ == "__main__":
    main()

"""Speed of technique-tagger folders side by side: the int8 tagger (tokenize, windows, onnxruntime,
``decode_flc``) on the 56 validation articles, 2 onnxruntime threads, one folder after the other in
one process, after a 2-article warm-up. Used for the encoder table in docs/models/techniques.md;
``benchmarks/bench_techniques.py`` is the full benchmark of the shipped model.

    UNSPIN_DATA=../shared/data python -m unspin.training.techniques.experiments.tagger_speed MODEL_DIR [MODEL_DIR ...]
"""

from __future__ import annotations

import os
import sys
import time

from unspin.training.techniques.train import validation_articles
from unspin.techniques.model import MODEL_DIR
from unspin.techniques.model import TechniqueModel


def main() -> None:
    data = os.environ.get("UNSPIN_DATA", "../shared/data")
    texts = [a.text for a in validation_articles(MODEL_DIR, data)]  # the shipped model's split
    for folder in sys.argv[1:]:
        model = TechniqueModel.load(folder, threads=2)
        model.token_probs(texts[:2])
        start, tokens = time.perf_counter(), 0
        for text in texts:
            (enc, probs), = model.token_probs([text])
            model.decode_flc(text, enc, probs)
            tokens += len(enc.ids)
        seconds = time.perf_counter() - start
        print(f"{folder}: {tokens} tokens, {tokens / seconds:,.0f} tok/s, {len(texts) / seconds:.2f} articles/s", flush=True)


if __name__ == "__main__":
    main()

"""Speed of technique-tagger folders side by side: the int8 tagger (tokenize, windows, onnxruntime,
``decode_flc``) on the 56 validation articles, 2 onnxruntime threads, one folder after the other in
one process, after a 2-article warm-up. Used for the encoder table in docs/models/techniques.md;
``benchmarks/bench_techniques.py`` is the full benchmark of the shipped model.

    UNSPIN_DATA=../shared/data python scripts/tagger_speed.py MODEL_DIR [MODEL_DIR ...]
"""

from __future__ import annotations

import os
import sys
import time

from unspin.techniques.model import TechniqueModel
from unspin.training.techniques.ptc import load_corpus, split_ids


def main() -> None:
    corpus = load_corpus(os.environ.get("UNSPIN_DATA", "../shared/data"))
    _, valid = split_ids([a.id for a in corpus], 0.15, 13)
    by_id = {a.id: a for a in corpus}
    texts = [by_id[i].text for i in valid]
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

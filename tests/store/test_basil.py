"""BASIL through the batch into the store: three outlets reporting the same events, queried back.
Skips (with the reason) when the research corpora are absent."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import unspin
from unspin import Corpus
from unspin.batch import run_batch


def test_basil_events_by_outlet_date_and_place(corpora: Path, tmp_path: Path) -> None:
    files = sorted((corpora / "basil" / "articles").glob("2010/*.json"))[:6]  # two events, three outlets each
    feed = tmp_path / "basil.jsonl"
    with open(feed, "w", encoding="utf-8") as f:
        for path in files:
            d = json.loads(path.read_text(encoding="utf-8"))
            body = "\n\n".join(" ".join(p) for p in d["body-paragraphs"])
            record = {"id": path.stem, "text": f"{d['title']}\n\n{body}", "url": d["url"], "published": d["date"],
                      "title": d["title"], "event": d["triplet-uuid"], "basil_source": d["source"]}
            f.write(json.dumps(record) + "\n")
    with unspin.Engine(skip=("techniques", "claims")) as engine, Corpus(tmp_path / "c.db", readonly=False) as store:
        summary = run_batch([str(feed)], store, engine, progress="off")
    assert (summary.analyzed, summary.failed) == (6, 0)
    corpus = Corpus(tmp_path / "c.db")
    # the outlet is the URL's site (HuffPost moved from huffingtonpost.com to huffpost.com in 2017)
    assert corpus.outlets() == ["foxnews.com", "huffingtonpost.com", "huffpost.com", "nytimes.com"]
    assert corpus.count(outlet="nytimes.com") == corpus.count(outlet="foxnews.com") == 2
    for a in corpus:
        assert urlsplit(a.url).hostname.endswith(a.outlet)
    first = corpus.get(files[0].stem)
    assert first.published.isoformat() == "2010-07-02" and first.metadata["basil_source"] == "nyt"
    events = {a.metadata["event"] for a in corpus}
    assert len(events) == 2
    afghanistan = {r[0] for r in corpus.connection.execute(
        "SELECT DISTINCT article_id FROM places WHERE name = 'Afghanistan'")}
    assert afghanistan and afghanistan <= {p.stem for p in files}
    assert corpus.count(place="Afghanistan") == len(afghanistan)
    assert corpus.count(since="2010-07-03", until="2010-07-04") + corpus.count(until="2010-07-02") <= 6

"""Run an unspin that has the actors analyzer over a store's articles and write {id: actors} as JSON.

For measuring labels against BASIL's lexical-bias spans on a branch that does not have the actors
analyzer yet (python -m unspin.training.compare.evaluate facts --actors FILE):

    PYTHONPATH=/path/to/actors-branch/src python src/unspin/training/compare/export_actors.py basil.db actors.json

Techniques and claims are skipped (the actors analyzer needs neither); offsets index the stored text.
"""

from __future__ import annotations

import json
import sqlite3
import sys

from unspin import Article, load_pipeline


def main(db: str, out: str) -> None:
    rows = sqlite3.connect(db).execute("SELECT id, text, title FROM articles ORDER BY id").fetchall()
    pipeline = load_pipeline(exclude=("techniques", "claims"))
    result = {}
    for n, (article_id, text, title) in enumerate(rows, 1):
        article = pipeline(Article(text=text, title=title))
        result[article_id] = article.to_dict().get("actors") or []
        if n % 20 == 0:
            print(f"{n}/{len(rows)}", file=sys.stderr)
    with open(out, "w", encoding="utf-8") as f:
        json.dump(result, f)


if __name__ == "__main__":
    main(*sys.argv[1:3])

"""Reference rates: an article's rates placed among mainstream news, in the reports too."""

from __future__ import annotations

import re

import pytest

from unspin import Article, Claim, Technique, reference, render
from unspin.render.common import TECHNIQUES
from unspin.training.reference import build_table


def test_the_shipped_table_covers_every_rate_with_percentiles() -> None:
    table = reference.table()
    assert table["about"]["articles"] >= 300, "the table is built from a real sample of mainstream news"
    for metric in ("techniques_per_1k", "checkworthy_per_1k", "anonymous_quote_share", "named_sources", "claim_score",
                   *(reference.technique_metric(t) for t in TECHNIQUES)):
        entry = table["metrics"][metric]
        qs = entry["quantiles"]
        assert len(qs) == 101 and qs == sorted(qs), metric
        assert entry["n"] > 0


def test_percentile_is_monotonic_bounded_and_counts_ties_half() -> None:
    values = [reference.percentile("techniques_per_1k", v) for v in (0, 2, 5, 10, 20, 40, 80, 1e6)]
    assert values == sorted(values) and values[-1] == 100.0
    assert reference._position([0.0] * 61 + [float(i) for i in range(1, 41)], 0.0) == pytest.approx(30.0)
    assert reference._position([0.0, 1.0, 2.0], 0.5) == pytest.approx(25.0)
    assert reference._position([1.0, 2.0], 0.5) == 0.0
    assert reference.ordinal(92.4) == "92nd" and reference.ordinal(11) == "11th" and reference.ordinal(3) == "3rd"
    with pytest.raises(KeyError):
        reference.percentile("no_such_metric", 1.0)


def test_rebuilding_from_rows_gives_quantiles() -> None:
    rows = [{"id": str(i), "outlet": "x", "rates": {"techniques_per_1k": float(i), "checkworthy_share": None},
             "claim_scores": [i / 100]} for i in range(101)]
    table = build_table(rows)
    assert table["metrics"]["techniques_per_1k"]["quantiles"][50] == 50.0
    assert "checkworthy_share" not in table["metrics"]  # undefined everywhere: no entry, not zeros
    assert table["metrics"]["claim_score"]["n"] == 101 and table["about"]["articles"] == 101


def loaded(words: int = 200, spans: int = 6) -> Article:
    text = " ".join(["word"] * words)
    article = Article(text=text, id="x", title="<script>x</script>")
    article.techniques = [Technique(0, 4, "Loaded_Language", 0.9, "word") for _ in range(spans)]
    scores = [0.999, 0.6, 0.2]
    article.claims = [Claim(5 * i, 5 * i + 4, f"Claim {i} <b>", s, s > 0.5) for i, s in enumerate(scores)]
    return article


def test_article_rates_per_1000_words() -> None:
    rates = reference.article_rates(loaded())
    assert rates["techniques_per_1k"] == pytest.approx(30.0)
    assert rates["techniques_per_1k.Loaded_Language"] == pytest.approx(30.0)
    assert rates["checkworthy_per_1k"] == pytest.approx(10.0)
    assert rates["anonymous_quote_share"] is None  # no quotes: undefined, not 0
    skipped = loaded()
    skipped.done = {"techniques"}
    assert reference.article_rates(skipped)["checkworthy_per_1k"] is None


def test_reports_show_percentiles_the_caveat_and_the_standout_claims() -> None:
    article = loaded()
    pct = reference.ordinal(reference.percentile("techniques_per_1k.Loaded_Language", 30.0))
    text = " ".join(render(article, "terminal").split())
    assert f"{pct} percentile" in text and "mainstream news" in text
    assert "A technique span is evidence to read, not a verdict." in text
    assert "stand out" in text
    page = render(article, "html")
    assert f"{pct} percentile" in page and "evidence to read, not a verdict" in page
    assert re.search(r"<details><summary>Full ranking \(2\)</summary>", page)
    assert "Claim 0 &lt;b&gt;" in page and "<b>\n" not in page and "<script>x" not in page
    cut = reference.standout_claim_score()
    assert 0.0 < cut < 1.0
    standout = page.split('id="claims"')[1].split("<details>")[0]
    assert ("Claim 0" in standout) == (0.999 > cut) and ("Claim 1" in standout) == (0.6 > cut)


def test_the_article_body_marks_only_the_claims_that_stand_out() -> None:
    page = render(loaded(), "html")
    body = page.split('<article id="text">')[1].split("</article>")[0]
    marked = [c for c in re.findall(r'class="([^"]*)"', body) if "claim" in c.split()]
    assert len(marked) == 1  # 0.999 stands out; 0.6 is check-worthy but ordinary
    assert body.count('class="claim-badge"') == 1 and 'href="#claim-1"' in body and "id='claim-1'" in page

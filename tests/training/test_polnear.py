"""PolNeAR scoring: the brat reader, the one-to-one Jaccard matcher, the metrics, and the real dev split."""

from __future__ import annotations

from pathlib import Path

import pytest

from unspin.article import Cue, Quote, Speaker
from unspin.training.polnear import (
    GoldAttribution, PredQuote, Scores, evaluate, jaccard, match, parse_ann, read_split, to_predictions,
)

TEXT = "Lee said the plan works. Critics want more money. \u201cIt is late,\u201d Kim said, \u201cbut it is fine.\u201d\n"
ANN = """T1\tSource 0 3\tLee
T2\tCue 4 8\tsaid
T3\tContent 9 23\tthe plan works
T4\tAttribution 4 8\tsaid
E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1
T5\tSource 25 32\tCritics
T6\tCue 33 37\twant
T7\tContent 38 48\tmore money
T8\tAttribution 33 37\twant
E2\tAttribution:T8 Content:T7 Cue:T6 Source:T5
T9\tContent 52 63;76 90\tIt is late, but it is fine.
T10\tSource 65 68\tKim
T11\tCue 69 73\tsaid
T12\tAttribution 69 73\tsaid
E3\tAttribution:T12 Content:T9 Cue:T11 Source:T10
T13\tDiscard 0 3\tLee
"""


@pytest.fixture()
def sample(tmp_path: Path) -> Path:
    for split in ("dev",):
        (tmp_path / split / "text").mkdir(parents=True)
        (tmp_path / split / "attributions").mkdir()
        (tmp_path / split / "text" / "toy_2016-01-01_a.txt").write_text(TEXT, encoding="utf-8")
        (tmp_path / split / "attributions" / "toy_2016-01-01_a_b2.ann").write_text(ANN, encoding="utf-8")
        (tmp_path / split / "attributions" / "toy_2016-01-01_a_a1.ann").write_text(ANN.split("T5")[0], encoding="utf-8")
    return tmp_path


def test_polnear_parse_ann_reads_relations_and_discontinuous_content() -> None:
    gold = parse_ann(ANN)
    assert [g.cue_text for g in gold] == ["said", "want", "said"]
    assert gold[2].content == [(52, 63), (76, 90)] and gold[2].source_text == "Kim"
    assert [g.statement for g in gold] == [True, False, True]  # "want" is a wish, not a statement


def test_polnear_read_split_picks_one_annotator_deterministically(sample: Path) -> None:
    (article,) = read_split(sample, "dev")
    assert article.annotator == "a1" and len(article.attributions) == 1  # "a1" sorts before "b2"


@pytest.mark.parametrize("x, y, expected", [
    ([(0, 10)], [(0, 10)], 1.0), ([(0, 10)], [(5, 15)], 5 / 15), ([(0, 10)], [(20, 30)], 0.0),
    ([(0, 4), (6, 10)], [(0, 10)], 0.8),
])
def test_polnear_jaccard(x, y, expected) -> None:
    assert jaccard(x, y) == pytest.approx(expected)


def test_polnear_match_is_one_to_one_by_best_overlap() -> None:
    pred = [[(0, 10)], [(0, 9)]]
    gold = [[(0, 9)]]
    assert match(pred, gold, 0.3) == [(1, 0)]
    assert match([[(0, 10)]], [[(0, 3)]], 0.3) == [(0, 0)]  # Jaccard 0.3: the threshold is inclusive
    assert match([[(0, 10)]], [[(0, 2)]], 0.3) == []


def test_polnear_scores_precision_recall_and_speaker() -> None:
    gold = parse_ann(ANN)
    pred = [PredQuote([(9, 23)], [(0, 3)], "Lee", "Lee"),  # right, right speaker
            PredQuote([(52, 90)], [(100, 102)], "Park", "he"),  # matches Kim's interrupted quote, wrong speaker
            PredQuote([(25, 31)], [], None, None)]  # nothing there
    scores = Scores()
    scores.add(pred, gold)
    assert (scores.loose.tp, scores.loose.pred, scores.loose.gold) == (2, 3, 3)
    assert scores.loose.precision == pytest.approx(2 / 3) and scores.loose.f1 == pytest.approx(2 / 3)
    assert scores.strict.tp == 1  # Kim's: 25 of 38 characters, Jaccard 0.66 < 0.8; Lee's is exact
    assert scores.speaker_total == 2 and scores.speaker_accuracy == 0.5


def test_polnear_interrupted_quote_parts_join_by_cue() -> None:
    speaker = Speaker("Kim", 65, 68, "named", "Kim")
    cue = Cue(69, 73, "said")
    quotes = [Quote(52, 63, "It is late,", "direct", cue, speaker), Quote(76, 90, "but it is fine", "direct", cue, speaker)]
    (pred,) = to_predictions(quotes)
    assert pred.content == [(52, 63), (76, 90)]
    assert jaccard(pred.content, parse_ann(ANN)[2].content) == 1.0


def test_polnear_evaluate_end_to_end_on_toy_split(sample: Path) -> None:
    scores = evaluate(sample, "dev")
    assert scores["articles"] == 1 and scores["statements"]["loose"]["gold"] == 1
    assert scores["statements"]["loose"]["tp"] == 1 and scores["statements"]["speaker_accuracy"] == 1.0


def test_polnear_dev_split_reads_and_scores(corpora: Path) -> None:
    articles = read_split(corpora / "polnear", "dev")
    assert len(articles) == 84
    assert sum(len(a.attributions) for a in articles) > 2000
    for a in articles[:10]:
        for g in a.attributions:
            assert all(0 <= s < e <= len(a.text) for s, e in g.content)
    scores = evaluate(corpora / "polnear", "dev", limit=5)
    assert scores["statements"]["loose"]["f1"] > 0.6  # a floor far below the measured dev figure


def test_polnear_gold_attribution_statement_filter() -> None:
    assert GoldAttribution([(0, 1)], cue_text="according to").statement
    assert GoldAttribution([(0, 1)], cue_text=":").statement
    assert GoldAttribution([(0, 1)], cue_text="told reporters").statement
    assert not GoldAttribution([(0, 1)], cue_text="plans").statement

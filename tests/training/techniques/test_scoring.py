"""SemEval-2020 Task 11 metrics on hand-made cases."""

from __future__ import annotations

import pytest

from unspin.training.techniques.ptc import Span
from unspin.training.techniques.scoring import flc_table, merge_spans, si_scores, tc_scores


def S(start: int, end: int, technique: str = "", article: str = "1") -> Span:
    return Span(article, start, end, technique)


@pytest.mark.parametrize(
    "spans, merged",
    [
        ([(0, 10), (5, 15)], [(0, 15)]),  # overlap: merged
        ([(0, 5), (5, 10)], [(0, 5), (5, 10)]),  # touching: kept apart
        ([(10, 20), (0, 3), (12, 14)], [(0, 3), (10, 20)]),  # nested, unsorted
        ([(4, 4)], []),  # empty span dropped
    ],
)
def test_merge_spans(spans, merged):
    assert merge_spans(spans) == merged


def test_si_exact_match_is_perfect():
    s = si_scores([S(0, 10), S(20, 30)], [S(0, 10), S(20, 30)])
    assert (s.precision, s.recall, s.f1) == (1.0, 1.0, 1.0)


def test_si_partial_overlap_gets_partial_credit():
    s = si_scores([S(0, 10)], [S(5, 15)])
    assert s.precision == pytest.approx(0.5)
    assert s.recall == pytest.approx(0.5)
    assert s.f1 == pytest.approx(0.5)


def test_si_one_prediction_covering_two_gold_spans():
    # precision: (5 + 10) / 20; recall: (5/5 + 10/10) / 2
    s = si_scores([S(0, 20)], [S(0, 5), S(10, 20)])
    assert s.precision == pytest.approx(0.75)
    assert s.recall == pytest.approx(1.0)
    assert s.f1 == pytest.approx(2 * 0.75 / 1.75)


def test_si_overlapping_predictions_are_merged_first():
    s = si_scores([S(0, 10), S(5, 15)], [S(0, 15)])
    assert s.n_pred == 1
    assert s.f1 == pytest.approx(1.0)


def test_si_spans_of_different_articles_never_intersect():
    s = si_scores([S(0, 10, article="1")], [S(0, 10, article="2")])
    assert (s.precision, s.recall, s.f1) == (0.0, 0.0, 0.0)


def test_si_no_predictions_scores_zero():
    s = si_scores([], [S(0, 10)])
    assert (s.precision, s.recall, s.f1, s.n_pred, s.n_gold) == (0.0, 0.0, 0.0, 0, 1)


def test_si_averages_over_spans_not_characters():
    # a long missed gold span counts as much as a short found one
    s = si_scores([S(0, 2)], [S(0, 2), S(100, 200)])
    assert s.precision == pytest.approx(1.0)
    assert s.recall == pytest.approx(0.5)


def test_tc_micro_f1():
    gold = [S(0, 5, "Doubt"), S(10, 20, "Slogans"), S(30, 40, "Repetition")]
    pred = [S(0, 5, "Doubt"), S(10, 20, "Slogans"), S(30, 40, "Doubt")]
    micro, table = tc_scores(pred, gold)
    assert micro.f1 == pytest.approx(2 / 3)
    assert table["Doubt"].precision == pytest.approx(0.5)
    assert table["Doubt"].recall == pytest.approx(1.0)
    assert table["Repetition"].recall == 0.0
    assert table["Slogans"].f1 == pytest.approx(1.0)


def test_tc_same_span_with_two_gold_labels_matches_as_multiset():
    gold = [S(0, 5, "Doubt"), S(0, 5, "Loaded_Language")]
    pred = [S(0, 5, "Loaded_Language"), S(0, 5, "Loaded_Language")]
    micro, _ = tc_scores(pred, gold)
    assert micro.precision == pytest.approx(0.5)
    assert micro.recall == pytest.approx(0.5)


def test_flc_table_scores_each_technique_on_its_own_spans():
    gold = [S(0, 10, "Doubt"), S(20, 30, "Slogans")]
    pred = [S(0, 10, "Doubt"), S(20, 30, "Doubt")]
    table = flc_table(pred, gold)
    assert table["Doubt"].recall == pytest.approx(1.0)
    assert table["Doubt"].precision == pytest.approx(0.5)
    assert table["Slogans"].f1 == 0.0


def test_flc_only_intersects_spans_of_the_same_technique():
    from unspin.training.techniques.scoring import flc_scores

    gold = [S(0, 10, "Doubt"), S(20, 30, "Slogans")]
    pred = [S(0, 10, "Doubt"), S(20, 30, "Doubt")]
    s = flc_scores(pred, gold)
    assert s.precision == pytest.approx(0.5)  # the second Doubt span overlaps only a Slogans span
    assert s.recall == pytest.approx(0.5)


def test_fbeta_weighs_recall_more_for_beta_two():
    from unspin.training.techniques.scoring import fbeta

    assert fbeta(0.5, 0.5, 2.0) == pytest.approx(0.5)
    assert fbeta(0.2, 0.8, 2.0) > fbeta(0.2, 0.8, 1.0) > fbeta(0.8, 0.2, 2.0)
    assert fbeta(0.0, 0.0, 2.0) == 0.0

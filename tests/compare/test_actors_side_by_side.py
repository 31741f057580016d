"""Differently named groups in the same fact are shown next to each other, never merged."""

from __future__ import annotations

from unspin import Article, Claim, Entity
from unspin.compare import compare


def report(id: str, sentence: str, group: str, label: str) -> Article:
    """A one-sentence report built by hand (no engine): its claim and its one entity."""
    start = sentence.index(group)
    return Article(text=sentence, id=id, sentences=[(0, len(sentence))],
                   entities=[Entity(start, start + len(group), group, label, group)],
                   claims=[Claim(0, len(sentence), sentence, 0.9, True)])


def test_groups_named_differently_in_one_fact_sit_side_by_side() -> None:
    a = report("agency", "YPG/PKK terrorists seized the town of Tel Abyad on Monday, security sources said.",
               "YPG/PKK", "ORG")
    b = report("broadcaster", "The Syrian Democratic Forces seized the town of Tel Abyad on Monday.",
               "Syrian Democratic Forces", "ORG")
    result = compare([a, b])
    (fact,) = result.facts
    assert fact.told_by == "all"
    names = [r.name for r in result.actors]
    assert "YPG/PKK" in names and "Syrian Democratic Forces" in names  # two rows: not merged
    i, j = names.index("YPG/PKK"), names.index("Syrian Democratic Forces")
    assert abs(i - j) == 1  # next to each other
    row = result.actors[i]
    (related,) = row.related
    assert related["name"] == "Syrian Democratic Forces"
    assert related["reason"].startswith("same part in fact f1: ") and "Tel Abyad" in related["reason"]
    assert row.links == [] and row.articles == ["agency"]


def test_an_acronym_in_one_report_is_the_full_name_in_another() -> None:
    a = report("agency", "The SDF seized the town of Tel Abyad on Monday.", "SDF", "ORG")
    b = report("broadcaster", "The Syrian Democratic Forces seized the town of Tel Abyad on Monday.",
               "Syrian Democratic Forces", "ORG")
    row = next(r for r in compare([a, b]).actors if r.name == "Syrian Democratic Forces")
    assert row.articles == ["agency", "broadcaster"]
    assert [link.reason for link in row.links] == ["acronym: SDF = Syrian Democratic Forces"]
    assert row.to_dict()["names"] == {"agency": ["SDF"], "broadcaster": ["Syrian Democratic Forces"]}

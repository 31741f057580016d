"""Three reports of one invented event: what every report tells, what one alone tells, where they disagree."""

from __future__ import annotations

import json

import pytest

from unspin import Article, UnspinError
from unspin.compare import compare


@pytest.fixture(scope="module")
def result(reports: list[Article]):
    return compare(reports)


def test_json_has_the_issue_shape(result) -> None:
    data = json.loads(json.dumps(result.to_dict()))
    assert set(data) >= {"articles", "actors", "facts", "conflicts"}
    assert [a["id"] for a in data["articles"]] == ["coastal-wire", "dalmora-tribune", "harbor-daily"]
    for a in data["articles"]:
        assert {"id", "outlet", "title", "published", "sources", "techniques_per_1000_words"} <= set(a)
        assert a["published"] == "2026-03-04" and a["words"] > 90
    for f in data["facts"]:
        assert {"text", "articles", "attributed_to", "sentences"} <= set(f)
        assert set(f["attributed_to"]) == set(f["articles"])
    for r in data["actors"]:
        assert {"name", "labels"} <= set(r)


def test_facts_every_report_tells_are_aligned(result) -> None:
    shared = [f for f in result.facts if f.told_by == "all"]
    texts = [" ".join(s.text for s in f.sentences) for f in shared]
    assert any("killed" in t and "Tuesday" in t and "Monday" in t for t in texts)  # the blast and its toll
    assert any(t.count("Governor Elena Markovic") == 3 for t in texts)  # the investigation
    for f in shared:
        assert f.articles == ["coastal-wire", "dalmora-tribune", "harbor-daily"]


def test_a_fact_one_report_alone_tells(result) -> None:
    fine = next(f for f in result.facts if "300,000 dollars" in f.text)
    assert fine.told_by == "one" and fine.articles == ["dalmora-tribune"]
    donation = next(f for f in result.facts if "donate" in f.text)
    assert donation.articles == ["harbor-daily"]


def test_sentences_index_the_article_text(result, reports: list[Article]) -> None:
    texts = {a.id: a.text for a in reports}
    for f in result.facts:
        for s in f.sentences:
            assert texts[s.article][s.start:s.end] == s.text


def test_who_each_report_attributes_a_fact_to(result) -> None:
    governor = next(f for f in result.facts if f.told_by == "all" and "Markovic" in f.text)
    assert governor.attributed_to["coastal-wire"] == "her office"
    toll = next(f for f in result.facts if f.told_by == "all" and "Tuesday" in " ".join(s.text for s in f.sentences))
    assert "union" in (toll.attributed_to["dalmora-tribune"] or "")
    okafor = [f for f in result.facts if f.articles == ["harbor-daily"] and f.attributed_to["harbor-daily"] == "Daniel Okafor"]
    assert okafor


def test_conflicting_numbers_and_dates(result) -> None:
    by = {(c.kind, c.unit, c.severity): c for c in result.conflicts}
    toll = by[("number", "people", "contradicts")]
    assert toll.values == {"coastal-wire": ["at least 12 people"], "dalmora-tribune": ["At least 15 workers"],
                           "harbor-daily": ["12 people"]}
    day = by[("date", "weekday", "contradicts")]
    assert day.values["dalmora-tribune"] == ["Monday"] and day.values["harbor-daily"] == ["Tuesday"]
    evacuated = by[("number", "people", "differs")]  # "Thousands of residents" against "About 4,000 residents"
    assert evacuated.values["dalmora-tribune"] == ["Thousands of residents"]


def test_sources_show_whose_voice_each_report_carries(result) -> None:
    sides = {a.id: a for a in result.articles}
    assert sides["dalmora-tribune"].sources[0]["name"] in {"Maria Santos", "Workers at the plant", "dock workers' union"}
    assert any(s["name"] == "Maria Santos" and s["kind"] == "named" for s in sides["dalmora-tribune"].sources)
    assert any(s["name"] == "Daniel Okafor" for s in sides["harbor-daily"].sources)
    assert not any(s["name"] == "Daniel Okafor" for s in sides["dalmora-tribune"].sources)
    assert 0.0 <= sides["harbor-daily"].named_share <= 1.0


def test_actors_are_linked_with_their_reason(result) -> None:
    rows = {r.name: r for r in result.actors}
    union = rows["National Federation of Dock Workers"]
    assert {"coastal-wire", "dalmora-tribune"} <= set(union.articles)
    assert any(link.reason == "acronym: NFDW = National Federation of Dock Workers" for link in union.links)
    assert any(link.reason == "same name" for link in rows["Elena Markovic"].links)
    assert len(rows["Elena Markovic"].articles) == 3


def test_labels_come_from_the_actors_analyzer_when_it_ran(reports: list[Article]) -> None:
    """With ``article.actors`` (the actors analyzer's output), each report's labels sit in the actor row."""
    harbor, tribune = reports[2], reports[1]
    copies = [Article.from_dict(a.to_dict()) for a in (tribune, harbor)]
    start = copies[1].text.index("Eco-radicals")
    copies[1].actors = [{"id": "a1", "name": "Green Shield", "kind": "organisation",
                         "mentions": [{"start": copies[1].text.index("Green Shield"), "end": copies[1].text.index("Green Shield") + 12,
                                       "text": "Green Shield", "role": "name"}],
                         "labels": [{"text": "eco-radicals", "count": 2, "evaluative": True, "score": 0.9,
                                     "mentions": [{"start": start, "end": start + 12}]}]}]
    g = copies[0].text.index("Green Shield")
    copies[0].actors = [{"id": "a1", "name": "Green Shield", "kind": "organisation",
                         "mentions": [{"start": g, "end": g + 12, "text": "Green Shield", "role": "name"}],
                         "labels": [{"text": "environmental activists", "count": 1, "evaluative": False, "score": 0.1}]}]
    row = next(r for r in compare(copies).actors if r.name == "Green Shield")
    assert row.labels()["harbor-daily"][0]["text"] == "eco-radicals"
    assert row.labels()["dalmora-tribune"][0]["text"] == "environmental activists"


def test_techniques_are_counted_per_thousand_words(result, reports: list[Article]) -> None:
    for side, article in zip(result.articles, reports):
        assert side.techniques_per_1000_words == pytest.approx(1000 * len(article.techniques) / side.words, abs=0.01)


def test_compare_refuses_one_article_and_duplicate_ids(reports: list[Article]) -> None:
    with pytest.raises(UnspinError, match="two or more"):
        compare(reports[:1])
    with pytest.raises(UnspinError, match="same id"):
        compare([reports[0], reports[0]])


def test_compare_is_a_pure_function_of_the_articles(result, reports: list[Article]) -> None:
    again = compare([Article.from_dict(a.to_dict()) for a in reports])
    assert again.to_dict() == result.to_dict()

"""Numbers and dates as written, with the ranges a reader would grant them."""

from __future__ import annotations

import math

from unspin.compare.actors import LocalActor, initials, link_reason
from unspin.compare.quantities import quantities


def one(text: str):
    (q,) = quantities(text)
    return q


def test_precise_vague_and_bounded_amounts() -> None:
    assert (one("65,000 people marched").low, one("65,000 people marched").unit) == (65000, "people")
    vague = one("tens of thousands of people marched")
    assert (vague.low, vague.high, vague.precise, vague.unit) == (20000, 99999, False, "people")
    at_least = one("At least 15 workers were killed")
    assert at_least.low == 15 and at_least.high == math.inf and at_least.text == "At least 15 workers"
    assert one("a fine of 2 million dollars").low == 2_000_000 and one("a fine of 2 million dollars").unit == "money"
    assert vague.overlaps(one("65,000 people marched"))
    assert not one("12 people died").overlaps(at_least)


def test_dates_weekdays_and_years() -> None:
    kinds = [(q.kind, q.unit, q.text) for q in quantities("It opened on March 3 in 2011 and closed on Friday.")]
    assert kinds == [("date", "day:march", "March 3"), ("date", "year", "2011"), ("date", "weekday", "Friday")]


def _actor(article: str, name: str, kind: str = "organisation", names: list[str] | None = None) -> LocalActor:
    return LocalActor(article, name, name, kind, names or [name], [], [], 1)


def test_actor_links_say_why() -> None:
    assert initials("Syrian Democratic Forces") == "SDF"
    assert link_reason(_actor("a", "SDF"), _actor("b", "Syrian Democratic Forces")) == "acronym: SDF = Syrian Democratic Forces"
    assert link_reason(_actor("a", "the Pentagon"), _actor("b", "Pentagon")) == "same name"
    assert link_reason(_actor("a", "Daniel Okafor", "person"), _actor("b", "Okafor", "person")) == "alias: surname Okafor"
    assert link_reason(_actor("a", "Daniel Okafor", "person"), _actor("b", "Grace Okafor", "person")) is None
    assert link_reason(_actor("a", "YPG"), _actor("b", "Syrian Democratic Forces")) is None

"""Geocode the article's place mentions offline, one :class:`~unspin.article.Place` per distinct place.

Each distinct spelling of a place entity is looked up in the gazetteer (aliases, exact keys, then
transliteration skeletons within the article's countries), keeping candidates plausible for the
mention's NER label (see :func:`plausible`). Among candidates the choice is, in
order: an alias or exact match over a skeleton match, a country over a city of the same name (and
a US state over its namesake towns, though not over a major city), a place in a country the article
mentions, then the larger population. Mentions that resolve to the
same gazetteer entry ("Kobani", "Ayn al-Arab") become one Place, named by its commonest spelling in
the article. Names the gazetteer does not know are left out.
"""

from __future__ import annotations

from collections import Counter
from typing import ClassVar

from ..article import Article, Entity, Place
from ..geo.gazetteer import Gazetteer, GeoName, Match, UsesGazetteer, context_countries
from .entities import PLACE_LABELS

_HOW_RANK = {"alias": 0, "exact": 0, "skeleton": 1}


class PlaceAnalyzer(UsesGazetteer):
    """Write ``places``: every place entity geocoded with the offline gazetteer."""

    name: ClassVar[str] = "places"
    requires: ClassVar[tuple[str, ...]] = ("entities",)
    assigns: ClassVar[tuple[str, ...]] = ("places",)

    def __call__(self, article: Article) -> None:
        article.places = geocode([e for e in article.entities if e.label in PLACE_LABELS], self.gazetteer)


def geocode(entities: list[Entity], gaz: Gazetteer) -> list[Place]:
    """Group place mentions by the gazetteer entry they resolve to, in order of first mention."""
    countries = context_countries(gaz, list(dict.fromkeys(e.text for e in entities)))
    chosen: dict[tuple[str, str], GeoName | None] = {}
    groups: dict[tuple[int | None, str], list[Entity]] = {}
    places: dict[tuple[int | None, str], GeoName] = {}
    for e in entities:
        if (e.text, e.label) not in chosen:
            matches = [m for m in gaz.lookup(e.text, countries) if plausible(m, e.label, countries)]
            chosen[(e.text, e.label)] = best(matches, countries)
        place = chosen[(e.text, e.label)]
        if place is None:
            continue
        ident = (place.geonameid, place.name)
        groups.setdefault(ident, []).append(e)
        places[ident] = place
    out = []
    for ident, mentions in groups.items():
        place = places[ident]
        name = Counter(m.text for m in mentions).most_common(1)[0][0]
        out.append(Place(name=name, latitude=place.latitude, longitude=place.longitude,
                         country_code=place.country_code, mentions=[(m.start, m.end) for m in mentions],
                         feature=place.feature, geonameid=place.geonameid))
    return out


def plausible(match: Match, label: str, countries: tuple[str, ...]) -> bool:
    """Can a mention with this NER label be this gazetteer entry?

    The gazetteer holds populated places only. A LOC (region, sea, mountain: "Middle East",
    "Atlantic") therefore matches small namesake towns by accident, and a FAC ("White House")
    even more so: LOCs need a sizeable or transliterated match, FACs a match in the article's countries.
    """
    place = match.place
    if match.how == "alias" or place.feature in ("country", "admin") or label == "GPE":
        return True
    if label == "FAC":
        return place.country_code in countries and place.population >= 15_000
    return place.population >= 15_000 or match.how == "skeleton"


def best(matches: list[Match], countries: tuple[str, ...] = ()) -> GeoName | None:
    """The most plausible candidate: exact before fuzzy, countries first, the article's countries, population."""
    if not matches:
        return None
    # A US state beats its namesake towns ("Virginia"), but not a major city ("Washington", "New York").
    major_city = any(m.place.feature == "city" and m.place.population >= 500_000 for m in matches)
    feature_rank = {"country": 0, "admin": 2 if major_city else 1}
    return min(matches, key=lambda m: (
        _HOW_RANK[m.how],
        feature_rank.get(m.place.feature, 2),
        m.place.country_code not in countries,
        -m.place.population,
    )).place

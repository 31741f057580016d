"""Geocode the article's place mentions offline, one :class:`~unspin.article.Place` per distinct place.

Each distinct spelling of a place entity is looked up in the gazetteer (aliases, exact keys, then
transliteration skeletons within the article's countries). Among candidates the choice is, in
order: an alias or exact match over a skeleton match, a country over a city of the same name, a
place in a country the article mentions, then the larger population. Mentions that resolve to the
same gazetteer entry ("Kobani", "Ayn al-Arab") become one Place, named by its commonest spelling in
the article. Names the gazetteer does not know are left out.
"""

from __future__ import annotations

from collections import Counter
from typing import ClassVar

from ..article import Article, Entity, Place
from ..geo.gazetteer import Gazetteer, GeoName, Match, context_countries, load_gazetteer
from .entities import PLACE_LABELS

_HOW_RANK = {"alias": 0, "exact": 0, "skeleton": 1}


class PlaceAnalyzer:
    """Write ``places``: every place entity geocoded with the offline gazetteer."""

    name: ClassVar[str] = "places"
    requires: ClassVar[tuple[str, ...]] = ("entities",)
    assigns: ClassVar[tuple[str, ...]] = ("places",)

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self._gazetteer = gazetteer

    @property
    def gazetteer(self) -> Gazetteer:
        return self._gazetteer or load_gazetteer()

    def __call__(self, article: Article) -> None:
        article.places = geocode([e for e in article.entities if e.label in PLACE_LABELS], self.gazetteer)


def geocode(entities: list[Entity], gaz: Gazetteer) -> list[Place]:
    """Group place mentions by the gazetteer entry they resolve to, in order of first mention."""
    countries = context_countries(gaz, list(dict.fromkeys(e.text for e in entities)))
    chosen: dict[str, GeoName | None] = {}
    groups: dict[tuple[int | None, str], list[Entity]] = {}
    places: dict[tuple[int | None, str], GeoName] = {}
    for e in entities:
        if e.text not in chosen:
            chosen[e.text] = best(gaz.lookup(e.text, countries), countries)
        place = chosen[e.text]
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


def best(matches: list[Match], countries: tuple[str, ...] = ()) -> GeoName | None:
    """The most plausible candidate: exact before fuzzy, countries first, the article's countries, population."""
    if not matches:
        return None
    return min(matches, key=lambda m: (
        _HOW_RANK[m.how],
        m.place.feature != "country",
        m.place.country_code not in countries,
        -m.place.population,
    )).place

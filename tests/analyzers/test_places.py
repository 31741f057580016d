"""Geocoding an article's places offline: the seed's places, disambiguation, spelling variants."""

from __future__ import annotations

import math

import pytest

from unspin.article import Article
from unspin.pipeline import build_pipeline
from unspin.readers import from_text


@pytest.fixture(scope="module")
def analyze():
    pipeline = build_pipeline(["boilerplate", "spacy", "entities", "places"])
    return lambda text: pipeline(Article(text=text))


@pytest.fixture(scope="module")
def seed_places(seed_text):
    article = build_pipeline(["boilerplate", "spacy", "entities", "places"])(from_text(seed_text))
    return article, {p.name: p for p in article.places}


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


# Reference coordinates are the GeoNames rows (geonameid in the comment); countries sit at their
# capital; al-Baghuz, which the extract lacks, is checked against Abu Kamal across the river.
SEED_PLACES = [
    ("al-Hol", "SY", 36.39042, 41.14983),  # 173797 Al Ḩawl
    ("al-Hasakah", "SY", 36.50237, 40.74772),  # 173811 Al Ḩasakah
    ("Ain Issa", "SY", 36.3855, 38.86228),  # 172134 ‘Ayn ‘Īsá
    ("Kobani", "SY", 36.89095, 38.35347),  # 172256 ‘Ayn al ‘Arab
    ("Serêkaniyê", "SY", 36.85034, 40.07055),  # 165509 Ra’s al ‘Ayn
    ("Tel-Abyed", "SY", 36.69648, 38.95382),  # 163750 Tall Abyaḑ
    ("al-Baghuz", "SY", 34.45226, 40.91854),  # 174448 Ālbū Kamāl, ~5 km away
    ("al-Raqqa", "SY", 35.95283, 39.00788),  # 172955 Ar Raqqah
    ("Afrin", "SY", 36.51194, 36.86954),  # 174186 ‘Afrīn
    ("Libya", "LY", 32.88743, 13.18733),  # 2210247 Tripoli
    ("Turkey", "TR", 39.91987, 32.85427),  # 323786 Ankara
    ("Syria", "SY", 33.5102, 36.29128),  # 170654 Damascus
]


@pytest.mark.parametrize(("name", "country", "lat", "lon"), SEED_PLACES)
def test_seed_place_is_geocoded(seed_places, name, country, lat, lon):
    _, places = seed_places
    place = places[name]
    assert place.country_code == country
    assert km(place.latitude, place.longitude, lat, lon) < 30


def test_seed_mentions_point_at_the_text(seed_places):
    article, places = seed_places
    hol = places["al-Hol"]
    assert len(hol.mentions) == 6  # title, three "al-Hol camp", "from al-Hol camp", "In particular, al-Hol camp"
    assert all(article.text[s:e] == "al-Hol" for s, e in hol.mentions)


def test_seed_has_no_unplaced_names(seed_places):
    _, places = seed_places
    assert set(places) == {name for name, *_ in SEED_PLACES}


def test_one_place_per_gazetteer_entry(analyze):
    article = analyze("Fighters attacked Kobani in northern Syria. Residents of Ayn al-Arab fled to Turkey.")
    (kobani,) = [p for p in article.places if p.geonameid == 172256]
    assert len(kobani.mentions) == 2


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("Clashes erupted in Tripoli, Lebanon's second city, on Sunday.", "LB"),
        ("Clashes erupted in Tripoli on Sunday, officials in Libya said.", "LY"),
    ],
)
def test_mentioned_country_disambiguates(analyze, text, country):
    tripoli = next(p for p in analyze(text).places if p.name == "Tripoli")
    assert tripoli.country_code == country


def test_larger_population_wins_without_context(analyze):
    (paris,) = analyze("The mayor of Paris said the city would host the games.").places
    assert paris.country_code == "FR"


@pytest.mark.parametrize("spelling", ["ar-Raqqa", "Raqqah", "al-Rakka", "Ar Raqqah"])
def test_spelling_variants_resolve(analyze, spelling):
    article = analyze(f"Fighters of the Syrian Democratic Forces entered {spelling} in Syria on Monday.")
    assert 172955 in {p.geonameid for p in article.places}


def test_kurdish_names_resolve_through_the_alias_table(analyze):
    article = analyze("Displaced families in Serekaniye and Girê Spî returned home, officials in Syria said.")
    assert {p.geonameid for p in article.places} >= {165509, 163750}


def test_person_named_like_a_place_is_not_geocoded(analyze):
    article = analyze("Police said Kelly Washington was arrested on Monday. Washington told reporters she was innocent.")
    assert article.places == []


def test_us_state_beats_its_namesake_towns_but_not_a_major_city(analyze):
    article = analyze("Voters in Virginia and Florida went to the polls, officials in Washington said.")
    features = {p.name: (p.country_code, p.feature) for p in article.places}
    assert features["Virginia"] == ("US", "admin") and features["Florida"] == ("US", "admin")
    assert features["Washington"] == ("US", "city")


def test_region_is_not_geocoded_to_a_small_namesake(analyze):
    article = analyze("Tensions in the Middle East rose after the United States moved ships.")
    assert "Middle East" not in {p.name for p in article.places}

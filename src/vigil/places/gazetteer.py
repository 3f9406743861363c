"""Read access to the offline gazetteer shipped in ``vigil/places/data/gazetteer.sqlite``.

SQLite rather than an in-memory dict: opening it costs milliseconds and almost
no memory, every worker process can share the OS page cache, and a name lookup
is one indexed query. Lookups are memoised per process because news repeats the
same few names.
"""

from __future__ import annotations

import functools
import math
import sqlite3
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from vigil.places.names import SURFACE_FORMS, normalise

DEFAULT_PATH = Path(str(files("vigil.places"))) / "data" / "gazetteer.sqlite"


class GazetteerMissing(RuntimeError):
    """The gazetteer index is not where it should be (not built, or not packaged)."""


@dataclass(frozen=True)
class Candidate:
    """One gazetteer entry a name may refer to."""

    id: int
    name: str
    level: str  # country | admin1 | admin2 | city | continent
    fcode: str
    lat: float
    lon: float
    country: str | None
    population: int
    admin1: int | None
    admin2: int | None
    official: bool = True  # matched on the official name (not an alternate)


_COLS = "id, name, level, fcode, lat, lon, country, population, admin1, admin2"


#: The Arabic article as news transliterates it, assimilated to sun letters or not.
ARABIC_ARTICLES = "al el as ash at ath ad adh ar az an es esh et ed er ez en ech".split()

#: Coordinates are stored as integers in 1e-5 degrees (about 1 m): half the size of REALs.
SCALE = 100_000


def _row(row: tuple, official: bool = True) -> Candidate:
    r = list(row)
    r[4], r[5] = r[4] / SCALE, r[5] / SCALE
    return Candidate(*r, official=official)


class Gazetteer:
    """Name -> candidate places, id -> place, demonym -> country."""

    def __init__(self, path: Path | str = DEFAULT_PATH):
        path = Path(path)
        if not path.is_file():
            raise GazetteerMissing(
                f"gazetteer index {path} not found; build it with scripts/build_gazetteer.py"
            )
        self.path = path
        self._con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self._countries = {
            r[6]: _row(r)
            for r in self._con.execute(f"SELECT {_COLS} FROM places WHERE level = 'country'")
        }
        self._demonyms = dict(self._con.execute("SELECT norm, country FROM demonyms"))
        self._areas: list[tuple[str, int]] | None = None  # for area_spelled_like, when first asked
        self.lookup = functools.lru_cache(maxsize=65536)(self._lookup)  # type: ignore[method-assign]
        self.get = functools.lru_cache(maxsize=65536)(self._get)  # type: ignore[method-assign]

    def meta(self) -> dict[str, str]:
        return dict(self._con.execute("SELECT key, value FROM meta"))

    def _lookup(self, name: str) -> tuple[Candidate, ...]:
        """All places called ``name`` (normalised), most populous first.

        An Arabic name whose article is written otherwise than the index has it (the
        article takes the sound of a sun letter: "Al Sukhnah" is "As Sukhnah", "Ash
        Shula", "Ad Dali"; "El" for "Al") is found under the other spellings."""
        key = normalise(SURFACE_FORMS.get(name.strip(), name))
        if not key:
            return ()
        found = self._by_key(key)
        article, _, rest = key.partition(" ")
        if found or article not in ARABIC_ARTICLES or not rest:
            return found
        for other in ARABIC_ARTICLES:
            if other != article:
                found += self._by_key(f"{other} {rest}")
        return tuple(sorted(found, key=lambda c: -c.population))

    def _by_key(self, key: str) -> tuple[Candidate, ...]:
        rows = self._con.execute(
            f"SELECT {', '.join('p.' + c.strip() for c in _COLS.split(','))}, n.kind "
            "FROM names n JOIN places p ON p.id = n.place WHERE n.norm = ? "
            "ORDER BY p.population DESC",
            (key,),
        ).fetchall()
        return tuple(_row(r[:-1], official=r[-1] == 0) for r in rows)

    def _get(self, place_id: int) -> Candidate | None:
        row = self._con.execute(f"SELECT {_COLS} FROM places WHERE id = ?", (place_id,)).fetchone()
        return _row(row) if row else None

    def has_name(self, name: str) -> bool:
        return bool(self.lookup(name))

    def country(self, iso3: str | None) -> Candidate | None:
        """The country-level entry of an ISO 3166 alpha-3 code."""
        return self._countries.get(iso3 or "")

    def capital(self, iso3: str | None) -> Candidate | None:
        """The national capital of a country, when the sources name one."""
        row = self._con.execute(
            f"SELECT {_COLS} FROM places WHERE country = ? AND fcode = 'PPLC'", (iso3 or "",)
        ).fetchone()
        return _row(row) if row else None

    def demonym(self, word: str) -> str | None:
        """ISO3 of the country a demonym or national adjective names ('Iraqi' -> 'IRQ')."""
        return self._demonyms.get(normalise(word))

    def spelled_like(self, name: str, area: Candidate) -> Candidate | None:
        """The town inside ``area`` (an admin1 or admin2) whose name is another spelling of
        ``name``: one edit apart, or two in a long name ("Bossaso" for Bosaso, "Zinijbar"
        for Zinjibar). Transliterations of small towns vary from report to report; inside
        the stated area a near-identical name is the same town."""
        key = normalise(SURFACE_FORMS.get(name.strip(), name))
        if len(key) < 5 or area.level not in {"admin1", "admin2"}:
            return None
        col = "admin1" if area.level == "admin1" else "admin2"
        rows = self._con.execute(
            f"SELECT {', '.join('p.' + c.strip() for c in _COLS.split(','))}, n.norm "
            f"FROM names n JOIN places p ON p.id = n.place WHERE n.norm >= ? AND n.norm < ? "
            f"AND p.level = 'city' AND p.{col} = ? ORDER BY p.population DESC",
            (key[:2], key[:2] + "\uffff", area.id),
        ).fetchall()
        limit = 1 if len(key) < 8 else 2
        for r in rows:
            if abs(len(r[-1]) - len(key)) <= limit and edit_distance(r[-1], key, limit) <= limit:
                return _row(r[:-1])
        return None

    def area_spelled_like(
        self, name: str, countries: frozenset[str] = frozenset()
    ) -> Candidate | None:
        """The province or district whose name is another spelling of ``name`` ("Almargeb"
        for Al Marqab, "Aljfara" for Al Jifarah, "Galgaduud" for Galguduud): spaces and
        hyphens aside, one edit apart, or two in a long name. For a name a text gives as
        the area holding a place, where a province's transliteration varies by source;
        ``countries``: those of the places it holds, whose areas alone are meant."""
        key = normalise(name).replace(" ", "")
        if len(key) < 6:
            return None
        if self._areas is None:
            self._areas = [
                (norm.replace(" ", ""), pid)
                for norm, pid in self._con.execute(
                    "SELECT n.norm, n.place FROM names n JOIN places p ON p.id = n.place "
                    "WHERE p.level IN ('admin1', 'admin2')"
                )
            ]
        limit = 1 if len(key) < 7 else 2
        best: tuple[int, int, int] | None = None
        for norm, pid in self._areas:
            if abs(len(norm) - len(key)) > limit or norm[:1] != key[:1]:
                continue
            d = edit_distance(norm, key, limit)
            if d <= limit:
                cand = self.get(pid)
                if cand is None or (countries and cand.country not in countries):
                    continue
                if best is None or (d, -cand.population) < best[:2]:
                    best = (d, -cand.population, pid)
        return self.get(best[2]) if best else None

    def towns(self, min_population: int = 0) -> list[tuple[str, float, float, str, int]]:
        """Every town of at least ``min_population``: (name, lat, lon, ISO alpha-3, population).

        For whole-table questions (which country a point lies in, which country a bare
        city name means) that need no name look-up."""
        rows = self._con.execute(
            "SELECT name, lat, lon, country, population FROM places "
            "WHERE level = 'city' AND country IS NOT NULL AND population >= ?",
            (min_population,),
        )
        return [(n, lat / SCALE, lon / SCALE, c, pop) for n, lat, lon, c, pop in rows]

    def nearest(self, lat: float, lon: float, radius_km: float = 50.0) -> Candidate | None:
        """The nearest populated place within ``radius_km`` (for a site's country)."""
        dlat = radius_km / 111.0
        dlon = radius_km / max(1.0, 111.0 * math.cos(math.radians(lat)))
        rows = self._con.execute(
            f"SELECT {_COLS} FROM places WHERE level = 'city' "
            "AND lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?",
            tuple(round(v * SCALE) for v in (lat - dlat, lat + dlat, lon - dlon, lon + dlon)),
        ).fetchall()
        cands = [_row(r) for r in rows]
        return min(cands, key=lambda c: haversine_km(lat, lon, c.lat, c.lon), default=None)


def edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance of ``a`` and ``b`` (adjacent swaps count one), or ``limit + 1``
    as soon as it must exceed ``limit``."""
    prev2: list[int] | None = None
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if prev2 is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


@functools.cache
def load_gazetteer(path: str | None = None) -> Gazetteer:
    """The process-wide gazetteer (opened once; cheap to call)."""
    return Gazetteer(Path(path) if path else DEFAULT_PATH)

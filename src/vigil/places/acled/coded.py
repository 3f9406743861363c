"""The places ACLED's coders coded: a list learnt from the dev file's rows.

ACLED's notes name villages no gazetteer vigil can ship lists (a frontline hamlet, a mine,
a pumping station), in spellings of their own ("Sosnovskoye"), and homonyms several
villages of one country share ("near Lozove"). The coded rows say where each of those names
was put, and how often. This list is learnt from those rows as the type model is learnt
from their notes: built by ``scripts/build_acled_places.py`` from the DEV rows only (never
the held-out TEST part), and in cross-validation per fold from the training folds only
(:func:`using`). :func:`vigil.places.acled.location.code_location` consults it only where the
gazetteer fails (a name it lacks) or is ambiguous (a homonym with several readings in the
report's country).
"""

from __future__ import annotations

import contextlib
import contextvars
import csv
import functools
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

from vigil.places.gazetteer import haversine_km

if TYPE_CHECKING:
    from vigil.document import Document
    from vigil.places.gazetteer import Gazetteer
    from vigil.records import Place

DEFAULT_PATH = Path(str(files("vigil.places"))) / "data" / "acled_places.tsv"
COLUMNS = (
    "location",
    "country",
    "iso3",
    "admin1",
    "admin2",
    "latitude",
    "longitude",
    "geo_precision",
    "rows",
)


def key(name: str) -> str:
    """A name for lookup: accents, case, punctuation and spacing folded."""
    text = unicodedata.normalize("NFKD", name or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return " ".join(re.sub(r"[\W_]+", " ", text).split())


@dataclass(frozen=True)
class CodedPlace:
    """One location as ACLED's coders wrote it, and how many rows put an event there."""

    location: str
    country: str
    iso3: str
    admin1: str
    admin2: str
    lat: float
    lon: float
    geo_precision: int
    rows: int


class PlaceList:
    """Coded locations by folded name, the most used reading first."""

    def __init__(self, places: Iterable[CodedPlace]) -> None:
        self.places = list(places)
        index: dict[str, list[CodedPlace]] = defaultdict(list)
        for p in self.places:
            index[key(p.location)].append(p)
        self._index = {k: sorted(v, key=lambda p: -p.rows) for k, v in index.items() if k}
        self.max_words = max((len(k.split()) for k in self._index), default=0)

    def __len__(self) -> int:
        return len(self.places)

    def readings(self, name: str, countries: Iterable[str] | None = None) -> list[CodedPlace]:
        """The coded readings of ``name`` (in ``countries``, ISO3, when given), most used first."""
        found = self._index.get(key(name), [])
        if countries is None:
            return list(found)
        allowed = set(countries)
        return [p for p in found if p.iso3 in allowed]

    @classmethod
    def from_rows(cls, rows: Iterable[dict[str, str]]) -> PlaceList:
        """The list of ACLED rows' locations: one entry per location, country, admin areas and
        point; its geo_precision the one its rows were most often coded with."""
        counts: Counter[tuple] = Counter()
        precisions: dict[tuple, Counter[int]] = defaultdict(Counter)
        for r in rows:
            try:
                lat, lon = round(float(r["latitude"]), 4), round(float(r["longitude"]), 4)
            except (KeyError, TypeError, ValueError):
                continue
            loc = (r.get("location") or "").strip()
            iso3 = (r.get("iso3") or "").strip()
            if not loc or not iso3:
                continue
            k = (loc, (r.get("country") or "").strip(), iso3, r.get("admin1") or "")
            k = (*k, r.get("admin2") or "", lat, lon)
            counts[k] += 1
            try:
                precisions[k][int(float(r.get("geo_precision") or 0))] += 1
            except ValueError:
                pass
        return cls(
            CodedPlace(
                *k,
                geo_precision=max(precisions[k].items(), key=lambda x: (x[1], -x[0]))[0]
                if precisions[k]
                else 0,
                rows=n,
            )
            for k, n in sorted(counts.items())
        )

    def write(self, path: Path, header: Iterable[str] = ()) -> None:
        """The list as TSV, ``header`` lines written first as ``#`` comments."""
        with path.open("w", encoding="utf-8", newline="") as fh:
            for line in header:
                fh.write(f"# {line}\n")
            w = csv.writer(fh, delimiter="\t", lineterminator="\n")
            w.writerow(COLUMNS)
            for p in self.places:
                w.writerow(
                    [p.location, p.country, p.iso3, p.admin1, p.admin2]
                    + [f"{p.lat:.4f}", f"{p.lon:.4f}", p.geo_precision, p.rows]
                )

    @classmethod
    def read(cls, path: Path) -> PlaceList:
        with path.open(encoding="utf-8", newline="") as fh:
            lines = (line for line in fh if not line.startswith("#"))
            return cls(
                CodedPlace(
                    r["location"],
                    r["country"],
                    r["iso3"],
                    r["admin1"],
                    r["admin2"],
                    float(r["latitude"]),
                    float(r["longitude"]),
                    int(r["geo_precision"]),
                    int(r["rows"]),
                )
                for r in csv.DictReader(lines, delimiter="\t")
            )


@functools.lru_cache(maxsize=1)
def _packaged() -> PlaceList:
    return PlaceList.read(DEFAULT_PATH) if DEFAULT_PATH.exists() else PlaceList(())


_ACTIVE: contextvars.ContextVar[PlaceList | None] = contextvars.ContextVar(
    "vigil_acled_places", default=None
)


def active() -> PlaceList:
    """The list in use: a fold's own (inside :func:`using`), else the packaged one."""
    chosen = _ACTIVE.get()
    return _packaged() if chosen is None else chosen


@contextlib.contextmanager
def using(places: PlaceList) -> Iterator[PlaceList]:
    """Code with ``places`` instead of the packaged list (a cross-validation fold's list,
    learnt without the fold's own rows)."""
    token = _ACTIVE.set(places)
    try:
        yield places
    finally:
        _ACTIVE.reset(token)


# -- consulting the list where the gazetteer fails ----------------------------------------

#: Readings of a name placed in an area by the text must lie this close to the area's point.
_AREA_KM = {"admin2": 100.0, "admin1": 300.0, "other": 100.0}
_WORD = re.compile(r"[\w'’]+(?:-[\w'’]+)*")
_HOMONYM_KM = 50.0
_FROM = re.compile(r"\bfrom\s+(?:the\s+)?$", re.IGNORECASE)


@dataclass(frozen=True)
class Consulted:
    """A coded reading chosen for a name of the report, and where the name is written."""

    place: CodedPlace
    start: int
    end: int


def report_countries(doc: Document) -> set[str]:
    """The countries (ISO3) the report gives: of the places it names and the nationalities
    it uses."""
    return {
        p.country for p in doc.places if p.country and p.lat is not None and p.kind != "reference"
    }


def _written_names(doc: Document, places: PlaceList) -> Iterator[tuple[int, int, str]]:
    """Names of the text the list knows, capitalised, longest first at each word."""
    text = doc.text
    words = list(_WORD.finditer(text))
    i = 0
    while i < len(words):
        w = words[i]
        found = 0
        if w.group(0)[:1].isupper():
            for n in range(min(places.max_words, len(words) - i), 0, -1):
                end = words[i + n - 1].end()
                span = text[w.start() : end]
                if re.search(r"[.,;:()\[\]\n]", span):
                    continue
                if len(key(span)) >= 3 and places.readings(span):
                    yield w.start(), end, span
                    found = n
                    break
        i += max(found, 1)


def _unplaced(doc: Document, places: PlaceList) -> list[tuple[int, int, str]]:
    """Names the gazetteer fails on: left unresolved, placed only at an area the text puts
    them in, read only as their country (a homonym with no reading to prefer: "near Lozove,
    Ukraine"), or not read as places at all (the list knows them)."""
    failed = [
        p
        for p in doc.places
        if p.kind == "name"
        and (p.lat is None or p.within or (p.level == "country" and key(p.text) != key(p.name)))
    ]
    spans = {(p.start, p.end, p.text) for p in failed}
    taken = [(p.start, p.end) for p in doc.places if p.lat is not None and p not in failed]
    # A word of a person's longer name ("the house of Ahmad Kelly") is no place; a name
    # the tagger alone calls a person or a body ("shelled Qoqfin") the coders placed is one.
    people = [
        (m.start, m.end) for ent in doc.entities if ent.type == "PERSON" for m in ent.mentions
    ]
    for s, e, t in _written_names(doc, places):
        inside = any(a <= s and e <= b and (a, b) != (s, e) for a, b in people)
        if not inside and not any(a < e and s < b for a, b in taken):
            spans.add((s, e, t))
    # Not where someone or something came from ("reinforcements arrived from Al Hawban").
    return sorted(x for x in spans if not _FROM.search(doc.text, max(0, x[0] - 12), x[0]))


def _homonym(gaz: Gazetteer, place: Place) -> bool:
    """The gazetteer holds readings of the name in the place's country far apart."""
    cands = [
        c
        for c in gaz.lookup(place.text)
        if c.country == place.country and c.level in {"city", "site", "other"}
    ]
    return any(haversine_km(a.lat, a.lon, b.lat, b.lon) > _HOMONYM_KM for a in cands for b in cands)


def consult(
    doc: Document,
    gaz: Gazetteer,
    place: Place | None,
    evidence: list[tuple[int, int]],
    placed: bool,
) -> Consulted | None:
    """The reading ACLED's coders used most for a name of the report, where the gazetteer
    fails: ``place`` (the event's place vigil chose) is a homonym with readings far apart in
    its country that the text does not place (``placed``: the text names an area holding
    it), or ``place`` is no town at all (an area, a country, a village the gazetteer lacks,
    nothing) while the text names a place the list knows. A confident gazetteer reading is
    never replaced, and a reading is only taken in a country the report gives (with no
    country at all, only a name the coders placed in one country only)."""
    plist = active()
    if not len(plist):
        return None
    if place is not None and place.level in {"city", "site"} and not place.within:
        if placed or place.feature is not None or not _homonym(gaz, place):
            return None
        found = plist.readings(place.text, {place.country} if place.country else ())
        if (
            not found
            or haversine_km(found[0].lat, found[0].lon, place.lat, place.lon) <= _HOMONYM_KM
        ):
            return None
        return Consulted(found[0], place.start, place.end)
    countries = report_countries(doc)
    names = _unplaced(doc, plist)
    names.sort(key=lambda n: (not any(s <= n[0] and n[1] <= e for s, e in evidence), n[0]))
    for start, end, text in names:
        found = plist.readings(text, countries or None)
        if not countries and len({p.iso3 for p in found}) != 1:
            continue
        if place is not None and place.lat is not None and place.level != "country":
            radius = _AREA_KM[
                "admin2" if place.within else place.level if place.level in _AREA_KM else "other"
            ]
            found = [p for p in found if haversine_km(p.lat, p.lon, place.lat, place.lon) <= radius]
        if found:
            return Consulted(found[0], start, end)
    return None

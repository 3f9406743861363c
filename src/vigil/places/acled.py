"""An event's place the way ACLED's coders write it: country, admin1, admin2, location, point
and geo_precision.

ACLED codes every event at the finest place the report supports and says how fine that is
(geo_precision): 1 when the town itself is named, 2 when the event happened near a town, in a
part of a region, or in a village the coder placed by its district, 3 when only a larger
region (a province, a state) is known. The event's place is the one the events stage attached
to it (``Event.where``); an event without one, or no event, falls back to the most specific
place the report names. Admin names come from the gazetteer's hierarchy (GeoNames admin1 and
admin2 of the chosen place).
"""

from __future__ import annotations

import re
from typing import Any

from vigil.document import Document
from vigil.places.gazetteer import Candidate, Gazetteer, load_gazetteer
from vigil.places.lexicon import ADMIN_SUFFIX
from vigil.records import Event, Place

#: ACLED's spelling of the few countries whose GeoNames name differs (ISO3 -> ACLED name).
ACLED_COUNTRY = {
    "COD": "Democratic Republic of Congo",
    "PSE": "Palestine",
}

#: Place levels from the finest to the widest (sites and towns before districts before states).
_RANK = {"site": 0, "city": 1, "other": 2, "admin2": 3, "admin1": 4, "country": 5}

EMPTY: dict[str, Any] = {
    "country": "",
    "admin1": "",
    "admin2": "",
    "location": "",
    "latitude": None,
    "longitude": None,
    "geo_precision": 0,
}


def _usable(p: Place) -> bool:
    return p.lat is not None and p.lon is not None and p.kind != "reference"


def _level_rank(p: Place) -> float:
    """A place the gazetteer lacks, placed in the place the text puts it in, is finer than
    that place (a village of a district, a square of a town) though it carries its point."""
    return 0.5 if p.within is not None else _RANK.get(p.level, 2)


def _rank(p: Place) -> tuple:
    """Finest first; a named place before a demonym; then the first said."""
    return (p.kind == "demonym", p.feature is not None, _level_rank(p), p.start)


def event_place(doc: Document, event: Event | None) -> Place | None:
    """The resolved place the events stage chose for ``event`` (matched on its point and name)."""
    where = event.where if event is not None else None
    if not where or where.get("lat") is None:
        return None
    same = [
        p
        for p in doc.places
        if _usable(p) and p.lat == where.get("lat") and p.lon == where.get("lon")
    ]
    # At the same point, a place the text puts inside the chosen one ("Mukayras district
    # (Al Bayda)" placed at Al Bayda) is the finer reading of it.
    named = [p for p in same if p.name == where.get("name") or p.within]
    return min(named or same, key=_rank, default=None)


def report_place(doc: Document) -> Place | None:
    """The most specific place the report gives (for an event whose sentence names none)."""
    return min((p for p in doc.places if _usable(p)), key=_rank, default=None)


def _candidate(gaz: Gazetteer, place: Place) -> Candidate | None:
    """The gazetteer entry of a place, or of the area a place "within" it lies in."""
    if place.geonameid:
        return gaz.get(place.geonameid)
    if place.within:
        for c in gaz.lookup(place.within):
            if abs(c.lat - (place.lat or 0)) < 1e-4 and abs(c.lon - (place.lon or 0)) < 1e-4:
                return c
    return None


def _inside(gaz: Gazetteer, outer: Place, inner: Place) -> bool:
    if inner.country != outer.country or _level_rank(inner) >= _level_rank(outer):
        return False
    if outer.level == "country":
        return True
    area, cand = _candidate(gaz, outer), _candidate(gaz, inner)
    if area is None or cand is None:
        return False
    return area.id in (cand.admin1, cand.admin2) or area.id == cand.id and bool(inner.within)


def _finer(doc: Document, gaz: Gazetteer, place: Place, event: Event | None) -> Place:
    """A finer place of the report inside the event's area ("protesters in Ahwar (Abyan) ...
    in South Yemen": Ahwar), one in the event's own sentence first: ACLED codes the finest
    place the text supports."""
    if place.level not in {"country", "admin1", "admin2"} and place.feature is None:
        return place
    inside = [
        p
        for p in doc.places
        if _usable(p) and p.kind == "name" and p is not place and _inside(gaz, place, p)
    ]
    if not inside:
        return place
    spans = [(ev.start, ev.end) for ev in (event.evidence if event is not None else [])]

    def key(p: Place) -> tuple:
        in_sentence = any(s <= p.start and p.end <= e for s, e in spans)
        return (not in_sentence, _level_rank(p), p.start)

    return min(inside, key=key)


#: Kind words after a name that make it a province-sized area ("Kandahar province").
_WIDE_KINDS = frozenset({"province", "state", "governorate", "oblast", "region", "prefecture"})
_KIND_AFTER = re.compile(r"\s+(\w+)")


#: Parts of a town: an event there is in the town itself (ACLED precision 1).
_TOWN_PARTS = frozenset(
    "square market neighbourhood neighborhood quarter section zone street road suburb "
    "suburbs slum slums camp".split()
)


_KIND_BEFORE = re.compile(r"\b(\w+)\s+of\s+(?:the\s+)?$")


def _said_as(doc: Document, place: Place, kinds: frozenset[str] | None = None) -> str | None:
    """The kind word written with the name ("Maidan Shar district", "the Municipality of
    Alvaro Obregon" -> "district", "municipality")."""
    allowed = kinds if kinds is not None else ADMIN_SUFFIX
    m = _KIND_AFTER.match(doc.text, place.end)
    word = m.group(1).lower() if m else ""
    if word in allowed:
        return word
    b = _KIND_BEFORE.search(doc.text, max(0, place.start - 30), place.start)
    word = b.group(1).lower() if b else ""
    return word if word in allowed else None


def _container(doc: Document, place: Place) -> Place | None:
    """The named place a place "within" lies in (same point, its name)."""
    return next(
        (
            p
            for p in doc.places
            if p.name == place.within and p.lat == place.lat and p.lon == place.lon and not p.within
        ),
        None,
    )


def precision(place: Place, kind: str | None = None) -> int:
    """ACLED's geo_precision of a resolved place (1 town, 2 near it / part of a region, 3
    wider); ``kind`` is the word the text calls it by ("district": the area, not its town)."""
    if place.within is not None:
        return 3 if place.level == "country" else 2
    if place.level in {"country", "admin1"} or place.feature is not None or kind in _WIDE_KINDS:
        return 3
    if place.level == "admin2" or place.near or kind is not None:
        return 2
    return 1


#: Words after a name that put the event around the place, not in it ("Hama countryside").
_AROUND = frozenset({"countryside", "outskirts", "suburbs", "environs", "frontline", "front"})


def _seat(gaz: Gazetteer, area: Candidate) -> Candidate | None:
    """The town an admin area is named after, inside it ("Qaysar district" -> Qaysar):
    where ACLED puts an event known only to its district or province."""
    col = "admin1" if area.level == "admin1" else "admin2"
    towns = [
        c
        for c in gaz.lookup(area.name)
        if c.level == "city" and c.country == area.country and getattr(c, col) == area.id
    ]
    return max(towns, key=lambda c: c.population, default=None)


def _admin_names(gaz: Gazetteer, cand: Candidate | None) -> tuple[str, str]:
    if cand is None:
        return "", ""
    if cand.level == "admin1":
        return cand.name, ""
    a1 = gaz.get(cand.admin1) if cand.admin1 else None
    if cand.level == "admin2":
        return (a1.name if a1 else ""), cand.name
    a2 = gaz.get(cand.admin2) if cand.admin2 else None
    return (a1.name if a1 else ""), (a2.name if a2 else "")


def _country_name(gaz: Gazetteer, iso3: str | None) -> str:
    if not iso3:
        return ""
    if iso3 in ACLED_COUNTRY:
        return ACLED_COUNTRY[iso3]
    c = gaz.country(iso3)
    return c.name if c is not None else ""


def code_location(doc: Document, event: Event | None) -> dict[str, Any]:
    """``country, admin1, admin2, location, latitude, longitude, geo_precision`` of ``event``.

    Empty strings, ``None`` coordinates and precision 0 when the report names no place
    vigil can resolve.
    """
    gaz = load_gazetteer()
    place = event_place(doc, event) or report_place(doc)
    if place is None:
        return dict(EMPTY)
    place = _finer(doc, gaz, place, event)
    cand = _candidate(gaz, place)
    admin1, admin2 = _admin_names(gaz, cand)
    name, lat, lon = place.name, place.lat, place.lon
    geo_precision = precision(place, _said_as(doc, place) or _said_as(doc, place, _AROUND))
    holder = _container(doc, place) if place.within and place.level == "city" else None
    if holder is not None:
        # "Bat Galim Square of Haifa city": in the town itself; "X village of Qaysar
        # district", "X village (Nellore)": near it.
        if _said_as(doc, place, _TOWN_PARTS) and not _said_as(doc, holder):
            name, geo_precision = holder.name, 1
    if place.level == "country":
        name = _country_name(gaz, place.country)
    elif cand is not None and place.level in {"admin1", "admin2"} and not place.within:
        seat = _seat(gaz, cand)
        if seat is not None:
            name, lat, lon = seat.name, round(seat.lat, 5), round(seat.lon, 5)
    return {
        "country": _country_name(gaz, place.country),
        "admin1": admin1,
        "admin2": admin2,
        "location": name,
        "latitude": lat,
        "longitude": lon,
        "geo_precision": geo_precision,
    }

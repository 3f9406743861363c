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

from typing import Any

from vigil.document import Document
from vigil.places.gazetteer import Candidate, Gazetteer, load_gazetteer
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


def _rank(p: Place) -> tuple:
    """Finest first; a named place before a demonym; then the first said."""
    return (p.kind == "demonym", p.feature is not None, _RANK.get(p.level, 2), p.start)


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
    named = [p for p in same if p.name == where.get("name")]
    return min(named or same, key=_rank, default=None)


def report_place(doc: Document) -> Place | None:
    """The most specific place the report gives (for an event whose sentence names none)."""
    return min((p for p in doc.places if _usable(p)), key=_rank, default=None)


def precision(place: Place) -> int:
    """ACLED's geo_precision of a resolved place (1 town, 2 near it / part of a region, 3 wider)."""
    if place.level in {"country", "admin1"} or place.feature is not None:
        return 3
    if place.level == "admin2" or place.near or place.within is not None:
        return 2
    return 1


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
    place = event_place(doc, event) or report_place(doc)
    if place is None:
        return dict(EMPTY)
    gaz = load_gazetteer()
    cand = gaz.get(place.geonameid) if place.geonameid else None
    admin1, admin2 = _admin_names(gaz, cand)
    return {
        "country": _country_name(gaz, place.country),
        "admin1": admin1,
        "admin2": admin2,
        "location": place.name if place.level != "country" else _country_name(gaz, place.country),
        "latitude": place.lat,
        "longitude": place.lon,
        "geo_precision": precision(place),
    }

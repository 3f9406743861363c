"""An event's place the way ACLED's coders write it: country, admin1, admin2, location, point
and geo_precision.

ACLED codes every event at the finest place the report supports and says how fine that is
(geo_precision): 1 when the town or village itself is named (also one the gazetteer lacks,
placed at the district the text gives it: the report's resolution, not vigil's point), 2
when the event happened near or between towns or in a part of a region, 3 when only a
larger region (a province, a state) is known. The event's place is the one the events stage attached
to it (``Event.where``); an event without one, or no event, falls back to the most specific
place the report names. Admin names come from the gazetteer's hierarchy (GeoNames admin1 and
admin2 of the chosen place).
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from vigil.document import Document
from vigil.places.acled.coded import Consulted, consult
from vigil.places.acled.precision import AROUND, BETWEEN, TOWN_PARTS, precision, said_as
from vigil.places.gazetteer import ARABIC_ARTICLES, Candidate, Gazetteer, load_gazetteer
from vigil.places.lexicon import BODY_WORDS
from vigil.places.mentions import Mention
from vigil.places.resolve.scoring import prior
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
    that place (a village of a district, a square of a town) though it carries its point;
    no finer than that, though: an unknown district placed in its province ("Godhra town
    (Panchmahal, Gujarat)") is not finer than a town the gazetteer knows."""
    rank = _RANK.get(p.level, 2)
    return rank - 0.5 if p.within is not None else rank


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


def report_place(doc: Document, demonyms: bool = True) -> Place | None:
    """The most specific place the report gives (for an event whose sentence names none);
    ``demonyms=False``: a place it names, not a country read from a nationality."""
    usable = (p for p in doc.places if _usable(p) and (demonyms or p.kind != "demonym"))
    return min(usable, key=_rank, default=None)


_CAPS_BEFORE = re.compile(r"(?:[A-Z][\w'’-]*[ -])+$")
_CAPS_AFTER = re.compile(r"(?:['’]s)?(?:[ -][A-Z][\w'’-]*)+")


#: Articles that are part of a name before it ("Ar-Raqqa", "al Hasakah", "El Fasher").
_ARTICLES = frozenset("al el ar as ash at ad az an ech es ez la le de".split())


def _body_of(doc: Document, place: Place) -> bool:
    """The name stands alone, or leads the name of a body or facility ("Aydin
    Governorship", "Donetsk Filtration Station"); it is not a word inside another name
    ("Al Shabaab militants", "Boko Haram members", "National Liberation Army")."""
    before = _CAPS_BEFORE.search(doc.text, max(0, place.start - 60), place.start)
    lead = re.findall(r"[A-Za-z'’]+", (before.group(0) if before else "").lower())
    if any(w not in _ARTICLES for w in lead):
        return False
    after = _CAPS_AFTER.match(doc.text, place.end)
    words = re.findall(r"[A-Za-z'’]+", (after.group(0) if after else "").lower())
    return not words or any(w in BODY_WORDS or w.rstrip("'’s") in BODY_WORDS for w in words)


_ACTOR_AFTER = re.compile(
    r"(?:-led)?\s+(?:\w+\s+)?(?:forces|military|army|coalition|troops|soldiers|drones?|"
    r"planes|aircrafts?|warplanes|jets|navy|air\s+force|government|authorities)\b",
    re.IGNORECASE,
)


def _actor_nationality(doc: Document, p: Place) -> bool:
    """A nationality that names the armed actor ("Saudi-led coalition", "Israeli forces",
    "Turkish drone"), not where the event took place."""
    return p.kind == "demonym" and bool(_ACTOR_AFTER.match(doc.text, p.end))


_FROM = re.compile(r"\bfrom\s+(?:the\s+)?$", re.IGNORECASE)


def _origin(doc: Document, p: Place) -> bool:
    """Said as where someone comes from ("migrant workers from Surat")."""
    return bool(_FROM.search(doc.text, max(0, p.start - 12), p.start))


def _not_an_origin(doc: Document, place: Place | None, event: Event | None) -> Place | None:
    """The event's place, unless it is where its actors came from ("workers from Surat ...
    threw stones at police at Halol check post"): then the report's place that is not an
    origin, one in the event's own sentences first."""
    if place is not None and place.kind == "demonym":
        # "Chinese demonstrators clashed with police in Kathmandu": the nationality of
        # the actors is not where it happened when the report names a place.
        return report_place(doc, demonyms=False) or place
    if place is None or not _origin(doc, place):
        return place
    spans = [(ev.start, ev.end) for ev in (event.evidence if event is not None else [])]
    others = [
        p
        for p in doc.places
        if _usable(p) and p.kind == "name" and p is not place and not _origin(doc, p)
    ]

    def key(p: Place) -> tuple:
        return (not any(s <= p.start and p.end <= e for s, e in spans), *_rank(p))

    return min(others, key=key, default=place)


def named_in_organisation(doc: Document) -> Place | None:
    """A place named only inside the name of a body or facility ("Aydin Governorship
    announced", "the Education Office of Taizz"): when the report names no other place,
    that body is where it happened, and ACLED codes its place."""
    inside = [
        p
        for p in doc.meta.get("places_in_names", [])
        if _usable(p) and p.kind in {"name", "in_name"} and _body_of(doc, p)
    ]
    return min(inside, key=_rank, default=None)


def best_guess(doc: Document, gaz: Gazetteer) -> Place | None:
    """The likeliest reading of a name the resolver left open ("San Juan" with nothing to
    tell which): ACLED codes every event somewhere, and a missing place is a wrong one, so
    the reading a context-free prior prefers (population, level, official name) stands."""
    for p in sorted(doc.places, key=lambda p: p.start):
        if p.lat is not None or p.kind != "name":
            continue
        m = Mention(p.start, p.end, p.text, "ner")
        cands = [c for c in gaz.lookup(p.text) if c.level in _RANK]
        city = p.text.split("-", 1)[0]
        if not cands and "-" in p.text and len(city) > 3 and city.lower() not in ARABIC_ARTICLES:
            # "Mogadishu-Hodan", "Beirut-Mazraa": a district written after its city.
            cands = [c for c in gaz.lookup(city) if c.level == "city"]
        best = max(cands, key=lambda c: prior(c, m), default=None)
        if best is not None:
            return Place(
                text=p.text,
                start=p.start,
                end=p.end,
                name=best.name,
                lat=round(best.lat, 5),
                lon=round(best.lon, 5),
                country=best.country,
                level=best.level,
                geonameid=best.id if best.id > 0 else None,
                near=p.near,
            )
    return None


def _candidate(gaz: Gazetteer, place: Place) -> Candidate | None:
    """The gazetteer entry of a place, or of the area a place "within" it lies in."""
    if place.geonameid:
        return gaz.get(place.geonameid)
    # A place without a GeoNames id (a derived region, a village from Ukraine's codifier)
    # or placed "within" another: the entry of that name at that point.
    for c in gaz.lookup(place.within or place.name):
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


def _coded_row(doc: Document, hit: Consulted) -> dict[str, Any]:
    """The row of a reading ACLED's coders used: their point and admin names; the precision
    the text says ("near X", "X district") when vigil read the name as a place, else the
    one the coders most often gave that location."""
    c = hit.place
    own = next((p for p in doc.places if p.start == hit.start and p.end == hit.end), None)
    kind = None if own is None else (said_as(doc, own) or said_as(doc, own, AROUND))
    if own is not None and (own.near or kind is not None):
        gp = precision(dataclasses.replace(own, within=None, level="city", feature=None), kind)
    else:
        gp = c.geo_precision or 1
    return {
        "country": c.country,
        "admin1": c.admin1,
        "admin2": c.admin2,
        "location": c.location,
        "latitude": c.lat,
        "longitude": c.lon,
        "geo_precision": gp,
    }


def code_location(doc: Document, event: Event | None) -> dict[str, Any]:
    """``country, admin1, admin2, location, latitude, longitude, geo_precision`` of ``event``.

    Empty strings, ``None`` coordinates and precision 0 when the report names no place
    vigil can resolve.
    """
    gaz = load_gazetteer()
    place = (
        _not_an_origin(doc, event_place(doc, event), event)
        or report_place(doc, demonyms=False)
        or named_in_organisation(doc)
        or best_guess(doc, gaz)
        # "Russian forces patrolled ...": the actors' nationality is where it happened
        # only when the report names no place at all, and then a nationality that is not
        # the attackers' ("Saudi-led coalition air raids along the Yemeni-Saudi border").
        or min(
            (p for p in doc.places if _usable(p)),
            key=lambda p: (_actor_nationality(doc, p), *_rank(p)),
            default=None,
        )
    )
    place = _finer(doc, gaz, place, event) if place is not None else None
    hit = consult(
        doc,
        gaz,
        place,
        [(ev.start, ev.end) for ev in (event.evidence if event is not None else [])],
        place is not None
        and any(_inside(gaz, p, place) for p in doc.places if _usable(p) and p is not place),
    )
    if hit is not None:
        return _coded_row(doc, hit)
    if place is None:
        return dict(EMPTY)
    cand = _candidate(gaz, place)
    admin1, admin2 = _admin_names(gaz, cand)
    name, lat, lon = place.name, place.lat, place.lon
    kind = said_as(doc, place) or said_as(doc, place, AROUND)
    if kind is None and BETWEEN.search(doc.text, max(0, place.start - 60), place.start):
        kind = "between"  # "between Banh and Koumbri": near both, at neither (2)
    geo_precision = precision(place, kind)
    holder = _container(doc, place) if place.within and place.level == "city" else None
    if holder is not None:
        # "Bat Galim Square of Haifa city": in the town itself; "X village of Qaysar
        # district", "X village (Nellore)": near it.
        if said_as(doc, place, TOWN_PARTS) and not said_as(doc, holder):
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

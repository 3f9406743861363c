"""Where an event happened relative to a site: at it, inside its radius, near, same country.

Distances are measured only from points that mean a place (a site, a town); an
event located only to a country, or at a country's centroid, counts as
country-wide. An event with no place at all falls back to its article's main
country, at a discount.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from vigil.assess.config import Weights
from vigil.assess.evidence import EventRecord
from vigil.registry.geo import alpha3, country_at, haversine_km
from vigil.registry.model import RegisteredSite


def _fold(s: str | None) -> str:
    return (s or "").casefold().strip()


@dataclass
class Where:
    factor: float
    distance_km: float | None
    relation: str
    country: str | None
    inside: bool = False


def names_a_country(name: str | None) -> bool:
    return bool(name) and len(name.strip()) > 3 and alpha3(name) is not None


def event_country(rec: EventRecord) -> str | None:
    where = rec.event.where or {}
    code = alpha3(where.get("country")) if where.get("country") else None
    if code is None and (where.get("precision") == "country" or names_a_country(where.get("name"))):
        code = alpha3(where.get("name"))
    lat, lon = where.get("lat"), where.get("lon")
    if code is None and lat is not None and lon is not None and where.get("precision") != "country":
        code = _country_at(round(float(lat), 3), round(float(lon), 3))
    return code


@lru_cache(maxsize=4096)
def _country_at(lat: float, lon: float) -> str | None:
    """A located event whose record names no country is in the country of its point."""
    return country_at(lat, lon)


def locate(rec: EventRecord, site: RegisteredSite, w: Weights) -> Where:
    where = rec.event.where or {}
    place = w["place"]
    country = event_country(rec)
    names = site.names()
    if _fold(where.get("site")) in names or (
        where.get("precision") != "country" and _fold(where.get("name")) in names
    ):
        lat, lon = where.get("lat"), where.get("lon")
        d = (
            0.0
            if lat is None or lon is None
            else haversine_km(site.lat, site.lon, float(lat), float(lon))
        )
        relation = "near the site" if where.get("precision") == "near" else "at the site"
        return Where(float(place["inside"]), d, relation, country or site.country, True)
    lat, lon = where.get("lat"), where.get("lon")
    precision = where.get("precision") or "exact"
    if names_a_country(where.get("name")):
        precision = "country"  # a country's centroid is no place to measure distance from
    vague = not where or precision == "country" or (lat is None and not where.get("name"))
    if vague and names & rec.sentence_sites:
        # placed no closer than a country, but its own sentence names this site
        f = float(place["inside"]) * float(place.get("edge", 1.0))
        return Where(f, None, "in a sentence naming the site", country or site.country)
    if lat is not None and lon is not None and precision != "country":
        d = haversine_km(site.lat, site.lon, float(lat), float(lon))
        background = float(place["country"]) if country and country == site.country else 0.0
        if precision == "admin":
            # a province or district: we know the area, not the spot
            if d <= float(place["admin_km"]):
                return Where(max(float(place["admin"]), background), d, "in the same area", country)
            if background:
                return Where(background, d, "elsewhere in the country", country)
            return Where(0.0, d, "far away", country)
        eff = max(0.0, d - float(place["uncertainty_km"].get(precision, 0)))
        inside, edge = float(place["inside"]), float(place.get("edge", 1.0))
        if eff <= site.radius_km:
            # full weight at the gate, `edge` of it at the radius: nearer matters more
            f = inside * (1.0 - (1.0 - edge) * eff / site.radius_km) if site.radius_km else inside
            return Where(f, d, "inside radius", country, True)
        beyond = eff - site.radius_km
        if beyond <= float(place["near_km"]):
            f = inside * edge * math.exp(-beyond / float(place["near_scale_km"]))
            return Where(max(f, background), d, "near", country)
        if country and country == site.country:
            return Where(float(place["country"]), d, "elsewhere in the country", country)
        return Where(0.0, d, "far away", country)
    if country is None and not where:
        country = rec.article_country
        if country and country == site.country:
            f = float(place["country"]) * float(place["unlocated"])
            return Where(f, None, "unlocated, in the country", country)
        return Where(0.0, None, "unlocated", country)
    if country and country == site.country:
        return Where(float(place["country"]), None, "country-wide", country)
    return Where(0.0, None, "elsewhere", country)

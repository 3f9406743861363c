"""Where an area's point goes: countries, and admin areas without a published point.

Split out of ``build_gazetteer.py``: these are the geometric choices of the
index (the centroid of a country's main landmass, the convention for a
country's point, the centre of an area's member towns), apart from the
assembling of names and rows.
"""

from __future__ import annotations

import math

from gazetteer_sources import km

#: Accuracy tolerance geoparsing is scored at (100 miles).
TOLERANCE_KM = 161.0


def polygon_centroid(ring: list[list[float]]) -> tuple[float, float, float]:
    """(area, lat, lon) of a lon/lat ring by the shoelace formula on plain lon/lat.

    Plain lon/lat, as GIS tools compute the centroid of unprojected data.
    """
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        a += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(a) < 1e-12:
        return 0.0, sum(p[1] for p in ring) / len(ring), sum(p[0] for p in ring) / len(ring)
    return abs(a) / 2, cy / (3 * a), cx / (3 * a)


def outline_centre(info: dict) -> tuple[float, float] | None:
    """Centroid of the country's main landmass (its largest outline polygon)."""
    best: tuple[float, float, float] | None = None
    for feat in (info.get("geoJSON") or {}).get("features", []):
        geom = feat.get("geometry") or {}
        polys = geom.get("coordinates") or []
        if geom.get("type") == "Polygon":
            polys = [polys]
        for poly in polys:
            if poly and len(poly[0]) >= 3:
                part = polygon_centroid(poly[0])
                if best is None or part[0] > best[0]:
                    best = part
    return (best[1], best[2]) if best else None


def town_centre(points: list[tuple[float, float, int]]) -> tuple[float, float]:
    """Centre of an area from its member towns: midpoint of the 1-99 percentile box."""
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)

    def mid(vals: list[float]) -> float:
        lo = vals[int(0.01 * (len(vals) - 1))]
        hi = vals[int(math.ceil(0.99 * (len(vals) - 1)))]
        return (lo + hi) / 2

    if max(lons) - min(lons) > 180:  # straddles the antimeridian (Alaska, Fiji...)
        lons = sorted(lon + 360 if lon < 0 else lon for lon in lons)
        lon = mid(lons)
        return mid(lats), lon - 360 if lon > 180 else lon
    return mid(lats), mid(lons)


def country_point(
    geonames: tuple[float, float] | None,
    atlas: tuple[float, float] | None,
    outline: tuple[float, float] | None,
) -> tuple[float, float] | None:
    """The point of a country, between the two conventions gazetteers use.

    Two conventions disagree by 200-850 km for big countries: the reference
    point (GeoNames' own country feature, what GeoNames-based gold and
    geoparsers use; the atlas point, CIA World Factbook, where GeoNames has
    moved its point more than 322 km away from it, as for Canada) and the
    centroid of the main landmass. Where they are within twice the tolerance of
    each other, their midpoint is within it of both; further apart (Canada,
    Indonesia, archipelagos) the midpoint would be wrong under both, so the
    reference point is kept.
    """
    ref = atlas
    if geonames and (ref is None or km(*geonames, *ref) <= 2 * TOLERANCE_KM):
        ref = geonames
    if ref and outline and km(*ref, *outline) <= 2 * TOLERANCE_KM:
        return (ref[0] + outline[0]) / 2, (ref[1] + outline[1]) / 2
    return ref or outline

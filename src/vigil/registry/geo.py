"""Geography the registry and assessment need: distances and which country a point is in.

Country comes from the nearest town of at least 15,000 people in the packaged
gazetteer (GeoNames, :mod:`vigil.places.gazetteer`); a site far from any town (open sea, desert) gets ``None`` and
then only counts events located by distance, never country-wide ones.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import TYPE_CHECKING

from vigil.places.gazetteer import haversine_km

if TYPE_CHECKING:  # numpy is imported by the one function that needs it (a start-up cost)
    import numpy as np

__all__ = ["haversine_km", "country_at", "alpha3", "country_name"]

EARTH_RADIUS_KM = 6371.0088
#: A point further than this from every known town is not given a country.
MAX_COUNTRY_SNAP_KM = 250.0
#: Towns this large place a point in a country (GeoNames' cities15000 threshold).
TOWN_POPULATION = 15_000


@lru_cache(maxsize=1)
def _towns() -> tuple[np.ndarray, np.ndarray, list[str]]:
    import numpy as np

    from vigil.places.gazetteer import load_gazetteer

    towns = load_gazetteer().towns(min_population=TOWN_POPULATION)
    lat = np.radians(np.array([t[1] for t in towns], dtype=float))
    lon = np.radians(np.array([t[2] for t in towns], dtype=float))
    return lat, lon, [t[3] for t in towns]


def country_at(lat: float, lon: float) -> str | None:
    """ISO alpha-3 of the country the point lies in (nearest town's country), or None."""
    import numpy as np

    tlat, tlon, codes = _towns()
    p, lam = math.radians(lat), math.radians(lon)
    a = np.sin((tlat - p) / 2) ** 2 + np.cos(p) * np.cos(tlat) * np.sin((tlon - lam) / 2) ** 2
    d = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(1.0, a)))
    i = int(np.argmin(d))
    if d[i] > MAX_COUNTRY_SNAP_KM:
        return None
    return alpha3(codes[i])


@lru_cache(maxsize=512)
def alpha3(code_or_name: str | None) -> str | None:
    """Normalise a country given as alpha-2, alpha-3 or name to ISO alpha-3."""
    if not code_or_name:
        return None
    import pycountry

    value = code_or_name.strip()
    try:
        if len(value) == 2:
            hit = pycountry.countries.get(alpha_2=value.upper())
        elif len(value) == 3:
            hit = pycountry.countries.get(alpha_3=value.upper())
        else:
            hit = pycountry.countries.lookup(value)
    except LookupError:
        hit = None
    return hit.alpha_3 if hit else None


def country_name(code: str | None) -> str:
    """A readable country name for text output."""
    if not code:
        return "unknown country"
    import pycountry

    hit = pycountry.countries.get(alpha_3=code)
    return getattr(hit, "common_name", None) or (hit.name if hit else code)

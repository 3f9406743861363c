"""Read and write the registry as YAML, CSV or GeoJSON.

The YAML form is the one users write by hand (``demo/sites.yaml``)::

    organisation: NAME
    sites: [{ref, name, lat, lon, aliases, people, kind, radius_km, tags, country}]
    presence: [{country, people, who}]

CSV has one row per record with a ``record`` column (``site`` or ``presence``;
absent means site) and ``;``-separated lists; GeoJSON is a FeatureCollection of
Points (sites) plus geometry-less features (presence). Every format round-trips:
exporting and re-importing yields the same registry.

``ref`` is optional: a site's stable key in its organisation (letters, digits and
``._:-``, up to 64). Import matches a site by its ref first, then by its name, so
a file that renames a site (same ref, new name) renames it; export writes every
site's ref (one is made for a site registered without).
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
from pathlib import Path
from typing import Any

import yaml

from vigil.registry.geo import alpha3
from vigil.registry.model import (
    DEFAULT_ORGANISATION,
    Organisation,
    Presence,
    RegisteredSite,
    Registry,
)

FORMATS = ("yaml", "csv", "geojson")
#: Same default as the places stage's sites file reader.
DEFAULT_RADIUS_KM = 10.0
#: What a site's ref may be (ASCII, so no look-alike letters make two refs of one).
REF_PATTERN = r"[A-Za-z0-9._:-]{1,64}"
CSV_FIELDS = [
    "record",
    "organisation",
    "ref",
    "name",
    "lat",
    "lon",
    "kind",
    "radius_km",
    "people",
    "aliases",
    "tags",
    "country",
    "who",
]


class RegistryFileError(ValueError):
    """A registry file that cannot be read, with the file and the reason in the message."""


def format_of(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return "yaml"
    if suffix == ".csv":
        return "csv"
    if suffix in (".geojson", ".json"):
        return "geojson"
    raise RegistryFileError(f"{path}: unknown registry format {suffix!r} (yaml, csv, geojson)")


def load_registry(path: Path, organisation: str | None = None) -> Registry:
    """Read a registry file of any supported format; ``organisation`` overrides the file's."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RegistryFileError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    fmt = format_of(path)
    try:
        if fmt == "yaml":
            reg = _from_yaml(path, text, organisation)
        elif fmt == "csv":
            reg = _from_csv(text, organisation)
        else:
            reg = _from_geojson(json.loads(text), organisation)
    except (ValueError, TypeError, KeyError, yaml.YAMLError) as exc:
        raise RegistryFileError(f"{path}: {exc}") from exc
    return reg


def dump_registry(reg: Registry, fmt: str) -> str:
    """Render the registry in ``fmt`` (yaml, csv or geojson)."""
    if fmt == "yaml":
        return _to_yaml(reg)
    if fmt == "csv":
        return _to_csv(reg)
    if fmt == "geojson":
        return json.dumps(_to_geojson(reg), indent=2, ensure_ascii=False) + "\n"
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


# ---------------------------------------------------------------- parsing helpers


def _list(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(";") if v.strip()]
    if isinstance(value, list | tuple):
        return [str(v).strip() for v in value if str(v).strip()]
    raise ValueError(f"expected a list, got {value!r}")


def _number(value: Any, what: str, name: str, kind: type = float) -> Any:
    try:
        return kind(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name}: {what} must be a number, got {value!r}") from None


def site_ref(value: Any, name: str = "site") -> str | None:
    """A file's ``ref`` checked (None when absent): it is matched exactly, so it must
    be a plain key, not free text that a spreadsheet might re-space or re-case."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ValueError(f"{name}: ref must be a string, got {value!r}")
    ref = str(value).strip()
    if not re.fullmatch(REF_PATTERN, ref):
        raise ValueError(f"{name}: ref {ref!r} must be up to 64 letters, digits or ._:-")
    return ref


def make_site(raw: dict[str, Any], organisation: str) -> RegisteredSite:
    """One site from a mapping, validated; errors name the site and the field."""
    if not isinstance(raw, dict):
        raise ValueError(f"a site must be a mapping, got {raw!r}")
    name = str(raw.get("name") or "").strip()
    if not name:
        raise ValueError(f"site without a name: {raw!r}")
    lat = _number(raw.get("lat"), "lat", name)
    lon = _number(raw.get("lon"), "lon", name)
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError(f"{name}: coordinates ({lat}, {lon}) are out of range")
    radius = raw.get("radius_km")
    people = raw.get("people")
    country = raw.get("country") or None
    return RegisteredSite(
        name=name,
        lat=lat,
        lon=lon,
        kind=str(raw.get("kind") or "site"),
        radius_km=DEFAULT_RADIUS_KM if radius in (None, "") else _number(radius, "radius_km", name),
        people=0 if people in (None, "") else _number(people, "people", name, int),
        aliases=_list(raw.get("aliases")),
        tags=_list(raw.get("tags")),
        organisation=str(raw.get("organisation") or organisation),
        country=alpha3(country) if country else None,
        ref=site_ref(raw.get("ref"), name),
    )


def make_presence(raw: dict[str, Any], organisation: str) -> Presence:
    if not isinstance(raw, dict):
        raise ValueError(f"a presence must be a mapping, got {raw!r}")
    code = alpha3(str(raw.get("country") or ""))
    if not code:
        raise ValueError(f"presence: unknown country {raw.get('country')!r}")
    people = raw.get("people")
    return Presence(
        country=code,
        people=0 if people in (None, "") else _number(people, "people", code, int),
        who=str(raw.get("who") or ""),
        organisation=str(raw.get("organisation") or organisation),
    )


def _finish(sites: list[RegisteredSite], presence: list[Presence]) -> Registry:
    orgs = sorted({s.organisation for s in sites} | {p.organisation for p in presence})
    return Registry([Organisation(o) for o in orgs], sites, presence)


def _from_yaml(path: Path, text: str, organisation: str | None) -> Registry:
    """YAML through the places stage's validating reader (one format, one owner)."""
    from vigil.places.sites import SitesFileError, read_sites_file

    try:
        parsed = read_sites_file(path)
    except SitesFileError as exc:
        raise ValueError(exc.reason) from None
    raw = yaml.safe_load(text) or {}
    default = organisation or parsed.organisation or DEFAULT_ORGANISATION
    sites = [
        make_site(
            {
                **dataclasses.asdict(s),
                "country": (raw["sites"][i] or {}).get("country"),
                "ref": (raw["sites"][i] or {}).get("ref"),
                "organisation": organisation or s.organisation or default,
            },
            default,
        )
        for i, s in enumerate(parsed.sites)
    ]
    presence = [
        make_presence(
            {"country": p.country, "people": p.people, "who": p.who},
            organisation or (raw["presence"][i] or {}).get("organisation") or default,
        )
        for i, p in enumerate(parsed.presence)
    ]
    return _finish(sites, presence)


def _from_csv(text: str, organisation: str | None) -> Registry:
    sites, presence = [], []
    for line, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        org = organisation or row.get("organisation") or DEFAULT_ORGANISATION
        row = {**row, "organisation": org}
        try:
            if (row.get("record") or "site").strip() == "presence":
                presence.append(make_presence(row, org))
            else:
                sites.append(make_site(row, org))
        except ValueError as exc:
            raise ValueError(f"line {line}: {exc}") from None
    return _finish(sites, presence)


def _from_geojson(data: Any, organisation: str | None) -> Registry:
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise ValueError("expected a GeoJSON FeatureCollection")
    sites, presence = [], []
    for feat in data.get("features") or []:
        props = dict(feat.get("properties") or {})
        org = organisation or props.get("organisation") or DEFAULT_ORGANISATION
        props["organisation"] = org
        geom = feat.get("geometry")
        if props.get("record") == "presence" or geom is None:
            presence.append(make_presence(props, org))
            continue
        if geom.get("type") != "Point":
            raise ValueError(f"{props.get('name')}: only Point geometries are sites")
        lon, lat = geom["coordinates"][:2]
        sites.append(make_site({**props, "lat": lat, "lon": lon}, org))
    return _finish(sites, presence)


# ---------------------------------------------------------------- writers


def _site_dict(s: RegisteredSite) -> dict[str, Any]:
    d: dict[str, Any] = {"ref": s.ref} if s.ref else {}
    d |= {
        "name": s.name,
        "lat": s.lat,
        "lon": s.lon,
        "kind": s.kind,
        "radius_km": s.radius_km,
        "people": s.people,
        "aliases": list(s.aliases),
        "tags": list(s.tags),
    }
    if s.country:
        d["country"] = s.country
    return d


def _to_yaml(reg: Registry) -> str:
    """One document; sites/presence of other organisations than the first name theirs."""
    orgs = [o.name for o in reg.organisations] or [DEFAULT_ORGANISATION]
    main = orgs[0]
    sites = []
    for s in reg.sites:
        d = _site_dict(s)
        if s.organisation != main:
            d["organisation"] = s.organisation
        sites.append(d)
    presence = []
    for p in reg.presence:
        d = {"country": p.country, "people": p.people, "who": p.who}
        if p.organisation != main:
            d["organisation"] = p.organisation
        presence.append(d)
    doc = {"organisation": main, "sites": sites, "presence": presence}
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True)


def _to_csv(reg: Registry) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for s in reg.sites:
        d = _site_dict(s)
        d.update(
            record="site",
            organisation=s.organisation,
            aliases=";".join(s.aliases),
            tags=";".join(s.tags),
        )
        writer.writerow(d)
    for p in reg.presence:
        writer.writerow(
            {
                "record": "presence",
                "organisation": p.organisation,
                "country": p.country,
                "people": p.people,
                "who": p.who,
            }
        )
    return buf.getvalue()


def _to_geojson(reg: Registry) -> dict[str, Any]:
    feats: list[dict[str, Any]] = []
    for s in reg.sites:
        props = _site_dict(s)
        props.pop("lat"), props.pop("lon")
        props.update(record="site", organisation=s.organisation)
        feats.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [s.lon, s.lat]},
                "properties": props,
            }
        )
    for p in reg.presence:
        feats.append(
            {
                "type": "Feature",
                "geometry": None,
                "properties": {
                    "record": "presence",
                    "organisation": p.organisation,
                    "country": p.country,
                    "people": p.people,
                    "who": p.who,
                },
            }
        )
    return {"type": "FeatureCollection", "features": feats}

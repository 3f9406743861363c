"""Registered sites (bases, offices, compounds) from a YAML file, without a database.

The format (see ``demo/sites.yaml``)::

    organisation: New Zealand Defence Force     # default owner of every site below
    sites:
    - name: Camp Taji                           # required
      lat: 33.5294                              # required, -90..90
      lon: 44.2775                              # required, -180..180
      aliases: [Taji, Taji Military Complex]    # other names the text may use
      people: 45                                # staff there (for threat assessment)
      kind: base                                # base | office | embassy | city | ...
      radius_km: 25                             # area the site cares about
      tags: [foreign-military]
      organisation: ...                         # optional, overrides the default
    presence:                                   # people without a fixed site
    - {country: IRQ, people: 15, who: New Zealand citizens}

:class:`Site` is shared with the site-assessment stage (``vigil.assess``) and its
database registry; this module owns the file format. A bad file raises
:class:`SitesFileError` naming the file and what is wrong with it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml


class SitesFileError(ValueError):
    """A sites file that cannot be used; the message names the file and the reason."""

    def __init__(self, path: Path | str, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{path}: {reason}")


@dataclass
class Site:
    """A place an organisation cares about, with the names the news may use for it."""

    name: str
    lat: float
    lon: float
    aliases: list[str] = field(default_factory=list)
    kind: str = "site"
    radius_km: float = 10.0
    people: int = 0
    tags: list[str] = field(default_factory=list)
    organisation: str | None = None

    @property
    def names(self) -> list[str]:
        """The name and aliases, without duplicates, longest first (for matching)."""
        seen: dict[str, None] = {self.name: None}
        for alias in self.aliases:
            seen.setdefault(alias, None)
        return sorted(seen, key=len, reverse=True)


@dataclass
class Presence:
    """People of the organisation in a country without a registered site."""

    country: str
    people: int = 0
    who: str | None = None


@dataclass
class SitesFile:
    sites: list[Site]
    presence: list[Presence]
    organisation: str | None = None


def _number(path: Path, where: str, value: Any, lo: float, hi: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise SitesFileError(path, f"{where}: expected a number, got {value!r}")
    if not lo <= float(value) <= hi:
        raise SitesFileError(path, f"{where}: {value} is outside {lo}..{hi}")
    return float(value)


def _strings(path: Path, where: str, value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise SitesFileError(path, f"{where}: expected a list of strings, got {value!r}")
    return list(value)


def _site(path: Path, i: int, raw: Any, default_org: str | None) -> Site:
    if not isinstance(raw, dict):
        raise SitesFileError(path, f"sites[{i}]: expected a mapping, got {raw!r}")
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise SitesFileError(path, f"sites[{i}]: missing 'name'")
    where = f"site {name!r}"
    for key in ("lat", "lon"):
        if key not in raw:
            raise SitesFileError(path, f"{where}: missing '{key}'")
    people = raw.get("people", 0) or 0
    if isinstance(people, bool) or not isinstance(people, int) or people < 0:
        raise SitesFileError(path, f"{where}: 'people' must be a whole number >= 0")
    org = raw.get("organisation", default_org)
    return Site(
        name=name.strip(),
        lat=_number(path, f"{where} lat", raw["lat"], -90, 90),
        lon=_number(path, f"{where} lon", raw["lon"], -180, 180),
        aliases=[a.strip() for a in _strings(path, f"{where} aliases", raw.get("aliases"))],
        kind=str(raw.get("kind") or "site"),
        radius_km=_number(path, f"{where} radius_km", raw.get("radius_km", 10.0), 0, 20000),
        people=people,
        tags=_strings(path, f"{where} tags", raw.get("tags")),
        organisation=org if isinstance(org, str) else None,
    )


def read_sites_file(path: Path | str) -> SitesFile:
    """Parse and validate a whole sites file (sites and presence)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SitesFileError(path, f"cannot read sites file ({exc.strerror or exc})") from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise SitesFileError(path, f"not valid YAML ({exc})") from exc
    if not isinstance(data, dict) or "sites" not in data:
        raise SitesFileError(path, "expected a mapping with a 'sites' list")
    raw_sites = data.get("sites") or []
    if not isinstance(raw_sites, list):
        raise SitesFileError(path, "'sites' must be a list")
    org = data.get("organisation")
    org = org if isinstance(org, str) else None
    sites = [_site(path, i, raw, org) for i, raw in enumerate(raw_sites)]
    presence: list[Presence] = []
    for i, raw in enumerate(data.get("presence") or []):
        if not isinstance(raw, dict) or not isinstance(raw.get("country"), str):
            raise SitesFileError(path, f"presence[{i}]: expected a mapping with a 'country'")
        presence.append(
            Presence(country=raw["country"], people=int(raw.get("people") or 0), who=raw.get("who"))
        )
    return SitesFile(sites=sites, presence=presence, organisation=org)


def load_sites_file(path: Path | str) -> list[Site]:
    """The registered sites of a YAML sites file; raises :class:`SitesFileError` if bad."""
    return read_sites_file(path).sites

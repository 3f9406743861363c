"""Plain records for what an organisation registers: sites and country presence.

Kept independent of the database so that assessment can run over a sites file
alone (``vigil extract --sites FILE``, tests) exactly as over the stored registry.
"""

from __future__ import annotations

from dataclasses import dataclass, field

DEFAULT_ORGANISATION = "default"


@dataclass
class RegisteredSite:
    """A place an organisation cares about, with the radius inside which events concern it."""

    name: str
    lat: float
    lon: float
    kind: str = "site"
    radius_km: float = 10.0
    people: int = 0
    aliases: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    organisation: str = DEFAULT_ORGANISATION
    country: str | None = None  # ISO 3166 alpha-3; derived from coordinates when absent
    #: stable key, unique in the organisation: import matches it before the name
    ref: str | None = None

    def names(self) -> set[str]:
        """Every name the site goes by, case-folded, for matching event locations."""
        return {n.casefold() for n in [self.name, *self.aliases] if n}


@dataclass
class Presence:
    """People of an organisation in a country without a fixed site (e.g. citizens)."""

    country: str  # ISO 3166 alpha-3
    people: int = 0
    who: str = ""
    organisation: str = DEFAULT_ORGANISATION


@dataclass
class Organisation:
    name: str


@dataclass
class Registry:
    """Everything registered: what one import file or the database holds."""

    organisations: list[Organisation] = field(default_factory=list)
    sites: list[RegisteredSite] = field(default_factory=list)
    presence: list[Presence] = field(default_factory=list)

    def site(self, name: str) -> RegisteredSite | None:
        key = name.casefold()
        for s in self.sites:
            if key in s.names():
                return s
        return None

"""The typed facts that pipeline stages attach to a :class:`vigil.document.Document`.

Every record serialises to exactly the shape of the extraction record
(``shared/spec/extract-output.md``) via :func:`to_dict`; extra fields are allowed
by the contract, so records may carry more than the spec names.
Offsets are character offsets into ``Document.text``, end exclusive.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any


def to_dict(obj: Any) -> Any:
    """Serialise a record (or list/dict of records) to plain JSON-able data."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_dict(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, list | tuple):
        return [to_dict(x) for x in obj]
    if isinstance(obj, dict):
        return {k: to_dict(v) for k, v in obj.items()}
    return obj


@dataclass
class Mention:
    text: str
    start: int
    end: int


@dataclass
class Entity:
    """One real-world actor, once per document, with every mention of it."""

    id: str
    canonical: str
    type: str  # PERSON, ORG, GPE, NORP, ...
    country: str | None = None  # ISO 3166 alpha-3
    sector: str | None = None  # GOV, MIL, LEG, JUD, POL, CVL, MED, REB, BUS, IGO, ...
    role: str | None = None
    mentions: list[Mention] = field(default_factory=list)


@dataclass
class EntityRef:
    """A pointer from a quote, quantity or event to an entity of the same document."""

    entity: str | None
    name: str | None


@dataclass
class TimeExpr:
    text: str
    start: int
    end: int
    value: str  # ISO: YYYY, YYYY-MM, YYYY-MM-DD, or START/END for ranges
    granularity: str  # day | month | year | range


@dataclass
class Place:
    text: str
    start: int
    end: int
    name: str
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    level: str = "other"  # country | admin1 | admin2 | city | site | other
    geonameid: int | None = None
    site: str | None = None
    kind: str = "name"  # name | demonym ("Iraqi" -> IRQ) | reference ("the camp", "their base")
    near: bool = False  # introduced as "near X", "north of X", "outside X"
    # GeoNames feature code (CONT, SEA, LK, MTS, RGN ...) of a continent, sea, range or
    # world region: an area too wide for its point to be a place to measure from.
    feature: str | None = None
    # A place the gazetteer does not know, placed at the place the text says it
    # lies in ("Greenlane, Auckland" -> "Auckland"): lat/lon and level are that place's.
    within: str | None = None


@dataclass
class Quote:
    text: str
    start: int
    end: int
    kind: str  # direct | indirect | partial
    speaker: EntityRef | None = None
    speaker_text: str | None = None
    cue: str | None = None
    # extras: where the speaker mention stands (for scoring against span gold)
    speaker_start: int | None = None
    speaker_end: int | None = None


@dataclass
class Quantity:
    text: str
    start: int
    end: int
    value: float | int | None
    unit: str
    of: EntityRef | None = None
    at: str | None = None
    claimed_by: EntityRef | None = None
    # extras: "more than 200" -> bound "min"; "10 to 20" -> range [10, 20]
    bound: str | None = None  # min | max | approx | None (exact)
    range: list[float | int] | None = None
    of_relation: str | None = None  # "with": killed together with `of`, not members of it
    continues: bool = False  # "five more ...": adds to the previous figure of the same owner
    measure: str | None = None  # currency code for money (USD), length unit for distance (km)


@dataclass
class Conflict:
    about: str
    values: list[float | int]
    evidence: list[str] = field(default_factory=list)


@dataclass
class Evidence:
    text: str
    start: int
    end: int


#: The keys of an event's ACLED row (``Event.acled``), in ACLED's export order: the
#: fields vigil codes for each event (``vigil.events.acled.rows``; exported by ``vigil export``).
ACLED_ROW_KEYS: tuple[str, ...] = (
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "country",
    "admin1",
    "admin2",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "fatalities",
)


@dataclass
class Event:
    id: str
    category: str
    mode: str | None = None
    negated: bool = False
    hypothetical: bool = False
    actor: list[EntityRef] = field(default_factory=list)
    recipient: list[EntityRef] = field(default_factory=list)
    where: dict[str, Any] | None = None
    when: dict[str, Any] | None = None
    fatalities: int | None = None
    acled: dict[str, Any] | None = None  # ACLED row: type, actors, place, fatalities
    evidence: list[Evidence] = field(default_factory=list)
    confidence: float = 0.0

    @property
    def factual(self) -> bool:
        """Reported as done: neither negated nor only held possible. Only these count."""
        return not (self.negated or self.hypothetical)


@dataclass
class Caption:
    text: str
    credit: str | None = None

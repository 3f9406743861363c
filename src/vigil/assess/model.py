"""What an assessment says: level, posture, score, and the reasons behind each point."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from vigil.records import to_dict


@dataclass
class Reason:
    """One event's part in a score, with every factor that produced it."""

    event_id: str
    article_id: str
    category: str
    mode: str | None
    sentence: str
    source: str | None
    title: str | None
    published: str | None
    date: str | None
    place: str | None
    distance_km: float | None
    relation: str  # at the site | inside radius | near | elsewhere in country | bears on ... | ...
    fatalities: int | None
    hypothetical: bool
    severity: float
    place_factor: float
    recency: float
    corroboration: float
    sources: list[str]
    contribution: float
    rule: str | None = None
    severe: bool = False  # inside the radius and severe enough to alert on its own
    #: Every outlet behind this reason, with its owner and reliability grade (A-F).
    citations: list[dict[str, Any]] = field(default_factory=list)
    #: The canonical event (vigil.stories) these reports tell, when stories ran.
    canonical_id: int | None = None
    #: How many reports (articles) of the event fell in the window.
    reports: int = 1
    #: Distinct owners among the sources: what corroboration counts.
    independent_sources: int = 1
    #: What the reports in the window say, together: the highest death toll and every
    #: actor named. An alert is updated (CAP ``Update``) when these grow.
    facts: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return to_dict(self)


@dataclass
class Assessment:
    subject_type: str  # site | presence
    subject: str
    organisation: str
    at: date
    window_days: int
    level: int
    posture: str
    score: float
    trend: str
    reasons: list[Reason] = field(default_factory=list)
    lat: float | None = None
    lon: float | None = None
    radius_km: float | None = None
    country: str | None = None
    people: int = 0
    floor: str | None = None  # the rule that raised the level, if one did
    trend_factor: float = 1.0
    #: The rung above: its level, the score it needs and its posture (None at the top).
    next_level: int | None = None
    next_score: float | None = None
    next_posture: str | None = None

    def as_dict(self) -> dict[str, Any]:
        d = to_dict(self)
        d["at"] = self.at.isoformat()
        return d

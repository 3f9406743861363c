"""An alert before and after it is stored."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass
class Alert:
    """One thing to tell subscribers about, identified by its dedupe key.

    The key makes alerts idempotent: the same level change, or the same event at
    the same site, reported again by ten more articles, is still one alert.
    """

    dedupe_key: str
    kind: str  # level_change | severe_event
    site: str
    organisation: str
    level: int
    headline: str
    description: str
    previous_level: int | None = None
    lat: float | None = None
    lon: float | None = None
    radius_km: float | None = None
    event_id: str | None = None
    payload: dict[str, Any] = field(default_factory=dict)
    id: int | None = None
    created_at: datetime | None = None

    def body(self) -> dict[str, Any]:
        """The JSON document sent to webhooks."""
        return {
            "id": self.id,
            "dedupe_key": self.dedupe_key,
            "kind": self.kind,
            "site": self.site,
            "organisation": self.organisation,
            "level": self.level,
            "previous_level": self.previous_level,
            "headline": self.headline,
            "description": self.description,
            "lat": self.lat,
            "lon": self.lon,
            "radius_km": self.radius_km,
            "event_id": self.event_id,
            "created_at": self.created_at.isoformat() + "Z" if self.created_at else None,
            **self.payload,
        }

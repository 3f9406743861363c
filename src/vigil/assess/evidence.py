"""The unit the assessment reads: one extracted event with the article it came from.

An event alone lacks what an assessment must show (which outlet, when it was
published, what kind of actor acted), so each is paired with that context. Built
from a pipeline ``Document`` or from stored extraction records alike.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlparse

from vigil.records import EntityRef, Event, Evidence


@dataclass
class Party:
    """An actor or recipient resolved against the article's entities."""

    name: str
    type: str | None = None
    country: str | None = None
    sector: str | None = None


@dataclass
class EventRecord:
    event: Event
    article_id: str
    source: str | None = None
    title: str | None = None
    published: date | None = None
    url: str | None = None
    actors: list[Party] = field(default_factory=list)
    recipients: list[Party] = field(default_factory=list)
    #: The article's main country (most-mentioned), for events placed nowhere.
    article_country: str | None = None
    #: Registered sites the places stage found inside the event's evidence sentences.
    sentence_sites: set[str] = field(default_factory=set)
    #: The canonical event (a ``canonical_events`` row, vigil.stories) this event
    #: reports, when stories have been formed; reports of one id are scored once.
    canonical: dict[str, Any] | None = None

    @property
    def outlet(self) -> str:
        """Who published it, for judging independence of sources."""
        for loc in (self.url, self.source):
            if loc and "://" in loc:
                return urlparse(loc).netloc.lower().removeprefix("www.")
        return self.source or self.article_id

    def citation(self) -> dict[str, Any]:
        """The outlet with its owner and reliability grade, for every citation."""
        from vigil.stories.sources import outlet

        o = outlet(self.outlet)
        return {**o.as_dict(), "article_id": self.article_id}

    @property
    def key(self) -> str:
        return f"{self.article_id}/{self.event.id}"

    def day(self) -> date | None:
        """When it happened, as one day: the day if known, the end of a range, the middle
        of a month or year (never after publication), else the publication date.

        The middle, not the start or end, so that "last year" falls outside a two-week
        window while "this month" stays inside it.
        """
        when = self.event.when or {}
        value = str(when.get("value") or "")
        for part in reversed(value.split("/")):
            day = _middle(part)
            if day is not None:
                return min(day, self.published) if self.published and len(part) < 10 else day
        return self.published

    def sentence(self) -> str:
        return self.event.evidence[0].text if self.event.evidence else ""


def event_from_dict(raw: dict[str, Any]) -> Event:
    """An :class:`Event` from its record dict (as stored or as written by extract)."""

    def refs(items: Any) -> list[EntityRef]:
        out = []
        for r in items or []:
            if isinstance(r, dict):
                out.append(EntityRef(r.get("entity"), r.get("name")))
            elif isinstance(r, str):
                out.append(EntityRef(None, r))
        return out

    return Event(
        id=str(raw.get("id")),
        category=str(raw.get("category") or "").upper(),
        mode=raw.get("mode"),
        negated=bool(raw.get("negated")),
        hypothetical=bool(raw.get("hypothetical")),
        actor=refs(raw.get("actor")),
        recipient=refs(raw.get("recipient")),
        where=raw.get("where"),
        when=raw.get("when"),
        fatalities=raw.get("fatalities"),
        acled=raw.get("acled"),
        evidence=[
            Evidence(e.get("text", ""), e.get("start", 0), e.get("end", 0))
            for e in raw.get("evidence") or []
            if isinstance(e, dict)
        ],
        confidence=float(raw.get("confidence") or 0.0),
    )


def _party(ref: EntityRef, entities: dict[str, dict[str, Any]]) -> Party:
    ent = entities.get(ref.entity or "") or {}
    return Party(
        name=ent.get("canonical") or ref.name or "",
        type=ent.get("type"),
        country=ent.get("country"),
        sector=ent.get("sector"),
    )


def main_country(record: dict[str, Any]) -> str | None:
    """The country an article is mostly about: the most frequent country of its places."""
    counts = Counter(p.get("country") for p in record.get("places") or [] if p.get("country"))
    return counts.most_common(1)[0][0] if counts else None


def records_from_record(record: dict[str, Any]) -> list[EventRecord]:
    """Every event of one extraction record (the spec JSON), with its article context."""
    entities = {e["id"]: e for e in record.get("entities") or [] if e.get("id")}
    published = record.get("published")
    pub = date.fromisoformat(published) if published else None
    country = main_country(record)
    sited = [p for p in record.get("places") or [] if p.get("site")]
    out = []
    for raw in record.get("events") or []:
        ev = raw if isinstance(raw, Event) else event_from_dict(raw)
        out.append(
            EventRecord(
                event=ev,
                article_id=str(record.get("id")),
                source=record.get("source"),
                title=record.get("title"),
                published=pub,
                url=record.get("url"),
                actors=[_party(r, entities) for r in ev.actor],
                recipients=[_party(r, entities) for r in ev.recipient],
                article_country=country,
                sentence_sites=_sites_in(ev, sited),
            )
        )
    return out


def _sites_in(ev: Event, sited: list[dict[str, Any]]) -> set[str]:
    spans = [(e.start, e.end) for e in ev.evidence if e.end > e.start]
    return {
        str(p["site"]).casefold()
        for p in sited
        if any(lo <= (p.get("start") or -1) and (p.get("end") or 0) <= hi for lo, hi in spans)
    }


def records_from_document(doc: Any) -> list[EventRecord]:
    """Event records of a pipeline :class:`~vigil.document.Document`."""
    return records_from_record(doc.to_record())


def _middle(part: str) -> date | None:
    """The day of YYYY-MM-DD, or the middle of YYYY-MM / YYYY; None if not ISO."""
    try:
        if len(part) == 10:
            return date.fromisoformat(part)
        if len(part) == 7:
            return date.fromisoformat(part + "-15")
        if len(part) == 4 and part.isdigit():
            return date(int(part), 7, 2)
    except ValueError:
        return None
    return None

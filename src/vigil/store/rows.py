"""Turn one extraction record into the rows of the normalised tables.

Kept apart from the repository so the mapping (which record field lands in
which column) can be read and tested on its own, with no database.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from vigil.store.models import Article, EntityRow, EventRow, PlaceRow, QuoteRow, TimeRow


def parse_day(value: str | None) -> date | None:
    """First day of an ISO date/month/year or of a ``START/END`` range; None if not ISO."""
    if not value:
        return None
    first = value.split("/")[0]
    m = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", first)
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2] or 1), int(m[3] or 1))
    except ValueError:
        return None


def _ref_names(refs: list[dict[str, Any]] | None, canon: dict[str, str]) -> list[str]:
    names = []
    for ref in refs or []:
        name = canon.get(ref.get("entity") or "") or ref.get("name")
        if name:
            names.append(name)
    return names


def article_rows(record: dict[str, Any], pipeline_version: str, now: datetime) -> list[Any]:
    """The ``articles`` row and every derived row for one record, ready to ``add_all``."""
    aid = record["id"]
    published = parse_day(record.get("published"))
    rows: list[Any] = [
        Article(
            id=aid,
            source=record.get("source") or "",
            url=record.get("url"),
            title=record.get("title"),
            published=published,
            text=record.get("text") or "",
            record=record,
            ingested_at=now,
            pipeline_version=pipeline_version,
        )
    ]
    canon: dict[str, str] = {}
    for ent in record.get("entities") or []:
        canon[ent["id"]] = ent["canonical"]
        rows.append(
            EntityRow(
                article_id=aid,
                entity_id=ent["id"],
                canonical=ent["canonical"],
                type=ent.get("type") or "",
                country=ent.get("country"),
                sector=ent.get("sector"),
                role=ent.get("role"),
            )
        )
    for seq, q in enumerate(record.get("quotes") or []):
        speaker = q.get("speaker") or {}
        rows.append(
            QuoteRow(
                article_id=aid,
                seq=seq,
                speaker=canon.get(speaker.get("entity") or "") or speaker.get("name"),
                speaker_entity=speaker.get("entity"),
                speaker_text=q.get("speaker_text"),
                text=q.get("text") or "",
                kind=q.get("kind"),
                cue=q.get("cue"),
                start=q.get("start"),
                end=q.get("end"),
                published=published,
                source=record.get("source"),
            )
        )
    for ev in record.get("events") or []:
        where = ev.get("where") or {}
        when = ev.get("when") or {}
        acled = ev.get("acled") or {}
        rows.append(
            EventRow(
                article_id=aid,
                event_id=ev["id"],
                category=ev.get("category") or "",
                mode=ev.get("mode"),
                negated=bool(ev.get("negated")),
                hypothetical=bool(ev.get("hypothetical")),
                actors=_ref_names(ev.get("actor"), canon),
                recipients=_ref_names(ev.get("recipient"), canon),
                place=where.get("name"),
                lat=where.get("lat"),
                lon=where.get("lon"),
                country=where.get("country"),
                precision=where.get("precision"),
                when_value=when.get("value"),
                when_granularity=when.get("granularity"),
                day=parse_day(when.get("value")) or published,
                fatalities=ev.get("fatalities"),
                acled_type=acled.get("event_type"),
                acled_subtype=acled.get("sub_event_type"),
                acled=acled or None,
                evidence=list(ev.get("evidence") or []),
                confidence=ev.get("confidence"),
                published=published,
            )
        )
    for p in record.get("places") or []:
        rows.append(
            PlaceRow(
                article_id=aid,
                text=p.get("text") or "",
                start=p.get("start"),
                end=p.get("end"),
                name=p.get("name"),
                lat=p.get("lat"),
                lon=p.get("lon"),
                country=p.get("country"),
                level=p.get("level"),
                geonameid=p.get("geonameid"),
                site=p.get("site"),
            )
        )
    for t in record.get("times") or []:
        rows.append(
            TimeRow(
                article_id=aid,
                text=t.get("text") or "",
                start=t.get("start"),
                end=t.get("end"),
                value=t.get("value"),
                granularity=t.get("granularity"),
            )
        )
    return rows

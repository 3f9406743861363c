"""Assessment history in the database: what each subject's level was, and when.

Alerts compare a new assessment with the last stored one; the brief and replay
draw the level over time from the same rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time

import sqlalchemy as sa

from vigil.assess.model import Assessment
from vigil.registry import tables as t
from vigil.registry.db import utcnow


def as_datetime(at: date | datetime) -> datetime:
    return at if isinstance(at, datetime) else datetime.combine(at, time())


def last_levels(
    engine: sa.Engine, before: date | datetime | None = None
) -> dict[tuple[str, str, str], int]:
    """(subject_type, organisation, subject) -> level of the latest stored assessment.

    With ``before``, only assessments strictly earlier than it count, so that
    re-assessing the same moment compares with the moment before.
    """
    a = t.assessments
    stmt = sa.select(a.c.subject_type, a.c.organisation, a.c.subject, a.c.level, a.c.at, a.c.id)
    if before is not None:
        stmt = stmt.where(a.c.at < as_datetime(before))
    out: dict[tuple[str, str, str], tuple[datetime, int, int]] = {}
    with engine.connect() as conn:
        for row in conn.execute(stmt):
            key = (row.subject_type, row.organisation, row.subject)
            if key not in out or (row.at, row.id) > out[key][:2]:
                out[key] = (row.at, row.id, row.level)
    return {k: v[2] for k, v in out.items()}


def record(engine: sa.Engine, assessments: Sequence[Assessment]) -> None:
    """Store assessments; one at the same moment for the same subject replaces the old."""
    now = utcnow()
    a = t.assessments
    with engine.begin() as conn:
        for x in assessments:
            at = as_datetime(x.at)
            conn.execute(
                sa.delete(a).where(
                    a.c.subject_type == x.subject_type,
                    a.c.organisation == x.organisation,
                    a.c.subject == x.subject,
                    a.c.at == at,
                )
            )
            conn.execute(
                sa.insert(a).values(
                    subject_type=x.subject_type,
                    subject=x.subject,
                    organisation=x.organisation,
                    at=at,
                    level=x.level,
                    score=x.score,
                    posture=x.posture,
                    reasons=[r.as_dict() for r in x.reasons],
                    created_at=now,
                )
            )


def timeline(
    engine: sa.Engine, since: date | datetime | None = None, subject: str | None = None
) -> dict[str, list[tuple[datetime, int]]]:
    """subject -> [(at, level)] in time order, for charts."""
    a = t.assessments
    stmt = sa.select(a.c.subject, a.c.at, a.c.level).order_by(a.c.at, a.c.id)
    if since is not None:
        stmt = stmt.where(a.c.at >= as_datetime(since))
    if subject is not None:
        stmt = stmt.where(sa.func.lower(a.c.subject) == subject.lower())
    out: dict[str, list[tuple[datetime, int]]] = {}
    with engine.connect() as conn:
        for row in conn.execute(stmt):
            out.setdefault(row.subject, []).append((row.at, row.level))
    return out

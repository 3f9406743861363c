"""Country presence (people without a site): a travel-advice style level.

Every event in the country counts at ``presence.country_factor``; the presence
rules of ``weights.yaml`` (a government advising its citizens to leave) add
points and can raise the level to a floor, even when the advice was issued from
abroad but names the country.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from vigil.assess.config import Weights
from vigil.assess.evidence import EventRecord
from vigil.assess.model import Assessment, Reason
from vigil.assess.score.place import Where, event_country
from vigil.assess.score.site import (
    finish,
    in_window,
    is_own,
    make_reason,
    merge,
    recency,
    rule_matches,
    set_next,
    severity,
)
from vigil.registry.geo import country_name
from vigil.registry.model import Presence


def _names_in_text(code: str, rec: EventRecord) -> bool:
    """Whether the event's sentence names the country (for advice issued from elsewhere)."""
    name = country_name(code)
    text = " ".join(e.text for e in rec.event.evidence)
    return bool(re.search(rf"\b{re.escape(name)}\b", text))


def _presence_reason(
    rec: EventRecord, p: Presence, at: date, w: Weights
) -> tuple[Reason, int | None] | None:
    ev = rec.event
    if ev.negated:
        return None
    where = ev.where or {}
    country = event_country(rec)
    if country is None and not where:
        country = rec.article_country
    named = _names_in_text(p.country, rec)
    if country != p.country and not named:
        return None
    rec_f = recency((at - rec.day()).days, w)  # type: ignore[operator]
    sev = severity(rec, w)
    if is_own(rec, p.organisation):
        sev *= float(w["own_actions"])
    there = country_name(p.country)
    factor = float(w["presence"]["country_factor"]) if country == p.country else 0.0
    best, floor = (
        make_reason(rec, at, sev, Where(factor, None, f"in {there}", country), rec_f, None),
        None,
    )
    for rule in w.presence_rules:
        # advice about a country bears on people there, wherever it was issued
        if rule_matches(rule, rec):
            pts = float(rule.points if rule.points is not None else sev)
            bears = Where(1.0, None, f"bears on people in {there}", p.country)
            cand = make_reason(rec, at, pts, bears, rec_f, rule.name)
            if cand.contribution >= best.contribution:
                best = cand
            floor = max(floor or 0, rule.floor or 0) or None
    if best.contribution <= 0 and floor is None:
        return None
    return best, floor


def assess_presence(
    p: Presence,
    records: Iterable[EventRecord],
    at: date,
    w: Weights,
    window_days: int | None = None,
) -> Assessment:
    window = int(window_days or w["window_days"])
    pairs, floors = [], []
    for rec in records:
        if in_window(rec, at, window):
            got = _presence_reason(rec, p, at, w)
            if got is not None:
                pairs.append((rec, got[0]))
                if got[1]:
                    floors.append((got[1], got[0]))
    subject = f"{p.who or 'people'} in {country_name(p.country)}"
    a = Assessment(
        subject_type="presence",
        subject=subject,
        organisation=p.organisation,
        at=at,
        window_days=window,
        level=1,
        posture="",
        score=0.0,
        trend="steady",
        country=p.country,
        people=p.people,
    )
    a = finish(a, merge(pairs, w), w, "advisory")
    if floors:
        level, reason = max(floors, key=lambda f: f[0])
        if level > a.level:
            a.level = level
            a.posture = w.rung_of_level(level, "advisory").posture
            set_next(a, w, "advisory")
            a.floor = f"{reason.rule}: {reason.sentence}"
    return a

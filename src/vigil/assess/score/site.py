"""Score each site from the events around it (country presence: :mod:`.presence`).

contribution(event, site) = severity x place x recency; events reported by
several outlets are merged into one and corroborated; the sum, adjusted for
trend, picks a rung of the ladder. Every factor is kept on the
:class:`~vigil.assess.model.Reason` so that every number can be traced to an
event and an article. Nothing here names a place: proximity, country and the
tag-based bearing rules of ``weights.yaml`` decide.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta

from vigil.assess.config import Rule, Weights
from vigil.assess.evidence import EventRecord
from vigil.assess.model import Assessment, Reason
from vigil.assess.score.floors import apply_site_floors
from vigil.assess.score.place import Where, locate
from vigil.registry.geo import country_name
from vigil.registry.model import RegisteredSite
from vigil.stories.sources import outlet


def _fold(s: str | None) -> str:
    return (s or "").casefold().strip()


def severity(rec: EventRecord, w: Weights) -> float:
    """How much this event threatens anyone, before place and time."""
    ev = rec.event
    sev = float(w["categories"].get(ev.category, 0.0))
    sev *= float(w["modes"].get(ev.mode, 1.0)) if ev.mode else 1.0
    if ev.acled and ev.acled.get("event_type"):
        sev *= float(w["acled"].get(ev.acled["event_type"], 1.0))
    sev *= fatality_factor(ev.fatalities, w)
    if ev.hypothetical and ev.category != "THREATEN":
        sev *= float(w["hypothetical"])
    return sev


def fatality_factor(fatalities: int | None, w: Weights) -> float:
    if not fatalities or fatalities <= 0:
        return 1.0
    f = w["fatalities"]
    return min(float(f["cap"]), 1.0 + float(f["per_log"]) * math.log1p(fatalities))


def recency(age_days: float, w: Weights) -> float:
    hl = float(w["recency_half_life_days"] or 0)
    return 1.0 if hl <= 0 else 0.5 ** (max(0.0, age_days) / hl)


def rule_matches(rule: Rule, rec: EventRecord) -> bool:
    ev = rec.event
    if rule.categories and ev.category not in rule.categories:
        return False
    if rule.modes and ev.mode not in rule.modes:
        return False
    if rule.actor_types and not any(a.type in rule.actor_types for a in rec.actors):
        return False
    if rule.terms:
        hay = " ".join(
            [
                *(e.text for e in ev.evidence),
                *(r.name for r in rec.recipients),
                *(r.name or "" for r in ev.recipient),
            ]
        )
        if not any(t.search(hay) for t in rule.terms):
            return False
    return True


def _traits(site: RegisteredSite) -> set[str]:
    """What bearing rules match on: the site's tags and its kind (an embassy is diplomatic)."""
    return {t.casefold() for t in site.tags} | {site.kind.casefold()}


def is_own(rec: EventRecord, organisation: str) -> bool:
    org = _fold(organisation)
    return bool(org) and any(_fold(a.name) == org for a in rec.actors)


def _targets(rec: EventRecord, organisation: str) -> bool:
    org = _fold(organisation)
    return bool(org) and any(_fold(r.name) == org for r in rec.recipients)


def in_window(rec: EventRecord, at: date, window_days: int) -> bool:
    """Known by ``at`` (published no later) and happened within the window before it."""
    day = rec.day()
    if day is None or (rec.published and rec.published > at):
        return False
    return at - timedelta(days=window_days) < day <= at


def make_reason(
    rec: EventRecord, at: date, sev: float, where: Where, rec_f: float, rule: str | None
) -> Reason:
    ev = rec.event
    day = rec.day()
    return Reason(
        event_id=ev.id,
        article_id=rec.article_id,
        category=ev.category,
        mode=ev.mode,
        sentence=rec.sentence(),
        source=rec.source,
        title=rec.title,
        published=rec.published.isoformat() if rec.published else None,
        date=day.isoformat() if day else None,
        place=(ev.where or {}).get("name"),
        distance_km=None if where.distance_km is None else round(where.distance_km, 1),
        relation=where.relation,
        fatalities=ev.fatalities,
        hypothetical=ev.hypothetical,
        severity=round(sev, 3),
        place_factor=round(where.factor, 4),
        recency=round(rec_f, 4),
        corroboration=1.0,
        sources=[rec.outlet],
        contribution=sev * where.factor * rec_f,
        rule=rule,
        citations=[rec.citation()],
        canonical_id=(rec.canonical or {}).get("id"),
    )


def _site_reason(rec: EventRecord, site: RegisteredSite, at: date, w: Weights) -> Reason | None:
    ev = rec.event
    if ev.negated:
        return None
    sev = severity(rec, w)
    if is_own(rec, site.organisation):
        sev *= float(w["own_actions"])
    if _targets(rec, site.organisation):
        sev *= float(w["targeted_at_organisation"])
    where = locate(rec, site, w)
    rec_f = recency((at - rec.day()).days, w)  # type: ignore[operator]
    best = make_reason(rec, at, sev, where, rec_f, None)
    if (
        sev > 0
        and where.country
        and where.country == site.country
        and not is_own(rec, site.organisation)
    ):
        for rule in w.bearing:
            if rule.site_tags & _traits(site) and rule_matches(rule, rec):
                pts = float(rule.points if rule.points is not None else sev)
                if ev.hypothetical and ev.category != "THREATEN":
                    pts *= float(w["hypothetical"])
                bearing = Where(
                    1.0,
                    where.distance_km,
                    f"bears on {', '.join(sorted(rule.site_tags & _traits(site)))} sites in {country_name(where.country)}",
                    where.country,
                )
                cand = make_reason(rec, at, pts, bearing, rec_f, rule.name)
                if cand.contribution > best.contribution:
                    best = cand
    min_sev = float(w.get("severe_event", "min_severity", default=10))
    best.severe = where.inside and sev >= min_sev and not ev.hypothetical
    return best if best.contribution > 0 else None


def _cluster_key(rec: EventRecord) -> tuple:
    """Reports of the same happening: one canonical event once stories are formed
    (:mod:`vigil.stories.canonical` merges by category, actors, place and time at
    their precision); else same kind of event, same day, same place.

    Place is the point rounded to ~10 km when known (so "Taji" and "Camp Taji"
    agree), else the place name; events placed nowhere merge only within their
    article (the same sentence reported twice).
    """
    if rec.canonical and rec.canonical.get("id") is not None:
        return ("canonical", rec.canonical["id"])
    where = rec.event.where or {}
    if where.get("lat") is not None and where.get("lon") is not None:
        loc = f"{round(float(where['lat']), 1)},{round(float(where['lon']), 1)}"
    else:
        loc = _fold(where.get("site")) or _fold(where.get("name"))
    if not loc:
        loc = f"article:{rec.article_id}:{_fold(rec.sentence())[:60]}"
    day = rec.day()
    return (rec.event.category, day.isoformat() if day else None, loc)


def merge(pairs: list[tuple[EventRecord, Reason]], w: Weights) -> list[Reason]:
    groups: dict[tuple, list[tuple[EventRecord, Reason]]] = defaultdict(list)
    for rec, reason in pairs:
        groups[_cluster_key(rec)].append((rec, reason))
    corr = w["corroboration"]
    merged = []
    for items in groups.values():
        _, best = max(items, key=lambda p: p[1].contribution)
        outlets = sorted({r.outlet for r, _ in items})
        # independence is by owner: outlets of one group corroborate once
        owners = {outlet(o).owner.casefold() for o in outlets}
        factor = min(float(corr["max"]), 1.0 + float(corr["per_source"]) * (len(owners) - 1))
        best.sources = outlets
        cites: dict[str, dict] = {}
        for rec, _ in sorted(items, key=lambda p: (p[0].published or date.min, p[0].article_id)):
            cites.setdefault(rec.outlet, rec.citation())
        best.citations = list(cites.values())
        best.reports = len({r.article_id for r, _ in items})
        best.independent_sources = len(owners)
        best.facts = {
            "fatalities": max((r.event.fatalities or 0 for r, _ in items), default=0),
            "actors": sorted({a.name for r, _ in items for a in r.actors if a.name}),
        }
        if best.canonical_id is not None and best.facts["fatalities"] > (best.fatalities or 0):
            best.fatalities = best.facts["fatalities"]  # the toll the event is known by
        best.corroboration = round(factor, 3)
        best.contribution = best.contribution * factor
        best.severe = any(r.severe for _, r in items)
        merged.append(best)
    return merged


def _trend(reasons: list[Reason], at: date, window_days: int, w: Weights) -> tuple[str, float]:
    half = window_days / 2
    recent = older = 0.0
    for r in reasons:
        raw = r.contribution / r.recency if r.recency else 0.0
        age = (at - date.fromisoformat(r.date)).days if r.date else 0
        if age < half:
            recent += raw
        else:
            older += raw
    t = w["trend"]
    ratio = float(t["ratio"])
    if recent > ratio * older and recent > 0:
        return ("rising" if older > 0 else "new"), float(t["rising_factor"])
    if older > ratio * recent:
        return "falling", float(t["falling_factor"])
    return "steady", 1.0


def finish(a: Assessment, reasons: list[Reason], w: Weights, ladder: str) -> Assessment:
    reasons.sort(key=lambda r: (-r.contribution, r.date or "", r.event_id))
    trend, factor = _trend(reasons, a.at, a.window_days, w)
    for r in reasons:
        r.contribution = round(r.contribution, 3)
    a.reasons = reasons
    a.trend, a.trend_factor = trend, factor
    a.score = round(sum(r.contribution for r in reasons) * factor, 2)
    rung = w.rung(a.score, ladder)
    a.level, a.posture = rung.level, rung.posture
    set_next(a, w, ladder)
    return a


def set_next(a: Assessment, w: Weights, ladder: str) -> None:
    rungs = w.levels if ladder == "levels" else w.advisory
    above = [r for r in rungs if r.level > a.level]
    if above:
        a.next_level, a.next_score, a.next_posture = (
            above[0].level,
            above[0].min_score,
            above[0].posture,
        )
    else:
        a.next_level = a.next_score = a.next_posture = None


def assess_site(
    site: RegisteredSite,
    records: Iterable[EventRecord],
    at: date,
    w: Weights,
    window_days: int | None = None,
) -> Assessment:
    window = int(window_days or w["window_days"])
    pairs = []
    for rec in records:
        if in_window(rec, at, window):
            reason = _site_reason(rec, site, at, w)
            if reason is not None:
                pairs.append((rec, reason))
    a = Assessment(
        subject_type="site",
        subject=site.name,
        organisation=site.organisation,
        at=at,
        window_days=window,
        level=1,
        posture="",
        score=0.0,
        trend="steady",
        lat=site.lat,
        lon=site.lon,
        radius_km=site.radius_km,
        country=site.country,
        people=site.people,
    )
    return apply_site_floors(finish(a, merge(pairs, w), w, "levels"), w, site.kind)

"""Level floors for incidents at the site itself, decaying as quiet days pass.

A sum of weighted events is the right measure for a slow build-up, but a security
officer reads one incident at the gate differently: people killed in an attack on
the site put it at level 4 or higher on the day it is reported; a missile or
rocket strike on it, level 3 at least. ``site_floors`` in ``weights.yaml`` says
which incidents count (category, least fatalities, words of the evidence) and how
the floor steps down as days pass without another (``steps``: the floor while the
newest such incident is at most ``days`` old). Only incidents placed *at* the site
(not near it, not elsewhere in its radius) set a floor, and only for sites that
are places rather than whole cities (``site_floor_exempt_kinds``); a hypothetical
or negated act never does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from vigil.assess.config import Weights
from vigil.assess.model import Assessment, Reason

AT_SITE = "at the site"


@dataclass(frozen=True)
class Floor:
    name: str
    categories: frozenset[str]
    min_fatalities: int
    terms: tuple[re.Pattern[str], ...]
    steps: tuple[tuple[int, int], ...]  # (days, level), shortest first

    def level(self, r: Reason, at: date) -> int | None:
        if r.relation != AT_SITE or r.hypothetical or not r.date:
            return None
        if self.categories and r.category not in self.categories:
            return None
        if (r.fatalities or 0) < self.min_fatalities:
            return None
        if self.terms and not any(t.search(r.sentence or "") for t in self.terms):
            return None
        age = (at - date.fromisoformat(r.date)).days
        for days, level in self.steps:
            if 0 <= age <= days:
                return level
        return None


def floors(w: Weights) -> list[Floor]:
    """The floor rules of a weights file (``site_floors``; none if absent)."""
    out = []
    for d in w.raw.get("site_floors") or []:
        out.append(
            Floor(
                name=str(d["name"]),
                categories=frozenset(str(c).upper() for c in d.get("categories") or []),
                min_fatalities=int(d.get("min_fatalities") or 0),
                terms=tuple(re.compile(t, re.I) for t in d.get("terms") or []),
                steps=tuple(
                    sorted((int(s["days"]), int(s["level"])) for s in d.get("steps") or [])
                ),
            )
        )
    return out


def apply_site_floors(a: Assessment, w: Weights, kind: str | None = None) -> Assessment:
    """Raise the site's level to the highest floor its incidents set (never lower it).

    A site of a kind listed in ``site_floor_exempt_kinds`` (a whole city) is a presence
    in an area, not a place an attack hits as such: no floor."""
    from vigil.assess.score.site import set_next

    exempt = {str(k).casefold() for k in w.raw.get("site_floor_exempt_kinds") or []}
    if kind and kind.casefold() in exempt:
        return a
    best: tuple[int, Floor, Reason] | None = None
    for f in floors(w):
        for r in a.reasons:
            lvl = f.level(r, a.at)
            if lvl is not None and (best is None or lvl > best[0]):
                best = (lvl, f, r)
    if best and best[0] > a.level:
        level, f, r = best
        a.level = level
        a.posture = w.rung_of_level(level, "levels").posture
        set_next(a, w, "levels")
        a.floor = f"{f.name} ({r.date}): {r.sentence}"
    return a

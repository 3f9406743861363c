"""Replay: re-run the assessment day by day over stored articles, as if live.

At each step only articles already published count (``in_window`` checks the
publication date), so the timeline shows what vigil *would have said then*:
users check it against what actually happened.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date, timedelta

from vigil.assess.config import Weights
from vigil.assess.evidence import EventRecord
from vigil.assess.report.explain import short, squash
from vigil.assess.run import assess_registry
from vigil.registry.model import Registry
from vigil.registry.repo import with_countries

#: Longer replays step from publication to publication instead of every day.
DAILY_LIMIT_DAYS = 731


@dataclass
class Change:
    day: date
    subject: str
    subject_type: str
    old: int | None
    new: int
    posture: str
    score: float
    why: str

    def line(self) -> str:
        kind = "advisory level" if self.subject_type == "presence" else "level"
        if self.old is None:
            return f"{self.day} {self.subject}: starts at {kind} {self.new} ({self.posture}); {self.why}"
        return f"{self.day} {self.subject}: {kind} {self.old} -> {self.new} ({self.posture}); {self.why}"


@dataclass
class Replay:
    timeline: dict[str, list[tuple[date, int]]] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)
    steps: int = 0
    kinds: dict[str, str] = field(default_factory=dict)  # subject -> site | presence

    def of_kind(self, kind: str) -> dict[str, list[tuple[date, int]]]:
        return {k: v for k, v in self.timeline.items() if self.kinds.get(k) == kind}


def steps(records: list[EventRecord], start: date, end: date) -> list[date]:
    if (end - start).days <= DAILY_LIMIT_DAYS:
        return [start + timedelta(days=i) for i in range((end - start).days + 1)]
    days = {r.published for r in records if r.published and start <= r.published <= end}
    return sorted(days | {start, end})


def replay(
    records: list[EventRecord],
    reg: Registry,
    start: date,
    end: date,
    weights: Weights,
    window_days: int | None = None,
    site: str | None = None,
) -> Replay:
    """Assess every step in [start, end]; record each subject's level and its changes."""
    if end < start:
        raise ValueError(f"--to {end} is before --from {start}")
    reg = with_countries(reg)
    result = Replay()
    last: dict[str, int] = {}
    window = int(window_days or weights["window_days"])
    dated = sorted((r for r in records if r.day() is not None), key=lambda r: r.day())  # type: ignore[arg-type, return-value]
    days = [r.day() for r in dated]
    for day in steps(records, start, end):
        result.steps += 1
        # only the events of this step's window: keeps long replays linear in the events
        lo = bisect_right(days, day - timedelta(days=window))
        hi = bisect_right(days, day)
        for a in assess_registry(reg, dated[lo:hi], day, weights, window, site):
            result.timeline.setdefault(a.subject, []).append((day, a.level))
            result.kinds[a.subject] = a.subject_type
            prev = last.get(a.subject)
            if prev != a.level and not (prev is None and a.level == 1):
                why = (
                    "; ".join(short(r) for r in a.reasons[:2])
                    or "no threatening events in the window"
                )
                if a.floor:
                    why = f"{squash(a.floor)}; {why}"
                result.changes.append(
                    Change(day, a.subject, a.subject_type, prev, a.level, a.posture, a.score, why)
                )
            last[a.subject] = a.level
    return result

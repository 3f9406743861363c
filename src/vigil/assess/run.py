"""Assess registered sites against stored events: the call behind ``vigil assess``."""

from __future__ import annotations

import re
from datetime import date, timedelta

from vigil.assess.config import Weights
from vigil.assess.evidence import EventRecord
from vigil.assess.model import Assessment
from vigil.assess.score.presence import assess_presence
from vigil.assess.score.site import assess_site
from vigil.assess.source import records_for_window
from vigil.registry.model import Registry
from vigil.registry.repo import with_countries
from vigil.store import Store

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*$", re.I)
_UNIT = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_duration(text: str) -> timedelta:
    """'14d', '72h', '2w', '5m', '30s' or a bare number of days."""
    m = _DURATION.match(text or "")
    if not m:
        raise ValueError(f"{text!r} is not a duration (e.g. 14d, 72h, 2w, 5m)")
    n, unit = float(m.group(1)), (m.group(2) or "d").lower()
    return timedelta(**{_UNIT[unit]: n})


def window_days(text: str | None, weights: Weights) -> int:
    if not text:
        return int(weights["window_days"])
    return max(1, round(parse_duration(text).total_seconds() / 86400))


def assess_stored(
    store: Store,
    reg: Registry,
    at: date,
    weights: Weights,
    window: int | None = None,
    site: str | None = None,
) -> list[Assessment]:
    """Every site (or one) and presence of ``reg``, from the events stored in ``store``."""
    days = window or int(weights["window_days"])
    records = records_for_window(store, at, days)
    return assess_registry(with_countries(reg), records, at, weights, days, site)


def assess_registry(
    reg: Registry,
    records: list[EventRecord],
    at: date,
    w: Weights,
    window_days: int | None = None,
    site: str | None = None,
) -> list[Assessment]:
    """Assess every site (or the one named) and, when no site is named, every presence."""
    out = []
    for s in reg.sites:
        if site is None or site.casefold().strip() in s.names():
            out.append(assess_site(s, records, at, w, window_days))
    if site is None:
        out.extend(assess_presence(p, records, at, w, window_days) for p in reg.presence)
    return out

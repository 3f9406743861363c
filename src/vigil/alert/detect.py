"""Turn assessments into alerts: level changes, and severe events inside a site's radius.

Sites alert on level changes and severe events inside their radius; country
presence alerts when its travel-advice level changes. The first assessment of a site alerts only if it is above level 1: nobody
needs telling that a newly registered quiet site is quiet.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence

from vigil.alert.model import Alert
from vigil.assess.model import Assessment, Reason
from vigil.assess.report.explain import LEVEL_COUNT, cited, phrase, squash, what


def _fold(s: str | None) -> str:
    return " ".join((s or "").casefold().split())


def incident_key(a: Assessment, r: Reason) -> str:
    """Which development an event alert is about: its canonical event once stories are
    formed (forty reports, one key), else same kind of event, day and place."""
    site = f"event:{_fold(a.organisation)}:{_fold(a.subject)}"
    if r.canonical_id is not None:
        return f"{site}:ce{r.canonical_id}"
    return f"{site}:{r.category}:{r.date}:{_fold(r.place)}"


def facts_of(r: Reason) -> dict:
    facts = r.facts or {}
    return {
        "fatalities": int(facts.get("fatalities") or r.fatalities or 0),
        "actors": sorted(facts.get("actors") or []),
    }


def event_key(a: Assessment, r: Reason) -> str:
    """The incident plus what is known of it: new facts make a new (update) alert."""
    key = incident_key(a, r)
    if r.canonical_id is None:
        return key
    f = facts_of(r)
    actors = ",".join(_fold(x) for x in f["actors"])
    digest = hashlib.sha1(actors.encode("utf-8")).hexdigest()[:10] if actors else "0"
    return f"{key}:k{f['fatalities']}:a{digest}"


def level_key(a: Assessment, previous: int | None) -> str:
    return (
        f"level:{_fold(a.organisation)}:{_fold(a.subject)}:{previous}->{a.level}:{a.at.isoformat()}"
    )


def _top(a: Assessment, n: int = 3) -> list[dict]:
    return [
        {
            "event_id": r.event_id,
            "article_id": r.article_id,
            "summary": phrase(r),
            "sentence": r.sentence,
            "source": r.source,
            "cited": cited(r) if r.citations else None,
            "date": r.date,
            "distance_km": r.distance_km,
            "contribution": r.contribution,
        }
        for r in a.reasons[:n]
    ]


def alerts_for(
    assessments: Sequence[Assessment], previous: Mapping[tuple[str, str, str], int]
) -> list[Alert]:
    """The alerts these assessments call for, given each site's previous level."""
    out: list[Alert] = []
    for a in assessments:
        prev = previous.get((a.subject_type, a.organisation, a.subject))
        common = dict(
            site=a.subject,
            organisation=a.organisation,
            level=a.level,
            lat=a.lat,
            lon=a.lon,
            radius_km=a.radius_km,
        )
        payload = {
            "posture": a.posture,
            "score": a.score,
            "at": a.at.isoformat(),
            "reasons": _top(a),
        }
        if (prev is None and a.level > 1) or (prev is not None and prev != a.level):
            direction = "raised" if prev is None or a.level > prev else "lowered"
            why = "; ".join(phrase(r) for r in a.reasons[:3]) or "no threatening events remain"
            if a.floor:
                why = f"{squash(a.floor)}; {why}"
            of = LEVEL_COUNT.get(a.subject_type, 5)
            out.append(
                Alert(
                    dedupe_key=level_key(a, prev),
                    kind="level_change" if a.subject_type == "site" else "advisory_change",
                    headline=f"{a.subject}: level {direction} to {a.level} ({a.posture})",
                    description=(
                        f"{a.subject} is now at level {a.level} of {of}"
                        + (f" (was {prev})" if prev is not None else "")
                        + f": {a.posture}. Score {a.score:.1f}. Why: {why}."
                    ),
                    previous_level=prev,
                    payload=payload,
                    **common,
                )
            )
        for r in a.reasons if a.subject_type == "site" else []:
            if r.severe:
                out.append(
                    Alert(
                        dedupe_key=event_key(a, r),
                        kind="severe_event",
                        headline=f"{a.subject}: {what(r)} {r.distance_km or 0:.0f} km away",
                        description=f'{phrase(r)}. "{squash(r.sentence)}"',
                        event_id=f"{r.article_id}/{r.event_id}",
                        payload={
                            **payload,
                            "event": r.as_dict(),
                            "incident": incident_key(a, r),
                            "facts": facts_of(r),
                        },
                        **common,
                    )
                )
    return out

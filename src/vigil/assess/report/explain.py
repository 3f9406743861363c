"""Say an assessment in words a commander reads in thirty seconds, or as JSON.

The text leads with the level and posture, then the top reasons as short
phrases ("air strike, 6 killed, 2 km from the site, 2020-01-04"), each with
the sentence it rests on and where it was reported.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from vigil.assess.model import Assessment, Reason

#: Plain words for PLOVER categories (and a few modes) in explanations.
CATEGORY_WORDS = {
    "ASSAULT": "attack",
    "COERCE": "coercion",
    "THREATEN": "threat",
    "MOBILIZE": "mobilisation",
    "PROTEST": "protest",
    "SANCTION": "sanction",
    "ACCUSE": "accusation",
    "REQUEST": "demand",
    "REJECT": "rejection",
    "RETREAT": "withdrawal",
}
MODE_WORDS = {
    "aerial": "air strike",
    "drone": "drone strike",
    "targeted": "targeted killing",
    "explosive": "bombing",
    "firearms": "shooting",
    "suicide": "suicide attack",
    "abduct": "abduction",
    "violent": "violent protest",
}
LEVEL_COUNT = {"site": 5, "presence": 4}


def squash(text: str) -> str:
    """One line: sentences may span paragraph breaks in the source."""
    return " ".join(text.split())


def what(r: Reason) -> str:
    """A two-to-five word name for the event."""
    if r.category == "ASSAULT" and r.mode in MODE_WORDS:
        noun = MODE_WORDS[r.mode]
    else:
        noun = CATEGORY_WORDS.get(r.category, r.category.lower())
    if r.hypothetical and r.category != "THREATEN":
        noun = f"threatened {noun}"
    if r.fatalities:
        noun += f", {r.fatalities} killed"
    return noun


def where(r: Reason) -> str:
    if r.rule:
        return r.relation
    if r.relation in ("at the site", "near the site"):
        return r.relation
    if r.distance_km is not None and r.relation in ("inside radius", "near"):
        inside = " (inside its radius)" if r.relation == "inside radius" else ""
        return f"{r.distance_km:.0f} km from the site{inside}"
    return r.relation


def phrase(r: Reason, dated: bool = True) -> str:
    """One line: what, where, when, how much it weighs, who reported it."""
    bits = [what(r)]
    if r.relation in ("at the site", "near the site") and r.place:
        bits.append(f"{r.relation.split()[0]} {r.place}")
    else:
        if r.place:
            bits.append(f"in {r.place}")
        bits.append(where(r))
    if r.date and dated:
        bits.append(r.date)
    return f"{', '.join(bits)} (+{r.contribution:.1f}; {reported_by(r)})"


def short(r: Reason) -> str:
    """What, where, when: the phrase without weight and source, for tables."""
    return phrase(r).rsplit(" (+", 1)[0]


def reported_by(r: Reason, width: int = 60) -> str:
    """Who reported it, short: an outlet's domain, else the article's title, with the
    source's reliability grade (A-F, :mod:`vigil.stories.sources`)."""
    if len(r.sources) > 1:
        n = r.independent_sources if r.citations else len(r.sources)
        return f"{n} independent source{'s' if n != 1 else ''}: {cited(r)}"
    outlet = r.sources[0] if r.sources else ""
    label = outlet if "." in outlet and " " not in outlet and "/" not in outlet else ""
    if label and r.citations:
        label = cited(r)
    label = label or (f'"{r.title}"' if r.title else (r.source or r.article_id))
    label = label if len(label) <= width else label[: width - 1] + "\u2026"
    if r.citations and not label.endswith(")"):
        label += f", grade {r.citations[0].get('grade') or 'F'}"
    return label


def cited(r: Reason, most: int = 3) -> str:
    """The outlets behind a reason with their grades: ``Reuters (A), BBC (A) +2 more``."""
    names = [f"{c.get('name') or c.get('domain')} ({c.get('grade') or 'F'})" for c in r.citations]
    text = ", ".join(names[:most])
    return text + (f" +{len(names) - most} more" if len(names) > most else "")


def headline(a: Assessment) -> str:
    of = LEVEL_COUNT.get(a.subject_type, 5)
    return f"{a.subject}: LEVEL {a.level} of {of}, {a.posture.upper()}"


#: Reasons worth less than this are not worth a commander's time (they stay in JSON).
SHOWN_MIN = 0.05


def trend_words(a: Assessment) -> str:
    if a.trend == "new":
        return f"new: all within the last {a.window_days // 2} days"
    return a.trend


def to_text(a: Assessment, top: int = 3) -> str:
    """Level and posture first, then what would change it, then the top reasons."""
    lines = [headline(a)]
    pop = f"{a.people} people; " if a.people else ""
    lines.append(
        f"  {pop}score {a.score:.1f} over the {a.window_days} days to {a.at.isoformat()}; "
        f"trend {trend_words(a)}."
    )
    if a.floor:
        lines.append(f"  Raised to level {a.level} because: {squash(a.floor)}")
    if a.next_level is not None and a.next_score is not None and not a.floor:
        lines.append(
            f"  Not yet level {a.next_level} ({a.next_posture}): that needs a score of "
            f"{a.next_score:g}."
        )
    shown = [r for r in a.reasons if r.contribution >= SHOWN_MIN]
    if not shown:
        lines.append("  No threatening events in the window.")
    else:
        lines.append("  Why:")
        for i, r in enumerate(shown[:top], 1):
            lines.append(f"   {i}. {phrase(r)}")
            if r.sentence:
                lines.append(f'      "{squash(r.sentence)}"')
        rest = a.reasons[top:] if len(shown) > top else []
        if rest:
            total = sum(r.contribution for r in rest)
            lines.append(f"   ... and {len(rest)} lesser events (+{total:.1f}).")
    return "\n".join(lines)


def render_text(assessments: Sequence[Assessment], top: int = 3) -> str:
    """Sites most threatened first, then country presence."""
    ordered = sorted(
        assessments, key=lambda a: (a.subject_type != "site", -a.level, -a.score, a.subject)
    )
    return "\n\n".join(to_text(a, top) for a in ordered) + "\n"


def render_json(assessments: Sequence[Assessment]) -> str:
    return json.dumps([a.as_dict() for a in assessments], indent=2, ensure_ascii=False) + "\n"

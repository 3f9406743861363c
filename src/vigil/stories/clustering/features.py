"""What a stored article is compared on when stories are formed.

Everything comes from the extraction record vigil already keeps, so assigning a
story needs no NLP: content words (title counted twice), the canonical actors
(entities), the resolved places, the years the text names, and the event
categories with their places (``w:``, ``e:``, ``p:``, ``y:``, ``v:``); the words of the
names in its lead, who and what its first lines and title are about (``l:``); and the
figures it states with what they count (``n:``: "23 pirates", "an eight-year offer").
Each group is a bag of prefixed features with log-scaled counts, normalised per group
so a long text does not outweigh a short one; the clusterer weights the groups and
applies inverse document frequencies.

Time: the ``anchor`` is the day a report is about when it says so (its
publication date, else a dated dateline in its first lines); ``days`` are every
explicit day it names. Two reports whose anchors are far apart describe two
developments unless one names a day of the other (a follow-up weeks later).
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from vigil.language.times.dateline import DATELINE_CHARS, dateline_day
from vigil.store.rows import parse_day

GROUPS = ("w", "e", "p", "y", "v", "n", "l")
#: How far into the text a name is still in the lead (who the report is about).
LEAD_CHARS = 300
_WORD = re.compile(r"[^\W\d_][\w'-]*[^\W_]|[^\W\d_]", re.UNICODE)
_ENTITY_TYPES = {"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "EVENT", "PRODUCT", "WORK_OF_ART"}
_EXTRA_STOP = {"said", "says", "told", "according", "news", "reported", "report", "reports"}


@dataclass
class Features:
    article_id: str
    vec: dict[str, float]
    title: str | None = None
    published: date | None = None
    anchor: date | None = None
    days: list[date] = field(default_factory=list)
    #: the people the report is about (named twice or more, or in the title)
    people: list[str] = field(default_factory=list)
    #: its main located place (town or finer): "lat,lon" rounded to 0.1 degree
    place: str | None = None


def _norm(text: str) -> str:
    return " ".join((text or "").casefold().split())


def _stem(w: str) -> str:
    """A light plural/verb-ending fold so 'attacks'/'attacked'/'attack' meet."""
    for suf in ("ing", "ed", "es", "s"):
        if w.endswith(suf) and len(w) - len(suf) >= 4:
            return w[: -len(suf)]
    return w


@functools.cache
def _stop_words() -> frozenset[str]:
    """spaCy's English stop words and ours; imported on first use, since the commands
    that read stories (assess, brief, serve) parse no text and must not load spaCy."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS) | frozenset(_EXTRA_STOP)


def content_words(text: str) -> Counter[str]:
    out: Counter[str] = Counter()
    stop = _stop_words()
    for m in _WORD.finditer(text or ""):
        w = m.group(0).casefold().strip("'-")
        if len(w) < 3 or w in stop:
            continue
        out[_stem(w)] += 1
    return out


def _group(counts: Counter[str], prefix: str) -> dict[str, float]:
    vec = {f"{prefix}:{k}": 1.0 + math.log(v) for k, v in counts.items() if v > 0 and k}
    norm = math.sqrt(sum(x * x for x in vec.values())) or 1.0
    return {k: v / norm for k, v in vec.items()}


_NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
}
_NUMBER_WORDS.update({"thirty": 30, "forty": 40, "fifty": 50, "dozen": 12, "hundred": 100})
_FIGURE = re.compile(
    r"(?<![\w.,/:-])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|" + "|".join(_NUMBER_WORDS) + r")"
    r"(?:[\s-]+(million|billion|thousand|hundred))?[\s-]+([^\W\d_][\w'-]*)(?:\s+([^\W\d_]+))?",
    re.I,
)
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "hundred": 100.0}
_QUOTES = "'-"
_UNIT_STOP = {"percent", "per", "cent", "of", "and", "or", "to", "the", "a", "in", "at", "on"}
_MONTH_WORDS = set(
    "jan january feb february mar march apr april may jun june jul july aug august sep sept "
    "september oct october nov november dec december am pm gmt est ist".split()
)


def figures(text: str) -> Counter[str]:
    """What the text counts: "23 pirates" -> ``23 pirat``, "an eight-year offer" ->
    ``8 year``. Two developments of one kind differ in their figures (23 pirates caught
    one year, 26 another) where their words do not. Years, days of a month and clock
    times are not figures."""
    out: Counter[str] = Counter()
    for m in _FIGURE.finditer(text or ""):
        raw, scale, unit, nxt = m.group(1).casefold(), m.group(2), m.group(3), m.group(4)
        if raw in _NUMBER_WORDS:
            value: float = _NUMBER_WORDS[raw]
        else:
            try:
                value = float(raw.replace(",", ""))
            except ValueError:
                continue
            if "." not in raw and "," not in raw and 1900 <= value <= 2099:
                continue  # a year
        unit = unit.casefold()
        before = text[max(0, m.start() - 12) : m.start()].casefold().rstrip(" .,").split(" ")
        if unit in _MONTH_WORDS or before[-1] in _MONTH_WORDS:
            continue  # a day of a month, a clock time
        if scale:
            value *= _SCALE[scale.casefold()]
        if unit in _NUMBER_WORDS:
            continue  # "twenty-three": not read as a figure
        for word in (unit, (nxt or "").casefold()):
            if word not in _UNIT_STOP and len(word) >= 3:
                out[f"{value:g} {_stem(word.strip(_QUOTES))}"] += 1
    return out


def _years(record: dict[str, Any]) -> Counter[str]:
    out: Counter[str] = Counter()
    for t in record.get("times") or []:
        for part in str(t.get("value") or "").split("/"):
            if re.fullmatch(r"\d{4}(-\d{2}){0,2}", part):
                out[part[:4]] += 1
    return out


def _days(record: dict[str, Any]) -> list[date]:
    days = []
    for t in record.get("times") or []:
        if t.get("granularity") == "day":
            d = parse_day(t.get("value"))
            if d:
                days.append(d)
    return sorted(set(days))


def anchor_of(record: dict[str, Any]) -> date | None:
    """The day the report is about: its publication date, else its dateline's day (in
    the title line or the first lines of the text, also written in figures), else the
    first day named in its first lines."""
    pub = parse_day(record.get("published")) or dateline_day(
        record.get("title"), record.get("text")
    )
    if pub:
        return pub
    for t in sorted(record.get("times") or [], key=lambda t: t.get("start") or 0):
        if (t.get("start") or 0) > DATELINE_CHARS:
            break
        if t.get("granularity") == "day":
            return parse_day(t.get("value"))
    return None


def main_place(record: dict[str, Any]) -> str | None:
    """The most-mentioned town-or-finer place with a point ("lat,lon" to 0.1 degree)."""
    counts: Counter[str] = Counter()
    for p in record.get("places") or []:
        if p.get("level") in ("city", "site", "admin2") and p.get("lat") is not None:
            counts[f"{round(float(p['lat']), 1)},{round(float(p['lon']), 1)}"] += 1
    return min(counts, key=lambda k: (-counts[k], k)) if counts else None


def features(record: dict[str, Any]) -> Features:
    title = record.get("title") or ""
    words = content_words(record.get("text") or "")
    for w, n in content_words(title).items():
        words[w] += 2 * n
    title_words = set(_WORD.findall(_norm(title)))
    ents: Counter[str] = Counter()
    for e in record.get("entities") or []:
        if e.get("type") in _ENTITY_TYPES and e.get("canonical"):
            ents[_norm(e["canonical"])] += max(1, len(e.get("mentions") or []))
    places: Counter[str] = Counter()
    for p in record.get("places") or []:
        if p.get("kind", "name") == "reference":
            continue
        key = str(p.get("geonameid") or "") or _norm(p.get("site") or p.get("name") or "")
        if key:
            places[key] += 1
    events: Counter[str] = Counter()
    for ev in record.get("events") or []:
        if ev.get("negated") or ev.get("hypothetical"):
            continue
        where = _norm((ev.get("where") or {}).get("name") or "")
        events[f"{ev.get('category')}@{where}"] += 1
    vec: dict[str, float] = {}
    lead: Counter[str] = Counter()
    for e in record.get("entities") or []:
        name = _norm(e.get("canonical") or "")
        if e.get("type") not in _ENTITY_TYPES or not name:
            continue
        starts = [m.get("start") or 0 for m in e.get("mentions") or []]
        if any(s < LEAD_CHARS for s in starts) or any(
            len(tok) >= 4 and tok in title_words for tok in name.split()
        ):
            for tok in name.split():
                if len(tok) >= 3 and tok not in _stop_words():
                    lead[tok.strip(".,'")] += 1
    figs = figures(record.get("text") or "")
    figs.update(figures(title))
    for counts, prefix in (
        (figs, "n"),
        (lead, "l"),
        (words, "w"),
        (ents, "e"),
        (places, "p"),
        (_years(record), "y"),
        (events, "v"),
    ):
        vec.update(_group(counts, prefix))
    title_fold = _norm(title)
    people = sorted(
        {
            _norm(e["canonical"]).split()[-1]  # surnames: "Tara Reid" and "Reid" meet
            for e in record.get("entities") or []
            if e.get("type") == "PERSON"
            and e.get("canonical")
            and (
                len(e.get("mentions") or []) >= 2 or _norm(e["canonical"]).split()[-1] in title_fold
            )
        }
    )
    return Features(
        article_id=str(record.get("id")),
        people=people,
        place=main_place(record),
        vec=vec,
        title=record.get("title"),
        published=parse_day(record.get("published")),
        anchor=anchor_of(record),
        days=_days(record),
    )

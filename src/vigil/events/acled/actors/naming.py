"""Finding ACLED's actors in a report's text and spelling them ACLED's way.

The table (``events/data/acled_actors.yaml``, sources stated there) gives ACLED's
codebook categories with the words that name them in a report, the names of armed
groups with their inter codes, and the government periods ACLED writes after a
state's forces. :func:`find_actors` reads a text once and returns every actor it
names, in text order, each already spelled (``Military Forces of Turkey (2016-)``)
and coded (inter 1 at home, 8 abroad: the codebook's external forces).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import yaml

from vigil.language.entities.knowledge import load_knowledge
from vigil.places.acled.location import ACLED_COUNTRY

#: Inter codes of the codebook's generic categories.
INTER = {"state": 1, "rebel": 2, "unidentified": 3, "rioters": 5, "protesters": 6, "civilians": 7}
EXTERNAL = 8


@dataclass(frozen=True)
class Group:
    name: str
    inter: int
    countries: tuple[str, ...]


@dataclass
class Table:
    periods: dict[str, str]
    with_article: set[str]
    groups: list[tuple[re.Pattern[str], list[Group]]]
    state: list[tuple[re.Pattern[str], str]]  # (words, "military" | "police")
    needs_country: set[str]
    words: dict[str, re.Pattern[str]]  # unidentified, protesters, rioters, civilians
    associated: list[tuple[re.Pattern[str], str]]
    #: Per group pattern, its aliases lower-cased when all are ASCII (else None): a text
    #: holding none of them (folded by :data:`ASCII_FOLD`) cannot match it, so its scan
    #: is skipped.
    group_words: list[tuple[str, ...] | None] = field(default_factory=list)


@dataclass
class Actor:
    """One actor named in a report: ACLED's name, inter code, where it is named."""

    name: str
    inter: int
    kind: str  # group | military | police | unidentified | protesters | rioters | civilians
    start: int
    end: int
    country: str = ""  # ACLED country name of a state force


def _phrases(words: list[str], case_sensitive: bool = False) -> re.Pattern[str]:
    alts = sorted({str(w) for w in words}, key=len, reverse=True)
    body = "|".join(re.escape(w) for w in alts)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", 0 if case_sensitive else re.I)


def _alias_pattern(aliases: list[str]) -> re.Pattern[str]:
    """Aliases written in capitals (acronyms) match case-sensitively, the rest not."""
    caps = [a for a in aliases if str(a).isupper()]
    other = [a for a in aliases if not str(a).isupper()]
    parts = []
    if caps:
        parts.append("(?-i:" + "|".join(re.escape(str(a)) for a in caps) + ")")
    if other:
        parts.append("|".join(re.escape(str(a)) for a in sorted(other, key=len, reverse=True)))
    return re.compile(rf"(?<![\w-])(?:{'|'.join(parts)})(?![\w])", re.I)


#: The non-ASCII letters that ``re.IGNORECASE`` pairs with ASCII ones ("İ", dotless i, long
#: s, the Kelvin sign), so that a lower-cased text shows every case-insensitive match of an
#: ASCII name (a test checks the list against every code point).
ASCII_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


def _ascii_words(aliases: tuple[str, ...]) -> tuple[str, ...] | None:
    if not all(a.isascii() for a in aliases):
        return None  # case-insensitive matching may pair other letters with ASCII ones
    return tuple(a.lower() for a in aliases)


def parse_table(raw: dict[str, Any]) -> Table:
    groups: dict[tuple[str, ...], list[Group]] = {}
    for g in raw.get("groups") or []:
        key = tuple(str(a) for a in g.get("aliases") or [])
        groups.setdefault(key, []).append(
            Group(str(g["name"]), int(g.get("inter", 2)), tuple(g.get("countries") or ()))
        )
    state = [(_phrases(ws), kind) for kind, ws in (raw.get("state") or {}).items()]
    return Table(
        periods={str(k): str(v) for k, v in (raw.get("periods") or {}).items()},
        with_article=set(raw.get("with_article") or []),
        groups=[(_alias_pattern(list(k)), v) for k, v in groups.items() if k],
        group_words=[_ascii_words(k) for k in groups if k],
        state=state,
        needs_country={str(w).lower() for w in raw.get("needs_country") or []},
        words={
            k: _phrases(raw.get(k) or ["\0"])
            for k in ("unidentified", "protesters", "rioters", "civilians")
        },
        associated=[(_phrases(ws), name) for name, ws in (raw.get("associated") or {}).items()],
    )


@functools.cache
def load_table() -> Table:
    text = resources.files("vigil.events").joinpath("data/acled_actors.yaml").read_text("utf-8")
    return parse_table(yaml.safe_load(text))


def country_name(alpha3: str | None) -> str:
    """ACLED's name of a country from its ISO code ("" if unknown)."""
    if not alpha3:
        return ""
    return ACLED_COUNTRY.get(alpha3) or load_knowledge().country_name(alpha3) or ""


def state_name(kind: str, country: str, table: Table | None = None) -> str:
    """ "Military Forces of Turkey (2016-)", "Police Forces of the Philippines (2016-)"."""
    table = table or load_table()
    body = "Police Forces" if kind == "police" else "Military Forces"
    article = "the " if country in table.with_article else ""
    period = table.periods.get(country)
    return f"{body} of {article}{country}" + (f" ({period})" if period else "")


def with_country(generic: str, country: str) -> str:
    """ "Protesters (Israel)"; a bare category when the country is unknown."""
    return f"{generic} ({country})" if country else generic


_GENERIC = {
    "unidentified": "Unidentified Armed Group",
    "protesters": "Protesters",
    "rioters": "Rioters",
    "civilians": "Civilians",
}
_COUNTRY_BEFORE = re.compile(r"([A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)?)[\s-]+$")
_COUNTRY_AFTER = re.compile(r"^\s+of\s+(?:the\s+)?([A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)?)")


def _force_country(text: str, start: int, end: int) -> str | None:
    """The country a force word is qualified by: "Turkish forces", "forces of Armenia"."""
    kb = load_knowledge()
    before = _COUNTRY_BEFORE.search(text[max(0, start - 40) : start])
    if before:
        words = before.group(1).split()
        for k in range(len(words)):
            a3 = kb.country_of_word(" ".join(words[k:]))
            if a3:
                return a3
    after = _COUNTRY_AFTER.match(text[end : end + 40])
    if after:
        words = after.group(1).split()
        for k in range(len(words), 0, -1):
            a3 = kb.country_of_word(" ".join(words[:k]))
            if a3:
                return a3
    return None


def _pick_group(options: list[Group], country: str) -> Group | None:
    for g in options:
        if not g.countries or country in g.countries:
            return g
    return None


def find_actors(text: str, country: str, kinds: set[str] | None = None) -> list[Actor]:
    """Every actor ``text`` names, in text order (``country``: the event's, ACLED spelling).

    Named groups are found first; a category word inside or right after a group's
    name ("Taliban militants") belongs to that group. ``kinds`` limits which
    categories of people (protesters, rioters, civilians) are looked for.
    """
    table = load_table()
    found: list[Actor] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return not any(s < te and ts < e for ts, te in taken)

    def near_taken(s: int) -> bool:
        """Right after a found actor's name ("Taliban militants", "IS fighters")."""
        return any(0 <= s - te <= 2 for _, te in taken)

    low = text.translate(ASCII_FOLD).lower()
    words = table.group_words or [None] * len(table.groups)
    for (pattern, options), aliases in zip(table.groups, words, strict=True):
        if aliases is not None and not any(a in low for a in aliases):
            continue  # none of its names is in the text (the regex would find nothing)
        for m in pattern.finditer(text):
            g = _pick_group(options, country)
            if g is None or not free(m.start(), m.end()):
                continue
            name = g.name.replace("{country}", country or "Unknown")
            found.append(Actor(name, g.inter, "group", m.start(), m.end()))
            taken.append((m.start(), m.end()))
    groups_at = [s for s, _ in taken]
    for pattern, kind in table.state:
        for m in pattern.finditer(text):
            if not free(m.start(), m.end()) or _of_group(text, m.end(), groups_at):
                continue
            a3 = _force_country(text, m.start(), m.end())
            word = m.group(0).lower()
            if a3 is None and word in table.needs_country and not _government_word(text, m):
                continue
            where = country_name(a3) if a3 else country
            if not where:
                continue
            inter = INTER["state"] if not country or where == country else EXTERNAL
            found.append(
                Actor(state_name(kind, where, table), inter, kind, m.start(), m.end(), where)
            )
            taken.append((m.start(), m.end()))
    for kind in ("unidentified", "protesters", "rioters", "civilians"):
        if kinds is not None and kind not in kinds:
            continue
        for m in table.words[kind].finditer(text):
            if not free(m.start(), m.end()) or (kind == "unidentified" and near_taken(m.start())):
                continue
            name = with_country(_GENERIC[kind], country)
            found.append(Actor(name, INTER[kind], kind, m.start(), m.end()))
            taken.append((m.start(), m.end()))
    return sorted(found, key=lambda a: a.start)


_ALSO = re.compile(r"\s+of\s+(?:the\s+)?[A-Z][\w'-]*\s+and\s+(?:the\s+)?([A-Z][\w'-]*)")


def _also_of(text: str, end: int) -> list[str]:
    """ "military forces of India and Pakistan": the second country's forces too."""
    m = _ALSO.match(text, end)
    a3 = load_knowledge().country_of_word(m.group(1)) if m else None
    return [a3] if a3 else []


def _of_group(text: str, end: int, group_starts: list[int]) -> bool:
    """ "military forces of Artsakh": the force words belong to the group named after them."""
    tail = _OF.match(text, end)
    return tail is not None and tail.end() in group_starts


_OF = re.compile(r"\s+of\s+(?:the\s+)?")


def _government_word(text: str, m: re.Match[str]) -> bool:
    """ "government forces", "regime forces": the state's own, no country word needed."""
    before = text[max(0, m.start() - 20) : m.start()].lower().split()
    return bool(before) and before[-1].strip("-") in {"government", "governmental", "regime"}


def associated(text: str, country: str) -> list[str]:
    """Associated actors the text names ("Health Workers (Israel)"), in table order."""
    out: list[str] = []
    for pattern, name in load_table().associated:
        if pattern.search(text):
            out.append(with_country(name, country))
    return out

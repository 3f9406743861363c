"""Place names written with the areas that hold them: "Town (District, Province)",
"X village (Y)", "Apa Agila (Ado LGA, Benue)", "Vertente do Lerio, Pernambuco".

Conflict reports and wire copy name a small place by its district and province so that the
reader can find it. The statistical model often splits or mislabels such names (a village as
a person, a district as an organisation), yet the form itself is evidence: the last area of
the chain is a known state, province, district or country, and the names before it lie in it.
Each name of a chain whose outermost area is known becomes a mention (a name the gazetteer
lacks too, so that the resolver can place it in its area); a name before ", Y" only when the
gazetteer has a place of that name inside Y.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from vigil.places.gazetteer import Candidate, Gazetteer
from vigil.places.lexicon import ADMIN_SUFFIX, STATE_ABBREVIATIONS, WITHIN_NOUNS
from vigil.places.mentions import Mention
from vigil.places.recognize.cues import overlaps

_WORD = r"(?:[A-Z]|[a-z]{1,2}[A-Z])[\w'’.\-]*"  # "Kandahar", "eThekwini"
_JOIN = r"(?:de|do|da|dos|das|del|della|di|al|el|la|le|des|du|an|ad|ar|as|ash|az|bin|ibn|wa)"
_NAME = rf"{_WORD}(?:[ \-](?:{_JOIN}[ \-]){{0,2}}{_WORD}){{0,4}}"
_KINDS = WITHIN_NOUNS | set(ADMIN_SUFFIX)
_KIND = "|".join(sorted(_KINDS, key=len, reverse=True))

#: "X (Y, Z)" / "X town (Y)" / "X (Y district)": up to three names in the brackets.
_K = rf"(?:\s+(?i:{_KIND}))?"
PAREN_RE = re.compile(
    rf"(?<![\w'’])({_NAME}){_K}\s*\(\s*({_NAME}){_K}"
    rf"(?:\s*,\s*({_NAME}){_K})?(?:\s*,\s*({_NAME}){_K})?\s*\)"
)
_ABBR = "|".join(re.escape(a) for a in sorted(STATE_ABBREVIATIONS, key=len, reverse=True))
#: "X (Y, AP)", "X (UP)": a bracket closed by a state's abbreviation.
ABBR_RE = re.compile(rf"(?<![\w'’])({_NAME}){_K}\s*\(\s*(?:({_NAME}){_K}\s*,\s*)?({_ABBR})\s*\)")
#: "X in Y" where Y is an area: "shelled Menbij in Aleppo", "Hole camp in al-Hasakeh".
IN_RE = re.compile(rf"(?<![\w'’])({_NAME})(\s+(?i:{_KIND}))?\s+in\s+((?:(?:al|el)-)?{_NAME})")
#: "X, Y" where Y is an area: "in Vertente do Lerio, Pernambuco" (overlapping: every tail of X).
COMMA_RE = re.compile(rf"(?<![\w'’])(?=({_NAME}){_K},\s+({_NAME}))")
#: "X village of Y", "X area in Y": Y contains X.
KIND_OF_RE = re.compile(rf"(?<![\w'’])({_NAME})\s+(?i:{_KIND})\s+(?:of|in)\s+(?:the\s+)?({_NAME})")
_LOCATIVE_BEFORE = re.compile(
    r"\b(?:in|near|at|outside|around|from|toward|towards|(?:area|vicinity|outskirts|"
    r"countryside|village|town|city)\s+of)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_CALENDAR = frozenset(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday".split()
)
_PRONOUNS = frozenset("he she it they we i you this that there".split())
_LEAD = {"the", "in", "on", "at", "of", "near", "from", "and", "or", "a", "an"}

_AREAS = {"country", "admin1", "admin2"}
_SUFFIX_RE = re.compile(rf"\s+(?:{_KIND})$", re.IGNORECASE)


def _core(text: str, s: int, e: int) -> tuple[int, int, str | None]:
    """A name without its trailing kind word ("Ado LGA" -> "Ado", hint admin2) or the
    full stop that ends its sentence ("Donetsk." but "St.")."""
    cut = text.find(". ", s, e)
    if cut >= 0:
        e = cut + 1  # "Donetsk. During": the name ends with its sentence
    if text[s:e].endswith(".") and len(text[s:e].rsplit(" ", 1)[-1]) > 4:
        e -= 1
    m = _SUFFIX_RE.search(text[s:e])
    if m is None or m.start() == 0:
        return s, e, None
    word = m.group(0).strip().lower()
    return s, s + m.start(), ADMIN_SUFFIX.get(word)


def _contained(inner: tuple[Candidate, ...], outer: tuple[Candidate, ...]) -> bool:
    for o in outer:
        if o.level not in _AREAS:
            continue
        for c in inner:
            if c.id == o.id:
                continue
            if (
                (o.level == "country" and c.country == o.country)
                or (o.level == "admin1" and (c.admin1 == o.id))
                or (o.level == "admin2" and (c.admin2 == o.id))
            ):
                return True
    return False


def _heads(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """The word prefixes of a name, longest first ("Pernambuco Military" -> both, then one)."""
    cuts = [m.start() for m in re.finditer(r"[ \-]", text[s:e])]
    return [(s, e)] + [(s, s + c) for c in reversed(cuts)]


def _tails(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """The word suffixes of a name, longest first, without leading function words (a
    capitalised Arabic article before a name stays: "At Tuhayta", "An Nasiriyah")."""
    starts = [s] + [s + m.end() for m in re.finditer(r"[ \-]", text[s:e])]
    out = []
    for b in starts:
        word, _, rest = text[b:e].partition(" ")
        article = word in {"At", "An"} and rest[:1].isupper()
        if word.lower() not in _LEAD or article:
            out.append((b, e))
    return out


def _place_tails(gaz: Gazetteer, text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The tails of a name (see ``_tails``) that could name a place at all."""
    return [t for t in _tails(text, start, end) if not _not_a_place(gaz, text[t[0] : t[1]])]


def _known(gaz: Gazetteer, text: str, spans: list[tuple[int, int]], areas: bool) -> tuple:
    for s, e in spans:
        cands = gaz.lookup(text[s:e])
        if cands and (not areas or any(c.level in _AREAS for c in cands)):
            return s, e, cands
    return None


def _not_a_place(gaz: Gazetteer, name: str) -> bool:
    """Words a chain pattern may catch that name no place: "the Kurdish village of",
    "SOS Children's Village in", "In September, Egypt"."""
    return (
        gaz.demonym(name) is not None
        or name.endswith(("'s", "’s"))
        or name.split(" ", 1)[0].lower().rstrip("s.") in _CALENDAR
        or name.lower() in _PRONOUNS
    )


def hierarchy_mentions(
    text: str,
    gaz: Gazetteer,
    avoid: list[tuple[int, int]],
    sent_of: Callable[[int], int],
    in_names: list[tuple[int, int]] | None = None,
) -> list[Mention]:
    """Mentions for the names of "X (Y, Z)" and "X, Y" chains (see module docstring).

    ``in_names`` are names found inside organisation names: a bracketed chain overrides
    them (the model read "Barwani, Madhya Pradesh" as an organisation), the looser
    comma and "village of" forms do not ("University of California, San Diego")."""
    out: list[Mention] = []
    taken = list(avoid)
    loose = list(in_names or [])

    def add(s: int, e: int, hint: str | None, strict: bool = False, name: str = "") -> None:
        # A shorter name the model's span was cut down to ("Chak" of "Chak Sheikhan
        # village of Qaysar") gives way to the whole name (deduplication keeps the longer).
        spans = taken if strict else taken + loose
        if e <= s or overlaps((s, e), [(a, b) for a, b in spans if not (s <= a and b <= e)]):
            return
        said = name or text[s:e]
        out.append(Mention(s, e, said, "ner", sent_of(s), label="HIER", admin_hint=hint))
        taken.append((s, e))

    for m in PAREN_RE.finditer(text):
        groups = [_core(text, *m.span(i)) for i in range(1, 5) if m.group(i)]
        last = _known(gaz, text, [groups[-1][:2]], areas=True)
        spelled = ""
        if last is None and len(groups) >= 2:
            # "Garabulli (Almargeb)": the province spelled otherwise than the gazetteer has
            # it (Al Marqab); read as that province.
            inner = frozenset(
                c.country
                for g in groups[:-1]
                for c in gaz.lookup(text[g[0] : g[1]])
                if c.country and c.level != "country"
            )
            area = gaz.area_spelled_like(text[groups[-1][0] : groups[-1][1]], inner)
            if area is not None and (area.level == "admin1" or len(groups) > 2):
                spelled = area.name
                last = (groups[-1][0], groups[-1][1], gaz.lookup(spelled))
        if last is None:
            continue  # "WASHINGTON (AP)", "Smith (Labour)": not a chain of places
        if len(groups) == 2 and not any(c.level in {"admin1", "country"} for c in last[2]):
            continue  # "He (Wilson) got out", "Meaney (Green)": a county name alone is weak
        first = groups[0]
        tails = _place_tails(gaz, text, first[0], first[1])
        if not tails:
            continue
        known = _known(gaz, text, tails, areas=False)
        outer = last[2]
        if known and not _contained(known[2], outer):
            known = None  # "Altos de San Lorenzo (Buenos Aires)" is not a San Lorenzo abroad
        head = (known[0], known[1]) if known else tails[0]
        for s, e, hint in [(head[0], head[1], first[2])] + groups[1:-1]:
            add(s, e, hint, strict=True)
        add(groups[-1][0], groups[-1][1], groups[-1][2], strict=True, name=spelled)
    for m in ABBR_RE.finditer(text):
        # "Menakuru village (Nellore, AP)": the abbreviation stands for its state only when
        # a name before it is a place of that state's country (not "Smith (Labour, UP)").
        iso3, state = STATE_ABBREVIATIONS[m.group(3)]
        groups = [_core(text, *m.span(i)) for i in (1, 2) if m.group(i)]
        named = [t for g in groups for t in _place_tails(gaz, text, g[0], g[1])]
        if not any(c.country == iso3 for s, e in named for c in gaz.lookup(text[s:e])):
            continue
        first = groups[0]
        tails = _place_tails(gaz, text, first[0], first[1])
        if not tails:
            continue
        known = _known(gaz, text, tails, areas=False)
        head = (known[0], known[1]) if known else tails[0]
        for s, e, hint in [(head[0], head[1], first[2])] + groups[1:]:
            add(s, e, hint, strict=True)
        s3, e3 = m.span(3)
        if not overlaps((s3, e3), taken):
            out.append(
                Mention(s3, e3, state, "ner", sent_of(s3), label="HIER", admin_hint="admin1")
            )
            taken.append((s3, e3))
    for m in KIND_OF_RE.finditer(text):
        s2, e2, _ = _core(text, *m.span(2))
        outer = _known(gaz, text, _heads(text, s2, e2), areas=False)
        tails = [t for t in _tails(text, *m.span(1)) if not _not_a_place(gaz, text[t[0] : t[1]])]
        if outer is None or not tails:
            continue
        known = _known(gaz, text, tails, areas=False)
        if known is None and not _LOCATIVE_BEFORE.search(text, 0, tails[0][0]):
            continue  # "a mainly Shiite area in Baghdad", "Tomorrow Project. The City of"
        head = (known[0], known[1]) if known else tails[0]
        add(head[0], head[1], None)
        add(outer[0], outer[1], None)
    for m in IN_RE.finditer(text):
        # A town the gazetteer places inside the named area, or a name said as a place
        # of a kind ("Hole camp", "Quamishli city") the gazetteer lacks: X lies in Y.
        s2, e2, _ = _core(text, *m.span(3))
        outer = _known(gaz, text, _heads(text, s2, e2), areas=True)
        tails = [t for t in _tails(text, *m.span(1)) if not _not_a_place(gaz, text[t[0] : t[1]])]
        if outer is None or not tails or text[outer[0] : outer[1]].lower() in _KINDS:
            continue
        areas = tuple(c for c in outer[2] if c.level in _AREAS)
        inside = next(((s, e) for s, e in tails if _contained(gaz.lookup(text[s:e]), areas)), None)
        if inside is None and m.group(2) and m.group(2).strip().lower() in WITHIN_NOUNS:
            said = _LOCATIVE_BEFORE.search(text, 0, tails[0][0])  # not "a Shiite area in"
            if said and not _known(gaz, text, tails, areas=False):
                inside = tails[0]
        if inside is not None:
            add(inside[0], inside[1], None)
            add(outer[0], outer[1], None)
    for m in COMMA_RE.finditer(text):
        s1, e1, hint = _core(text, *m.span(1))
        s2, e2, _ = _core(text, *m.span(2))
        outer = _known(gaz, text, _heads(text, s2, e2), areas=True)
        if outer is None or text[outer[0] : outer[1]].lower() in _KINDS:
            continue  # "Eastern Visayas, Region 8"
        tails = [t for t in _tails(text, s1, e1) if not _not_a_place(gaz, text[t[0] : t[1]])]
        states = [c for c in outer[2] if c.level != "country"]  # "David Williams, U.S. Rep."
        for s, e in tails:
            inner = gaz.lookup(text[s:e])
            if inner and _contained(inner, tuple(states)):
                add(s, e, hint)
                add(outer[0], outer[1], None)
                break
        else:
            # "near Slavne, Donetsk", "in Bila Kamianka, Donetsk": said as a place and
            # followed by its state, a name the gazetteer lacks (or knows only abroad)
            # is still a place, to be placed in that state (a state or country named
            # whole, not the first word of a longer name).
            end = outer[0] + len(text[outer[0] : outer[1]].rstrip("."))
            whole = not re.match(r"[ \-][A-Z]", text[end : end + 2])
            if (
                tails
                and whole
                and s1 == m.start(1)
                and any(c.level in {"admin1", "country"} for c in outer[2])
                and _LOCATIVE_BEFORE.search(text, 0, s1)
            ):
                add(tails[0][0], tails[0][1], hint)
                add(outer[0], outer[1], None)
    return out

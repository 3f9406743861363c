"""Streets and roads named in the text: "Main Street", "Wichita Drive", "Interstate 45".

Local news places its events on streets ("a crash on Woods Chapel Road near Castle
Drive"), and a street is a place of the story like a town: toponym corpora annotate them
(LGL: about one toponym in thirteen). No gazetteer lists them, so the statistical model's
FAC label (or none) is all the recogniser had, and a FAC that is no known name was
dropped. The form itself is the evidence: capitalised words ending in a street word
("Street", "St.", "Avenue", "Drive", "Boulevard", ...) or a numbered road ("Interstate
45", "Highway 19", "Route 9"). A street stays unresolved (no point) unless the text puts
it in a place; it names where, not a gazetteer entry.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from vigil.places.mentions import Mention
from vigil.places.recognize.cues import overlaps

_STREET_WORDS = (
    r"Street|St\.|Avenue|Ave\.|Road|Rd\.|Drive|Boulevard|Blvd\.|Lane|Ln\.|Parkway|Pkwy\."
    r"|Highway|Hwy\.|Terrace|Circle|Pike|Trail|Turnpike|Expressway|Freeway"
)
_NAME_WORD = r"(?:[A-Z][\w'’-]*|[A-Z]\.|Jr\.|St\.|Mt\.|\d+(?:st|nd|rd|th))"
#: "Main Street", "E. Broad St.", "Martin Luther King Jr. Boulevard", "42nd Street".
STREET_RE = re.compile(
    rf"(?<![\w'’.-])((?:{_NAME_WORD}\s+){{1,4}}(?:{_STREET_WORDS}))(?![\w'’-])(?!\s+[A-Z]\w)"
)
#: "Interstate 45", "Highway 19", "U.S. Route 66", "State Route 9", "I-95".
ROAD_RE = re.compile(
    r"(?<![\w-])((?:U\.S\.\s+|State\s+|County\s+)?(?:Interstate|Highway|Route)\s+\d+[A-Z]?"
    r"|I-\d+)(?![\w-])"
)
#: Words that begin a sentence or a clause, not a street's name ("The Street", "On Road").
#: ", Alexandria" after a street: the town of an address (up to three capitalised words).
_TOWN_AFTER = re.compile(r",\s+([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2})(?=[.,;:]|\s+[a-z(]|$)")
_INITIAL_LAST = re.compile(r"\b[A-Z]\.\s+\S+$")
_NOT_NAMES = frozenset("the a an on in at of to from by and or for this that".split())


def street_mentions(
    text: str,
    avoid: list[tuple[int, int]],
    sent_of: Callable[[int], int],
    is_name: Callable[[str], bool] | None = None,
) -> list[Mention]:
    """Mentions for the streets and numbered roads of ``text`` outside ``avoid``, and for
    the town an address gives after its street (``is_name``: a gazetteer name test)."""
    out: list[Mention] = []
    taken = list(avoid)
    for rx in (STREET_RE, ROAD_RE):
        for m in rx.finditer(text):
            s, e = m.span(1)
            while True:  # "The Main Street" -> "Main Street"
                first, _, rest = text[s:e].partition(" ")
                if first.lower() not in _NOT_NAMES or not rest:
                    break
                s += len(first) + 1
            if rx is STREET_RE and " " not in text[s:e]:
                continue  # only the street word is left
            if rx is STREET_RE and _INITIAL_LAST.search(text[s:e]):
                continue  # "Marvin F. Lane": a person's initial before a surname
            if overlaps((s, e), taken):
                continue
            out.append(Mention(s, e, text[s:e], "gazetteer", sent_of(s), label="STREET"))
            taken.append((s, e))
            town = _TOWN_AFTER.match(text, e)
            if town is not None and is_name is not None:
                # An address: "420 Augusta St., Alexandria" names the town it is in.
                ts, te = town.span(1)
                if is_name(text[ts:te]) and not overlaps((ts, te), taken):
                    out.append(Mention(ts, te, text[ts:te], "gazetteer", sent_of(ts), label="ADDR"))
                    taken.append((ts, te))
    return out

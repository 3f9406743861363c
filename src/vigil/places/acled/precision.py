"""How fine a place is, the way ACLED says it (geo_precision): 1 the town itself, 2 near
it or a part of a region, 3 a larger region; read from the place's level and the words the
text writes with its name ("Maidan Shar district", "near Kandahar", "Hama countryside")."""

from __future__ import annotations

import re

from vigil.document import Document
from vigil.places.lexicon import ADMIN_SUFFIX
from vigil.records import Place

#: Kind words after a name that make it a province-sized area ("Kandahar province").
WIDE_KINDS = frozenset({"province", "state", "governorate", "oblast", "region", "prefecture"})
_KIND_AFTER = re.compile(r"\s+(\w+)")


#: Parts of a town: an event there is in the town itself (ACLED precision 1).
TOWN_PARTS = frozenset(
    "square market neighbourhood neighborhood quarter section zone street road suburb "
    "suburbs slum slums camp".split()
)


BETWEEN = re.compile(r"\bbetween\s+(?:[\w'’-]+\s+){0,4}?(?:and\s+)?$", re.IGNORECASE)
_KIND_BEFORE = re.compile(r"\b(\w+)\s+of\s+(?:the\s+)?$")


def said_as(doc: Document, place: Place, kinds: frozenset[str] | None = None) -> str | None:
    """The kind word written with the name ("Maidan Shar district", "the Municipality of
    Alvaro Obregon" -> "district", "municipality")."""
    allowed = kinds if kinds is not None else ADMIN_SUFFIX
    own = place.text.rsplit(" ", 1)[-1].lower() if " " in place.text else ""
    if own in allowed:
        return own  # the name was read with its kind word ("Lainya county")
    m = _KIND_AFTER.match(doc.text, place.end)
    word = m.group(1).lower() if m else ""
    if word in allowed:
        return word
    b = _KIND_BEFORE.search(doc.text, max(0, place.start - 30), place.start)
    word = b.group(1).lower() if b else ""
    return word if word in allowed else None


def precision(place: Place, kind: str | None = None) -> int:
    """ACLED's geo_precision of a resolved place (1 town, 2 near it / part of a region, 3
    wider); ``kind`` is the word the text calls it by ("district": the area, not its town)."""
    if place.within is not None:
        # A village the gazetteer lacks, named with the areas it lies in ("Gadabo
        # (Anzourou, Tillaberi)"): the report names the place itself, which is what
        # ACLED's precision says (1), though vigil's point is its area's; an area of its
        # own ("Lainya county") or a spot near or between places is 2.
        return 2 if (place.near or kind is not None) else 1
    if place.level in {"country", "admin1"} or place.feature is not None or kind in WIDE_KINDS:
        return 3
    if place.level == "admin2" or place.near or kind is not None:
        return 2
    return 1


#: Words after a name that put the event around the place, not in it ("Hama countryside").
AROUND = frozenset({"countryside", "outskirts", "suburbs", "environs", "frontline", "front"})

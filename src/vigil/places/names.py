"""Name normalisation shared by the gazetteer build and run-time lookup.

The same function keys the index and every query, so "São Paulo", "Sao Paulo"
and "SAO PAULO" meet, as do "St. Louis" / "Saint Louis" and "Winston-Salem" /
"Winston Salem". It is deliberately lossy (case, accents, punctuation) because
news text spells foreign names inconsistently; precision is recovered later by
context, not by spelling.
"""

from __future__ import annotations

import re
import unicodedata

#: Written forms that normalising would merge with another name's ("L.A." with
#: Louisiana's "La."), or that no source lists: looked up as the name they stand for.
SURFACE_FORMS = {"L.A.": "Los Angeles", "NYC": "New York City", "N.Y.C.": "New York City"}

_ABBREV = {"st": "saint", "ste": "sainte", "ft": "fort", "mt": "mount", "pt": "point"}
_SPECIAL = str.maketrans({"ß": "ss", "æ": "ae", "ø": "o", "đ": "d", "ł": "l", "ı": "i", "ð": "d"})
_DROP = re.compile(r"['\u2018\u2019\u02bc\u02bb`´.]")
_SEP = re.compile(r"[\s\-\u2010-\u2015/,()]+")


def fold(text: str) -> str:
    """Lower case without accents: 'Şalāḩ ad Dīn' -> 'salah ad din'."""
    text = unicodedata.normalize("NFKD", text.casefold().translate(_SPECIAL))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def normalise(name: str) -> str:
    """The lookup key of a place name (see module docstring)."""
    text = _DROP.sub("", fold(name))
    words = [w for w in _SEP.split(text) if w]
    # "Democratic Republic of the Congo" == "Democratic Republic of Congo".
    words = [_ABBREV.get(w, w) for w in words if w != "the"]
    return " ".join(words)


def is_latin(name: str) -> bool:
    """True when the name is written in Latin script (after removing accents).

    English news only ever spells places in Latin script, so other scripts are
    left out of the index to keep it small.
    """
    folded = fold(name)
    return bool(folded) and all(ch.isascii() for ch in folded)

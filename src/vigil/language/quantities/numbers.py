"""Reading a number as written: digits, number words, vague plurals, bounds and ranges.

Kept apart from :mod:`quantities` (which decides *what* is counted) because
the two change for different reasons: this one for number formats, that one
for the security vocabulary.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from spacy.tokens import Token

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "a": 1, "an": 1,
}  # fmt: skip
SCALES = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9, "m": 10**6,
          "bn": 10**9, "k": 1000, "dozen": 12}  # fmt: skip
#: Vague plurals: a lower bound ("dozens" = at least 24).
VAGUE = {"dozens": 24, "scores": 40, "hundreds": 200, "thousands": 2000, "millions": 2 * 10**6,
         "tens": 20}  # fmt: skip

MIN_WORDS = {"more than", "over", "at least", "upwards of", "in excess of", "no fewer than",
             "not less than", "a minimum of"}  # fmt: skip
MAX_WORDS = {"fewer than", "less than", "up to", "as many as", "at most", "under", "no more than",
             "not more than", "a maximum of", "nearly", "almost"}  # fmt: skip
APPROX_WORDS = {"about", "around", "some", "roughly", "approximately", "an estimated",
                "estimated", "nearly", "almost", "close to", "around some", "circa"}  # fmt: skip
# "nearly"/"almost" are approximate *and* below: reported as max.

_NUM = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$|^\d+(\.\d+)?$")


_SUFFIXED = re.compile(r"^\d+(\.\d+)?(m|bn|k)$")


def is_number_word(tok: Token) -> bool:
    """Digits ('1,200', '80m') or a number word ('five', 'dozens', 'twenty-one')."""
    low = tok.lower_
    if low[:1].isdigit():
        return bool(_NUM.match(low) or _SUFFIXED.match(low))
    if low in UNITS:
        return low not in {"a", "an"}
    if low in SCALES or low in VAGUE:
        return True
    return "-" in low and all(p in UNITS for p in low.split("-"))


def word_value(text: str) -> float | None:
    """Value of one token: '45', '1,200', '1.5', 'five', 'twenty-one', '80m'."""
    low = text.lower().replace(",", "")
    m = re.match(r"^(\d+(?:\.\d+)?)(m|bn|k)?$", low)
    if m:
        val = float(m.group(1)) * (SCALES[m.group(2)] if m.group(2) else 1)
        return val if math.isfinite(val) else None  # 400 digits are no figure (inf)
    if low in UNITS:
        return float(UNITS[low])
    if "-" in low and all(p in UNITS for p in low.split("-")):
        return float(sum(UNITS[p] for p in low.split("-")))
    return None


@dataclass
class Reading:
    value: float | int | None
    bound: str | None = None
    range: list[float | int] | None = None


def _clean(v: float) -> float | int:
    return int(v) if float(v).is_integer() else v


def read_number(words: list[str]) -> Reading | None:
    """Value of a run of number tokens: 'two hundred', '1.5 million', 'a dozen', 'dozens'."""
    if not words:
        return None
    low = [w.lower() for w in words]
    if len(low) == 1 and low[0] in VAGUE:
        return Reading(VAGUE[low[0]], "min")
    total = 0.0
    current = 0.0
    seen = False
    for w in low:
        if w in VAGUE:
            current = max(current, 1) * VAGUE[w]
            seen = True
            continue
        if w in SCALES:
            current = max(current, 1) * SCALES[w]
            if SCALES[w] >= 1000:
                total += current
                current = 0
            seen = True
            continue
        v = word_value(w)
        if v is None:
            return None
        current += v
        seen = True
    if not seen:
        return None
    try:
        if not math.isfinite(float(total + current)):
            return None
    except OverflowError:  # "hundred hundred hundred ...": past what a float holds
        return None
    vague = any(w in VAGUE for w in low)
    return Reading(_clean(total + current), "min" if vague else None)


def bound_before(tokens: list[Token]) -> str | None:
    """The bound set by the words just before a number ('more than', 'about', 'up to')."""
    text = " ".join(t.lower_ for t in tokens)
    for words, kind in ((MIN_WORDS, "min"), (MAX_WORDS, "max"), (APPROX_WORDS, "approx")):
        for w in sorted(words, key=len, reverse=True):
            if text.endswith(w):
                return kind
    return None


def bound_length(tokens: list[Token]) -> int:
    """How many of the trailing ``tokens`` the bound phrase takes ('more than' -> 2)."""
    low = [t.lower_ for t in tokens]
    for n in range(len(low), 0, -1):
        phrase = " ".join(low[-n:])
        if phrase in MIN_WORDS or phrase in MAX_WORDS or phrase in APPROX_WORDS:
            return n
    return 0

"""Name keys: how two spellings of one name are recognised as the same.

News transliterates names inconsistently (Qassem/Qasem, Soleimani/Suleimani,
Mohammed/Muhammad). Instead of listing variants, a *skeleton* key keeps a word's
first letter and its consonants, folds letters that transliterations swap (q/k/c,
ph/f), and collapses doubled letters. Acronyms are generated from names so that
"NZDF" meets "New Zealand Defence Force" without a list.
"""

from __future__ import annotations

import functools
import re
import unicodedata

_ARTICLES = ("the ", "a ", "an ")
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_STOP = {"of", "the", "and", "for", "de", "du", "des", "la", "le", "al", "el", "in", "on", "&"}
_VOWELS = set("aeiouy")
#: Names met recently: a report names the same few things again and again, and the
#: clustering compares every pair of them (pure functions of the text, memoised).
_MEMO = 4096


def fold(text: str) -> str:
    """ASCII-fold and lower-case (diacritics dropped: Médecins -> medecins)."""
    norm = unicodedata.normalize("NFKD", text)
    return "".join(c for c in norm if not unicodedata.combining(c)).lower()


def strip_article(text: str) -> str:
    """Drop a leading article ("the Taliban" -> "Taliban"); names keep their capitals."""
    t = text.strip()
    low = t.lower()
    for art in _ARTICLES:
        if low.startswith(art):
            return t[len(art) :].strip()
    return t


def strip_possessive(text: str) -> str:
    return _POSSESSIVE.sub("", text.strip())


@functools.lru_cache(maxsize=_MEMO)
def clean_name(text: str) -> str:
    """A mention's text as a canonical name: no article, no possessive, single spaces."""
    return re.sub(r"\s+", " ", strip_possessive(strip_article(text)))


@functools.lru_cache(maxsize=_MEMO)
def norm_key(text: str) -> str:
    """Case- and punctuation-insensitive key of a whole name."""
    return re.sub(r"[^a-z0-9]+", " ", fold(clean_name(text))).strip()


@functools.lru_cache(maxsize=_MEMO)
def skeleton(word: str) -> str:
    """Transliteration-tolerant key of one word: first letter + consonants, no doubles.

    >>> skeleton("Qassem") == skeleton("Qasem") == skeleton("Kassem")
    True
    """
    w = re.sub(r"[^a-z]", "", fold(word))
    if not w:
        return ""
    w = w.replace("ph", "f").replace("ck", "k").replace("q", "k").replace("c", "k")
    w = w.replace("dh", "d").replace("th", "t").replace("kh", "k").replace("gh", "g")
    head, rest = w[0], "".join(ch for ch in w[1:] if ch not in _VOWELS)
    out = head
    for ch in rest:
        if ch != out[-1]:
            out += ch
    return out


#: Name particles that come and go between spellings ("al-Zawahiri", "Zawahiri").
_PARTICLES = {"al", "el", "ad", "ar", "as", "ash", "at", "az", "an", "de", "da", "di", "du"}
_PARTICLES |= {"van", "von", "der", "den", "le", "la", "bin", "ibn"}
_PARTICLE_ALT = "|".join(sorted(_PARTICLES))
_PARTICLE_PREFIX = re.compile(rf"^(?:{_PARTICLE_ALT})[-'\u2019](?=\w)", re.I)


@functools.lru_cache(maxsize=_MEMO)
def name_skeleton(text: str) -> tuple[str, ...]:
    """Skeleton of each word of a person's name, particles dropped (al-, de, van...)."""
    words = [_PARTICLE_PREFIX.sub("", w) for w in clean_name(text).split()]
    words = [w for w in words if w.lower() not in _PARTICLES] or words
    return tuple(s for s in (skeleton(w) for w in words) if s)


def acronyms(name: str, country_short: dict[str, str] | None = None) -> set[str]:
    """Acronyms a text might use for ``name``: initials of its content words.

    "New Zealand Defence Force" -> {"NZDF"}; with ``country_short`` (short form ->
    full name) a country inside the name may also be abbreviated its usual way
    ("United Kingdom Border Force" -> "UKBF").
    """
    words = [w for w in re.split(r"[\s\-]+", clean_name(name)) if w]
    content = [w for w in words if w.lower() not in _STOP and w[:1].isalpha()]
    if len(content) < 2:
        return set()
    out = {"".join(w[0] for w in content).upper()}
    out.add("".join(w[0] for w in words if w[:1].isalpha()).upper())
    for short, full in (country_short or {}).items():
        if clean_name(name).startswith(full + " "):
            rest = [w for w in clean_name(name)[len(full) :].split() if w.lower() not in _STOP]
            if rest:
                out.add(short.replace(".", "") + "".join(w[0] for w in rest).upper())
    return {a for a in out if len(a) >= 2}


def looks_like_acronym(text: str) -> bool:
    t = clean_name(text).replace(".", "")
    return 2 <= len(t) <= 8 and t.isalpha() and t.isupper()

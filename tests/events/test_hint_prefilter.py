"""The one-alternation pre-check of ACLED hint words finds a hint exactly when some
type's own pattern does."""

from __future__ import annotations

import re

from vigil.events.acled.classify import _any_hint
from vigil.events.lexicon import load_lexicon

SENTENCES = [
    "A grenade was thrown into the crowd.",
    "Militants planted an IED on the road to the airport.",
    "The minister met her counterpart on Tuesday.",
    "Protesters torched cars; police used tear gas and rubber bullets.",
    "An air strike hit the village, and a suicide bomber struck later.",
    "Grenades, landmines and shelling: nothing of the kind was reported.",
    "",
]


def test_pre_check_agrees_with_every_type_pattern():
    lex = load_lexicon()
    pats = tuple(p for ps in lex.acled_hints.values() for p in ps)
    combined = _any_hint(pats)
    assert combined is not None
    hits = 0
    for sent in SENTENCES + [
        w for ps in lex.acled_hints.values() for w in ps[0].pattern.split("|")
    ]:
        low = sent.lower()
        found = any(p.search(low) for p in pats)
        assert bool(combined.search(low)) == found, sent
        hits += found
    assert hits > 3


def test_patterns_with_flags_get_no_pre_check():
    assert _any_hint((re.compile("a", re.I),)) is None
    assert _any_hint(()) is None

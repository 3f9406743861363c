"""Word lists that quote attribution rests on: speech cues, spokes-nouns, pronouns.

Kept as code (not a data file) because they are short, hand-written and
reviewed with the rules that use them. Lemmas, lower case.
"""

from __future__ import annotations

#: Verbs that report speech or a stated position. A clause that is their ``ccomp``
#: is indirect speech; a quote next to them is attributed to their subject.
SPEECH_VERBS: frozenset[str] = frozenset(
    """
    say tell announce warn claim deny insist add note state report explain argue
    assert acknowledge admit allege confirm declare maintain mention reply respond
    suggest stress emphasise emphasize write tweet post predict promise vow pledge
    threaten caution concede contend complain comment disclose estimate reveal
    remark recall observe point testify urge agree affirm reiterate repeat charge
    accuse ask describe call continue conclude indicate hint signal speculate
    believe think
    """.split()
)

#: Cues that only count as speech when a speech verb governs them or they head an
#: explicit quote ("saying he believed ..."), never on their own ("believed to be in").
WEAK_CUES: frozenset[str] = frozenset({"believe", "think", "call", "describe", "continue"})

#: Verbs whose object is the *recipient* of the words (told, advised, urged):
#: the object is never the speaker.
RECIPIENT_VERBS: frozenset[str] = frozenset(
    "tell advise urge warn ask inform brief caution instruct order request".split()
)

#: A noun that speaks *for* an organisation: resolves to that organisation.
SPOKES_NOUNS: frozenset[str] = frozenset(
    """
    spokesman spokeswoman spokesperson spokespeople representative official
    statement release communique spokesmen spokeswomen officials representatives
    """.split()
)

#: Pronoun -> entity types it can refer to (first: preferred).
PRONOUN_TYPES: dict[str, tuple[str, ...]] = {
    "he": ("PERSON",),
    "she": ("PERSON",),
    "him": ("PERSON",),
    "her": ("PERSON",),
    "they": ("ORG", "NORP", "GPE", "PERSON"),
    "it": ("ORG", "GPE"),
}

#: Entity types a speaker can have, best first.
SPEAKER_TYPE_RANK: dict[str, int] = {"PERSON": 0, "ORG": 1, "NORP": 2, "GPE": 3}

#: Quote marks: opening -> closing, for the double family and the single family.
DOUBLE_OPEN = {"\u201c", '"', "\u201e", "\u00ab"}
DOUBLE_CLOSE = {"\u201d", '"', "\u00bb"}
SINGLE_OPEN = {"\u2018", "'"}
SINGLE_CLOSE = {"\u2019", "'"}

#: Verbs a *partial* quote may hang from: words put in someone's mouth ("described
#: it as a 'political assassination'", "has 'strongly advised'"). Anything else
#: around a short quoted phrase is a title, a name or a scare quote of the reporter.
PARTIAL_VERBS: frozenset[str] = SPEECH_VERBS | frozenset(
    """
    describe call label dub term brand characterise characterize advise decry denounce
    condemn praise criticise criticize slam blast dismiss reject welcome hail mock
    """.split()
)

#: Pronouns that carry gender, and words before/in a name that tell a person's gender
#: (titles, gendered role nouns). Unknown gender is compatible with either pronoun.
PRONOUN_GENDER: dict[str, str] = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f"}
GENDER_WORDS: dict[str, str] = {
    **dict.fromkeys(
        "mr sir lord king prince duke baron spokesman chairman congressman businessman "
        "father son brother husband uncle".split(),
        "m",
    ),
    **dict.fromkeys(
        "mrs ms miss dame lady queen princess duchess baroness spokeswoman chairwoman "
        "congresswoman businesswoman mother daughter sister wife aunt".split(),
        "f",
    ),
}

#: Verbs of belief and finding: attributions of a stance rather than of words
#: ("Officials believe the group is behind it", "polls show that ..."). They count
#: with a clausal complement only, and never inside another attribution's content
#: ("saying he believed ..." is one attribution, not two).
BELIEF_CUES: frozenset[str] = frozenset(
    "believe think feel know expect hope fear worry show find indicate learn conclude".split()
)

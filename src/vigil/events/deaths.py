"""Who died in a sentence, read from its parse, including deaths stated without a numeral.

The quantities stage only sees figures ("killing 20", "12 dead"); reports as often
say "a man was shot dead", "killed the soldier", "both victims died", "the bodies
of three men were found". Each death predicate (a killing verb, "dead" or "to
death" after shooting, finding or leaving, "the body of") names its victims; a
victim phrase counts by its numeral, its article ("a man" is one), "both", or
its conjuncts. A negated predicate ("no one was killed") or a statement that
nobody died ("no fatalities were reported") reads as zero. Deaths that were only
attempted, planned or feared are not deaths.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span, Token

from vigil.language.quantities.numbers import is_number_word, read_number

#: Verbs whose object (or passive subject) died.
KILL_VERBS = frozenset(
    "kill murder execute behead assassinate slay massacre lynch slaughter "
    "decapitate strangle suffocate".split()
)
#: Verbs whose subject died.
DIE_VERBS = frozenset("die perish succumb drown".split())
#: Causes of death that are no one's act (accidents, disasters, disease).
CAUSES = frozenset(
    "leak accident crash collision earthquake flood storm landslide lightning disease virus "
    "coronavirus covid-19 covid illness cancer drowning fire blaze electrocution overdose "
    "starvation heatstroke hunger".split()
)
#: Verbs completed by "dead" / "to death" whose object (or passive subject) died.
DEAD_VERBS = frozenset(
    "shoot find leave stab beat burn hack gun declare pronounce confirm report "
    "discover hang stone lie".split()
)
#: Nouns whose "of" object died: "the bodies of three men", "the death of a soldier".
BODY_NOUNS = frozenset("body corpse remains death killing murder assassination".split())
#: Governors that make a death not (yet) happen: "tried to kill", "survived".
_UNREAL = frozenset(
    "try attempt plan threaten vow seek want intend plot aim fail nearly almost "
    "survive escape avert foil thwart prevent".split()
)
#: Victim words that refer back to someone already counted.
GENERIC = frozenset(
    "victim he she him her they them who which that body corpse person one it".split()
)
_ARGS = frozenset({"nsubj", "nsubjpass", "dobj"})
_BARE = frozenset({"nsubj", "meta", "npadvmod", "nummod"})
_RANGE = re.compile(r"\b(\d+)\s*(?:-|–|to|and|or)\s*(\d+)\b")
_COLLECTIVES = frozenset("family group total couple".split())
_PLURAL_UNKNOWN = frozenset("several many some dozens scores hundreds number few".split())
#: "no fatalities were reported", "neither injuries nor fatalities", "without casualties".
_NONE_SAID = re.compile(
    r"\b(no|neither|nor|without|zero)\b[^.;]{0,40}\b(fatalit|deaths?\b|casualt|killed|dead\b)"
    r"|\bno(body| one|ne) (was|were|had been|has been) (killed|hurt|injured|harmed)"
    r"|\bno (one|body|people|person)\b[^.;]{0,20}\b(died|killed)",
    re.I,
)


@dataclass
class Death:
    """One death predicate's victims: ``count`` (None if unstated), their head word."""

    count: int | None
    head: str
    start: int  # character span of the victim phrase
    end: int
    clause: tuple[int, int] = (0, 0)  # character span of the death predicate's clause


def says_none_died(text: str) -> bool:
    return bool(_NONE_SAID.search(text))


def deaths_in(sent: Span) -> list[Death]:
    """The deaths a sentence states, one per victim phrase (conjuncts counted apart)."""
    out: list[Death] = []
    seen: set[int] = set()
    for tok in sent:
        for victim in _victims(tok):
            if victim.i in seen or victim.ent_type_ in {"DATE", "TIME"}:
                continue
            seen.update(t.i for t in victim.subtree)
            if _unreal(tok) or _not_violence(tok):
                continue
            clause = (min(t.idx for t in tok.subtree), max(t.idx + len(t) for t in tok.subtree))
            if _negated(tok, victim):
                out.append(_death(0, victim, clause))
                continue
            out.extend(_count_phrase(victim, clause))
    return out


def _victims(tok: Token) -> list[Token]:
    lemma = tok.lemma_.lower()
    kids = list(tok.children)
    if tok.dep_ == "conj" and not any(c.dep_ in _ARGS for c in kids):
        kids += [c for c in tok.head.children if c.dep_ in _ARGS]  # "was shot and killed"
    if tok.pos_ in {"VERB", "AUX"} or tok.tag_.startswith("VB"):
        if lemma in KILL_VERBS:
            victims = [c for c in kids if c.dep_ in {"dobj", "nsubjpass"}]
            if not victims and not any(c.dep_ == "aux" for c in kids):
                # "2 killed, 3 wounded": a bare figure before the verb is who died.
                victims = [c for c in kids if c.i < tok.i and c.like_num and c.dep_ in _BARE]
            return victims
        if lemma in DIE_VERBS:
            return [c for c in kids if c.dep_ in {"nsubj"}]
        if lemma in DEAD_VERBS and _dead_complement(tok):
            return [c for c in kids if c.dep_ in {"dobj", "nsubjpass"}]
        if any(c.lower_ in {"fatally", "mortally"} for c in kids):  # "fatally stabbed"
            return [c for c in kids if c.dep_ in {"dobj", "nsubjpass"}]
        if lemma == "lose" and any(c.lemma_.lower() == "life" for c in tok.subtree):
            return [c for c in kids if c.dep_ == "nsubj"]
        return []
    if lemma == "toll" and any(c.lemma_.lower() == "death" for c in kids):
        return _toll_figure(tok)
    if tok.pos_ == "NOUN" and lemma in BODY_NOUNS:
        for prep in kids:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                return [c for c in prep.children if c.dep_ == "pobj"]
        if lemma in {"body", "corpse"}:
            return [tok]  # "a body was found", "three bodies"
    if lemma == "dead" and tok.dep_ in {"amod", "acomp"} and tok.head.pos_ in {"NOUN", "PRON"}:
        return []
    return []


def _toll_figure(toll: Token) -> list[Token]:
    """ "the death toll rose to 12", "reached 12", "stands at 12", "a death toll of 12"."""
    figures = [
        g
        for c in toll.children
        if c.dep_ == "prep" and c.lower_ == "of"
        for g in c.children
        if g.dep_ == "pobj" and g.like_num
    ]
    verb = toll.head
    if not figures and toll.dep_ == "nsubj" and verb is not toll:
        for c in verb.children:
            if c.dep_ in {"dobj", "attr"} and c.like_num:
                figures.append(c)
            elif c.dep_ == "prep" and c.lower_ in {"to", "at"}:
                figures += [g for g in c.children if g.dep_ == "pobj" and g.like_num]
    return figures[-1:]


def _dead_complement(verb: Token) -> bool:
    """ "shot dead", "found dead", "beaten to death", "left three dead"."""
    for c in verb.children:
        if c.lower_ == "dead" and c.dep_ in {"oprd", "acomp", "advmod", "xcomp", "ccomp", "dobj"}:
            return True
        if c.dep_ == "prep" and c.lower_ == "to":
            if any(g.lemma_.lower() == "death" for g in c.children):
                return True
        if c.dep_ in {"dobj", "nsubjpass"} and any(g.lower_ == "dead" for g in c.children):
            return True
    return False


def _not_violence(tok: Token) -> bool:
    """ "a gas leak killed 11", "died of coronavirus": a death no one inflicted."""
    for c in tok.children:
        if c.dep_ in {"nsubj", "agent"}:
            words = {t.lemma_.lower() for t in c.subtree}
            if words & CAUSES:
                return True
        if c.dep_ == "prep" and c.lower_ in {"of", "from"} and tok.lemma_.lower() in DIE_VERBS:
            if {t.lemma_.lower() for t in c.subtree} & CAUSES:
                return True
    return False


def _unreal(tok: Token) -> bool:
    """A death tried, planned or escaped: "tried to kill", "survived being shot"."""
    cur = tok
    for _ in range(3):
        if cur.dep_ in {"xcomp", "ccomp", "advcl", "pcomp", "acl"} and cur.head is not cur:
            cur = cur.head
            if cur.lemma_.lower() in _UNREAL:
                return True
            continue
        break
    return any(c.lemma_.lower() in _UNREAL and c.dep_ == "advmod" for c in tok.children)


def _negated(verb: Token, victim: Token) -> bool:
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    return any(c.lower_ in {"no", "none", "nobody"} for c in [victim, *victim.children])


def _count_phrase(victim: Token, clause: tuple[int, int]) -> list[Death]:
    """One Death for ``victim`` and one for each of its conjuncts."""
    out = [_death(_count(victim), victim, clause)]
    for c in victim.conjuncts:
        if c.i > victim.i:
            out.append(_death(_count(c), c, clause))
    return out


def _death(count: int | None, tok: Token, clause: tuple[int, int] = (0, 0)) -> Death:
    own = [t for t in tok.subtree if t.dep_ not in {"conj", "cc"} or t is tok]
    start = min(t.idx for t in own)
    end = max(t.idx + len(t) for t in own)
    head = "victim" if is_number_word(tok) else tok.lemma_.lower()  # "killing two": whose?
    return Death(count, head, start, end, clause)


def _count(tok: Token) -> int | None:
    """How many a victim phrase names: its numeral, "a"/"the" + singular, "both"."""
    low = tok.lower_
    if is_number_word(tok) and tok.pos_ in {"NUM", "NOUN", "PRON"}:
        return _number_of([tok, *[c for c in tok.children if c.dep_ in {"compound", "quantmod"}]])
    span = tok.doc[tok.left_edge.i : tok.i + 1].text
    ranged = _RANGE.search(span)
    if ranged:  # "between 2 and 4 fighters", "8-10 residents": the lowest figure
        return int(ranged.group(1))
    nums = [c for c in tok.children if c.dep_ == "nummod" and is_number_word(c)]
    if nums:
        return _number_of([nums[0], *[c for c in nums[0].children if c.dep_ == "compound"]])
    for prep in tok.children:  # "a family of three"
        if prep.dep_ == "prep" and prep.lower_ == "of" and tok.lower_ in _COLLECTIVES:
            figures = [g for g in prep.children if g.dep_ == "pobj" and is_number_word(g)]
            if figures:
                return _number_of([figures[0]])
    if low in {"he", "she", "him", "her"}:
        return 1
    if low in {"both"} or any(c.lower_ == "both" for c in tok.children):
        return 2
    if any(c.lower_ in _PLURAL_UNKNOWN for c in tok.children) or low in _PLURAL_UNKNOWN:
        return None
    if tok.tag_ in {"NNS", "NNPS"} or low in {"they", "them", "people"}:
        return None
    if tok.tag_ in {"NN", "NNP"}:
        return 1
    return None


def _number_of(toks: list[Token]) -> int | None:
    toks = sorted(toks, key=lambda t: t.i)
    reading = read_number([t.text for t in toks if t.dep_ != "quantmod" or is_number_word(t)])
    if reading is None or reading.value is None:
        return None
    if reading.bound == "min" and reading.value > 1 and toks[0].lower_ in _PLURAL_UNKNOWN:
        return None  # "dozens": no figure
    value = int(reading.value)
    return value if 0 <= value <= 10**9 else None

"""What happened at a protest: the facts that split ACLED's four demonstration types.

ACLED types a demonstration by who used force and how much (codebook, 2019-):

- *Violent demonstration*: the demonstrators themselves are violent or
  destructive (throwing stones, smashing windows, clashing with police);
- *Excessive force against protesters*: peaceful demonstrators meet lethal or
  seriously injuring force (live fire, protesters shot dead);
- *Protest with intervention*: peaceful demonstrators are dispersed, arrested
  or met with tear gas, water cannon or batons, without serious injury;
- *Peaceful protest*: none of these.

The text model knows the vocabulary of protest well but confuses these four,
because they share it. This module reads the three facts from the parse, and
:func:`settle` applies ACLED's order of precedence when the text model has
already decided the report is a demonstration. It never turns anything else
into a protest, and without a stated fact the text model's choice stands.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Span, Token

from vigil.events.arguments import subject_of
from vigil.language.parsed import parsed_text

PEACEFUL = "Peaceful protest"
INTERVENTION = "Protest with intervention"
EXCESSIVE = "Excessive force against protesters"
VIOLENT = "Violent demonstration"
DEMONSTRATION = frozenset({PEACEFUL, INTERVENTION, EXCESSIVE, VIOLENT})

_PROTESTERS = frozenset(
    "protester protestor demonstrator rioter marcher crowd youth student activist "
    "supporter picketer".split()
)
#: Pronouns and quantifiers that stand for the demonstrators in a protest report.
_STAND_INS = frozenset("some they others many several dozens hundreds thousands".split())
#: Acts of violence or destruction by whoever is their subject.
_VIOLENT_ACTS = frozenset(
    "throw hurl pelt smash torch burn loot vandalise vandalize ransack attack clash stone "
    "storm damage destroy assault fight injure wound beat".split()
)
#: "set fire to", "set ablaze": violent only with what was set.
_SET_ON_FIRE = frozenset({"fire", "ablaze", "alight", "alite"})
#: Phrases that state the demonstration was violent whoever is named.
_VIOLENT_WORDS = frozenset({"riot", "rioter", "rioting", "rioters", "riots"})
_VIOLENT_MODS = frozenset({"violent", "aggressive"})
_DEMO_NOUNS = frozenset("protest protests demonstration demonstrations rally rallies march".split())
#: Force that seriously injures or kills.
_LETHAL_VERBS = frozenset({"kill", "shoot", "die"})
_LETHAL_PHRASES = (
    "live ammunition",
    "live bullets",
    "live rounds",
    "live fire",
    "excessive force",
    "shot dead",
)
#: Intervention short of serious injury.
_INTERVENTION_WORDS = frozenset(
    "teargas tear-gas baton batons disperse dispersed dispersing detain detained arrest "
    "arrested pepper-sprayed".split()
)
_INTERVENTION_PHRASES = (
    "tear gas",
    "water cannon",
    "rubber bullets",
    "pepper spray",
    "pepper-spray",
    "baton charge",
    "break up",
    "broke up",
)


@dataclass(frozen=True)
class ProtestFacts:
    demonstrators_violent: bool = False
    lethal_force: bool = False
    intervention: bool = False


def read_facts(sents: Iterable[Span]) -> ProtestFacts:
    """The three facts as the sentences state them (factual or not: a caller's filter)."""
    violent = lethal = intervention = False
    for sent in sents:
        low = parsed_text(sent.doc)[sent.start_char : sent.end_char].lower()
        for tok in sent:
            lemma = tok.lemma_.lower()
            if _violent_act(tok) and _by_demonstrators(tok):
                violent = True
            if tok.lower_ in _VIOLENT_WORDS or lemma == "riot":
                violent = True
            if (
                tok.lower_ in _VIOLENT_MODS
                and tok.head.lemma_.lower() in _DEMO_NOUNS | {"clash"}
                and not _negated_word(tok)
            ):
                violent = True
            if lemma in _LETHAL_VERBS and tok.pos_ == "VERB" and _done_to_demonstrators(tok):
                lethal = True
            if tok.lower_ in _INTERVENTION_WORDS and not _in_grievance(tok):
                intervention = True
        if any(p in low for p in _LETHAL_PHRASES):
            lethal = True
        if any(p in low for p in _INTERVENTION_PHRASES):
            intervention = True
    return ProtestFacts(violent, lethal, intervention)


def settle(sub: str | None, facts: ProtestFacts) -> str | None:
    """``sub`` re-chosen among the demonstration types by ACLED's precedence.

    Violence by the demonstrators makes a violent demonstration whatever the
    response; otherwise lethal force makes excessive force; otherwise a stated
    intervention turns a "peaceful" reading into an intervention. A "violent"
    reading stands without a stated act: reports of clashes often leave the
    demonstrators' part implicit (measured on CASE dev: demoting it loses).
    """
    if sub not in DEMONSTRATION:
        return sub
    if facts.demonstrators_violent:
        return VIOLENT
    if facts.lethal_force:
        return EXCESSIVE
    if facts.intervention and sub == PEACEFUL:
        return INTERVENTION
    return sub


#: Words that govern what a protest is about ("protested against the arrest of X",
#: "demanding the release of detained activists"): a word below them names the grievance.
_GRIEVANCE_HEADS = frozenset(
    "protest demonstrate rally march demand denounce condemn decry call against over about".split()
)
#: Relations that leave the clause (a new clause's act is not the grievance of the first).
_CLAUSE_EDGES = frozenset({"conj", "advcl", "parataxis", "ccomp", "ROOT"})


def _in_grievance(tok: Token) -> bool:
    """``tok`` is part of what the demonstration is about, not done to the demonstrators:
    an intervention is an act against this protest (ACLED's definition), and the arrest
    protested against is not one."""
    t = tok
    while t.dep_ not in _CLAUSE_EDGES and t.head is not t:
        t = t.head
        if t.lemma_.lower() in _GRIEVANCE_HEADS or t.lower_ in _GRIEVANCE_HEADS:
            return True
    return False


def _violent_act(tok: Token) -> bool:
    if tok.pos_ != "VERB":
        return False
    lemma = tok.lemma_.lower()
    if lemma == "set":
        return any(t.lower_ in _SET_ON_FIRE for t in tok.subtree)
    return lemma in _VIOLENT_ACTS


def _negated_word(tok: Token) -> bool:
    """ "non-violent", "non violent", "not violent" """
    prev = [t.lower_ for t in tok.doc[max(0, tok.i - 2) : tok.i]]
    return "non" in prev or "not" in prev or "non-" in prev


def _is_demonstrators(tok: Token) -> bool:
    return tok.lemma_.lower() in _PROTESTERS or tok.lower_ in _STAND_INS


def _by_demonstrators(verb: Token) -> bool:
    """The demonstrators are the ones doing ``verb`` ("protesters threw stones", "were
    attacked by rioters", "protesters throwing bottles")."""
    subj = subject_of(verb)
    return subj is not None and _is_demonstrators(subj)


def _done_to_demonstrators(verb: Token) -> bool:
    """Demonstrators were killed or shot ("two protesters were killed", "police shot
    three demonstrators", "three die in protest crackdown")."""
    if verb.lemma_.lower() == "die":
        subj = subject_of(verb)
        return subj is not None and (
            _is_demonstrators(subj)
            or any(t.lemma_.lower() in _DEMO_NOUNS | {"crackdown"} for t in verb.subtree)
        )
    if any(c.dep_ == "auxpass" for c in verb.children):
        subj = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        return subj is not None and _is_demonstrators(subj) and subj.lower_ not in _STAND_INS
    obj = next((c for c in verb.children if c.dep_ in ("dobj", "obj")), None)
    return obj is not None and obj.lemma_.lower() in _PROTESTERS

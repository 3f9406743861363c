"""A knowledge-file entity ruler: phrase matches of countries, organisations and titles.

It plays the part of spaCy's ``EntityRuler`` but writes nothing into the parsed Doc:
it returns typed matches that the linker weighs against the statistical NER. Two
``PhraseMatcher`` s run over the already-parsed Doc (no extra model pass): one on
lower-cased text for names, one case-sensitive for short forms and all-caps aliases
("US" the country, never "us"; "WHO" the organisation, never "who").
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from vigil.language.entities.knowledge import Knowledge

# Match kinds.
COUNTRY, ADJ, PEOPLE, ORG, TITLE, INST, PORTFOLIO = (
    "COUNTRY",
    "ADJ",
    "PEOPLE",
    "ORG",
    "TITLE",
    "INST",
    "PORTFOLIO",
)
_NEEDS_CAPITAL = {COUNTRY, ADJ, PEOPLE, ORG}


@dataclass(frozen=True)
class KbMatch:
    kind: str
    key: str  # alpha3, org canonical, lower-cased title/noun
    start: int  # token offsets
    end: int


class KnowledgeRuler:
    """Finds every knowledge-file phrase in a parsed Doc."""

    def __init__(self, nlp: Language, kb: Knowledge):
        self.kb = kb
        self.ci = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.cs = PhraseMatcher(nlp.vocab, attr="ORTH")
        ci: dict[str, set[str]] = {}
        cs: dict[str, set[str]] = {}
        for name, a3 in kb.country_names.items():
            ci.setdefault(f"{COUNTRY}|{a3}", set()).add(name)
        for short, a3 in kb.country_short.items():
            cs.setdefault(f"{COUNTRY}|{a3}", set()).add(short)
        for adj, a3 in kb.country_adj.items():
            ci.setdefault(f"{ADJ}|{a3}", set()).add(adj)
        for people, a3 in kb.country_people.items():
            ci.setdefault(f"{PEOPLE}|{a3}", set()).add(people)
        for alias, org in kb.org_alias.items():
            table = cs if alias.replace(".", "").isupper() else ci
            table.setdefault(f"{ORG}|{org.canonical}", set()).add(alias)
        for title in kb.titles:
            ci.setdefault(f"{TITLE}|{title}", set()).add(title)
        for noun in kb.institutions:
            ci.setdefault(f"{INST}|{noun}", set()).add(noun)
        ci[f"{PORTFOLIO}|"] = set(kb.portfolios)
        for key, phrases in ci.items():
            # Tokenizer exceptions are case-sensitive ("Gov." is one token, "gov." two):
            # tokenize the capitalised form; the matcher compares lower-cased text.
            forms = sorted({p for p in phrases} | {p.title() for p in phrases})
            self.ci.add(key, list(nlp.tokenizer.pipe(forms)))
        for key, phrases in cs.items():
            self.cs.add(key, list(nlp.tokenizer.pipe(sorted(phrases))))

    def __call__(self, doc: Doc) -> list[KbMatch]:
        out: list[KbMatch] = []
        strings = doc.vocab.strings
        for matcher, check_case in ((self.ci, True), (self.cs, False)):
            for match_id, start, end in matcher(doc):
                kind, _, key = strings[match_id].partition("|")
                first = doc[start].text
                if check_case and kind in _NEEDS_CAPITAL and not first[:1].isupper():
                    if not (first[:2].lower() == "al" and kind == ORG):
                        continue
                if not check_case and len(first) <= 3 and _shouting(doc, start):
                    continue  # "WHAT IS NEXT": an all-caps line is no place for "IS", "WHO"
                out.append(KbMatch(kind, key, start, end))
        out.sort(key=lambda m: (m.start, -(m.end - m.start)))
        return out


def _shouting(doc: Doc, i: int) -> bool:
    """Whether token ``i`` stands in an all-caps sentence (a headline or label)."""
    words = [t for t in doc[i].sent if t.is_alpha and len(t) > 1]
    upper = sum(1 for t in words if t.is_upper)
    return len(words) >= 3 and upper > len(words) / 2

"""The gazetteer's word on a candidate name: is it a known name, a big one, a part of a
compound, followed by its container, and in the end plausible as a toponym at all.

:mod:`vigil.places.recognize.toponyms` finds the candidates (entities, site names,
datelines, proper-noun runs) and asks these questions of them; they hold no state
but the gazetteer and the registered site names, so the finding and the judging can
be read, and changed, apart.
"""

from __future__ import annotations

import re
from collections.abc import Container

from spacy.tokens import Doc as SpacyDoc

from vigil.places.gazetteer import Gazetteer
from vigil.places.lexicon import ADMIN_SUFFIX, CURRENCY_WORDS, PART_WORDS, PLACE_NOUNS
from vigil.places.mentions import Mention
from vigil.places.names import SURFACE_FORMS

#: Levels whose names stand alone as a place in a compound ("Asia-Pacific").
AREA_LEVELS = frozenset({"country", "admin1", "continent", "feature"})


_CURRENCY_AFTER = re.compile(rf"[\s-]+(?:{'|'.join(sorted(CURRENCY_WORDS))})\b", re.IGNORECASE)


#: A lower-case Arabic article leading a capitalised name ("in al-Hasakeh", "el Marj").
_ARTICLE_LED = re.compile(r"^(?:al|el|ech|esh|ash|as|ad|ar|at|az|an)[ -][A-Z]")


def without_part_word(name: str) -> str:
    """ "east Africa" -> "Africa", "Northern Indian" -> "Indian": the name a part word
    qualifies ("northern Iraq" is judged, and read, as "Iraq")."""
    words = name.split(" ", 1)
    return words[1] if len(words) == 2 and words[0].lower() in PART_WORDS else name


def _spelled_out_alias(text: str) -> bool:
    """An alternate name that cannot be an ordinary word: several words, an
    abbreviation with full stops, or an all-capitals acronym."""
    return " " in text or "." in text or (text.isupper() and len(text) >= 2)


class NameJudge:
    """Questions about a name that only the gazetteer and the sites can answer."""

    def __init__(self, gazetteer: Gazetteer, site_names: Container[str]):
        self.gaz = gazetteer
        self.site_names = site_names

    def is_name(self, text: str) -> bool:
        return text in self.site_names or self.gaz.has_name(text)

    def big_name(self, text: str) -> bool:
        """Names whose bearers are all notable (a country, a state, a big city)."""
        cands = self.gaz.lookup(text)
        if not cands:
            return False
        top = cands[0]
        if top.level in {"country", "admin1"} and (top.official or _spelled_out_alias(text)):
            return True  # "Central Java" (Jawa Tengah), "W. Va.", "DRC"; not "Miss", "South"
        return top.official and top.population >= 100_000

    def area_part(self, text: str) -> bool:
        """A part of a compound ('Asia-Pacific', 'US/Mexico') that names a country,
        state, continent, sea or region, or a big city: such parts are names alone."""
        if len(text) < 3 and not text.isupper():
            return False
        cands = self.gaz.lookup(text)
        return any(c.level in AREA_LEVELS for c in cands) or self.big_name(text)

    def plausible(self, m: Mention, text: str) -> bool:
        """Drop what the model tagged but no place name looks like.

        Lower-case words ("the swan"), codes with digits ("H1N1"), unknown
        acronyms ("FAO"), a bare small-town name after "the" ("the Pope",
        "the Church") and a currency's country ("the US dollar exchange rate")
        are not toponyms.
        """
        if m.source in {"reference", "demonym"} or m.country:
            return True  # "the Lebanese pound" still says which country the text is about
        if _CURRENCY_AFTER.match(text, m.end):
            return False
        name = m.text
        name = without_part_word(name)  # "east Africa" is judged by "Africa"
        camel = name[:1].islower() and name[1:3] != name[1:3].lower()  # "eThekwini"
        camel = camel or bool(_ARTICLE_LED.match(name))  # "al-Hasakeh", "el Marj"
        if not (name[:1].isupper() or camel) or any(ch.isdigit() for ch in name):
            return False
        cands = self.gaz.lookup(name) if m.source != "site" else ()
        letters = name.replace(".", "")
        if letters.isupper() and len(letters) <= 4 and m.source != "site":
            # An acronym is a place only as a known country/state abbreviation.
            dotted = "." in name and bool(cands)  # "D.C.", "N.Y.": written as abbreviations
            known = name in SURFACE_FORMS  # "NYC", "L.A."
            return dotted or known or any(c.level in {"country", "admin1"} for c in cands)
        before = text[max(0, m.start - 4) : m.start].lower()
        after = re.match(r"\s*([\w-]*)", text[m.end : m.end + 20])
        nxt = after.group(1) if after else ""
        bare = not nxt[:1].isupper() and nxt.lower() not in PLACE_NOUNS | ADMIN_SUFFIX.keys()
        if m.source != "inname" and before.endswith("the ") and " " not in name and bare and cands:
            top = cands[0]
            if top.level == "city" and top.population < 100_000:
                return False
        return True

    def area_name(self, text: str) -> bool:
        """A country or state name ("Georgia" tagged PERSON by the model)."""
        cands = self.gaz.lookup(text)
        return bool(cands) and cands[0].official and cands[0].level in {"country", "admin1"}

    def followed_by_container(self, doc: SpacyDoc, j: int) -> bool:
        """'Cottonport, La.' / 'Pandi, Bulacan': a comma and then a state or country."""
        if j + 1 >= len(doc) or doc[j].text != ",":
            return False
        nxt = doc[j + 1]
        if not nxt.is_title:
            return False
        for k in (3, 2, 1):
            name = doc[j + 1 : min(len(doc), j + 1 + k)].text
            if any(c.level in {"country", "admin1", "admin2"} for c in self.gaz.lookup(name)):
                return True
        return False

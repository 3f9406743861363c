"""From an entity span to the place name it holds.

The model's entity spans are rarely the bare name: "City of Alexandria",
"Bulacan province", "eastern Ghouta", "Guernsey County Courthouse", two
names at once ("Pandi, Bulacan"), or a name cut short ("the Democratic
Republic of the" + "Congo"). These functions grow an entity to the whole name
and cut a span down to the known name(s) inside it; they need only the
gazetteer, not the rest of recognition.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.tokens import Doc as SpacyDoc
from spacy.tokens import Span

from vigil.places.gazetteer import Gazetteer
from vigil.places.lexicon import (
    FEATURE_SUFFIXES,
    GENERIC_PARTS,
    NAME_PREFIXES,
    ORG_WORDS,
    PART_WORDS,
)
from vigil.places.recognize.cues import char_span, trim

PLACE_LABELS = {"GPE", "LOC", "FAC"}
#: Small words and marks inside place names ("Rio Grande do Sul", "Guinea-Bissau").
NAME_JOINERS = frozenset({"-", "of", "the", "do", "da", "de", "del", "dos", "das", "la", "el"})


def complete_entities(
    doc: SpacyDoc, text: str, gaz: Gazetteer, big_name: Callable[[str], bool]
) -> list[Span]:
    """The entities, each grown over the words the model cut off a longer name.

    The small model often stops short: 'the Democratic Republic of the' +
    'Congo', 'Guinea' + '-Bissau', 'Rio Grande' + 'do Sul'. An entity grows
    to the right (within its sentence, over capitalised words, hyphens and
    the small words of names) when the longer stretch is the name of a
    country, a state or a big city (``big_name``); entities it swallows go. A
    place entity also grows to the left over a proper noun or two that begin
    its official name ('Goz' + 'Beida').
    """
    ents = list(doc.ents)
    out: list[Span] = []
    k = 0
    while k < len(ents):
        ent = ents[k]
        k += 1
        if ent.label_ not in PLACE_LABELS | {"PERSON"}:
            out.append(ent)
            continue
        t0, _ = trim(ent)
        grown = None
        for j in range(min(ent.sent.end, ent.end + 4), ent.end, -1):
            tail = doc[ent.end : j]
            last = doc[j - 1]
            if not (last.is_alpha and last.is_title) or any(
                not (t.is_title or t.text in NAME_JOINERS) for t in tail
            ):
                continue
            if any(o.start < j < o.end for o in ents[k:]):
                continue  # would cut another entity in two
            s, e = char_span(doc, t0, j)
            if big_name(text[s:e]):
                grown = Span(doc, ent.start, j, label="GPE")
                break
        if grown is None and ent.label_ in PLACE_LABELS:
            grown = _grown_left(doc, text, gaz, ent, t0, out[-1].end if out else 0)
        if grown is None:
            out.append(ent)
            continue
        out.append(grown)
        while k < len(ents) and ents[k].start < grown.end:
            k += 1
    return out


def _grown_left(
    doc: SpacyDoc, text: str, gaz: Gazetteer, ent: Span, t0: int, floor: int
) -> Span | None:
    """'Goz' + 'Beida': a place entity whose name begins a word or two earlier,
    when the longer stretch is a place's official name."""
    for i in (t0 - 2, t0 - 1):
        if i < max(floor, ent.sent.start):
            continue
        head = doc[i:t0]
        if not all(t.pos_ == "PROPN" and t.is_alpha and t.is_title for t in head):
            continue
        if any(t.lower_ in ORG_WORDS | PART_WORDS for t in head):
            continue
        s, e = char_span(doc, i, ent.end)
        cands = gaz.lookup(text[s:e])
        if cands and cands[0].official:
            return Span(doc, i, ent.end, label=ent.label_)
    return None


_ARTICLE_BEFORE = re.compile(r"(?<![\w'’])(?:Al|El|At|As|Ash|Ad|Ar|Az|An)[ -]$")


def core_name(
    gaz: Gazetteer, is_name: Callable[[str], bool], text: str, s: int, e: int, deep: bool = True
) -> tuple[int, int, str | None]:
    """The known name inside an entity span: 'City of X', 'X province', 'Eastern X'.

    Only used when the whole span is not itself a known name.
    """
    art = _ARTICLE_BEFORE.search(text, max(0, s - 5), s)
    if art is not None and not is_name(text[s:e]):
        # "in At Tuhayta city": the model left the Arabic article out of the name.
        whole = core_name(gaz, is_name, text, art.start(), e, deep)
        if whole[0] == art.start():
            return whole
    name = text[s:e]
    words = name.split()
    if is_name(name):
        kind = words[-1] if len(words) > 1 else ""
        core = name[: name.rfind(" ")] if kind else ""
        if (
            kind.islower()
            and kind in FEATURE_SUFFIXES
            and is_name(core)
            and not any(c.official for c in gaz.lookup(name))
        ):
            # "Hays city" in Yemen: a town described as one, not Kansas's alias "Hays City"
            # ("Kuwait City", "Gaza City" are official names and stay whole).
            return s, s + len(core), FEATURE_SUFFIXES[kind]
        return s, e, None
    low = name.lower()
    for prefix in NAME_PREFIXES:
        if low.startswith(prefix) and is_name(name[len(prefix) :]):
            return (
                s + len(prefix),
                e,
                "admin" if prefix.startswith(("county", "state", "prov")) else None,
            )
    if len(words) > 1 and words[-1].lower() in FEATURE_SUFFIXES:
        core = name[: name.rfind(" ")]
        if is_name(core):
            return s, s + len(core), FEATURE_SUFFIXES[words[-1].lower()]
    if len(words) > 1 and words[0].lower() in PART_WORDS:
        rest = name.index(" ") + 1
        if name[rest:].lower() not in GENERIC_PARTS and is_name(name[rest:]):
            return s + rest, e, None
    # Otherwise the longest well-attested name inside ("Guernsey County Courthouse").
    for size in range(len(words) - 1 if deep else 0, 0, -1):
        for i in range(len(words) - size + 1):
            sub = " ".join(words[i : i + size])
            if not sub[:1].isupper() or sub.lower() in PART_WORDS | GENERIC_PARTS:
                continue
            cands = gaz.lookup(sub)
            if (
                cands
                and cands[0].official
                and (cands[0].level != "city" or cands[0].population >= 10_000)
            ):
                off = name.find(sub)
                if off >= 0:
                    return s + off, s + off + len(sub), None
    return s, e, None


def split_list(
    is_name: Callable[[str], bool],
    text: str,
    s: int,
    e: int,
    part_name: Callable[[str], bool] | None = None,
) -> list[tuple[int, int]]:
    """One entity holding several names -> a mention each.

    'Pandi, Bulacan' splits when every part is a name. 'Asia-Pacific' or
    'US/Mexico' splits only when the whole is no name and every part passes
    ``part_name`` (a country, state, continent, sea or big city):
    'Winston-Salem' and 'Al-Fashir' stay whole.
    """
    inner = text[s:e]
    if "," in inner:
        sep = ","
    elif part_name is not None and ("-" in inner or "/" in inner) and not is_name(inner):
        sep = "-" if "-" in inner else "/"
        is_name = part_name
    else:
        return [(s, e)]
    parts, pos = [], s
    for piece in inner.split(sep):
        lead = len(piece) - len(piece.lstrip())
        ps, pe = pos + lead, pos + len(piece.rstrip())
        parts.append((ps, pe))
        pos += len(piece) + 1
    if all(pe > ps and is_name(text[ps:pe]) for ps, pe in parts):
        return parts
    return [(s, e)]

"""From an entity span to the place name it holds.

The model's entity spans are rarely the bare name: "City of Alexandria",
"Bulacan province", "eastern Ghouta", "Guernsey County Courthouse", or two
names at once ("Pandi, Bulacan"). These functions cut a span down to the
known name(s) inside it; they need only the gazetteer's name test, not the
rest of recognition.
"""

from __future__ import annotations

from collections.abc import Callable

from vigil.places.gazetteer import Gazetteer
from vigil.places.lexicon import FEATURE_SUFFIXES, GENERIC_PARTS, NAME_PREFIXES, PART_WORDS


def core_name(
    gaz: Gazetteer, is_name: Callable[[str], bool], text: str, s: int, e: int, deep: bool = True
) -> tuple[int, int, str | None]:
    """The known name inside an entity span: 'City of X', 'X province', 'Eastern X'.

    Only used when the whole span is not itself a known name.
    """
    name = text[s:e]
    if is_name(name):
        return s, e, None
    low = name.lower()
    for prefix in NAME_PREFIXES:
        if low.startswith(prefix) and is_name(name[len(prefix) :]):
            return (
                s + len(prefix),
                e,
                "admin" if prefix.startswith(("county", "state", "prov")) else None,
            )
    words = name.split()
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
    big_name: Callable[[str], bool] | None = None,
) -> list[tuple[int, int]]:
    """One entity holding several names -> a mention each.

    'Pandi, Bulacan' splits when every part is a name. 'Asia-Pacific' or
    'US/Mexico' splits only when the whole is no name and every part is a
    big one (a country, state, continent, sea or big city): 'Winston-Salem'
    and 'Al-Fashir' stay whole.
    """
    inner = text[s:e]
    if "," in inner:
        sep = ","
    elif big_name is not None and ("-" in inner or "/" in inner) and not is_name(inner):
        sep = "-" if "-" in inner else "/"
        is_name = big_name
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

"""Grouping candidate mentions into entities: equal keys, acronyms, surnames, short forms.

Every merge rule is about names, never about a particular name: two person mentions
are one person when their transliteration skeletons agree word for word, or when one
is the other's surname ("Peters" after "Winston Peters"); an all-caps mention joins the
one organisation whose name yields it as an acronym; a multi-word organisation name that
ends another one's ("Peace Action" in "Auckland Peace Action") joins it.
"""

from __future__ import annotations

from collections import defaultdict

from vigil.language.entities.candidates import Cand
from vigil.language.entities.knowledge import Knowledge
from vigil.language.entities.names import acronyms, looks_like_acronym, name_skeleton, norm_key


class _UnionFind:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def cluster(cands: list[Cand], kb: Knowledge) -> list[list[Cand]]:
    """Cluster candidates into entities; clusters are ordered by first mention."""
    _prefer_local_acronyms(cands, kb)
    uf = _UnionFind(len(cands))
    by_key: dict[tuple[str, ...], int] = {}
    for i, c in enumerate(cands):
        if c.label == "PERSON" or c.key is None:
            continue
        if c.key in by_key:
            uf.union(by_key[c.key], i)
        else:
            by_key[c.key] = i
    # One surface name is one thing in a document, whether the NER said ORG or LOC.
    by_name: dict[str, int] = {}
    for i, c in enumerate(cands):
        if c.key is not None and c.key[0] in ("N", "L") and c.label != "PERSON":
            j = by_name.setdefault(c.key[1], i)
            uf.union(j, i)
    _cluster_persons(cands, uf, kb)
    _link_defined_acronyms(cands, uf)
    _link_acronyms(cands, uf, kb)
    _link_suffixes(cands, uf)
    groups: dict[int, list[Cand]] = defaultdict(list)
    for i, c in enumerate(cands):
        groups[uf.find(i)].append(c)
    out = [sorted(g, key=lambda c: (c.start, -c.end)) for g in groups.values()]
    out.sort(key=lambda g: g[0].start)
    return out


def _prefer_local_acronyms(cands: list[Cand], kb: Knowledge) -> None:
    """An acronym the text spells out itself beats the knowledge file's reading of it.

    "AFP" is Agence France-Presse in the knowledge file, but after "the Australian
    Federal Police" it is the police: such a mention is freed to be linked by acronym.
    """
    short_to_full = {s: kb.country_name(a3) or "" for s, a3 in kb.country_short.items()}
    local: set[str] = set()
    for c in cands:
        if c.key and c.key[0] in ("N", "I") and c.label != "PERSON":
            for name in {c.name, c.canonical or ""}:
                local |= acronyms(name, short_to_full)
    for c in cands:
        acro = c.text.replace(".", "")
        if c.extras.get("kb_acronym") and acro in local:
            c.key, c.canonical, c.priority = ("N", norm_key(c.text)), None, 5
            c.country = c.sector = None
            c.extras["name"] = c.text


def _cluster_persons(cands: list[Cand], uf: _UnionFind, kb: Knowledge) -> None:
    persons = [i for i, c in enumerate(cands) if c.label == "PERSON"]
    by_skel: dict[tuple[str, ...], int] = {}
    for i in persons:
        sk = name_skeleton(cands[i].name)
        if not sk:
            continue
        cands[i].extras["skeleton"] = sk
        if sk in by_skel:
            uf.union(by_skel[sk], i)
        else:
            by_skel[sk] = i
    # Shorter names ("Peters", "Abdul Mahdi") join the one longer name they end.
    for sk, i in by_skel.items():
        longer = [
            (s2, j) for s2, j in by_skel.items() if len(s2) > len(sk) and s2[-len(sk) :] == sk
        ]
        if not longer:
            continue
        roots = {uf.find(j) for _, j in longer}
        if len(roots) == 1:
            uf.union(longer[0][1], i)
            continue
        # Several people share the surname: each short mention takes the latest before it.
        for k in persons:
            if cands[k].extras.get("skeleton") != sk:
                continue
            before = [j for _, j in longer if cands[j].start < cands[k].start]
            if before:
                uf.union(max(before, key=lambda j: cands[j].start), k)
    # A surname the NER took for an organisation or place ("De Blasio" as ORG).
    full = {cands[i].extras["skeleton"]: i for i in persons if cands[i].extras.get("skeleton")}
    for i, c in enumerate(cands):
        if c.key is None or c.key[0] not in ("N", "L") or c.label not in ("ORG", "GPE", "NORP"):
            continue
        if c.name in kb.places or c.name.lower() in kb.country_names or looks_like_acronym(c.name):
            continue
        sk = name_skeleton(c.name)
        if not sk or len(sk) > 2:
            continue
        owners = [j for s2, j in full.items() if len(s2) >= len(sk) and s2[-len(sk) :] == sk]
        if len({uf.find(j) for j in owners}) == 1:
            c.label = "PERSON"
            uf.union(owners[0], i)


def _names_of(group: list[Cand]) -> set[str]:
    names = {c.canonical for c in group if c.canonical}
    names |= {c.name for c in group}
    return names


def _link_acronyms(cands: list[Cand], uf: _UnionFind, kb: Knowledge) -> None:
    """Join "NZDF" to the organisation whose name's initials it is."""
    short_to_full = {s: kb.country_name(a3) or "" for s, a3 in kb.country_short.items()}
    groups: dict[int, list[Cand]] = defaultdict(list)
    for i, c in enumerate(cands):
        groups[uf.find(i)].append(c)
    table: dict[str, set[int]] = defaultdict(set)
    for root, group in groups.items():
        if group[0].label in ("PERSON", "GPE"):
            continue
        for name in _names_of(group):
            for acro in acronyms(name, short_to_full):
                table[acro].add(root)
    for i, c in enumerate(cands):
        if c.key is None or c.key[0] != "N" or not looks_like_acronym(c.name):
            continue
        targets = table.get(c.name.replace(".", "").upper(), set()) - {uf.find(i)}
        if len(targets) == 1:
            uf.union(next(iter(targets)), i)


def _link_defined_acronyms(cands: list[Cand], uf: _UnionFind) -> None:
    """ "Syrian Arab Army (SAA)": an acronym in brackets right after a name is defined by it."""
    by_end = {c.tok_end: i for i, c in enumerate(cands) if c.label != "PERSON" and c.tok_end >= 0}
    for i, c in enumerate(cands):
        if c.extras.get("bracketed") and looks_like_acronym(c.name):
            j = by_end.get(c.tok_start - 1)
            if j is not None:
                uf.union(j, i)


def _link_suffixes(cands: list[Cand], uf: _UnionFind) -> None:
    """Join a multi-word organisation name to the one longer name it ends."""
    orgs = [i for i, c in enumerate(cands) if c.label == "ORG"]
    keys = {j: norm_key(cands[j].canonical or cands[j].name).split() for j in orgs}
    for i in orgs:
        c = cands[i]
        if c.key is None or c.key[0] != "N":
            continue
        words = norm_key(c.name).split()
        if len(words) < 2:
            continue
        roots = set()
        for j in orgs:
            other = keys[j]
            if len(other) > len(words) and other[-len(words) :] == words:
                roots.add(uf.find(j))
        roots.discard(uf.find(i))
        if len(roots) == 1:
            uf.union(next(iter(roots)), i)

"""The ``conflicts`` component: figures for the same thing that cannot both be true.

Two figures are about the same thing when they have the same owner (``of``),
the same unit family (troops and personnel count the same bodies) and a
compatible scope: a country-level total (or a total with no place) against
parts located inside that country. Parts are summed only where the text makes
them parts ("45 at A. Five *more* at B." -> 50). Figures with a bound ("more
than 200") or a range never conflict: they do not claim one value.

:func:`cross_document_conflicts` does the same across stored records, for
figures of the same (owner, unit, place) in different reports.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from vigil.document import Document
from vigil.language.quantities.places import PlaceFinder, country_of
from vigil.language.quantities.units import family
from vigil.records import Conflict, Quantity
from vigil.settings import Settings

#: Units whose figures describe one countable state of the world (a deployment, a toll),
#: so two different figures for the same owner and place disagree. Money, distances and
#: generic "people" count different things too often (prices, groups) to be compared.
COMPARABLE_UNITS = frozenset(
    {"personnel", "killed", "injured", "abducted", "arrested", "displaced", "protesters"}
)


def _exact(q: Quantity) -> bool:
    return (
        family(q.unit) in COMPARABLE_UNITS
        and q.value is not None
        and q.of is not None
        and q.bound is None
        and q.range is None
        and q.of_relation is None
    )


def _sentence(doc: Document, q: Quantity) -> str:
    """The clause-sized evidence for a figure: its sentence, trimmed."""
    if doc.spacy is None:
        return q.text
    span = doc.spacy.char_span(q.start, q.end, alignment_mode="expand")
    return span.sent.text.strip() if span is not None else q.text


def _chains(group: list[Quantity]) -> list[list[Quantity]]:
    """Figures joined by 'more'/'another' into one sum; every other figure stands alone."""
    chains: list[list[Quantity]] = []
    for q in group:
        if q.continues and chains:
            chains[-1].append(q)
        else:
            chains.append([q])
    return chains


def find_conflicts(doc: Document) -> list[Conflict]:
    """Conflicting figures within one document."""
    finder = PlaceFinder(doc)
    groups: dict[tuple[str, str], list[Quantity]] = defaultdict(list)
    for q in doc.quantities:
        if _exact(q):
            assert q.of is not None and q.of.name is not None
            groups[(q.of.name.casefold(), family(q.unit))].append(q)
    out: list[Conflict] = []
    for (_, unit), group in groups.items():
        out.extend(_group_conflicts(doc, finder, unit, group))
    out.extend(_claim_conflicts(doc))
    return out


def _claim_conflicts(doc: Document) -> Iterator[Conflict]:
    """Sources who disagree: 'police said 5,000 protesters marched in X', 'organisers said
    20,000 protesters marched in X'. Same unit and place, different claimants, no owner."""
    groups: dict[tuple[str, str], list[Quantity]] = defaultdict(list)
    for q in doc.quantities:
        if (
            q.of is None
            and q.claimed_by is not None
            and q.at
            and family(q.unit) in COMPARABLE_UNITS
            and q.value is not None
            and q.bound is None
            and q.range is None
            and not q.continues
        ):
            groups[(family(q.unit), q.at.casefold())].append(q)
    for (unit, _), qs in groups.items():
        claimants = {(q.claimed_by.entity or q.claimed_by.name or "").casefold() for q in qs}
        values = list(dict.fromkeys(_num(q.value) for q in qs))
        if len(claimants) > 1 and len(values) > 1:
            yield Conflict(
                about=f"{unit} in {qs[0].at}",
                values=values,
                evidence=[_sentence(doc, q) for q in qs],
            )


def _is_total(finder: PlaceFinder, q: Quantity) -> bool:
    """A country-level figure: what the located parts inside that country add up to.

    A figure with no place at all is not a total ("one former employee"): it may be
    any subgroup, so it is compared with nothing.
    """
    return q.at is not None and country_of(q.at) == q.at


def _group_conflicts(
    doc: Document, finder: PlaceFinder, unit: str, group: list[Quantity]
) -> Iterator[Conflict]:
    owner = group[0].of.name if group[0].of else "?"
    totals = [q for q in group if _is_total(finder, q) and not q.continues]
    chains = [c for c in _chains(group) if not (len(c) == 1 and c[0] in totals)]
    seen: set[tuple[int, ...]] = set()
    for total in totals:
        scope = country_of(total.at) if total.at else None
        for chain in chains:
            countries = {finder.country_for(q.at) for q in chain if q.at}
            countries.discard(None)
            if scope and countries and countries != {scope}:
                continue  # parts elsewhere: a different deployment
            parts = sum(q.value for q in chain if q.value is not None)
            explicit = len(chain) > 1
            if (explicit and parts != total.value) or (not explicit and parts > total.value):
                key = tuple(id(q) for q in [*chain, total])
                if key in seen:
                    continue
                seen.add(key)
                where = scope or next(iter(countries), None)
                about = f"{owner} {unit}" + (f" in {where}" if where else "")
                yield Conflict(
                    about=about,
                    values=[_num(parts), _num(total.value)],
                    evidence=[_sentence(doc, q) for q in [*chain, total]],
                )
    # Two totals for the same place that disagree.
    by_place: dict[str, list[Quantity]] = defaultdict(list)
    for q in totals:
        by_place[(q.at or "").casefold()].append(q)
    for qs in by_place.values():
        values = sorted({_num(q.value) for q in qs if q.value is not None})
        if len(values) > 1:
            about = f"{owner} {unit} in {qs[0].at}"
            yield Conflict(about=about, values=values, evidence=[_sentence(doc, q) for q in qs])


def _num(v: float | int | None) -> float | int:
    if v is None:
        return 0
    return int(v) if float(v).is_integer() else v


def cross_document_conflicts(records: Iterable[dict[str, Any]]) -> list[Conflict]:
    """Figures of the same (owner, unit, place) that differ between stored reports.

    ``records`` are extraction records (``Document.to_record()`` / stored rows).
    Evidence names each report (title or source, and date) and the figure's text,
    so an analyst can see which report says what; a later report may of course
    be an update rather than a contradiction, which is why the dates are shown.
    """
    seen: dict[tuple[str, str, str], list[tuple[float | int, str]]] = defaultdict(list)
    labels: dict[tuple[str, str, str], str] = {}
    for rec in records:
        label = rec.get("title") or rec.get("source") or rec.get("id") or "?"
        when = rec.get("published") or "undated"
        per_doc: dict[tuple[str, str, str], set[float | int]] = defaultdict(set)
        texts: dict[tuple[str, str, str], str] = {}
        for q in rec.get("quantities") or []:
            of = (q.get("of") or {}).get("name")
            if not of or q.get("value") is None or q.get("bound") or q.get("range"):
                continue
            if family(q.get("unit", "")) not in COMPARABLE_UNITS:
                continue
            if q.get("continues") or q.get("of_relation"):
                continue
            at = q.get("at") or ""
            key = (of.casefold(), family(q.get("unit", "")), at.casefold())
            labels[key] = f"{of} {family(q.get('unit', ''))}" + (f" at {at}" if at else "")
            per_doc[key].add(_num(q["value"]))
            texts[key] = q.get("text", "")
        for key, values in per_doc.items():
            if len(values) == 1:  # a document disagreeing with itself is find_conflicts' job
                seen[key].append((next(iter(values)), f"{label} ({when}): {texts[key]}"))
    out = []
    for key, items in seen.items():
        values = list(dict.fromkeys(v for v, _ in items))
        if len(values) > 1:
            out.append(Conflict(about=labels[key], values=values, evidence=[e for _, e in items]))
    return out


class ConflictFinder:
    """Pipeline component ``conflicts`` (runs last: it reads quantities)."""

    name = "conflicts"

    def __call__(self, doc: Document) -> Document:
        doc.conflicts = find_conflicts(doc)
        return doc

    def pipe(self, docs: Iterable[Document]) -> Iterator[Document]:
        for doc in docs:
            yield self(doc)


def make_conflict_finder(settings: Settings) -> ConflictFinder:
    return ConflictFinder()

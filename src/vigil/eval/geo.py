"""Geoparsing scores on GeoVirus and LGL (``shared/eval/geo``), end to end.

vigil recognises toponyms itself (no gold spans given), then resolves them.
Reported, per corpus (and per half: documents at even / odd positions, so one
half can be used for development and the other kept for checking):

* toponym precision / recall / F1 by span overlap, in two modes (see
  :data:`MODES`): ``strict`` counts only names of places of the story;
  ``inclusive`` also counts demonyms and names inside organisation names, as
  LGL's guideline does. References ("the city") never count;
* for gold toponyms that were matched and have gold coordinates: accuracy
  within 161 km (100 miles) and the median error in km. A match that vigil
  left unresolved (no coordinates) counts as wrong, with the error set to half
  the Earth's circumference so the median is not flattered.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from defusedxml import ElementTree as ET

from vigil.document import Document
from vigil.places.gazetteer import haversine_km
from vigil.records import Place

MAX_ERROR_KM = 20037.5
ACC_KM = 161.0


@dataclass
class GoldToponym:
    start: int
    end: int
    name: str
    lat: float | None = None
    lon: float | None = None


@dataclass
class GoldDoc:
    id: str
    text: str
    toponyms: list[GoldToponym] = field(default_factory=list)


def _float(x: str | None) -> float | None:
    try:
        return float(x) if x not in (None, "") else None
    except ValueError:
        return None


def read_corpus(path: Path) -> list[GoldDoc]:
    """GeoVirus (``<locations>``) or LGL (``<toponyms>`` with ``<gaztag>``) XML."""
    root = ET.parse(str(path)).getroot()
    docs: list[GoldDoc] = []
    for i, art in enumerate(root.iter("article")):
        text = art.findtext("text") or ""
        gold: list[GoldToponym] = []
        for loc in art.iter("location"):  # GeoVirus
            gold.append(
                GoldToponym(
                    int(loc.findtext("start")),
                    int(loc.findtext("end")),
                    loc.findtext("name") or "",
                    _float(loc.findtext("lat")),
                    _float(loc.findtext("lon")),
                )
            )
        for top in art.iter("toponym"):  # LGL
            tag = top.find("gaztag")
            gold.append(
                GoldToponym(
                    int(top.findtext("start")),
                    int(top.findtext("end")),
                    top.findtext("phrase") or "",
                    _float(tag.findtext("lat")) if tag is not None else None,
                    _float(tag.findtext("lon")) if tag is not None else None,
                )
            )
        docs.append(GoldDoc(art.get("docid") or f"{path.stem}-{i}", text, _aligned(text, gold)))
    return docs


def _aligned(text: str, gold: list[GoldToponym]) -> list[GoldToponym]:
    """Fix off-by-n offsets (GeoVirus counts from 1) by checking the span against the name."""
    for t in gold:
        if text[t.start : t.end] == t.name:
            continue
        for shift in (-1, 1, -2, 2):
            if text[t.start + shift : t.end + shift] == t.name:
                t.start, t.end = t.start + shift, t.end + shift
                break
    return gold


def select(docs: list[GoldDoc], half: str = "all", limit: int | None = None) -> list[GoldDoc]:
    """Deterministic halves by position (``even`` = dev, ``odd`` = held out)."""
    if half == "even":
        docs = docs[0::2]
    elif half == "odd":
        docs = docs[1::2]
    elif half != "all":
        raise ValueError(f"half must be all, even or odd, not {half!r}")
    return docs[:limit] if limit else docs


@dataclass
class GeoScore:
    docs: int = 0
    gold: int = 0
    predicted: int = 0
    pred_matched: int = 0
    gold_matched: int = 0
    errors: list[float] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.pred_matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.gold_matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def accuracy_161(self) -> float:
        return sum(e <= ACC_KM for e in self.errors) / len(self.errors) if self.errors else 0.0

    @property
    def median_km(self) -> float:
        return statistics.median(self.errors) if self.errors else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "docs": self.docs,
            "gold": self.gold,
            "predicted": self.predicted,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "resolved": len(self.errors),
            "acc@161km": round(self.accuracy_161, 4),
            "median_km": round(self.median_km, 1),
        }


#: Which predictions count as toponyms: ``strict`` = names of places of the story
#: (vigil's own definition); ``inclusive`` adds adjectival forms ("Iraqi") and
#: place names inside organisation names ("Alexandria Police"), which LGL's
#: annotation guideline marks as toponyms (GeoVirus's does not).
MODES = {"strict": {"name"}, "inclusive": {"name", "demonym", "in_name"}}


def toponyms(places: list[Place], mode: str = "strict") -> list[Place]:
    """The predictions that count as toponyms in ``mode`` (never 'the city')."""
    kinds = MODES[mode]
    return [p for p in places if p.kind in kinds]


def score_doc(gold: GoldDoc, places: list[Place], into: GeoScore, mode: str = "strict") -> None:
    preds = toponyms(places, mode)
    into.docs += 1
    into.gold += len(gold.toponyms)
    into.predicted += len(preds)
    into.pred_matched += sum(
        any(p.start < g.end and g.start < p.end for g in gold.toponyms) for p in preds
    )
    for g in gold.toponyms:
        hits = [p for p in preds if p.start < g.end and g.start < p.end]
        if not hits:
            continue
        into.gold_matched += 1
        if g.lat is None or g.lon is None:
            continue
        best = max(hits, key=lambda p: min(p.end, g.end) - max(p.start, g.start))
        if best.lat is None or best.lon is None:
            into.errors.append(MAX_ERROR_KM)
        else:
            into.errors.append(haversine_km(best.lat, best.lon, g.lat, g.lon))


def all_places(doc: Document) -> list[Place]:
    """The document's places plus the names found inside organisation names."""
    return list(doc.places) + list(doc.meta.get("places_in_names", []))


def evaluate(
    docs: list[GoldDoc],
    run: Callable[[Iterable[Document]], Iterator[Document]],
    progress: Callable[[], None] | None = None,
) -> dict[str, GeoScore]:
    """Run ``run`` (a pipeline's ``pipe``) over the gold texts; a score per mode."""
    scores = {mode: GeoScore() for mode in MODES}
    by_id = {}
    stream = []
    for i, g in enumerate(docs):
        key = f"{g.id}#{i}"
        by_id[key] = g
        stream.append(Document(raw_text=g.text, given_id=key))
    for doc in run(iter(stream)):
        places = all_places(doc)
        for mode, score in scores.items():
            score_doc(by_id[doc.id], places, score, mode)
        if progress:
            progress()
    return scores

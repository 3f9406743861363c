"""The ``places`` pipeline component and the ``locate`` helper other stages call."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from vigil.document import Document
from vigil.places.gazetteer import Gazetteer, load_gazetteer
from vigil.places.recognize.toponyms import Recogniser
from vigil.places.resolve.context import Resolution, Resolver
from vigil.places.resolve.scoring import WIDE_AREAS
from vigil.places.sites import Site, load_sites_file
from vigil.records import Place
from vigil.settings import Settings


def to_place(res: Resolution) -> Place:
    """The record of one resolved mention (``level='site'`` for registered sites)."""
    m, cand, site = res.mention, res.cand, res.site
    kind = {"demonym": "demonym", "reference": "reference", "inname": "in_name"}.get(
        m.source, "name"
    )
    if site is not None:
        return Place(
            text=m.text,
            start=m.start,
            end=m.end,
            name=site.name,
            lat=site.lat,
            lon=site.lon,
            country=cand.country if cand else None,
            level="site",
            geonameid=cand.id if cand else None,
            site=site.name,
            kind=kind,
            near=m.near,
        )
    if cand is None:
        return Place(text=m.text, start=m.start, end=m.end, name=m.text, kind=kind, near=m.near)
    level = cand.level if cand.level in {"country", "admin1", "admin2", "city"} else "other"
    feature = cand.fcode if cand.level in WIDE_AREAS else None
    # Regions derived from the areas that make them up carry negative ids, not GeoNames ids.
    geonameid = cand.id if cand.id > 0 else None
    return Place(
        text=m.text,
        start=m.start,
        end=m.end,
        # A place placed "within" another keeps its own name; the point is the other's.
        name=m.text if res.within else cand.name,
        lat=round(cand.lat, 5),
        lon=round(cand.lon, 5),
        country=cand.country,
        level=level,
        geonameid=None if res.within else geonameid,
        site=None,
        kind=kind,
        near=m.near,
        feature=None if res.within else feature,
        within=cand.name if res.within else None,
    )


class PlaceResolver:
    """Finds and resolves the places of each document into ``Document.places``."""

    name = "places"

    def __init__(self, gazetteer: Gazetteer, sites: list[Site] | None = None):
        self.gazetteer = gazetteer
        self.sites = list(sites or [])
        # Sites of a document's site country need a country, computed once here.
        self.recognise = Recogniser(gazetteer, self.sites)
        self.resolve = Resolver(gazetteer, self.sites)

    def __call__(self, doc: Document) -> Document:
        assert doc.spacy is not None, "places needs the parse stage first"
        mentions = self.recognise(doc.text, doc.spacy)
        site_country = self.resolve.site_country
        places, in_names = [], []
        for res in self.resolve(mentions, doc.text):
            place = to_place(res)
            if res.site is not None and place.country is None:
                place.country = site_country.get(res.site.name)
            (in_names if res.mention.source == "inname" else places).append(place)
        doc.places = places
        # Place names inside organisation names ("Auckland" in "Auckland Peace
        # Action") are not places of the story; kept aside for evaluation and
        # for stages that want an organisation's home.
        doc.meta["places_in_names"] = in_names
        return doc

    def pipe(self, docs: Iterable[Document]) -> Iterator[Document]:
        for doc in docs:
            yield self(doc)


def make_place_resolver(settings: Settings) -> PlaceResolver:
    """Factory for the pipeline: the shipped gazetteer plus ``settings.sites`` and ``sites_file``."""
    sites = list(settings.sites)
    if settings.sites_file:
        sites += load_sites_file(Path(settings.sites_file))
    return PlaceResolver(load_gazetteer(), sites)


SPECIFICITY = {"site": 0, "city": 1, "other": 2, "admin2": 3, "admin1": 4, "country": 5}
PRECISION = {
    "site": "exact",
    "city": "exact",
    "other": "exact",
    "admin2": "admin",
    "admin1": "admin",
    "country": "country",
}


def locate(doc: Document, start: int, end: int) -> dict | None:
    """Where something said in ``doc.text[start:end]`` (e.g. an event's sentence) happened.

    Returns ``{"name", "lat", "lon", "country", "precision"}`` or ``None``:
    the most specific resolved place mentioned in the span (a site or town
    before a province before a country; a named place before a demonym). If the
    span has none, the sentence(s) around it are searched, then the preceding
    paragraph text. ``precision`` is ``exact`` (a site or town), ``near`` (the
    place was introduced as "near X", "outside X", "north of X"), ``admin``
    (province/county, or a wider area such as a sea or region), or ``country``.
    Call after the ``places`` stage.
    """
    for lo, hi in _windows(doc, start, end):
        inside = [p for p in doc.places if p.start >= lo and p.end <= hi and p.lat is not None]
        if inside:
            best = min(
                inside,
                key=lambda p: (
                    p.kind == "demonym",
                    SPECIFICITY.get(p.level, 2),
                    p.near,
                    abs(p.start - start),
                ),
            )
            precision = "near" if best.near and best.level in {"site", "city", "other"} else None
            if best.within is not None and best.level == "city":
                precision = "near"  # somewhere in or around that town
            if best.feature is not None:
                precision = "admin"  # a sea or region: the area is known, not the spot
            return {
                "name": best.name,
                "lat": best.lat,
                "lon": best.lon,
                "country": best.country,
                "precision": precision or PRECISION.get(best.level, "exact"),
            }
    return None


def _windows(doc: Document, start: int, end: int) -> list[tuple[int, int]]:
    """The span itself, then its sentence(s), then back to the start of its paragraph."""
    out = [(start, end)]
    if doc.spacy is not None:
        sents = [s for s in doc.spacy.sents if s.start_char < end and s.end_char > start]
        if sents:
            out.append((sents[0].start_char, sents[-1].end_char))
    para = doc.text.rfind("\n\n", 0, start)
    out.append((para + 1 if para >= 0 else 0, end))
    return out

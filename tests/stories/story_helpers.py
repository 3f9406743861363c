"""Invented reports as Documents, built without spaCy, and a runner that 'processes'
them by rendering their record (counting what it was given)."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from datetime import date

import sqlalchemy as sa

from vigil.document import Document
from vigil.records import Entity, EntityRef, Event, Evidence, Mention, Place, Quantity, TimeExpr

FILLER = (
    "Officials gave no further details. Residents described a tense night. "
    "Roads in the area were closed for several hours while investigators worked. "
)


def report(
    text: str,
    *,
    title: str,
    url: str,
    published: date,
    people: tuple[str, ...] = (),
    org: str | None = None,
    place: tuple[str, float, float, str] | None = None,
    category: str | None = None,
    mode: str | None = None,
    fatalities: int | None = None,
    claimed_by: str | None = None,
    when: str | None = None,
    actor: str | None = None,
    site: str | None = None,
) -> Document:
    """One report: its text, who it names, one place and (optionally) one event."""
    doc = Document(raw_text=text, source=url, title=title, published=published, url=url)
    ents = []
    for i, name in enumerate(people, 1):
        at = text.find(name.split()[-1])
        ents.append(
            Entity(
                f"e{i}",
                name,
                "PERSON",
                mentions=[Mention(name, max(at, 0), max(at, 0) + len(name))] * 2,
            )
        )
    if org:
        ents.append(Entity("eo", org, "ORG", sector="REB", mentions=[Mention(org, 0, 1)] * 2))
    doc.entities = ents
    if place:
        name, lat, lon, country = place
        at = max(text.find(name), 0)
        doc.places = [
            Place(
                name,
                at,
                at + len(name),
                name,
                lat=lat,
                lon=lon,
                country=country,
                level="site" if site else "city",
                site=site,
            )
        ]
    if when:
        doc.times = [TimeExpr(when, 0, 0, when, "day")]
    if category:
        who = (
            [EntityRef("eo", org)]
            if org and actor is None
            else ([EntityRef(None, actor)] if actor else [])
        )
        sentence = text.split(". ")[0] + "."
        where = None
        if place:
            where = {
                "name": place[0],
                "lat": place[1],
                "lon": place[2],
                "country": place[3],
                "precision": "exact",
            }
            if site:
                where["site"] = site
        doc.events = [
            Event(
                id="v1",
                category=category,
                mode=mode,
                actor=who,
                where=where,
                when={
                    "value": when or published.isoformat(),
                    "granularity": "day",
                    **({} if when else {"source": "published"}),
                },
                fatalities=fatalities,
                acled={
                    "event_type": "Explosions/Remote violence",
                    "sub_event_type": "Shelling/artillery/missile attack",
                }
                if category == "ASSAULT"
                else None,
                evidence=[Evidence(sentence, 0, len(sentence))],
            )
        ]
        if fatalities:
            doc.quantities = [
                Quantity(
                    f"{fatalities} killed",
                    0,
                    0,
                    fatalities,
                    "killed",
                    claimed_by=EntityRef(None, claimed_by) if claimed_by else None,
                )
            ]
    return doc


class CountingRunner:
    """A batch runner with no NLP: the documents are already 'processed'."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def __call__(self, batches: Iterator[list[Document]]) -> Iterator[list[dict]]:
        for batch in batches:
            self.seen.extend(d.id for d in batch)
            yield [d.to_record() for d in batch]


def stories_of(store) -> dict[str, int]:  # noqa: ANN001 - a Store
    """Article id -> story id, as stored."""
    from vigil.stories import tables as t

    with store.engine.connect() as conn:
        return dict(
            conn.execute(
                sa.select(t.story_articles.c.article_id, t.story_articles.c.story_id)
            ).all()
        )


def fail_after(monkeypatch, name: str) -> None:  # noqa: ANN001 - pytest's fixture
    """Make ``vigil.stories.update.<name>`` write what it writes, then fail."""
    module = importlib.import_module("vigil.stories.update")
    real = getattr(module, name)

    def broken(conn, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
        real(conn, *args, **kwargs)
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(module, name, broken)

"""Documents with every normalised part filled in, built from vigil's own record types."""

from __future__ import annotations

from datetime import date

from vigil.document import Document
from vigil.records import (
    Entity,
    EntityRef,
    Event,
    Evidence,
    Mention,
    Place,
    Quote,
    TimeExpr,
)


def make_doc(n: int, published: date | None = date(2021, 3, 4)) -> Document:
    """Article ``n``: one speaker quoted, one attack event, one place, one time."""
    speaker = f"Speaker {n}"
    text = f'{speaker} said "we were attacked in Town{n} on Monday".'
    doc = Document(raw_text=text, source=f"mem://{n}", title=f"Report {n}", published=published)
    doc.entities = [
        Entity("e1", speaker, "PERSON", mentions=[Mention(speaker, 0, len(speaker))]),
        Entity("e2", f"Group {n}", "ORG", country="IRQ", sector="REB"),
    ]
    doc.quotes = [
        Quote(
            text=f"we were attacked in Town{n} on Monday",
            start=text.index("we"),
            end=len(text) - 2,
            kind="direct",
            speaker=EntityRef("e1", speaker),
            speaker_text=speaker,
            cue="said",
        )
    ]
    doc.places = [Place(f"Town{n}", 0, 5, f"Town{n}", lat=33.0, lon=44.0, country="IRQ")]
    doc.times = [TimeExpr("on Monday", 10, 19, "2021-03-01", "day")]
    doc.events = [
        Event(
            id="v1",
            category="ASSAULT",
            mode="aerial",
            actor=[EntityRef("e2", f"Group {n}")],
            recipient=[EntityRef("e1", speaker)],
            where={"name": f"Town{n}", "lat": 33.0, "lon": 44.0, "country": "IRQ"},
            when={"value": "2021-03-01", "granularity": "day"},
            fatalities=n,
            acled={
                "event_type": "Explosions/Remote violence",
                "sub_event_type": "Air/drone strike",
            },
            evidence=[Evidence(text, 0, len(text))],
            confidence=0.5,
        )
    ]
    return doc

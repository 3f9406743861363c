"""Streets and numbered roads as place mentions (vigil.places.recognize.streets)."""

from __future__ import annotations

import pytest

from vigil.document import Document
from vigil.pipeline import Pipeline
from vigil.places.recognize.streets import street_mentions
from vigil.settings import Settings


def _texts(text: str, avoid: list[tuple[int, int]] | None = None) -> list[str]:
    return [m.text for m in street_mentions(text, avoid or [], lambda _: 0)]


def test_streets_and_roads_found():
    text = (
        "Firefighters worked at 775 Main St., on Wichita Drive and Interstate 45 near "
        "E. Broad St. for hours, then on 42nd Street and Martin Luther King Jr. Boulevard."
    )
    assert _texts(text) == [
        "Main St.",
        "Wichita Drive",
        "E. Broad St.",
        "42nd Street",
        "Martin Luther King Jr. Boulevard",
        "Interstate 45",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The Wall Street Journal reported it.",  # a longer name goes on
        "Dr. Smith flew to St. Louis. On Tuesday he left.",
        "The Street was quiet.",
        "He crossed the road.",
    ],
)
def test_what_is_no_street(text):
    assert _texts(text) == []


def test_taken_spans_are_left_alone():
    text = "A crash on Woods Chapel Road."
    s = text.index("Woods")
    assert _texts(text, [(s, s + 5)]) == []


def test_a_street_is_a_place_of_the_story():
    pipe = Pipeline(["parse", "places"], Settings())
    doc = pipe(Document(raw_text="A car hit a pole on Wichita Drive in Vicksburg.", source="t"))
    street = [p for p in doc.places if p.text == "Wichita Drive"]
    assert street and street[0].kind == "name"


def test_town_of_an_address():
    from vigil.places.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    text = "Sheila Williams, 41, of 420 Augusta St., Alexandria, was charged."
    found = street_mentions(text, [], lambda _: 0, gaz.has_name)
    assert [(m.text, m.label) for m in found] == [("Augusta St.", "STREET"), ("Alexandria", "ADDR")]
    assert [m.text for m in street_mentions(text, [], lambda _: 0)] == ["Augusta St."]

"""Chains of places written out ("Town (District, Province)", "X village of Y", "X, State"):
which names they add, and what they must not take for a place. Invented sentences."""

from __future__ import annotations

import pytest

from vigil.places.gazetteer import edit_distance, load_gazetteer
from vigil.places.recognize.hierarchy import hierarchy_mentions


def _names(text: str, avoid: list[tuple[int, int]] | None = None) -> list[str]:
    found = hierarchy_mentions(text, load_gazetteer(), avoid or [], lambda _: 0)
    return sorted({m.text for m in found})


def test_bracketed_chain_gives_every_name():
    assert _names("Gunmen struck in Apa Agila (Ado LGA, Benue) at dawn.") == [
        "Ado",
        "Apa Agila",
        "Benue",
    ]


def test_bracketed_district_with_lowercase_kind_word():
    names = _names("A rally was held at Harangajao town (Dima Hasao district, Assam) today.")
    assert names == ["Assam", "Dima Hasao", "Harangajao"]


def test_comma_chain_needs_the_town_inside_the_state():
    assert _names("Robbers hit a bank in Vertente do Lerio, Pernambuco, overnight.") == [
        "Pernambuco",
        "Vertente do Lerio",
    ]


def test_unknown_town_said_as_a_place_before_its_state():
    assert "Bila Kamianka" in _names("Mortars hit the area of Bila Kamianka, Donetsk.")
    assert "Bila Kamianka" in _names("Mortars fell near Bila Kamianka, Donetsk. No one was hurt.")


def test_village_of_a_district():
    assert "Chak Sheikhan" in _names("Two men died in Chak Sheikhan village of Qaysar district.")


@pytest.mark.parametrize(
    "text",
    [
        "He (Wilson) got out of the car, the officer said.",
        "In September, Egypt closed the crossing.",
        "A bomb went off in a mainly Shiite area in Baghdad.",
        "Senate President David Williams, U.S. Rep. Hal Rogers and others spoke.",
        "A girl from the northern Iraqi village of Ranya fell ill.",
        "No outbreak in Eastern Visayas, Region 8, the doctor said.",
        "WASHINGTON (AP) The vote was delayed.",
        "Drop-off is on first Saturdays. City of Oxford residents may apply.",
    ],
)
def test_what_is_not_a_place(text):
    bad = {"He", "Wilson", "September", "Shiite", "Williams", "Iraqi", "Region", "WASHINGTON"}
    assert not bad & set(_names(text)), _names(text)


def test_names_the_model_already_found_are_kept():
    text = "Clashes in Ahwar (Ahwar, Abyan) went on."
    start = text.index("Ahwar")
    found = hierarchy_mentions(text, load_gazetteer(), [(start, start + 5)], lambda _: 0)
    # The model's own span is not split or shifted; the rest of the chain is added.
    assert all(not (m.start < start + 5 and start < m.end) or m.start == start for m in found)
    assert {"Abyan"} <= {m.text for m in found}


def test_spelled_like_finds_a_town_of_the_area():
    gaz = load_gazetteer()
    bari = next(c for c in gaz.lookup("Bari") if c.country == "SOM" and c.level == "admin1")
    town = gaz.spelled_like("Bossaso", bari)
    assert town is not None and town.name == "Bosaso"
    assert gaz.spelled_like("Mogadishu", bari) is None  # not in that area
    assert edit_distance("zinijbar", "zinjibar", 2) == 1  # a swap counts one
    assert edit_distance("abc", "xyz", 1) == 2  # stops past the limit


@pytest.mark.parametrize("text", ["", "(", "( , )", "A, B", "X (", "Kabul (" * 50, "ñ (ü, ö)"])
def test_odd_text(text):
    assert isinstance(_names(text), list)

"""ACLED's actors of an event, named the codebook's way (invented reports)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vigil.document import Document
from vigil.events.acled.actors import EMPTY, code_actors, code_fatalities, interaction
from vigil.events.acled.actors.fatalities import coded_figure
from vigil.events.acled.actors.naming import find_actors, parse_table, state_name
from vigil.events.deaths import says_none_died
from vigil.pipeline import DEFAULT_PIPELINE, Pipeline
from vigil.records import Entity, EntityRef, Event, Evidence, Mention


@pytest.fixture(scope="module")
def coded():
    pipe = Pipeline(list(DEFAULT_PIPELINE))

    def run(text: str, acled: dict | None = None) -> dict:
        doc = pipe(Document(raw_text=text, published=date(2023, 5, 10), source="test"))
        event = next((e for e in doc.events if e.factual), None)
        return code_actors(doc, event, acled)

    return run


def test_interaction_is_the_two_inter_codes_smaller_first():
    assert interaction(7, 3) == 37
    assert interaction(1, 2) == 12
    assert interaction(6, 0) == 60
    assert interaction(0, 0) == 0


def test_state_forces_carry_the_government_period_and_article():
    assert state_name("military", "Turkey") == "Military Forces of Turkey (2016-)"
    assert state_name("police", "Philippines") == "Police Forces of the Philippines (2016-)"
    # A country the table has no period for is named without one, not given a made-up one.
    assert state_name("military", "Atlantis") == "Military Forces of Atlantis"


def test_force_abroad_is_an_external_force_and_at_home_a_state_force():
    abroad = find_actors("Turkish troops shelled a village near the border.", "Syria")
    assert [(a.name, a.inter) for a in abroad] == [("Military Forces of Turkey (2016-)", 8)]
    home = find_actors("Syrian army units fired on the village.", "Syria")
    assert [(a.name, a.inter) for a in home] == [("Military Forces of Syria (2000-)", 1)]


def test_named_group_takes_the_category_word_after_it():
    found = find_actors("Taliban militants stormed a checkpoint.", "Afghanistan")
    assert [(a.name, a.inter) for a in found] == [("Taliban", 2)]


def test_a_group_named_by_region_takes_the_events_country():
    found = find_actors("An IS cell attacked a convoy.", "Iraq")
    assert found[0].name == "Islamic State (Iraq)"


def test_bare_forces_without_a_country_word_is_no_actor():
    assert find_actors("The forces withdrew at dawn.", "Mali") == []


def test_table_parses_without_optional_sections():
    table = parse_table({"groups": [{"name": "X Front", "aliases": ["XF"]}]})
    assert table.periods == {} and table.groups[0][1][0].inter == 2


@pytest.mark.parametrize(
    ("text", "acled", "actor1", "inter1", "actor2", "inter2"),
    [
        (
            "On 3 May 2023, hundreds of nurses protested outside the main hospital in Haifa "
            "demanding better pay.",
            {"event_type": "Protests", "sub_event_type": "Peaceful protest"},
            "Protesters (Israel)",
            6,
            "",
            0,
        ),
        (
            "On 3 May 2023, residents burned tyres and threw stones at police in Lahore; "
            "police fired tear gas to disperse them.",
            {"event_type": "Riots", "sub_event_type": "Violent demonstration"},
            "Rioters (Pakistan)",
            5,
            "Police Forces of Pakistan (2018-)",
            1,
        ),
        (
            "On 4 May 2023, unidentified gunmen shot dead a shopkeeper in Kaduna, Nigeria.",
            {"event_type": "Violence against civilians", "sub_event_type": "Attack"},
            "Unidentified Armed Group (Nigeria)",
            3,
            "Civilians (Nigeria)",
            7,
        ),
        (
            "On 5 May 2023, Al Shabaab militants attacked a Somali army base in Afgooye.",
            {"event_type": "Battles", "sub_event_type": "Armed clash"},
            "Al Shabaab",
            2,
            "Military Forces of Somalia (2017-)",
            1,
        ),
    ],
)
def test_actors_by_event_type(coded, text, acled, actor1, inter1, actor2, inter2):
    row = coded(text, acled)
    assert (row["actor1"], row["inter1"]) == (actor1, inter1)
    assert (row["actor2"], row["inter2"]) == (actor2, inter2)
    assert row["interaction"] == interaction(inter1, inter2)


def test_protesters_associated_actor(coded):
    row = coded(
        "On 3 May 2023, hundreds of nurses protested outside the main hospital in Haifa.",
        {"event_type": "Protests", "sub_event_type": "Peaceful protest"},
    )
    assert row["assoc_actor_1"] == "Health Workers (Israel)"


def test_hostile_inputs_never_crash():
    empty = Document(raw_text="", source="t")
    assert code_actors(empty, None) == EMPTY
    assert code_fatalities(empty, None) == 0
    odd = Document(raw_text="Troops fired. " * 3, source="t")
    odd.report_acled = {"event_type": "Something New", "sub_event_type": "Unseen"}
    odd.entities = [Entity("e1", "???", "WEIRD", country="ZZZ", mentions=[Mention("x", 0, 1)])]
    event = Event(
        "v1",
        "UNSEEN",
        actor=[EntityRef("missing", None), EntityRef(None, "x")],
        recipient=[EntityRef("e1", "???")],
        acled={"event_type": "Battles"},
        evidence=[Evidence("Troops fired.", 0, 13)],
    )
    row = code_actors(odd, event)
    assert set(row) == set(EMPTY)
    assert code_fatalities(odd, event) == 0


@given(st.text(max_size=400), st.sampled_from(["", "Syria", "Mexico", "Nowhere"]))
@settings(max_examples=60, deadline=None)
def test_any_text_reads_without_error(text: str, country: str):
    for actor in find_actors(text, country):
        assert 0 <= actor.start <= actor.end <= len(text)
        assert actor.inter in {1, 2, 3, 4, 5, 6, 7, 8}
    figure = coded_figure(text)
    assert figure is None or figure >= 0
    says_none_died(text)


def test_the_attacked_comes_second_even_when_named_first(coded):
    row = coded(
        "On 6 May 2023, a police patrol was hit by a Taliban-planted landmine in Kandahar.",
        {
            "event_type": "Explosions/Remote violence",
            "sub_event_type": "Remote explosive/landmine/IED",
        },
    )
    assert row["actor1"] == "Taliban"
    assert row["actor2"] == "Police Forces of Afghanistan (2014-)"

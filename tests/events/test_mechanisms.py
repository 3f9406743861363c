"""Each mechanism of the event coder on invented sentences (no founding-article names)."""

from __future__ import annotations

from datetime import date

import pytest

from vigil.document import Document
from vigil.pipeline import DEFAULT_PIPELINE, Pipeline


@pytest.fixture(scope="module")
def code():
    pipe = Pipeline(list(DEFAULT_PIPELINE))

    def run(text: str, published: date = date(2023, 5, 10)) -> list:
        doc = pipe(Document(raw_text=text, published=published, source="test"))
        return doc.events

    return run


def cats(events, negated: bool = False) -> list[str]:
    return [e.category for e in events if e.negated == negated]


def test_negated_act_is_marked_not_counted(code):
    events = code("The army did not attack the village of Marwand on Tuesday.")
    assert "ASSAULT" not in cats(events)
    assert "ASSAULT" in cats(events, negated=True)


def test_threat_is_coded_as_threat_not_as_the_act(code):
    events = code("The rebel commander Omar Haddad threatened to bomb the airport in Qaranta.")
    assert "THREATEN" in cats(events)
    assert "ASSAULT" not in cats(events)


def test_demand_is_request_not_the_demanded_act(code):
    events = code(
        "Opposition leader Maria Santos demanded that the government release the detained "
        "journalists immediately."
    )
    assert "REQUEST" in cats(events)
    assert "RETREAT" not in cats(events)
    (req,) = [e for e in events if e.category == "REQUEST"]
    assert req.actor and req.actor[0].name == "Maria Santos"
    assert req.mode == "yield"


def test_plans_and_conditions_are_not_events(code):
    events = code(
        "The ministry is preparing to evacuate its staff. "
        "If the talks fail, the army would attack the rebel stronghold."
    )
    happened = [e for e in events if e.factual]
    assert "RETREAT" not in cats(events)
    assert "ASSAULT" not in cats(happened)
    # The conditional attack is kept, marked as a possibility, and never typed for ACLED.
    (attack,) = [e for e in events if e.category == "ASSAULT"]
    assert attack.hypothetical and attack.acled is None and attack.fatalities is None


def test_possibility_is_hypothetical_but_reported_plan_is_not(code):
    maybe = code("Militants could attack the border town of Qaranta within days, officials said.")
    assert [e.hypothetical for e in maybe if e.category == "ASSAULT"] == [True]
    plan = code("The government announced last year that its troops would withdraw by June.")
    assert plan and not any(e.hypothetical for e in plan)


def test_repeated_mentions_merge_into_one_event(code):
    text = (
        "The Ruritanian Defence Ministry has suspended its training programme in Freedonia.\n\n"
        "Officials said the training programme had been put on hold indefinitely.\n\n"
        "The ministry's training programme in Freedonia remains on hold, a spokesman added."
    )
    sanctions = [e for e in code(text) if e.category == "SANCTION" and not e.negated]
    assert len(sanctions) == 1
    assert len(sanctions[0].evidence) >= 2


def test_different_events_of_one_category_stay_apart(code):
    text = (
        "Gunmen attacked a police checkpoint in the city of Marwand on Monday, killing three "
        "officers.\n\nOn Thursday, militants attacked a market in the town of Qaranta, "
        "killing eleven civilians."
    )
    assaults = [e for e in code(text) if e.category == "ASSAULT" and not e.negated]
    assert len(assaults) == 2
    assert sorted(e.fatalities for e in assaults) == [3, 11]


def test_reported_speech_keeps_event_and_reporter(code):
    events = code(
        "Police spokesman John Mbeki said gunmen attacked a checkpoint near the town of "
        "Qaranta on Sunday."
    )
    (attack,) = [e for e in events if e.category == "ASSAULT"]
    assert attack.reported_by is not None
    assert attack.reported_by.name == "John Mbeki"
    assert attack.where is not None and attack.where["precision"] == "near"


def test_headline_lines_yield_no_events(code):
    text = (
        "Farmers in the valley harvested a record crop this year, officials said.\n\n"
        "Rebels Storm Capital In Overnight Raid\n"
        "Gunmen kill five in market bombing\n\n"
        "The harvest festival will be held next month."
    )
    events = code(text)
    assert not [e for e in events if e.category == "ASSAULT"]


def test_air_strike_gets_acled_type_and_casualties(code):
    events = code(
        "An air strike killed 12 fighters near the town of Qaranta on Saturday, local "
        "officials said."
    )
    (strike,) = [e for e in events if e.category == "ASSAULT"]
    assert strike.acled is not None
    assert (strike.acled["event_type"], strike.acled["sub_event_type"]) == (
        "Explosions/Remote violence",
        "Air/drone strike",
    )
    assert strike.fatalities == 12
    assert strike.when == {"value": "2023-05-06", "granularity": "day", "source": "text"}


def test_peaceful_protest_gets_acled_type(code):
    events = code(
        "Thousands of students marched peacefully through the capital on Friday to protest "
        "against higher tuition fees."
    )
    protests = [e for e in events if e.category == "PROTEST"]
    assert protests
    acled = protests[0].acled or {}
    assert (acled.get("event_type"), acled.get("sub_event_type")) == (
        "Protests",
        "Peaceful protest",
    )


def test_armed_clash_gets_acled_type(code):
    events = code(
        "Government troops clashed with rebel fighters in the northern province overnight, "
        "and fighting continued into the morning."
    )
    clashes = [e for e in events if e.category == "ASSAULT" and e.acled]
    assert clashes
    assert clashes[0].acled["sub_event_type"] == "Armed clash"
    assert clashes[0].acled["event_type"] == "Battles"


def test_named_victim_and_others_counts_them_all(code):
    text = (
        "A drone strike hit a convoy outside the city of Marwand on Sunday.\n\n"
        "The interior minister condemned the killing of commander Yusuf Karimi and four others."
    )
    events = code(text)
    killed = [e.fatalities for e in events if e.category == "ASSAULT" and e.fatalities]
    assert 5 in killed


def test_historical_event_is_marked(code):
    events = code(
        "In 2009, rebels attacked the northern garrison town of Marwand.",
        published=date(2023, 5, 10),
    )
    (attack,) = [e for e in events if e.category == "ASSAULT"]
    assert attack.historical is True
    assert attack.when["value"] == "2009"


def test_next_sentence_about_the_same_attack_merges(code):
    text = (
        "Gunmen killed at least 14 people in an attack on a village in the north of Freedonia "
        "on Sunday, the army said. The assailants opened fire on residents gathered at a "
        "market, witnesses said."
    )
    assaults = [e for e in code(text) if e.category == "ASSAULT" and not e.negated]
    assert len(assaults) == 1
    assert len(assaults[0].evidence) == 2
    assert assaults[0].fatalities == 14
    assert all(r.name != "fire" for r in assaults[0].recipient)


def test_a_foreseen_attack_by_others_is_hypothetical_not_a_threat(code):
    events = code("Analysts warned that militants could attack the base in Marbek.")
    assert "THREATEN" not in cats(events)
    attacks = [e for e in events if e.category == "ASSAULT"]
    assert attacks and all(e.hypothetical for e in attacks)


def test_a_warning_of_ones_own_act_is_still_a_threat(code):
    events = code("The army warned that troops would strike rebel positions in Marbek.")
    assert "THREATEN" in cats(events)
    assert not [e for e in events if e.category == "ASSAULT" and e.factual]


def test_a_state_is_no_event(code):
    # How things stand: forces where they are, measures that remain.
    events = code(
        "About 200 Danish soldiers are stationed at the Harbor base. Twelve more "
        "personnel are based in the capital, Velmora.\n\n"
        "The ministry remains alert anywhere its troops are deployed. Strict force "
        "protection remains in place for all deployed personnel."
    )
    assert "MOBILIZE" not in cats(events)
    # The act itself is still an event.
    events = code("The Danish army deployed 200 soldiers to the Harbor base on Monday.")
    assert "MOBILIZE" in cats(events)


def test_the_actor_is_who_the_subject_phrase_names(code):
    events = code(
        "Velmoran security forces in a crackdown on Darkhan militants recaptured the "
        "town of Qaranta on Sunday."
    )
    taking = [e for e in events if e.category == "ASSAULT"]
    assert taking and taking[0].actor
    assert "Darkhan" not in taking[0].actor[0].name  # the militants are the target
    assert "security forces" in taking[0].actor[0].name

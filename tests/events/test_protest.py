"""ACLED's demonstration types follow who used force and how much (invented sentences)."""

from __future__ import annotations

import pytest

from vigil.events.acled import protest
from vigil.language.nlp import load_nlp
from vigil.settings import Settings


@pytest.fixture(scope="module")
def facts():
    nlp = load_nlp(Settings().model)
    return lambda text: protest.read_facts(nlp(text).sents)


def test_demonstrators_violence_is_read_from_who_acted(facts):
    assert facts(
        "Protesters threw stones at the police and set fire to two cars."
    ).demonstrators_violent
    assert facts("Students rioted on campus after the verdict.").demonstrators_violent
    assert facts("Violent protests erupted in Marbek on Tuesday.").demonstrators_violent


def test_peaceful_and_police_acts_are_not_demonstrators_violence(facts):
    assert not facts(
        "Thousands of non-violent protesters marched through Marbek."
    ).demonstrators_violent
    assert not facts("Protesters set up roadblocks outside the ministry.").demonstrators_violent
    f = facts("Police fired tear gas to disperse the protesters in Marbek.")
    assert not f.demonstrators_violent
    assert f.intervention and not f.lethal_force


def test_lethal_force_against_demonstrators(facts):
    assert facts("Two protesters were killed when police opened fire in Marbek.").lethal_force
    assert facts("Security forces used live ammunition against the crowd.").lethal_force
    assert not facts("Police arrested twelve protesters in Marbek.").lethal_force


def test_settle_follows_acled_precedence():
    violent = protest.ProtestFacts(demonstrators_violent=True, lethal_force=True)
    assert protest.settle(protest.EXCESSIVE, violent) == protest.VIOLENT
    lethal = protest.ProtestFacts(lethal_force=True, intervention=True)
    assert protest.settle(protest.PEACEFUL, lethal) == protest.EXCESSIVE
    dispersed = protest.ProtestFacts(intervention=True)
    assert protest.settle(protest.PEACEFUL, dispersed) == protest.INTERVENTION
    # Only demonstration types are re-chosen; no facts leaves the reading alone.
    assert protest.settle("Armed clash", violent) == "Armed clash"
    assert protest.settle(protest.PEACEFUL, protest.ProtestFacts()) == protest.PEACEFUL


def test_an_arrest_protested_against_is_no_intervention(facts):
    assert not facts(
        "Journalists protested in Marbek against the unjust arrest of their editor."
    ).intervention
    assert not facts(
        "Residents rallied to demand the release of activists who were detained."
    ).intervention
    assert facts(
        "Students protested in Marbek, and police dispersed them with batons."
    ).intervention
    assert facts("Protesters marched in Marbek; police detained twelve of them.").intervention

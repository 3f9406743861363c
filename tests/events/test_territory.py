"""Who took the ground decides between ACLED's two territorial types (invented sentences)."""

from __future__ import annotations

import pytest

from vigil.document import Document
from vigil.events.acled import territory
from vigil.pipeline import DEFAULT_PIPELINE, Pipeline


@pytest.fixture(scope="module")
def run():
    pipe = Pipeline(list(DEFAULT_PIPELINE))
    return lambda text: pipe(Document(raw_text=text, source="test"))


@pytest.mark.parametrize(
    ("text", "side"),
    [
        (
            "Militants of the Free Sahel Front recaptured the village of Dorvane on Monday.",
            "non-state",
        ),
        ("Rebels have taken over four localities in Kessa territory.", "non-state"),
        ("The town of Marbek fell to the insurgents after a week of fighting.", "non-state"),
        ("Government troops retook the district of Harjan from the militants.", "state"),
        # The prepositional phrase names the other side; the subject is the army.
        (
            "Security forces in a crackdown on the rebels recaptured Koval district on Friday.",
            "state",
        ),
        ("The national army has seized control of Tarbo town in the south.", "state"),
        ("The airport was captured by government forces on Sunday.", "state"),
    ],
)
def test_side_of_the_gain(run, text, side):
    doc = run(text)
    assert territory.report_side(doc) == side


@pytest.mark.parametrize(
    "text",
    [
        # A person captured is an arrest or abduction, not territory.
        "The army captured a senior rebel commander near the border.",
        "The rebels attacked an army convoy near Dorvane.",
    ],
)
def test_no_territorial_gain(run, text):
    assert territory.report_side(run(text)) is None


def test_settle_only_switches_between_the_territorial_types():
    assert territory.settle(territory.GOVERNMENT, "non-state") == territory.NON_STATE
    assert territory.settle(territory.NON_STATE, "state") == territory.GOVERNMENT
    assert territory.settle("Armed clash", "state") == "Armed clash"
    assert territory.settle(territory.NON_STATE, None) == territory.NON_STATE


def test_events_carry_the_side_that_gained(run):
    doc = run("Government troops retook the district of Harjan from the militants on Monday.")
    subs = {e.acled["sub_event_type"] for e in doc.events if e.acled}
    assert territory.NON_STATE not in subs
    doc = run("Insurgents overran the town of Marbek and its police post on Monday.")
    subs = {e.acled["sub_event_type"] for e in doc.events if e.acled}
    assert territory.GOVERNMENT not in subs

"""Deaths read from every phrasing a report uses (invented sentences), and ACLED's
fatality figure: the lowest credible count, zero when none died or nothing is said."""

from __future__ import annotations

from datetime import date

import pytest

from vigil.document import Document
from vigil.events.acled.actors import code_fatalities
from vigil.events.acled.actors.fatalities import coded_figure
from vigil.events.deaths import deaths_in, says_none_died
from vigil.language.nlp import load_nlp
from vigil.pipeline import DEFAULT_PIPELINE, Pipeline
from vigil.settings import Settings


@pytest.fixture(scope="module")
def nlp():
    return load_nlp(Settings().model)


@pytest.fixture(scope="module")
def fatalities():
    pipe = Pipeline(list(DEFAULT_PIPELINE))

    def run(text: str) -> int:
        doc = pipe(Document(raw_text=text, published=date(2023, 5, 10), source="test"))
        event = next((e for e in doc.events if e.factual and e.category == "ASSAULT"), None)
        return code_fatalities(doc, event)

    return run


def counted(nlp, text: str) -> int:
    return sum(d.count or 0 for d in deaths_in(nlp(text)[:]))


@pytest.mark.parametrize(
    ("text", "dead"),
    [
        ("Three officers died when their patrol was ambushed near Korvel.", 3),
        ("A man was found dead beside the road to Ostrana.", 1),
        ("Gunmen stormed the market in Belvaro, killing two.", 2),
        ("One person was shot dead outside a bakery in Tamsin.", 1),
        ("The raiders killed a woman and wounded her son.", 1),
        ("The bodies of 4 men were recovered from the river.", 4),
        ("Both victims died in hospital.", 2),
        ("Six soldiers and two villagers were killed in the ambush.", 8),
        ("A farmer was stabbed to death in his field.", 1),
        ("One guard was shot and killed and one driver was injured.", 1),
    ],
)
def test_each_phrasing_of_a_death_is_counted(nlp, text: str, dead: int):
    assert counted(nlp, text) == dead


@pytest.mark.parametrize(
    "text",
    [
        "Five people were injured when the crowd was dispersed.",
        "The gunmen tried to kill the mayor of Dunmore but fled.",
        "Two traders were wounded by stray bullets.",
    ],
)
def test_injuries_and_attempts_are_not_deaths(nlp, text: str):
    assert counted(nlp, text) == 0


def test_a_negated_death_says_none_died(nlp):
    assert [d.count for d in deaths_in(nlp("No one was killed in the blast.")[:])] == [0]
    assert says_none_died("Neither injuries nor fatalities were reported.")
    assert not says_none_died("Two fighters were killed.")


def test_coded_figure_is_shared_among_the_events_it_is_split_between():
    assert coded_figure("Clashes left many dead. 3 fatalities.") == 3
    assert coded_figure("Fatalities coded as 0 (a monitor reported 2).") == 0
    assert coded_figure("In all 12 fatalities, split up between 3 events.") == 4
    assert coded_figure("Fatalities are split across 2 events (5).") == 5
    assert coded_figure("A convoy was hit.") is None


@pytest.mark.parametrize(
    ("text", "dead"),
    [
        ("On 3 May 2023, gunmen shot dead a trader in Kelvano town. The killers fled.", 1),
        ("On 3 May 2023, a roadside bomb hit a bus near Sarvi, killing 7 passengers.", 7),
        ("On 4 May 2023, the death toll of the market bombing in Pelio rose to 12.", 12),
        ("On 4 May 2023, militants attacked a checkpoint in Orvan. 2 killed, 3 wounded.", 2),
        ("On 5 May 2023, rebels shelled Tirna; at least 5 civilians were killed.", 5),
    ],
)
def test_fatalities_of_a_report(fatalities, text: str, dead: int):
    assert fatalities(text) == dead


@pytest.mark.parametrize(
    "text",
    [
        "On 5 May 2023, gunmen attacked a police post in Varda. No one was killed.",
        "On 6 May 2023, soldiers shelled positions near Lusk; three soldiers were wounded.",
        "On 6 May 2023, hundreds of teachers marched through Ambro demanding higher pay.",
        "On 6 May 2023, a crowd in Pella remembered the 1998 massacre in which 40 people "
        "were killed in 1998.",
    ],
)
def test_no_death_in_this_event_is_zero(fatalities, text: str):
    assert fatalities(text) == 0


def test_a_peaceful_protest_has_no_deaths_but_a_stated_figure_stands():
    doc = Document(raw_text="Marchers mourned the two men killed last week.", source="t")
    peaceful = {"event_type": "Protests", "sub_event_type": "Peaceful protest"}
    assert code_fatalities(doc, None, peaceful) == 0
    doc = Document(raw_text="Mourners gathered after the attack. 2 fatalities.", source="t")
    assert code_fatalities(doc, None, peaceful) == 2

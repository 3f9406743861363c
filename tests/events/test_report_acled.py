"""The report-level ACLED type the events stage writes (``report_acled``) is the one
``vigil eval events`` scores, so the benchmark measures what users get."""

from __future__ import annotations

from vigil.document import Document
from vigil.pipeline import Pipeline


def _record(text: str) -> dict:
    doc = Pipeline()(Document(raw_text=text, source="t", published=None))
    return doc.to_record()


def test_airstrike_report_is_filed_as_air_strike():
    rec = _record(
        "Warplanes bombed a village in the north of the province on Tuesday, "
        "killing four civilians, local officials said."
    )
    row = rec["report_acled"]
    assert (row["event_type"], row["sub_event_type"]) == (
        "Explosions/Remote violence",
        "Air/drone strike",
    )


def test_peaceful_march_is_a_protest_and_a_flood_is_not_an_acled_event():
    march = _record(
        "Thousands of teachers marched peacefully through the capital on Sunday "
        "demanding higher wages, waving banners and chanting slogans."
    )
    assert march["report_acled"]["event_type"] == "Protests"
    flood = _record(
        "Heavy monsoon rains flooded dozens of villages, and rescue teams evacuated "
        "residents as rivers burst their banks."
    )
    assert flood["report_acled"] is None


def test_a_type_that_kills_no_one_is_never_chosen_when_the_report_states_deaths():
    from vigil.events.acled.types import NON_LETHAL, report_subtype

    probs = {"Peaceful protest": 0.5, "Attack": 0.3, "Arrests": 0.15, None: 0.05}
    assert report_subtype([], probs) == "Peaceful protest"
    assert report_subtype([], probs, lethal=True) == "Attack"
    assert "Peaceful protest" in NON_LETHAL and "Arrests" in NON_LETHAL
    assert "Armed clash" not in NON_LETHAL


def test_deaths_in_a_report_keep_its_type_violent_but_old_deaths_do_not():
    toll = _record("On 4 May 2023, the death toll of the market bombing in Varno rose to 9.")
    row = toll["report_acled"]
    assert row is None or row["sub_event_type"] not in {"Peaceful protest", "Arrests"}
    old = _record(
        "On 4 May 2023, students marched peacefully in Varno against the killing "
        "of two activists in 2019."
    )
    assert old["report_acled"]["event_type"] == "Protests"

"""Quantity mechanisms on invented sentences: number words, bounds, ranges, years, claims."""

from __future__ import annotations

from quotes_helpers import quantity_with, run

from vigil.language.quantities.numbers import read_number


def test_number_words_and_killed_from_the_passive_verb():
    doc = run("On Friday, seven villagers were killed in a raid near Maiduguri.")
    q = quantity_with(doc, "seven villagers")
    assert q.value == 7 and q.unit == "killed" and q.bound is None
    assert q.at == "Maiduguri"


def test_killers_are_not_counted_as_killed():
    doc = run("Twelve gunmen killed three farmers near the market.")
    units = {q.text: q.unit for q in doc.quantities}
    assert units.get("three farmers") == "killed"
    assert units.get("Twelve gunmen") != "killed"


def test_dozens_is_a_lower_bound():
    doc = run("Dozens of protesters were arrested in the capital.")
    q = quantity_with(doc, "Dozens")
    assert q.value == 24 and q.bound == "min"
    assert q.unit == "arrested"


def test_more_than_200_keeps_its_bound():
    doc = run("More than 200 people were displaced by the fighting in Tigray.")
    q = quantity_with(doc, "200 people")
    assert q.value == 200 and q.bound == "min" and q.unit == "displaced"
    assert q.text.lower().startswith("more than")


def test_about_is_approximate_and_up_to_is_a_maximum():
    doc = run("About 40 soldiers and up to 15 civilians were wounded in the blast.")
    soldiers = quantity_with(doc, "40 soldiers")
    assert soldiers.bound == "approx"
    civilians = quantity_with(doc, "15 civilians")
    assert civilians.bound == "max" and civilians.unit == "injured"


def test_ranges_keep_both_ends():
    doc = run("Between 30 and 40 people were abducted from a school in Nigeria.")
    q = quantity_with(doc, "people")
    assert q.range == [30, 40] and q.value == 30 and q.unit == "abducted"


def test_years_and_dates_are_never_counts():
    doc = run("The mission has run since 2015 and will end by June, 2020, when 300 troops go home.")
    values = [q.value for q in doc.quantities]
    assert 2015 not in values and 2020 not in values
    assert 300 in values


def test_figure_in_a_quote_is_claimed_by_the_speaker():
    doc = run('"Only 12 soldiers are still at the base," opposition leader Mary Obi said.')
    q = quantity_with(doc, "12 soldiers")
    assert q.claimed_by is not None and "Mary Obi" in (q.claimed_by.name or "")


def test_more_continues_the_owner_and_sums_into_a_conflict():
    text = (
        "The Fiji Military Forces have 30 soldiers stationed at Camp Kaiser in Iraq. "
        "Ten more soldiers are based in Baghdad.\n\n"
        '"Bring the remaining 35 soldiers of the Fiji Military Forces home," '
        "campaigner Rosa Tui said."
    )
    doc = run(text)
    more = quantity_with(doc, "Ten more soldiers")
    first = quantity_with(doc, "30 soldiers")
    assert more.continues and more.of is not None and first.of is not None
    assert more.of.name == first.of.name and more.at == "Baghdad"
    assert any(sorted(c.values) == [35, 40] for c in doc.conflicts), doc.conflicts


def test_money_with_currency():
    doc = run("The kidnappers demanded $2 million for the release of the engineers.")
    q = next(q for q in doc.quantities if q.unit == "money")
    assert q.value == 2_000_000 and q.measure == "USD"


def test_read_number_words():
    assert read_number(["two", "hundred"]).value == 200
    assert read_number(["1.5", "million"]).value == 1_500_000
    assert read_number(["a", "dozen"]).value == 12
    assert read_number(["hundreds"]).bound == "min"


def test_shares_are_not_counts_but_the_whole_is():
    doc = run("Two of the three soldiers were wounded in the ambush near Gao.")
    values = [q.value for q in doc.quantities]
    assert 2 not in values
    assert 3 in values


def test_different_sums_of_money_are_not_conflicting_figures():
    doc = run(
        "The Red Cross spent $5 million on the camp in Chad. "
        "The Red Cross also pledged $50 million for the camp in Chad."
    )
    money = [q for q in doc.quantities if q.unit == "money"]
    assert {q.value for q in money} == {5_000_000, 50_000_000}
    assert doc.conflicts == []


def test_figures_without_a_place_are_different_groups_not_a_conflict():
    doc = run(
        "One Acme Corporation employee was arrested on Monday. "
        "Three Acme Corporation employees were arrested on Tuesday."
    )
    assert len([q for q in doc.quantities if q.unit == "arrested"]) == 2
    assert doc.conflicts == []


def test_money_ranges_and_percentages():
    doc = run("Fines ranged from $500 to $2,000, and up to 90 per cent of traders paid them.")
    money = [q for q in doc.quantities if q.unit == "money"]
    assert len(money) == 1 and money[0].range == [500, 2000] and money[0].measure == "USD"
    assert all(q.value != 90 for q in doc.quantities)


def test_people_who_fled_are_displaced():
    doc = run("Thousands of people fled the town of Kaya after the attack.")
    q = quantity_with(doc, "Thousands")
    assert q.unit == "displaced" and q.value == 2000 and q.bound == "min"


def test_sources_that_disagree_on_a_toll_are_a_conflict():
    doc = run(
        "Police chief Amos Kibet said 12 people were killed in Garissa.\n\n"
        "But rebel spokesman Yusuf Hamid said 40 people were killed in Garissa."
    )
    tolls = [q for q in doc.quantities if q.unit == "killed"]
    assert {q.value for q in tolls} == {12, 40}
    assert all(q.claimed_by is not None for q in tolls)
    assert any(sorted(c.values) == [12, 40] for c in doc.conflicts), doc.conflicts


def test_where_clause_places_the_count_at_the_place_it_hangs_on():
    doc = run("Reinforcements arrived in Mosul, where about 300 soldiers are stationed.")
    q = quantity_with(doc, "300 soldiers")
    assert q.at == "Mosul" and q.bound == "approx"

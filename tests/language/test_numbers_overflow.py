"""Figures too large for a float are no figures: a 400-digit number read as infinity
reached the casualty count (OverflowError: cannot convert float infinity to integer)
and the record (Infinity is not JSON); the pipeline test is in
tests/events/test_events_lookups.py."""

from __future__ import annotations

from vigil.language.quantities.numbers import read_number, word_value


def test_digit_string_past_float_range_is_no_value():
    assert word_value("9" * 400) is None
    assert word_value("9" * 300) == float("9" * 300)  # large but finite still reads


def test_scale_words_past_float_range_are_no_value():
    assert read_number(["hundred"] * 400) is None
    assert read_number(["dozens"] * 300) is None
    assert read_number(["two", "hundred"]).value == 200

"""Skipping a group's scan when none of its names is in an ASCII text finds the same actors."""

from __future__ import annotations

import dataclasses

import pytest

from vigil.events.acled.actors import naming

TEXTS = [
    "Houthi rebels fired a missile at Saudi forces near the border, the coalition said.",
    "HOUTHIS and pro-Hadi fighters clashed; the houthis denied it.",
    "DPR militia shelled a village; the NAF said Ukrainian military forces returned fire.",
    "Protesters in Caracas were dispersed by police; two civilians were hurt.",
    "Les Houthis ont attaqué: Ansar Allah, the Houthı movement, Kelvin K rebels.",
    "al-Shabaab militants attacked Somali government forces in Mogadishu.",
    "",
]


@pytest.mark.parametrize("text", TEXTS)
def test_same_actors_with_and_without_the_prefilter(monkeypatch, text):
    table = naming.load_table()
    assert table.group_words and any(w is not None for w in table.group_words)
    fast = naming.find_actors(text, "Yemen")
    slow_table = dataclasses.replace(table, group_words=[])
    monkeypatch.setattr(naming, "load_table", lambda: slow_table)
    assert naming.find_actors(text, "Yemen") == fast


def test_the_fold_covers_every_letter_ignorecase_pairs_with_ascii():
    import re
    import sys

    ascii_class = re.compile(r"[ -~]", re.I)
    paired = {chr(c) for c in range(0x80, sys.maxunicode + 1) if ascii_class.fullmatch(chr(c))}
    assert {ord(c) for c in paired} == set(naming.ASCII_FOLD)
    for c in paired:
        assert re.fullmatch(re.escape(c.translate(naming.ASCII_FOLD)), c, re.I)

"""``vigil eval geo`` scoring on a few gold documents (end to end)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vigil.eval.geo import GeoScore, GoldDoc, GoldToponym, read_corpus, score_doc, select
from vigil.records import Place

GEO = Path(__file__).resolve().parents[2].parent / "shared" / "eval" / "geo"


def test_scoring_arithmetic():
    gold = GoldDoc("d", "In Paris and Lyon.", [GoldToponym(3, 8, "Paris", 48.85, 2.35)])
    gold.toponyms.append(GoldToponym(13, 17, "Lyon", 45.76, 4.84))
    preds = [
        Place("Paris", 3, 8, "Paris", 48.86, 2.35, "FRA", "city"),
        Place("Lyon", 13, 17, "Lyon", None, None),  # recognised, left unresolved
        Place("In", 0, 2, "In", 1.0, 1.0),  # a false positive
        Place("the city", 0, 2, "Paris", 48.86, 2.35, kind="reference"),  # never counted
    ]
    score = GeoScore()
    score_doc(gold, preds, score)
    assert (score.predicted, score.pred_matched, score.gold_matched) == (3, 2, 2)
    assert score.accuracy_161 == 0.5 and len(score.errors) == 2
    assert score.median_km > 161


def test_read_both_formats_and_halves():
    gv = read_corpus(GEO / "GeoVirus.xml")
    lgl = read_corpus(GEO / "lgl.xml")
    assert len(gv) > 100 and len(lgl) > 100
    t = gv[0].toponyms[0]
    assert gv[0].text[t.start : t.end] == t.name and t.lat is not None
    even, odd = select(lgl, "even"), select(lgl, "odd")
    assert len(even) + len(odd) == len(lgl) and even[0] is lgl[0] and odd[0] is lgl[1]


def test_eval_geo_command_on_a_few_documents():
    from vigil.cli.main import app

    result = CliRunner().invoke(
        app, ["eval", "geo", "--limit", "4", "--half", "even", "--json", "--data", str(GEO)]
    )
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    gv = scores["geovirus/even/strict"]
    assert gv["docs"] == 4 and gv["gold"] > 0
    assert gv["recall"] > 0.5 and gv["precision"] > 0.5
    assert gv["resolved"] > 0 and gv["acc@161km"] > 0.5
    assert scores["lgl/even/inclusive"]["recall"] >= scores["lgl/even/strict"]["recall"]


@pytest.mark.parametrize("bad", ["middle"])
def test_bad_half_is_rejected(bad):
    with pytest.raises(ValueError, match="half"):
        select([], bad)

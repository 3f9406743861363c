"""``vigil eval html``: the benchmark metric itself, and a run on a few real pages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vigil.cli.main import app
from vigil.eval.html import aggregate, evaluate, load_gold, score_page, shingles

HTML_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "eval" / "html"
needs_data = pytest.mark.skipif(not HTML_DIR.is_dir(), reason="shared/eval/html not present")


def test_shingles_are_four_word_tokens_and_short_texts_one_shingle():
    assert shingles("a b c d e") == {("a", "b", "c", "d"): 1, ("b", "c", "d", "e"): 1}
    assert shingles("Hi, there") == {("Hi", "there"): 1}
    assert shingles("") == {}


def test_page_score_matches_the_benchmark_definition():
    gold = "one two three four five six"
    cased = score_page("k", gold, "One? " + gold[4:])  # case matters, punctuation does not
    assert (cased.tp, cased.fp, cased.fn) == (0.5, 0.25, 0.25)  # 2 shared of 3 shingles each
    assert cased.precision == pytest.approx(2 / 3) and not cased.exact
    exact = score_page("k", gold, gold + ".")
    assert (exact.precision, exact.recall, exact.exact) == (1.0, 1.0, True)
    half = score_page("k", gold, "one two three four")  # 1 of 3 gold shingles
    assert half.precision == 1.0 and half.recall == pytest.approx(1 / 3)
    none = score_page("k", gold, None)
    assert none.precision is None and none.recall == 0.0  # nothing predicted: precision unscored


def test_aggregate_averages_pages_then_takes_f1():
    pages = [score_page("a", "w x y z", "w x y z"), score_page("b", "p q r s t", "p q r s")]
    agg = aggregate("s", pages)
    assert agg.precision == 1.0
    assert agg.recall == pytest.approx((1.0 + 0.5) / 2)
    assert agg.f1 == pytest.approx(2 * 1.0 * 0.75 / 1.75)
    assert agg.accuracy == 0.5


@needs_data
def test_five_pages_scored_for_both_systems():
    pages = load_gold(HTML_DIR, limit=5)
    assert len(pages) == 5 and all(p.body for p in pages)
    scores = {s.name: s for s in evaluate(pages)}
    assert set(scores) == {"trafilatura", "vigil-raw", "vigil"}
    for s in scores.values():
        assert len(s.pages) == 5
        assert 0.6 < s.precision <= 1.0 and 0.6 < s.recall <= 1.0
        assert 0.0 <= s.accuracy <= 1.0
    assert scores["vigil"].f1 >= scores["trafilatura"].f1
    assert scores["vigil"].f1 >= scores["vigil-raw"].f1  # cleaning does not hurt


@needs_data
def test_cli_json_output():
    result = CliRunner().invoke(
        app, ["eval", "html", "--data", str(HTML_DIR), "--limit", "2", "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["vigil"]["pages"] == 2 and data["trafilatura"]["pages"] == 2
    assert 0 < data["vigil"]["f1"] <= 1

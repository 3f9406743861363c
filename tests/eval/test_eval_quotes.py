"""PolNeAR scoring: brat parsing, the matching rule, and the command on real gold files."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vigil.cli.main import app
from vigil.eval.quotes import Prediction, Score, parse_ann, score_article

importlib.import_module("vigil.cli.eval.quotes")  # registers the command (after the app exists)

POLNEAR = Path(__file__).resolve().parents[2].parent / "shared" / "eval" / "quotes" / "polnear"

TEXT = 'Officials said the bridge was closed. "We will reopen it soon," Mayor Ann Lee said.'
ANN = "\n".join(
    [
        "T1\tSource 0 9\tOfficials",
        "T2\tCue 10 14\tsaid",
        "T3\tContent 15 36\tthe bridge was closed",
        "T4\tAttribution 10 14\tsaid",
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
        'T5\tContent 38 51;52 64\t"We will reopen it soon,"',
        "T6\tSource 65 77\tMayor Ann Lee",
        "T7\tCue 78 82\tsaid",
        "T8\tAttribution 78 82\tsaid",
        "E2\tAttribution:T8 Content:T5 Cue:T7 Source:T6",
    ]
)


def test_parse_ann_ties_content_source_and_cue_with_discontinuous_spans():
    gold = parse_ann(ANN)
    assert len(gold) == 2
    assert gold[0].source == [(0, 9)] and gold[0].cue == [(10, 14)]
    assert gold[1].content == [(38, 51), (52, 64)]
    assert gold[1].is_direct(TEXT) and not gold[0].is_direct(TEXT)


def test_matching_rule_needs_80_percent_of_the_shorter_span_and_checks_speaker():
    gold = parse_ann(ANN)
    good = Prediction((39, 62), (65, 77))  # quote without its marks, right speaker
    wrong_speaker = Prediction((15, 36), (38, 40))
    too_short = Prediction((15, 25), None)  # 'the bridge' alone: 2 of 4 gold words... shorter is 2
    s = Score("t")
    score_article(s, TEXT, gold, [good, wrong_speaker])
    assert (s.matched, s.with_source, s.speaker_right, s.correct) == (2, 2, 1, 1)
    s2 = Score("t")
    score_article(s2, TEXT, gold, [Prediction((15, 19), None)])  # 'the' only: 1 word, inside gold
    assert s2.matched == 1  # 100% of the shorter span: the rule is symmetric on purpose
    s3 = Score("t")
    score_article(s3, TEXT, gold, [Prediction((0, 25), None)])  # 'Officials said the bridge'
    assert s3.matched == 0 and s3.matched_any == 1  # 2 of 4 words overlap: below 80%
    assert too_short.content == (15, 25)


@pytest.mark.skipif(not POLNEAR.is_dir(), reason="shared PolNeAR data not present")
def test_eval_quotes_command_scores_both_systems():
    res = CliRunner().invoke(
        app, ["eval", "quotes", "--data", str(POLNEAR), "--limit", "2", "--format", "json"]
    )
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    for subset in ("all", "direct"):
        assert set(data[subset]) == {"vigil", "textacy"}
        for row in data[subset].values():
            assert row["gold"] > 0
            assert 0.0 <= row["content_f1"] <= 1.0 and 0.0 <= row["speaker_acc"] <= 1.0
    assert data["all"]["vigil"]["predicted"] > 0


def test_eval_quotes_missing_folder_is_a_clear_error(tmp_path):
    res = CliRunner().invoke(app, ["eval", "quotes", "--data", str(tmp_path)])
    assert res.exit_code == 2
    assert "no PolNeAR split" in res.output

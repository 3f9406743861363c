"""Scoring stories: B-cubed over every gold item, the evaluation file's errors named by
line, and how stories are grouped for cross-validation."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from vigil.cli.main import app
from vigil.eval.stories import bcubed, groups_of, read_items, topic_of


def test_bcubed_counts_an_item_never_placed_as_a_story_of_its_own():
    gold = {"a": "x", "b": "x", "c": "x", "d": "y"}
    perfect = bcubed(gold, {"a": 1, "b": 1, "c": 1, "d": 2})
    assert perfect.f1 == 1.0 and perfect.n == 4
    lost = bcubed(gold, {"a": 1, "b": 1, "d": 2})  # "c" rejected or empty
    assert lost.n == 4 and lost.precision == 1.0
    # a and b find 2 of their 3, c finds itself alone: (2/3 + 2/3 + 1/3 + 1) / 4
    assert lost.recall == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1) / 4, abs=1e-4)
    assert lost.predicted_stories == 3


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (['{"id": 1, "story": "a", "text": "x"}', "{not json"], "line 2: not JSON"),
        (['["a list"]'], "line 1: not a JSON object"),
        (['{"id": 1, "text": "x"}'], "line 1: no 'story'"),
        (['{"story": "a", "text": "x"}'], "line 1: no 'id'"),
        (['{"id": 7, "story": "a"}', "", '{"id": "7", "story": "b"}'], "line 3: id '7' given"),
    ],
)
def test_the_evaluation_file_errors_name_the_line(tmp_path, lines, message):
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(ValueError, match=message):
        read_items(path)


def test_stories_are_grouped_by_ecb_topic_only_when_every_label_has_one():
    assert groups_of({"12ecb", "12ecbplus", "3ecb"}) is topic_of
    assert topic_of("12ecbplus") == topic_of("12ecb") == 12
    group = groups_of({"12ecb", "flood-2021"})
    assert group("12ecb") == "12ecb" and group("flood-2021") == "flood-2021"


def test_cross_validation_that_cannot_be_done_is_an_error_not_a_traceback(tmp_path):
    lines = [
        {"id": f"q{i}", "story": "quake", "text": f"An earthquake of magnitude 6.{i} hit Chile."}
        for i in range(3)
    ] + [{"id": "e", "story": "empty", "text": ""}]
    path = tmp_path / "one-story.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    res = CliRunner().invoke(app, ["eval", "stories", "--data", str(path), "--cv", "--json"])
    assert res.exit_code == 1, res.output
    out = json.loads(res.stdout)
    assert out["empty"] == 1 and out["score"]["n"] == 4  # the empty text is scored, alone
    assert "at least 2 topics" in out["cross_validation_error"]
    assert "one-story.jsonl" in out["cross_validation_error"]
    assert "Traceback" not in res.output

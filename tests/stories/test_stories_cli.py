"""``vigil stories`` (text and JSON), ``vigil show sN``, and ``vigil eval stories``
end to end through the real pipeline on a few invented texts."""

from __future__ import annotations

import json
from datetime import date

from story_helpers import CountingRunner
from test_stories_canonical import attack
from typer.testing import CliRunner

from vigil.cli.main import app
from vigil.store import open_store
from vigil.store.ingest import ingest

runner = CliRunner()


def stored(db_url: str) -> list:
    docs = [attack(1, "reuters.com", 6, "the ministry"), attack(2, "bbc.co.uk", 8, None)]
    docs[0].given_id = "wire-1"  # an input's own id is the article's id
    with open_store(db_url) as store:
        ingest(store, docs, CountingRunner())
    return docs


def test_stories_json_shape_and_show(db_url):
    stored(db_url)
    res = runner.invoke(app, ["stories", "--format", "json", "--db", db_url])
    assert res.exit_code == 0, res.output
    (story,) = json.loads(res.stdout)
    assert {"id", "title", "first_seen", "articles", "events"} <= set(story)
    assert story["id"] == "s1"
    assert [a["id"] for a in story["articles"]][0] == "wire-1"
    for a in story["articles"]:
        assert {"id", "title", "source", "url", "published"} <= set(a)
    (ev,) = [e for e in story["events"] if e["category"] == "ASSAULT"]
    assert ev["report_count"] == 2 and ev["disputed"]
    text = runner.invoke(app, ["stories", "--db", db_url]).stdout
    assert "s1" in text and "Reuters (A)" in text and "disputed: 6 killed" in text
    shown = runner.invoke(app, ["show", "s1", "--db", db_url])
    assert shown.exit_code == 0 and "BBC (A)" in shown.stdout and "the ministry" in shown.stdout
    assert runner.invoke(app, ["show", "s99", "--db", db_url]).exit_code == 1
    assert (
        runner.invoke(app, ["stories", "--since", "2030-01-01", "--db", db_url]).stdout.strip()
        == "no stories"
    )
    assert date(2024, 3, 5).isoformat() in text


def test_eval_stories_end_to_end_on_a_slice(tmp_path):
    lines = []
    for i, (story, town) in enumerate(
        [("A", "Mosul"), ("A", "Mosul"), ("B", "Basra"), ("B", "Basra")], 1
    ):
        lines.append(
            {
                "id": f"t{i}",
                "story": story,
                "title": f"Bomb kills five in {town} market"
                if story == "A"
                else "Floods hit Basra",
                "text": (
                    f"A car bomb exploded in a crowded market in {town} on Friday, killing five "
                    f"people, police said. Report {i}."
                    if story == "A"
                    else f"Heavy floods swept through {town} on Monday, forcing thousands from "
                    f"their homes, officials said. Report {i}."
                ),
            }
        )
    path = tmp_path / "slice.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    res = runner.invoke(app, ["eval", "stories", "--data", str(path), "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["stored"] == 4 and out["score"]["n"] == 4
    assert out["score"]["f1"] == 1.0 and out["score"]["ari"] == 1.0

"""Replay over real dated articles: tiny text files through ingest (the real pipeline)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from vigil.cli.main import app
from vigil.pipeline import DEFAULT_PIPELINE

SITES = """organisation: Relief Agency
sites:
- name: Kandahar Compound
  lat: 31.6133
  lon: 65.7101
  radius_km: 20
  people: 12
  kind: office
- name: Oslo Office
  lat: 59.9139
  lon: 10.7522
  radius_km: 10
  kind: office
"""

ARTICLES = {
    "a-quiet": (
        "2021-03-01",
        "Market reopens",
        "Traders in Kandahar reopened the central market on Monday after repairs.",
    ),
    "b-bomb": (
        "2021-03-05",
        "Bomb kills five",
        "A roadside bomb killed five people in Kandahar on Thursday, police said.",
    ),
    "c-attack": (
        "2021-03-07",
        "Gunmen attack checkpoint",
        "Gunmen attacked a police checkpoint in Kandahar on Saturday, killing three officers.",
    ),
}


@pytest.mark.slow
def test_replay_of_ingested_articles_gives_timeline_and_chart(tmp_path):
    if "events" not in DEFAULT_PIPELINE:
        pytest.xfail(
            "needs the events stage (vigil.events) in DEFAULT_PIPELINE to find the attacks"
        )
    folder = tmp_path / "news"
    folder.mkdir()
    for name, (day, title, text) in ARTICLES.items():
        (folder / f"{name}.txt").write_text(text + "\n")
        (folder / f"{name}.meta.json").write_text(json.dumps({"published": day, "title": title}))
    sites = tmp_path / "sites.yaml"
    sites.write_text(SITES)
    db = f"sqlite:///{tmp_path / 'r.db'}"
    runner = CliRunner()
    res = runner.invoke(app, ["ingest", str(folder), "--sites", str(sites), "--db", db])
    assert res.exit_code == 0, res.output
    chart = tmp_path / "timeline.svg"
    res = runner.invoke(
        app,
        [
            "replay",
            "--from",
            "2021-02-28",
            "--to",
            "2021-03-10",
            "--sites",
            str(sites),
            "--db",
            db,
            "--chart",
            str(chart),
            "--format",
            "json",
        ],
    )
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    kandahar = dict(doc["timeline"]["Kandahar Compound"])
    assert kandahar["2021-03-04"] == 1  # nothing violent known yet
    assert kandahar["2021-03-05"] > 1  # the bomb, on the day it was reported
    assert kandahar["2021-03-07"] >= kandahar["2021-03-05"]
    assert set(dict(doc["timeline"]["Oslo Office"]).values()) == {1}
    first = next(c for c in doc["changes"] if c["subject"] == "Kandahar Compound")
    assert first["day"] == "2021-03-05"
    assert chart.read_text().lstrip().startswith("<?xml") and "<svg" in chart.read_text()

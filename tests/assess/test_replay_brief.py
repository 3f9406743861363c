"""Replay and brief over stored articles (records written directly into a real store)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from vigil.cli.main import app
from vigil.registry.db import open_db

SITES = """organisation: Test Org
sites:
- name: Outpost North
  lat: 12.0
  lon: 15.0
  radius_km: 20
  people: 10
  kind: base
  tags: [foreign-military]
- name: Far Office
  lat: 48.85
  lon: 2.35
  radius_km: 10
  kind: office
presence:
- {country: TCD, people: 3, who: staff}
"""


def article(aid, published, events, quotes=()):
    return {
        "id": aid,
        "source": f"https://news{aid}.example/{aid}",
        "title": f"Report {aid}",
        "published": published,
        "text": "x",
        "entities": [],
        "places": [{"country": "TCD", "name": "Chad", "text": "Chad", "start": 0, "end": 4}],
        "quotes": [
            {
                "text": q,
                "start": 0,
                "end": 1,
                "kind": "direct",
                "speaker": {"entity": None, "name": "A Spokesman"},
            }
            for q in quotes
        ],
        "events": events,
    }


def event(eid, category, day, lat, lon, fatalities=None, text="It happened."):
    return {
        "id": eid,
        "category": category,
        "mode": None,
        "negated": False,
        "hypothetical": False,
        "actor": [],
        "recipient": [],
        "where": {
            "name": f"place {eid}",
            "lat": lat,
            "lon": lon,
            "country": "TCD",
            "precision": "exact",
        },
        "when": {"value": day, "granularity": "day"},
        "fatalities": fatalities,
        "acled": None,
        "evidence": [{"text": text, "start": 0, "end": 1}],
        "confidence": 0.9,
    }


@pytest.fixture
def filled(db_url, tmp_path):
    sites = tmp_path / "sites.yaml"
    sites.write_text(SITES)
    with open_db(db_url) as store:
        store.save(article("a1", "2021-06-01", [event("v1", "PROTEST", "2021-06-01", 12.05, 15.0)]))
        store.save(
            article(
                "a2",
                "2021-06-04",
                [
                    event(
                        "v1",
                        "ASSAULT",
                        "2021-06-03",
                        12.02,
                        15.01,
                        7,
                        "A car bomb killed seven near the outpost.",
                    )
                ],
                quotes=["We will not be intimidated."],
            )
        )
        store.save(
            article("a3", "2021-06-06", [event("v1", "ASSAULT", "2021-06-06", 12.0, 15.02, 3)])
        )
    return db_url, sites


def run(*args):
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    return result


def test_replay_timeline_and_chart(filled, tmp_path):
    db, sites = filled
    chart = tmp_path / "levels.png"
    res = run(
        "replay",
        "--from",
        "2021-05-30",
        "--to",
        "2021-06-25",
        "--sites",
        str(sites),
        "--db",
        db,
        "--chart",
        str(chart),
        "--format",
        "json",
    )
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    north = dict((d, lv) for d, lv in doc["timeline"]["Outpost North"])
    assert len(north) == 27
    assert north["2021-05-31"] == 1
    # the bomb of the 3rd is only known when published on the 4th
    assert north["2021-06-03"] < north["2021-06-04"] >= 3
    assert north["2021-06-25"] < max(north.values())  # events leave the window
    changes = [c for c in doc["changes"] if c["subject"] == "Outpost North"]
    assert [c["day"] for c in changes] == sorted(c["day"] for c in changes)
    rise = next(c for c in changes if c["to_level"] >= 3)
    assert rise["day"] == "2021-06-04" and "7 killed" in rise["why"]
    assert all(lv == 1 for lv in dict(doc["timeline"]["Far Office"]).values())
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_replay_text_says_when_levels_change(filled):
    db, sites = filled
    res = run(
        "replay", "--from", "2021-06-01", "--to", "2021-06-08", "--sites", str(sites), "--db", db
    )
    assert res.exit_code == 0
    assert "2021-06-04 Outpost North: level" in res.stdout


def test_brief_markdown_with_chart_beside_and_html_inline(filled, tmp_path):
    db, sites = filled
    md = tmp_path / "brief.md"
    res = run(
        "brief",
        "--at",
        "2021-06-06",
        "--since",
        "72h",
        "--sites",
        str(sites),
        "--db",
        db,
        "--out",
        str(md),
    )
    assert res.exit_code == 0, res.output
    text = md.read_text()
    assert "## Outpost North: level" in text
    assert "A car bomb killed seven near the outpost." in text
    assert "We will not be intimidated." in text and "A Spokesman" in text
    charts = sorted(p.name for p in tmp_path.glob("brief-*.png"))
    assert "brief-outpost-north.png" in charts
    assert "](brief-outpost-north.png)" in text
    html = tmp_path / "brief.html"
    res = run(
        "brief",
        "--at",
        "2021-06-06",
        "--site",
        "Outpost North",
        "--format",
        "html",
        "--chart-format",
        "svg",
        "--sites",
        str(sites),
        "--db",
        db,
        "--out",
        str(html),
    )
    assert res.exit_code == 0, res.output
    page = html.read_text()
    assert "data:image/svg+xml;base64," in page and "Far Office" not in page

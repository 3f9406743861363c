"""The sites and assess commands end to end on both databases (CliRunner, real store)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from vigil.cli.main import app
from vigil.registry.db import open_db

DEMO_SITES = Path(__file__).resolve().parents[2] / "demo" / "sites.yaml"


def run(*args: str):
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def test_sites_import_twice_list_and_export_every_format(db_url, tmp_path):
    first = run("sites", "import", str(DEMO_SITES), "--db", db_url)
    assert first.exit_code == 0 and "5 added" in first.output
    again = run("sites", "import", str(DEMO_SITES), "--db", db_url)
    assert "0 added, 0 updated, 5 unchanged" in again.output
    listed = run("sites", "list", "--db", db_url)
    assert "Camp Taji" in listed.stdout and "IRQ" in listed.stdout
    for fmt, suffix in (("yaml", "yaml"), ("csv", "csv"), ("geojson", "geojson")):
        out = tmp_path / f"export.{suffix}"
        res = run("sites", "export", "--format", fmt, "--out", str(out), "--db", db_url)
        assert res.exit_code == 0
        # re-importing an export changes nothing
        back = run("sites", "import", str(out), "--db", db_url)
        assert "0 added, 0 updated, 5 unchanged" in back.output, (fmt, back.output)


def test_sites_import_bad_file_names_it_and_goes_on(db_url, tmp_path):
    bad = tmp_path / "broken.csv"
    bad.write_text("name,lat,lon\nNowhere,north,1\n")
    res = run("sites", "import", str(bad), str(DEMO_SITES), "--db", db_url)
    assert res.exit_code == 1
    assert "broken.csv" in res.output and "lat must be a number" in res.output
    assert "5 added" in res.output


def _stored_strike(db_url: str) -> None:
    with open_db(db_url) as store:
        store.save(
            {
                "id": "art1",
                "source": "https://wire.example/1",
                "title": "Strike",
                "published": "2020-01-05",
                "text": "x",
                "entities": [],
                "places": [],
                "events": [
                    {
                        "id": "v1",
                        "category": "ASSAULT",
                        "mode": "aerial",
                        "negated": False,
                        "hypothetical": False,
                        "actor": [],
                        "recipient": [],
                        "where": {
                            "name": "Taji",
                            "lat": 33.53,
                            "lon": 44.28,
                            "country": "IRQ",
                            "precision": "near",
                        },
                        "when": {"value": "2020-01-04", "granularity": "day"},
                        "fatalities": 6,
                        "acled": None,
                        "evidence": [
                            {
                                "text": "Six were killed in a strike near the base.",
                                "start": 0,
                                "end": 1,
                            }
                        ],
                        "confidence": 0.9,
                    }
                ],
            }
        )


def test_assess_json_traces_reasons_and_raises_alerts_once(db_url):
    run("sites", "import", str(DEMO_SITES), "--db", db_url)
    _stored_strike(db_url)
    res = run("assess", "--at", "2020-01-06", "--format", "json", "--db", db_url)
    assert res.exit_code == 0, res.output
    doc = {a["subject"]: a for a in json.loads(res.stdout)}
    taji = doc["Camp Taji"]
    assert taji["level"] > doc["Erbil"]["level"] >= doc["Auckland"]["level"] == 1
    (reason,) = [r for r in taji["reasons"] if r["event_id"] == "v1"]
    assert reason["article_id"] == "art1" and reason["source"] == "https://wire.example/1"
    assert reason["sentence"] == "Six were killed in a strike near the base."
    assert reason["date"] == "2020-01-04" and reason["distance_km"] < 1
    assert "new alert" in res.output
    again = run("assess", "--at", "2020-01-06", "--db", db_url)
    assert "new alert" not in again.output
    assert "LEVEL 3" in again.stdout.splitlines()[0]  # most threatened first
    one = run("assess", "--site", "Taji", "--at", "2020-01-06", "--db", db_url)
    assert one.stdout.startswith("Camp Taji: LEVEL") and "Erbil" not in one.stdout
    missing = run("assess", "--site", "Atlantis", "--at", "2020-01-06", "--db", db_url)
    assert missing.exit_code == 1 and "Atlantis" in missing.output


def test_a_malformed_stored_record_is_skipped_not_fatal(db_url, caplog):
    from vigil.assess.source import records_from_store

    _stored_strike(db_url)
    with open_db(db_url) as store:
        store.save(
            {
                "id": "broken",
                "source": "bad.json",
                "published": "5 January 2020",  # not ISO: the record cannot be dated
                "text": "x",
                "events": [{"id": "v1", "category": "ASSAULT"}],
            }
        )
        records = records_from_store(store)
    assert [r.article_id for r in records] == ["art1"]
    assert "broken" in caplog.text and "skipped" in caplog.text

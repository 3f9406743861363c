"""``vigil export``: what is stored comes back in ACLED CSV, GeoJSON and Parquet, on SQLite and
PostgreSQL, filtered by date and by a registered site's radius; read back with csv, json, pyarrow."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pyarrow.parquet as pq
from typer.testing import CliRunner

from vigil.cli.main import app
from vigil.document import Document
from vigil.export import COLUMNS
from vigil.registry.model import RegisteredSite, Registry
from vigil.registry.repo import save_registry
from vigil.store import open_store

BAGHDAD = (33.3406, 44.4009)

FULL_ROW = {
    "event_type": "Violence against civilians",
    "sub_event_type": "Attack",
    "actor1": "Unidentified Armed Group (Iraq)",
    "assoc_actor_1": "",
    "inter1": 3,
    "actor2": "Civilians (Iraq)",
    "assoc_actor_2": "",
    "inter2": 7,
    "interaction": 37,
    "country": "Iraq",
    "admin1": "Baghdad",
    "admin2": "Al Resafa",
    "location": "Baghdad",
    "latitude": BAGHDAD[0],
    "longitude": BAGHDAD[1],
    "geo_precision": 1,
    "fatalities": 2,
}


def _event(eid: str, acled: dict | None, where: dict | None, **kw) -> dict:
    ev = {
        "id": eid,
        "category": "ASSAULT",
        "mode": None,
        "negated": False,
        "hypothetical": False,
        "actor": [],
        "recipient": [],
        "where": where,
        "when": None,
        "fatalities": None,
        "acled": acled,
        "evidence": [{"text": f"Sentence of {eid}.", "start": 0, "end": 10}],
        "confidence": 0.8,
    }
    ev.update(kw)
    return ev


def _store(url: str) -> None:
    a = Document(
        raw_text="Gunmen killed two men in Baghdad.", source="feed:a", published=date(2021, 3, 1)
    ).to_record()
    a["events"] = [
        _event("v1", FULL_ROW, {"name": "Baghdad", "lat": BAGHDAD[0], "lon": BAGHDAD[1]}),
        _event("v2", FULL_ROW, None, negated=True),  # did not happen: not exported
        _event("v3", None, None, category="CONSULT"),  # no ACLED type: not exported
    ]
    # stored as an older record would be: the type only, place and deaths in the event
    b = Document(
        raw_text="Protesters marched in Auckland.", source="feed:b", published=date(2021, 3, 10)
    ).to_record()
    b["events"] = [
        _event(
            "v1",
            {"event_type": "Protests", "sub_event_type": "Peaceful protest"},
            {"name": "Auckland", "lat": -36.85, "lon": 174.76},
            category="PROTEST",
        ),
    ]
    with open_store(url) as store:
        store.save(a)
        store.save(b)
        site = RegisteredSite(name="Camp Test", lat=33.30, lon=44.40, radius_km=15.0)
        save_registry(store.engine, Registry(sites=[site]))


def _run(*args: str) -> None:
    res = CliRunner().invoke(app, ["export", *args])
    assert res.exit_code == 0, res.output


def test_acled_csv_since_and_site(db_url: str, tmp_path: Path):
    _store(db_url)
    out = tmp_path / "all.csv"
    _run("--db", db_url, "-o", str(out))
    with out.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        assert tuple(reader.fieldnames or ()) == COLUMNS
        rows = list(reader)
    assert [r["event_type"] for r in rows] == ["Violence against civilians", "Protests"]
    first, second = rows
    assert first["actor1"] == "Unidentified Armed Group (Iraq)" and first["interaction"] == "37"
    assert first["event_date"] == "2021-03-01" and first["fatalities"] == "2"
    assert first["source"] == "feed:a" and first["notes"] == "Sentence of v1."
    assert float(first["latitude"]) == BAGHDAD[0] and first["geo_precision"] == "1"
    # the older row: place and point from the event's columns, codes ACLED leaves empty as 0
    assert second["location"] == "Auckland" and float(second["longitude"]) == 174.76
    assert second["inter1"] == "0" and second["fatalities"] == "0" and second["actor1"] == ""

    later = tmp_path / "later.csv"
    _run("--db", db_url, "--since", "2021-03-05", "-o", str(later))
    with later.open(newline="", encoding="utf-8") as fh:
        assert [r["location"] for r in csv.DictReader(fh)] == ["Auckland"]
    near = tmp_path / "site.csv"
    _run("--db", db_url, "--site", "camp test", "-o", str(near))
    with near.open(newline="", encoding="utf-8") as fh:
        assert [r["location"] for r in csv.DictReader(fh)] == ["Baghdad"]
    bad = CliRunner().invoke(app, ["export", "--db", db_url, "--site", "Nowhere"])
    assert bad.exit_code == 1


def test_geojson_and_parquet(db_url: str, tmp_path: Path):
    _store(db_url)
    gj = tmp_path / "events.geojson"
    _run("--db", db_url, "--format", "geojson", "-o", str(gj))
    doc = json.loads(gj.read_text(encoding="utf-8"))
    assert doc["type"] == "FeatureCollection" and len(doc["features"]) == 2
    f = doc["features"][0]
    assert f["geometry"] == {"type": "Point", "coordinates": [BAGHDAD[1], BAGHDAD[0]]}
    assert f["properties"]["sub_event_type"] == "Attack" and f["properties"]["event_id"] == "v1"
    assert set(COLUMNS) <= set(f["properties"])

    pqf = tmp_path / "events.parquet"
    _run("--db", db_url, "--format", "parquet", "-o", str(pqf))
    table = pq.read_table(pqf)
    assert tuple(table.column_names[: len(COLUMNS)]) == COLUMNS and table.num_rows == 2
    assert str(table.schema.field("event_date").type) == "date32[day]"
    assert str(table.schema.field("inter2").type) == "int32"
    rows = table.to_pylist()
    assert rows[0]["event_date"] == date(2021, 3, 1) and rows[0]["inter2"] == 7
    assert rows[1]["actor2"] == "" and rows[1]["latitude"] == -36.85
    no_file = CliRunner().invoke(app, ["export", "--db", db_url, "--format", "parquet"])
    assert no_file.exit_code == 2

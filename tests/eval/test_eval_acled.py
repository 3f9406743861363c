"""``vigil eval acled``: the matching rules, the held-out split, isolation, the command."""

from __future__ import annotations

import csv
import importlib
import json
from pathlib import Path

from typer.testing import CliRunner

from vigil.cli.main import app
from vigil.document import Document
from vigil.eval.acled import (
    FIELDS,
    actor_key,
    code_notes,
    evaluate,
    event_date,
    field_hits,
    haversine_km,
    select,
    split_of,
)
from vigil.pipeline import Pipeline, register

importlib.import_module("vigil.cli.eval.acled")  # registers the command (after the app exists)

COLUMNS = (
    "data_id,event_date,event_type,sub_event_type,actor1,assoc_actor_1,inter1,actor2,"
    "assoc_actor_2,inter2,interaction,country,admin1,admin2,location,latitude,longitude,"
    "geo_precision,source,notes,fatalities"
).split(",")

GOLD = {
    "event_type": "Battles",
    "sub_event_type": "Armed clash",
    "actor1": "Military Forces of Yemen (2016-) Supreme Political Council",
    "actor2": "",
    "inter1": "1",
    "inter2": "0",
    "interaction": "10",
    "latitude": "15.6445",
    "longitude": "44.4734",
    "geo_precision": "2",
    "fatalities": "7",
}


def test_split_follows_the_protocol():
    assert split_of("10") == "test"  # 10 // 2 = 5, 5 % 5 == 0
    assert split_of(11) == "test" and split_of(12) == "dev"
    rows = [{"data_id": str(i)} for i in range(40)]
    assert all(split_of(r["data_id"]) == "dev" for r in select(rows, "dev"))
    assert len(select(rows, "test")) == 8 and len(select(rows, "all", limit=5)) == 5


def test_actor_rule_strict_and_lenient():
    a = "Military Forces of Yemen (2016-) Supreme Political Council"
    assert actor_key(a) == actor_key("military forces of yemen (2016-)  supreme political council")
    assert actor_key(a) != actor_key("Military Forces of Yemen (2012-)")
    assert actor_key(a, True) == actor_key("Military Forces of Yemen (2012-)", True)
    assert actor_key("Protesters (Israel)", True) == "protesters israel"
    assert actor_key("Protesters (Israel)", True) != actor_key("Rioters (Israel)", True)


def test_field_hits_location_radius_and_missing_row():
    pred = dict(GOLD, latitude=15.9, longitude=44.4734, fatalities=7, inter1=1, inter2=0)
    pred["actor1"] = "Military Forces of Yemen (2012-)"
    hits = field_hits(GOLD, pred)
    assert haversine_km(15.6445, 44.4734, 15.9, 44.4734) < 50  # about 28 km
    assert hits["location_50km"] and hits["fatalities"] and hits["actor2"]
    assert hits["actor1_lenient"] and not hits["actor1"]
    far = field_hits(GOLD, dict(pred, latitude=16.2))  # about 62 km north
    assert not far["location_50km"]
    assert not field_hits(GOLD, dict(pred, latitude=None))["location_50km"]
    assert field_hits(GOLD, None) == dict.fromkeys(FIELDS, False)


def test_evaluate_counts_a_missing_row_as_wrong():
    rows = [dict(GOLD), dict(GOLD, event_type="Protests", sub_event_type="Peaceful protest")]
    res = evaluate(rows, [dict(GOLD), None], "dev")
    assert res.fields["event_type"] == 0.5 and res.no_row == 1
    assert res.event_type.confusion == {"Protests": {"NONE": 1}}
    assert event_date("9-May-20").isoformat() == "2020-05-09"


class _Boom:
    name = "boom"

    def __call__(self, doc: Document) -> Document:
        if "BOOM" in doc.text:
            raise RuntimeError("planted failure")
        return doc


register("acled-test-boom")(lambda settings: _Boom())


def _note(i: int, text: str, sub: str, etype: str) -> dict[str, str]:
    row = dict.fromkeys(COLUMNS, "")
    row.update(
        data_id=str(i),
        event_date="3-Mar-21",
        event_type=etype,
        sub_event_type=sub,
        notes=text,
        latitude="33.3",
        longitude="44.4",
        geo_precision="1",
        fatalities="0",
    )
    return row


ROWS = [
    _note(
        2,
        "On 3 March 2021, hundreds of teachers protested peacefully in Baghdad city, "
        "demanding higher pay. [size=hundreds]",
        "Peaceful protest",
        "Protests",
    ),
    _note(
        4,
        "On 3 March 2021, BOOM a note that breaks a stage.",
        "Attack",
        "Violence against civilians",
    ),
    _note(
        6,
        "On 3 March 2021, rioters set fire to a police station in Basra and threw stones "
        "at police.",
        "Violent demonstration",
        "Riots",
    ),
]


def test_a_failing_note_costs_only_its_own_row(monkeypatch):
    monkeypatch.setenv("VIGIL_ENCODER", "none")
    pipe = Pipeline(["parse", "acled-test-boom", "events"])
    preds, failures = code_notes(ROWS, pipe)
    assert preds[1] is None and len(failures) == 1 and "planted failure" in failures[0]
    assert preds[0] is not None and preds[0]["event_type"] == "Protests"


def test_command_writes_scores_and_the_png(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("VIGIL_ENCODER", "none")
    data = tmp_path / "acled.csv"
    with data.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, COLUMNS)
        w.writeheader()
        w.writerows([ROWS[0], ROWS[2]])
    png = tmp_path / "conf.png"
    res = CliRunner().invoke(
        app, ["eval", "acled", "--data", str(data), "--plot", str(png), "--format", "json"]
    )
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["n"] == 2 and set(out["fields"]) == set(FIELDS)
    assert out["event_type"]["n"] == 2 and 0.0 <= out["fields"]["event_type"] <= 1.0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    bad = CliRunner().invoke(app, ["eval", "acled", "--data", str(data), "--split", "x"])
    assert bad.exit_code == 2


def test_training_notes_refuse_the_held_out_part():
    import pytest

    from vigil.eval.acled import training_notes

    dev = [
        dict(_note(12, "On 3 March 2021, troops clashed with rebels.", "Armed clash", "Battles"))
    ]
    assert training_notes(dev) == [("ARMED_CLASH", dev[0]["notes"])]
    with pytest.raises(ValueError):
        training_notes(dev + [dict(ROWS[0], data_id="10")])  # 10 // 2 % 5 == 0: TEST
    res = CliRunner().invoke(app, ["eval", "acled", "--split", "all", "--cv", "5"])
    assert res.exit_code == 2

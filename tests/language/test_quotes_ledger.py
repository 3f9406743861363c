"""The quote ledger and cross-report conflicts, read back from real databases."""

from __future__ import annotations

import importlib
import json

from quotes_helpers import run
from typer.testing import CliRunner

from vigil.cli.main import app
from vigil.cli.store.quotes import speaker_matches
from vigil.language.quantities.conflicts import cross_document_conflicts
from vigil.store import open_store

importlib.import_module("vigil.cli.store.quotes")  # registers the commands (after the app exists)

SECOND = (
    "Foreign Minister Winston Peters said on Tuesday that the embassy would stay open.\n\n"
    '"Our staff are safe and accounted for," Peters said.'
)


def test_speaker_matching_is_whole_words_any_case():
    assert speaker_matches("peters", "Winston Peters")
    assert speaker_matches("Winston Peters", "winston peters")
    assert not speaker_matches("Pete", "Winston Peters")
    assert not speaker_matches("", "Winston Peters")


def test_ledger_lists_a_speaker_across_articles(db_url, taji_record):
    other = run(SECOND)
    other.published = None
    with open_store(db_url) as store:
        store.save(taji_record)
        store.save(other)
    runner = CliRunner()
    res = runner.invoke(app, ["quotes", "--speaker", "peters", "--db", db_url, "-f", "json"])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.stdout)
    texts = [r["text"] for r in rows]
    assert any("Our staff are safe" in t for t in texts)
    assert any("global coalition" in t for t in texts)
    assert {r["speaker"] for r in rows} == {"Winston Peters"}
    assert any(r["published"] == taji_record["published"] for r in rows)
    # the table form names the source; an unknown speaker is a clear non-zero exit
    table = runner.invoke(app, ["quotes", "--speaker", "Winston Peters", "--db", db_url])
    assert table.exit_code == 0 and "Peters" in table.stdout
    none = runner.invoke(app, ["quotes", "--speaker", "Nobody Atall", "--db", db_url])
    assert none.exit_code == 1


def _record(rid: str, value: int, published: str) -> dict:
    return {
        "id": rid,
        "title": f"report {rid}",
        "published": published,
        "quantities": [
            {
                "text": f"{value} soldiers",
                "value": value,
                "unit": "troops",
                "of": {"entity": "e1", "name": "Fiji Military Forces"},
                "at": "Camp Kaiser",
            },
            {
                "text": "about 40 people",
                "value": 40,
                "unit": "people",
                "of": {"entity": "e1", "name": "Fiji Military Forces"},
                "at": "Camp Kaiser",
                "bound": "approx",
            },
        ],
    }


def test_cross_document_conflicts_compare_same_owner_unit_place():
    recs = [_record("a", 30, "2021-01-01"), _record("b", 45, "2021-01-03")]
    conflicts = cross_document_conflicts(recs)
    assert len(conflicts) == 1
    assert conflicts[0].values == [30, 45]
    assert any("report b" in e and "2021-01-03" in e for e in conflicts[0].evidence)
    assert cross_document_conflicts([_record("a", 30, "2021-01-01")]) == []
    assert cross_document_conflicts(recs[:1] + [_record("c", 30, "2021-02-01")]) == []


def test_conflicts_command_reads_the_store(db_url, taji_record):
    with open_store(db_url) as store:
        store.save(taji_record)
    res = CliRunner().invoke(app, ["conflicts", "--db", db_url, "-f", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert any(sorted(c["values"]) == [43, 50] for c in data["within"])

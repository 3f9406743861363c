"""Values no database should be handed (NUL, lone surrogates, ids too long) never stop a batch."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from vigil.cli.main import app
from vigil.document import Document, storable
from vigil.store import open_store

runner = CliRunner()


def test_storable_drops_controls_and_replaces_lone_surrogates():
    assert storable("a\x00b\x1bc\td\ne\rf") == "abc\td\ne\rf"
    assert storable("x\ud800y") == "x\ufffdy"
    assert storable("Ελληνικά, 中文, عربي 🙂") == "Ελληνικά, 中文, عربي 🙂"
    doc = Document(raw_text="Police\x00 arrested ten men.", title="T\x00", source="s\x00")
    assert (doc.raw_text, doc.text, doc.title, doc.source) == (
        "Police arrested ten men.",
        "Police arrested ten men.",
        "T",
        "s",
    )


def test_hostile_values_in_json_lines_are_stored_or_named(db_url, tmp_path: Path):
    inputs = tmp_path / "in.jsonl"
    lines = [
        '{"id": "n1", "text": "Police in Kano\\u0000 arrested ten men.", "title": "T\\u0000"}',
        '{"id": "n2", "text": "Rebels \\ud800 attacked a convoy near Goma."}',
        json.dumps({"id": "x" * 65, "text": "A report with an id too long to keep."}),
        json.dumps({"id": "n4", "text": "Protesters marched in Lima on Saturday."}),
    ]
    inputs.write_text("\n".join(lines) + "\n")
    result = runner.invoke(app, ["ingest", str(inputs), "--db", db_url])
    assert result.exit_code == 1
    assert f"{inputs}:3: id is longer than 64 characters" in result.stderr
    assert "Traceback" not in result.stderr
    with open_store(db_url) as store:
        arts = {a.id: a for a in store.iter_articles()}
        assert set(arts) == {"n1", "n2", "n4"}
        assert arts["n1"].text == "Police in Kano arrested ten men." and arts["n1"].title == "T"
        assert "\ufffd" in arts["n2"].text
        assert store.failures() == []

"""``vigil ingest`` stores a stage failure, ``vigil failures`` lists it, ``--retry-failed`` mends it."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from vigil import pipeline as pipeline_mod
from vigil.cli.main import app
from vigil.document import Document

runner = CliRunner()


class Poisoned:
    name = "conflicts"
    broken = True

    def __call__(self, doc: Document) -> Document:
        if Poisoned.broken and "poison" in doc.text:
            raise KeyError("THREATEN")
        return doc


def test_failures_are_stored_listed_and_retried(db_url, tmp_path: Path, monkeypatch):
    monkeypatch.setitem(pipeline_mod._registry, "conflicts", lambda settings: Poisoned())
    inputs = tmp_path / "in.jsonl"
    inputs.write_text(
        json.dumps({"id": "ok1", "text": "Police arrested ten men in Kano on Monday."})
        + "\n"
        + json.dumps({"id": "bad1", "text": "A poison sentence about Goma."})
        + "\n"
    )
    first = runner.invoke(app, ["ingest", str(inputs), "--db", db_url])
    assert first.exit_code == 1
    assert "1 new, 0 unchanged, 0 rejected, 1 failed" in first.stderr
    assert f"{inputs}:2: stage conflicts failed: KeyError: 'THREATEN'" in first.stderr

    listed = json.loads(runner.invoke(app, ["failures", "-f", "json", "--db", db_url]).stdout)
    assert [(f["doc_id"], f["stage"], f["attempts"]) for f in listed] == [("bad1", "conflicts", 1)]

    Poisoned.broken = False  # the bug is fixed
    try:
        retry = runner.invoke(app, ["ingest", "--retry-failed", "--db", db_url])
    finally:
        Poisoned.broken = True
    assert retry.exit_code == 0, retry.output
    assert "1 new" in retry.stderr
    assert json.loads(runner.invoke(app, ["failures", "-f", "json", "--db", db_url]).stdout) == []
    everything = runner.invoke(app, ["failures", "--all", "-f", "json", "--db", db_url])
    (resolved,) = json.loads(everything.stdout)
    assert resolved["doc_id"] == "bad1" and resolved["resolved_at"]
    shown = runner.invoke(app, ["show", "bad1", "--db", db_url])
    assert shown.exit_code == 0 and "Goma" in shown.stdout


def test_ingest_needs_paths_or_retry(db_url):
    result = runner.invoke(app, ["ingest", "--db", db_url])
    assert result.exit_code == 2 and "--retry-failed" in result.output

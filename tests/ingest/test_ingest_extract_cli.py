"""``vigil extract`` with rejected inputs: named on stderr, good records on stdout, exit 1."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from vigil.cli.main import app


def test_extract_reports_bad_inputs_and_still_writes_good_records(tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Rebels attacked a convoy near Goma on Friday, the army said.\n")
    (folder / "b.bin").write_bytes(b"\x00\x01\x02\x03" * 100)
    (folder / "c.jsonl").write_text(
        '{"text": "Protesters marched in Paris on Saturday.", "id": "c1"}\n{oops\n'
    )
    result = CliRunner().invoke(app, ["extract", str(folder), "--published", "2021-01-08"])
    assert result.exit_code == 1
    records = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert [r["id"] for r in records][1:] == ["c1"]
    assert records[0]["source"] == str(folder / "a.txt")
    assert all(r["published"] == "2021-01-08" for r in records)
    assert f"{folder / 'b.bin'}: binary file" in result.stderr
    assert f"{folder / 'c.jsonl'}:2: malformed JSON" in result.stderr

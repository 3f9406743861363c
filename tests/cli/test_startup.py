"""Commands that parse no text start without the NLP stack.

Each command runs in a fresh interpreter (the test process has long since
imported spaCy), on an empty SQLite database, and the interpreter then lists
which heavy modules it imported. A module-level ``import spacy`` anywhere on
the path of these commands makes this fail; it is not a timing test.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

#: Imported only by commands that read text (parse, embed, classify).
HEAVY = ("spacy", "thinc", "torch", "sentence_transformers", "transformers", "sklearn")

SCRIPT = f"""
import json, sys
HEAVY = {HEAVY!r}
from typer.testing import CliRunner
from vigil.cli.main import app
result = CliRunner().invoke(app, sys.argv[1:])
heavy = [m for m in HEAVY if m in sys.modules]
print(json.dumps({{"exit": result.exit_code, "exc": repr(result.exception), "heavy": heavy}}))
"""

COMMANDS = [
    ["--help"],
    ["sites", "list"],
    ["assess"],
    ["alerts", "list"],
    ["brief"],
    ["replay", "--help"],
    ["serve", "--help"],
]


@pytest.mark.parametrize("argv", COMMANDS, ids=lambda a: " ".join(a))
def test_command_that_parses_no_text_imports_no_nlp(argv: list[str], tmp_path: Path) -> None:
    env = dict(os.environ, VIGIL_DB=str(tmp_path / "empty.db"))
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT, *argv],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=True,
    )
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    # The command ran to its end (an empty registry may exit 1 with a message).
    assert report["exit"] in (0, 1), report
    assert report["exc"] in ("None", "SystemExit(1)"), report
    assert report["heavy"] == [], f"{' '.join(argv)} imported {report['heavy']}"


def test_eval_commands_are_still_listed_and_run_their_module() -> None:
    """The eval group imports its benchmarks lazily; they must all still be there."""
    from typer.testing import CliRunner

    from vigil.cli.main import app

    result = CliRunner().invoke(app, ["eval", "--help"])
    assert result.exit_code == 0
    for name in ("events", "acled", "geo", "html", "quotes", "stories"):
        assert name in result.output

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
from typer.testing import CliRunner

from vigil.cli.main import app

#: Imported only by commands that read text (parse, embed, classify).
HEAVY = ("spacy", "thinc", "torch", "sentence_transformers", "transformers", "sklearn")

#: What listing the sites needs none of, on a database whose schema is current: the
#: HTTP client (alert delivery), the web server, Alembic (only upgrades run it), dask.
NOT_FOR_SITES_LIST = ("httpx", "fastapi", "starlette", "uvicorn", "alembic", "dask", "mako")

SCRIPT = f"""
import json, sys
HEAVY = {HEAVY + NOT_FOR_SITES_LIST!r}
from typer.testing import CliRunner
from vigil.cli.main import app
result = CliRunner().invoke(app, sys.argv[1:])
heavy = [m for m in HEAVY if m in sys.modules]
print(json.dumps({{"exit": result.exit_code, "exc": repr(result.exception), "heavy": heavy}}))
"""


def _run(argv: list[str], db: Path, watched: tuple[str, ...] | None = None) -> dict:
    """Run ``vigil argv`` in a fresh interpreter; its exit and which of the ``watched``
    modules it imported (by default the heavy ones and those ``sites list`` needs none of)."""
    script = SCRIPT
    if watched is not None:
        script = SCRIPT.replace(f"HEAVY = {HEAVY + NOT_FOR_SITES_LIST!r}", f"HEAVY = {watched!r}")
    proc = subprocess.run(
        [sys.executable, "-c", script, *argv],
        capture_output=True,
        text=True,
        env=dict(os.environ, VIGIL_DB=str(db)),
        timeout=300,
        check=True,
    )
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    # The command ran to its end (an empty registry may exit 1 with a message).
    assert report["exit"] in (0, 1), report
    assert report["exc"] in ("None", "SystemExit(1)"), report
    return report


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
    report = _run(argv, tmp_path / "empty.db")
    heavy = [m for m in report["heavy"] if m in HEAVY]
    assert heavy == [], f"{' '.join(argv)} imported {heavy}"


def test_sites_list_loads_only_what_it_needs(tmp_path: Path) -> None:
    """On a current database: no Alembic, no HTTP client, no web server (each command's
    module is imported only when run; the schema check reads the revision ids only)."""
    from vigil.registry.db import open_db

    db = tmp_path / "current.db"
    open_db(db).close()  # created and migrated: the next open finds it current
    report = _run(["sites", "list"], db)
    assert report["heavy"] == [], f"sites list imported {report['heavy']}"


@pytest.mark.parametrize(
    "argv", [["assess"], ["alerts", "list"], ["brief"]], ids=lambda a: " ".join(a)
)
def test_reading_commands_load_no_http_client_and_no_story_clustering(
    argv: list[str], tmp_path: Path
) -> None:
    """Sending alerts (httpx) and clustering stories (MinHash) happen in other commands;
    the assessment reads only the source registry of the stories package."""
    from vigil.registry.db import open_db

    db = tmp_path / "current.db"
    open_db(db).close()
    report = _run(argv, db, watched=("httpx", "datasketch"))
    assert report["heavy"] == [], f"{' '.join(argv)} imported {report['heavy']}"


def test_help_lists_every_command_without_importing_it(tmp_path: Path) -> None:
    from vigil.cli.main import COMMANDS as TABLE

    report = _run(["--help"], tmp_path / "unused.db")
    assert report["heavy"] == [], report
    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0
    listed = {line.split()[1] for line in result.output.splitlines() if line.startswith("│ ")}
    assert set(TABLE) <= listed, set(TABLE) - listed


@pytest.mark.parametrize("group", ["vigil", "eval"])
def test_command_table_matches_what_the_modules_register(group: str) -> None:
    """The static tables that list commands without importing them say what the modules
    register: every name, and the first paragraph of its help."""
    import importlib

    import typer.main

    from vigil.cli.main import COMMANDS as TABLE

    if group == "vigil":
        table, typer_app = TABLE, app
    else:
        from vigil.cli.eval import BENCHMARKS, eval_app

        table, typer_app = BENCHMARKS, eval_app
    for module, _help in table.values():
        importlib.import_module(module)
    registered = {}  # name -> (click command, module that defines it)
    for info in typer_app.registered_commands:
        cmd = typer.main.get_command_from_info(
            info, pretty_exceptions_short=True, rich_markup_mode="rich"
        )
        registered[cmd.name] = (cmd, info.callback.__module__)
    for info in typer_app.registered_groups:
        grp = typer.main.get_group_from_info(
            info, pretty_exceptions_short=True, suggest_commands=True, rich_markup_mode="rich"
        )
        defined_in = [
            m for m, _ in table.values() if info.typer_instance in vars(sys.modules[m]).values()
        ]
        registered[grp.name] = (grp, defined_in[0] if defined_in else None)
    assert set(registered) == set(table)
    for name, (module, short_help) in table.items():
        cmd, defined_in = registered[name]
        assert defined_in == module, name
        first = " ".join((cmd.short_help or cmd.help or "").split("\n\n")[0].split())
        assert first == short_help, name


def test_eval_commands_are_still_listed_and_run_their_module() -> None:
    """The eval group imports its benchmarks lazily; they must all still be there."""
    from typer.testing import CliRunner

    from vigil.cli.main import app

    result = CliRunner().invoke(app, ["eval", "--help"])
    assert result.exit_code == 0
    for name in ("events", "acled", "geo", "html", "quotes", "stories"):
        assert name in result.output

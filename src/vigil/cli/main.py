"""Entry point: assembles the command groups into one ``vigil`` app.

Each command lives in its own module and registers itself on ``app`` when
imported; adding a command means adding a module and one import below.
"""

from __future__ import annotations

import typer

app = typer.Typer(
    name="vigil",
    help="Read news reports, extract who did what to whom where, and assess threat to your sites.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


@app.callback()
def main() -> None:
    """vigil: news in, threat to your sites out."""


# Command modules register on `app` at import time.
from vigil.cli import (  # noqa: E402,F401
    alerts,
    assess,
    brief,
    demo,
    eval,
    export,
    extract,
    failures,
    feeds,
    ingest,
    orgs,
    quotes,
    replay,
    serve,
    show,
    sites,
    stories,
    watch,
)

if __name__ == "__main__":  # pragma: no cover
    app()

"""Entry point: the ``vigil`` app, whose commands are imported only when run.

Each command lives in its own module and registers itself on ``app`` when
imported (``@app.command()`` or ``app.add_typer``). ``app`` is a
:func:`~vigil.cli.lazy.lazy_typer`: :data:`COMMANDS` names every command, the
module that registers it and its one-line help, so ``vigil --help`` lists them
all without importing any, and ``vigil sites list`` imports ``vigil.cli.assess.sites``
alone, not the web server, the alert outbox or the NLP pipeline. Adding a
command means adding its module and one row below (``tests/cli/test_startup.py``
fails when the table and the modules disagree).
"""

from __future__ import annotations

from vigil.cli.lazy import lazy_typer

#: Command name -> (module that registers it, one-line help shown by ``vigil --help``).
COMMANDS: dict[str, tuple[str, str]] = {
    "assess": (
        "vigil.cli.assess.assess",
        "Print, for each site and presence, the level (1-5), posture, score and reasons.",
    ),
    "brief": (
        "vigil.cli.assess.brief",
        "Write a situation brief: levels, key events with quotes and sources, level charts.",
    ),
    "demo": (
        "vigil.cli.demo",
        "Run vigil on the bundled NZDF / Camp Taji report: extract, store, assess, explain.",
    ),
    "export": (
        "vigil.cli.store.export",
        "Write what is stored, in ACLED's columns: for ACLED tooling, GIS and data teams.",
    ),
    "extract": (
        "vigil.cli.ingest.extract",
        "Write the extraction record of every input document to standard output.",
    ),
    "failures": (
        "vigil.cli.ingest.failures",
        "List documents a stage failed on (stage, error, attempts, when).",
    ),
    "ingest": (
        "vigil.cli.ingest.ingest",
        "Extract every input and store its record; exit status 1 if any input failed.",
    ),
    "quotes": (
        "vigil.cli.store.quotes",
        "List what a speaker said across all stored articles, with dates and sources.",
    ),
    "conflicts": (
        "vigil.cli.store.quotes",
        "Figures that disagree: within each stored report, and across reports.",
    ),
    "replay": (
        "vigil.cli.assess.replay",
        "Re-run the assessment day by day over stored articles in publication order.",
    ),
    "serve": ("vigil.cli.serve.serve", "Serve the API under /api/v1 and the web watch floor at /."),
    "stories": (
        "vigil.cli.store.stories",
        "List stories: title, first seen, articles, sources and canonical events.",
    ),
    "show": (
        "vigil.cli.store.show",
        "Show a stored article with its entities and times highlighted, and its facts.",
    ),
    "watch": (
        "vigil.cli.ingest.watch",
        "Watch the feeds (`vigil feeds add`): exit status 1 if anything failed in --once mode.",
    ),
    "alerts": ("vigil.cli.alert.alerts", "Subscribe to, deliver and publish alerts."),
    "eval": ("vigil.cli.eval", "Score vigil against public gold sets."),
    "feeds": (
        "vigil.cli.ingest.feeds",
        "Feeds (RSS, Atom, news sitemaps) for `vigil watch` to poll.",
    ),
    "orgs": (
        "vigil.cli.serve.accounts",
        "Organisations: each sees only its own sites, alerts and people.",
    ),
    "users": ("vigil.cli.serve.accounts", "Users of the API and web watch floor."),
    "tokens": ("vigil.cli.serve.accounts", "Bearer tokens for the API."),
    "sites": (
        "vigil.cli.assess.sites",
        "Register, list and export the sites and presence you watch.",
    ),
}

app = lazy_typer(
    COMMANDS,
    name="vigil",
    help="Read news reports, extract who did what to whom where, and assess threat to your sites.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


@app.callback()
def main() -> None:
    """vigil: news in, threat to your sites out."""


if __name__ == "__main__":  # pragma: no cover
    app()

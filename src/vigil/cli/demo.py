"""``vigil demo``: the main job on the bundled founding example, end to end.

Register the bundled sites, read the article through the full pipeline, keep it
in the store, and assess every site as of the day it was published, then say
the result in words. Nothing here knows what the article says: the assessment
is whatever the extracted events make it.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from vigil.alert.service import process
from vigil.assess.config import load_weights
from vigil.assess.model import Assessment
from vigil.assess.report.explain import LEVEL_COUNT, SHOWN_MIN, render_text, short
from vigil.assess.run import assess_stored
from vigil.cli.common import DbOption, documents, err, out
from vigil.cli.main import app
from vigil.document import Document
from vigil.pipeline import Pipeline
from vigil.registry.db import open_db
from vigil.registry.io import load_registry
from vigil.registry.repo import load_registry_db, save_registry
from vigil.settings import Settings
from vigil.store import Store


def demo_dir() -> Path:
    """The bundled example: ``demo/`` of a source checkout."""
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "demo" / "nzdf-taji.txt").exists():
            return parent / "demo"
    raise typer.BadParameter("bundled demo/ folder not found (run from a source checkout)")


def register_and_assess(
    store: Store, sites_file: Path, docs: list[Document], at: date | None = None
) -> list[Assessment]:
    """Import the sites, store the documents, assess as of ``at`` (default: newest publication)."""
    save_registry(store.engine, load_registry(sites_file))
    for doc in docs:
        store.save(doc)
    when = at or max((d.published for d in docs if d.published), default=None) or date.today()
    reg = load_registry_db(store.engine)
    return assess_stored(store, reg, when, load_weights())


def _show_extraction(doc: Document) -> None:
    out.rule(f"[bold]{escape(doc.title or doc.source)}[/bold] ({doc.published})")
    table = Table("entity", "type", "country", "sector", "role", "mentions")
    for e in doc.entities:
        table.add_row(
            e.canonical,
            e.type,
            e.country or "",
            e.sector or "",
            e.role or "",
            ", ".join(sorted({m.text for m in e.mentions})),
        )
    out.print(table)
    times = Table("time", "value", "granularity")
    for t in doc.times:
        times.add_row(t.text, t.value, t.granularity)
    out.print(times)
    if doc.events:
        out.rule("Events")
        for ev in doc.events:
            kind = ("not " if ev.negated else "") + ev.category + (f"/{ev.mode}" if ev.mode else "")
            where = (ev.where or {}).get("name") or "?"
            when = (ev.when or {}).get("value") or "?"
            dead = f", {ev.fatalities} dead" if ev.fatalities else ""
            text = " ".join(ev.evidence[0].text.split()) if ev.evidence else ""
            out.print(f"{ev.id:>4} {escape(kind)} at {escape(where)}, {when}{dead}", soft_wrap=True)
            out.print(
                f'     "{escape(text[:110])}{"..." if len(text) > 110 else ""}"', soft_wrap=True
            )


def summary(results: list[Assessment]) -> Table:
    """One row per site and presence, most threatened first: the ordering at a glance."""
    table = Table("", "level", "posture", "main reason", title="Summary")
    ordered = sorted(results, key=lambda a: (a.subject_type != "site", -a.level, -a.score))
    for a in ordered:
        ruled = [r for r in a.reasons if r.rule] if a.floor else []
        top = next(iter(ruled), None) or next(
            (r for r in a.reasons if r.contribution >= SHOWN_MIN), None
        )
        of = LEVEL_COUNT.get(a.subject_type, 5)
        table.add_row(a.subject, f"{a.level}/{of}", a.posture, short(top) if top else "")
    return table


@app.command()
def demo(db: str | None = DbOption) -> None:
    """Run vigil on the bundled NZDF / Camp Taji report: extract, store, assess, explain."""
    folder = demo_dir()
    sites_file = folder / "sites.yaml"
    settings = Settings(sites_file=sites_file)
    pipeline = Pipeline(settings=settings)
    docs = list(pipeline.pipe(documents([folder / "nzdf-taji.txt"], None, [])))
    for doc in docs:
        _show_extraction(doc)
    store = open_db(db)
    try:
        results = register_and_assess(store, sites_file, docs)
        new = process(store.engine, results)
    finally:
        store.close()
    out.rule("[bold]Threat assessment[/bold]")
    out.print(escape(render_text(results)), soft_wrap=True)
    out.print(summary(results))
    err.print(f"database: {escape(str(db or settings.db))}; {len(new)} new alert(s) queued")

"""``vigil demo``: the main job on the bundled founding example, end to end."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from vigil.cli.common import documents, out
from vigil.cli.main import app
from vigil.pipeline import Pipeline
from vigil.settings import Settings


def demo_dir() -> Path:
    """The bundled example: ``demo/`` of a source checkout."""
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "demo" / "nzdf-taji.txt").exists():
            return parent / "demo"
    raise typer.BadParameter("bundled demo/ folder not found (run from a source checkout)")


@app.command()
def demo() -> None:
    """Run vigil on the bundled NZDF / Camp Taji report and show what it found."""
    folder = demo_dir()
    settings = Settings(sites_file=folder / "sites.yaml")
    pipeline = Pipeline(settings=settings)
    (doc,) = list(pipeline.pipe(documents([folder / "nzdf-taji.txt"], None, [])))
    out.rule(f"[bold]{doc.title}[/bold] ({doc.published})")
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

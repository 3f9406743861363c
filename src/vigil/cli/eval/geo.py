"""``vigil eval geo``: toponym recognition and resolution on GeoVirus and LGL."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.progress import Progress
from rich.table import Table

from vigil.cli.common import err, out
from vigil.cli.eval import eval_app, shared_eval_dir
from vigil.eval.geo import GeoScore, evaluate, read_corpus, select
from vigil.pipeline import Pipeline
from vigil.settings import Settings

#: No cleaning: offsets must stay those of the gold files.
EVAL_PIPELINE = ["parse", "places"]
CORPORA = {"geovirus": "GeoVirus.xml", "lgl": "lgl.xml"}


@eval_app.command("geo")
def eval_geo(
    data: Path | None = typer.Option(None, help="Folder with GeoVirus.xml and lgl.xml."),
    corpus: list[str] = typer.Option(
        ["geovirus", "lgl"], "--corpus", "-c", help="geovirus and/or lgl."
    ),
    half: str = typer.Option(
        "both", help="even (development half), odd (held-out half), all, or both (even and odd)."
    ),
    limit: int | None = typer.Option(None, min=1, help="Only the first N documents per half."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
    batch_size: int = typer.Option(32, help="Documents per spaCy batch."),
) -> None:
    """Toponym P/R/F1 (span overlap), accuracy within 161 km and median error (km)."""
    root = data or shared_eval_dir() / "geo"
    halves = ["even", "odd"] if half == "both" else [half]
    runs: list[tuple[str, str, list]] = []
    for name in corpus:
        if name not in CORPORA:
            err.print(f"[red]error[/red]: unknown corpus {name!r} (choose {', '.join(CORPORA)})")
            raise typer.Exit(2)
        path = root / CORPORA[name]
        try:
            docs = read_corpus(path)
        except (OSError, Exception) as exc:  # noqa: BLE001 - report and stop, naming the file
            err.print(f"[red]error[/red]: {path}: {exc}")
            raise typer.Exit(2) from exc
        for h in halves:
            try:
                runs.append((name, h, select(docs, h, limit)))
            except ValueError as exc:
                raise typer.BadParameter(str(exc)) from exc
    pipeline = Pipeline(EVAL_PIPELINE, Settings(batch_size=batch_size))
    results: dict[str, dict] = {}
    with Progress(console=err, transient=True) as bar:
        for name, h, docs in runs:
            task = bar.add_task(f"{name} ({h})", total=len(docs))
            scores = evaluate(docs, pipeline.pipe, lambda t=task: bar.advance(t))
            for mode, score in scores.items():
                results[f"{name}/{h}/{mode}"] = score.as_dict()
    if as_json:
        out.file.write(json.dumps(results, indent=2) + "\n")
        return
    cols = list(GeoScore().as_dict().keys())
    table = Table("corpus/half/mode", *cols, title="Geoparsing (end to end)")
    for key, row in results.items():
        table.add_row(key, *(f"{v:.3f}" if isinstance(v, float) else str(v) for v in row.values()))
    out.print(table)
    out.print(
        "P/R by span overlap; acc@161km and median over matched gold toponyms with "
        "coordinates (unresolved = wrong). strict: names of places only; inclusive: also "
        "demonyms and names inside organisation names (LGL's guideline counts both)."
    )

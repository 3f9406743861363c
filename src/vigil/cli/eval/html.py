"""``vigil eval html``: article-body extraction on the scrapinghub benchmark pages.

Scores bare ``trafilatura.extract`` (default options) and vigil's ingest + clean
side by side, with the benchmark's own metric (see :mod:`vigil.eval.html`).
"""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.progress import Progress
from rich.table import Table

from vigil.cli.common import err, out
from vigil.cli.eval import eval_app, shared_eval_dir
from vigil.eval.html import SYSTEMS, evaluate, load_gold


@eval_app.command("html")
def eval_html(
    data: Path | None = typer.Option(
        None, help="Folder with ground-truth.json and pages/ (default ../shared/eval/html)."
    ),
    limit: int | None = typer.Option(None, min=1, help="Only the first N pages (sorted by id)."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
    worst: int = typer.Option(0, min=0, help="Also list the N pages where vigil scores lowest."),
) -> None:
    """Token-shingle precision/recall/F1 and exact-match accuracy of the article body."""
    root = data or shared_eval_dir() / "html"
    try:
        pages = load_gold(root, limit)
    except (OSError, ValueError) as exc:
        err.print(f"[red]error[/red]: {root}: {exc}")
        raise typer.Exit(2) from exc
    if not pages:
        err.print(f"[red]error[/red]: {root}: no pages with ground truth found")
        raise typer.Exit(2)
    with Progress(console=err, transient=True) as bar:
        task = bar.add_task("extracting", total=len(pages))

        def tick(items):
            for page in items:
                yield page
                bar.advance(task)

        scores = evaluate(pages, SYSTEMS, progress=tick)
    if as_json:
        result = {s.name: s.summary() for s in scores}
        if worst:
            result["worst"] = _worst(scores, worst)
        out.file.write(json.dumps(result, indent=2) + "\n")
        return
    table = Table(
        "system", "precision", "recall", "F1", "accuracy", "pages", title="Article body extraction"
    )
    labels = {
        "trafilatura": "trafilatura.extract (defaults)",
        "vigil-raw": "vigil ingest, no clean",
        "vigil": "vigil ingest + clean",
    }
    for s in scores:
        row = s.summary()
        table.add_row(
            labels.get(s.name, s.name),
            *(f"{row[k]:.3f}" for k in ("precision", "recall", "f1", "accuracy")),
            str(row["pages"]),
        )
    out.print(table)
    out.print(
        "scrapinghub article-extraction-benchmark metric: 4-token shingles, per-page P/R "
        "averaged, F1 of the averages; accuracy = exact token match."
    )
    if worst:
        w = Table("page", "precision", "recall", title=f"vigil: {worst} lowest-F1 pages")
        for row in _worst(scores, worst):
            w.add_row(row["page"], f"{row['precision']:.3f}", f"{row['recall']:.3f}")
        out.print(w)


def _worst(scores, n: int) -> list[dict]:
    vigil = next(s for s in scores if s.name == "vigil")

    def f1(p) -> float:
        pr, rc = p.precision or 0.0, p.recall or 0.0
        return 2 * pr * rc / (pr + rc) if pr + rc else 0.0

    ranked = sorted(vigil.pages, key=f1)[:n]
    return [
        {"page": p.key, "precision": p.precision or 0.0, "recall": p.recall or 0.0} for p in ranked
    ]

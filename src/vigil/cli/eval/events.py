"""``vigil eval events``: ACLED sub-event types on CASE 2021 task 2, PLOVER on the GSR."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import typer
from rich.progress import Progress
from rich.table import Table

from vigil.cli.common import err, out
from vigil.cli.eval import eval_app, shared_eval_dir
from vigil.eval.events import (
    Scores,
    evaluate_case,
    evaluate_plover,
    plover_text_model_cv,
    prepare,
    read_case,
    read_gsr,
)

#: Snippets are plain text: no cleaning; everything events reads.
EVAL_STAGES = ["parse", "embed", "entities", "times", "places", "quotes", "quantities"]


def _read(reader: Callable[[Path], list], path: Path) -> list:
    """``reader(path)``, or exit 2 with an error naming the file and the reason."""
    try:
        return reader(path)
    except (OSError, ValueError, KeyError) as exc:
        err.print(f"[red]error[/red]: {path}: {exc}")
        raise typer.Exit(2) from exc


def _notes(root: Path) -> list[tuple[str, str]]:
    """ACLED's DEV notes, which the packaged model also learns from (none without the file):
    each CASE fold's model gets them too, so the CV figure is the packaged model's."""
    from vigil.eval.acled import read_acled, select, training_notes

    path = root / "acled-dev.csv"
    return training_notes(select(read_acled(path), "dev")) if path.is_file() else []


def _spread(items: list, limit: int | None) -> list:
    """``limit`` items spread evenly over the file (the GSR is sorted by category)."""
    if not limit or limit >= len(items):
        return items
    step = len(items) / limit
    return [items[int(i * step)] for i in range(limit)]


def _table(title: str, s: Scores) -> Table:
    t = Table("label", "P", "R", "F1", "support", "confused with", title=title)
    for row in sorted(s.per_class, key=lambda r: -r["support"]):
        wrong = s.confusion.get(row["label"], {})
        top = ", ".join(f"{k} {v}" for k, v in sorted(wrong.items(), key=lambda kv: -kv[1])[:3])
        t.add_row(
            row["label"],
            f"{row['precision']:.2f}",
            f"{row['recall']:.2f}",
            f"{row['f1']:.2f}",
            str(row["support"]),
            top,
        )
    return t


@eval_app.command("events")
def eval_events(
    data: Path | None = typer.Option(None, help="Folder with the CASE and PLOVER files."),
    cv: int = typer.Option(
        5, min=0, help="Folds for CASE (the ACLED model is trained on CASE: 0 = shipped model)."
    ),
    only: str = typer.Option("both", help="case, plover or both."),
    limit: int | None = typer.Option(None, min=1, help="Only N items of each set, spread evenly."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
) -> None:
    """Accuracy, weighted/macro F1 and per-class errors of the event coder."""
    root = data or shared_eval_dir() / "events"
    results: dict[str, dict] = {}
    if only in {"case", "both"}:
        rows = _spread(_read(read_case, root / "case2021-task2-dev.tsv"), limit)
        with Progress(console=err, transient=True) as bar:
            t1 = bar.add_task("CASE: parsing", total=len(rows))
            docs = prepare([r.text for r in rows], EVAL_STAGES, lambda n: bar.advance(t1, n))
            t2 = bar.add_task(f"CASE: coding (cv={cv})", total=len(rows))
            case = evaluate_case(
                docs, rows, cv=cv, progress=lambda n: bar.advance(t2, n), notes=_notes(root)
            )
        results["case"] = case.__dict__
        if not as_json:
            out.print(_table(f"CASE 2021 task 2 dev: ACLED sub-event types (cv={cv})", case))
            tm = case.extra["text_model_only"]
            out.print(
                f"n={case.n}  accuracy={case.accuracy:.3f}  weighted-F1={case.weighted_f1:.3f}  "
                f"macro-F1={case.macro_f1:.3f} (F1 over the 25 ACLED labels; accuracy over all, "
                f"non-ACLED gold expects NONE)\ntext model alone: accuracy={tm['accuracy']:.3f} "
                f"weighted-F1={tm['weighted_f1']:.3f} macro-F1={tm['macro_f1']:.3f}; NONE "
                f"predicted {case.extra['none_predicted']} (gold {case.extra['none_gold']})"
            )
    if only in {"plover", "both"}:
        recs = _spread(_read(read_gsr, root / "PLOVER_GSR_CAMEO.txt"), limit)
        with Progress(console=err, transient=True) as bar:
            t3 = bar.add_task("PLOVER GSR: parsing", total=len(recs))
            docs = prepare([r["text"] for r in recs], EVAL_STAGES, lambda n: bar.advance(t3, n))
        plover = evaluate_plover(docs, recs)
        plover["text_model_cv5_accuracy"] = plover_text_model_cv(recs, 5)
        results["plover"] = plover
        if not as_json:
            t = Table("label", "P", "R", "F1", "support", title="PLOVER GSR: category of top event")
            for row in sorted(plover["per_class"], key=lambda r: -r["support"]):
                t.add_row(
                    row["label"],
                    f"{row['precision']:.2f}",
                    f"{row['recall']:.2f}",
                    f"{row['f1']:.2f}",
                    str(row["support"]),
                )
            out.print(t)
            out.print(
                f"n={plover['n']} (with an event: {plover['with_event']})  category "
                f"accuracy={plover['category_accuracy']:.3f}  macro-F1="
                f"{plover['category_macro_f1']:.3f}  actor match={plover['actor_match']:.3f} "
                f"(n={plover['actor_n']})  recipient match={plover['recipient_match']:.3f} "
                f"(n={plover['recipient_n']})\nTF-IDF text model on GSR sentences alone, "
                f"5-fold CV accuracy={plover['text_model_cv5_accuracy']}"
            )
    if as_json:
        out.file.write(json.dumps(results, indent=2, default=str) + "\n")

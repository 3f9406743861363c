"""Benchmark: vigil's full pipeline against bare spaCy, as ratios measured in one process.

Absolute speed depends on the machine; the ratio to ``nlp.pipe`` of the same
spaCy model on the same texts does not (much), so that is what we track, by
wall-clock time and by the process's CPU time (on a machine other jobs load,
the wall-clock ratio swings with their load; the CPU ratio much less). Texts:
the founding article plus the gold article bodies of the HTML extraction
benchmark, read from ``../shared`` (never copied). The vigil run uses whatever
components ``DEFAULT_PIPELINE`` lists when it runs, and reports each one's
share, so a stage's cost is visible (the quotes stage must stay <= 15% of the
bare-spaCy time). ``bench/footprint.py`` adds the installed size and the
start-up time of a command that parses no text; ``make bench`` runs both.

    python bench/run.py [--repeat N] [--limit N] [--no-memory] [--json FILE]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import spacy
from rich.console import Console
from rich.table import Table

from vigil.document import Document
from vigil.pipeline import DEFAULT_PIPELINE, Pipeline
from vigil.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
ANCHOR = date(2020, 1, 6)
console = Console()


def load_texts(limit: int | None, repeat: int) -> list[str]:
    texts = [(SHARED / "corpus" / "nzdf-taji.txt").read_text(encoding="utf-8")]
    truth = json.loads((SHARED / "eval" / "html" / "ground-truth.json").read_text())
    texts += [v["articleBody"] for _, v in sorted(truth.items()) if v.get("articleBody")]
    texts = texts[:limit] if limit else texts
    return texts * repeat


def rss_mb() -> float:
    """Current resident set size (Linux /proc), in MB."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        return pages * resource.getpagesize() / 2**20
    except OSError:
        return float("nan")


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def traced_peak_mb(fn: Callable[[], Any]) -> float:
    """Peak Python allocation while ``fn`` runs (tracemalloc), in MB."""
    gc.collect()
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


WORKER = """
import json, resource, sys
sys.path.insert(0, {bench!r})
from run import documents, load_texts
from vigil.pipeline import Pipeline
texts = load_texts({limit}, {repeat})
pipeline = Pipeline()
for _ in pipeline.pipe_isolated(documents(texts), batch_size=pipeline.settings.batch_size):
    pass
print(json.dumps(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))
"""


def worker_peak_rss_mb(limit: int | None, repeat: int) -> float:
    """Peak RSS of a process that only runs vigil over the texts, as a worker does (the
    timed process above also holds bare spaCy and tracemalloc's records)."""
    code = WORKER.format(bench=str(Path(__file__).parent), limit=limit, repeat=repeat)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(proc.stdout.strip().splitlines()[-1])


def documents(texts: list[str]) -> list[Document]:
    return [
        Document(raw_text=t, source=f"bench:{i}", published=ANCHOR) for i, t in enumerate(texts)
    ]


def run_bare(nlp: spacy.Language, texts: list[str], batch_size: int) -> None:
    for _ in nlp.pipe(texts, batch_size=batch_size):
        pass


def run_vigil(
    pipeline: Pipeline,
    texts: list[str],
    timings: dict[str, float] | None,
    cpu: dict[str, float] | None = None,
) -> None:
    """Stage by stage over the whole batch, so each component's time (wall-clock into
    ``timings``, CPU into ``cpu``) can be read off."""
    docs = documents(texts)
    for comp in pipeline.components:
        t0, c0 = time.perf_counter(), time.process_time()
        batch = getattr(comp, "pipe", None)
        docs = list(batch(docs)) if batch else [comp(d) for d in docs]
        if timings is not None:
            timings[comp.name] = timings.get(comp.name, 0.0) + time.perf_counter() - t0
        if cpu is not None:
            cpu[comp.name] = cpu.get(comp.name, 0.0) + time.process_time() - c0
    for d in docs:
        d.to_record()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=1, help="run over the texts N times")
    ap.add_argument(
        "--limit", type=int, default=40, help="use the first N texts (0: all 92; default 40)"
    )
    ap.add_argument("--rounds", type=int, default=2, help="timed rounds; the best counts")
    ap.add_argument("--no-memory", action="store_true", help="skip the tracemalloc runs")
    ap.add_argument("--json", type=Path, default=None, help="also write the numbers here")
    args = ap.parse_args()

    settings = Settings()
    texts = load_texts(args.limit, args.repeat)
    chars = sum(map(len, texts))
    console.print(f"{len(texts)} texts, {chars:,} characters; model {settings.model}")
    console.print(f"vigil pipeline: {', '.join(DEFAULT_PIPELINE)}")

    rss0 = rss_mb()
    nlp = spacy.load(settings.model)
    run_bare(nlp, texts[:2], settings.batch_size)  # warm up
    rss_bare = rss_mb()
    pipeline = Pipeline(settings=settings)
    run_vigil(pipeline, texts[:2], None)  # warm up: lazy data, caches
    rss_vigil = rss_mb()

    # Alternate the two runs and keep each one's best time: other load on the
    # machine only ever adds time, so the minimum is the fairest estimate.
    bare_runs, vigil_runs, stage_runs = [], [], []
    bare_cpu_runs, vigil_cpu_runs, stage_cpu_runs = [], [], []
    for _ in range(args.rounds):
        t0, c0 = time.perf_counter(), time.process_time()
        run_bare(nlp, texts, settings.batch_size)
        bare_runs.append(time.perf_counter() - t0)
        bare_cpu_runs.append(time.process_time() - c0)
        stages: dict[str, float] = {}
        stages_cpu: dict[str, float] = {}
        t0, c0 = time.perf_counter(), time.process_time()
        run_vigil(pipeline, texts, stages, stages_cpu)
        vigil_runs.append(time.perf_counter() - t0)
        vigil_cpu_runs.append(time.process_time() - c0)
        stage_runs.append(stages)
        stage_cpu_runs.append(stages_cpu)
    bare_s, vigil_s = min(bare_runs), min(vigil_runs)
    bare_cpu, vigil_cpu = min(bare_cpu_runs), min(vigil_cpu_runs)
    timings = {name: min(r[name] for r in stage_runs) for name in stage_runs[0]}
    cpu_timings = {name: min(r[name] for r in stage_cpu_runs) for name in stage_cpu_runs[0]}

    n = len(texts)
    table = Table("run", "seconds", "docs/s", "ratio to spaCy", "CPU s", "CPU ratio")
    table.add_row(
        "bare nlp.pipe", f"{bare_s:.2f}", f"{n / bare_s:.1f}", "1.00", f"{bare_cpu:.2f}", "1.00"
    )
    table.add_row(
        "vigil DEFAULT",
        f"{vigil_s:.2f}",
        f"{n / vigil_s:.1f}",
        f"{vigil_s / bare_s:.2f}",
        f"{vigil_cpu:.2f}",
        f"{vigil_cpu / bare_cpu:.2f}",
    )
    console.print(table)
    # The first round is the fairest to bare spaCy: vigil's memos (attribute-ruler rows,
    # word n-grams, name keys) are still cold, as they are for a worker's first texts.
    first_ratio, first_cpu_ratio = (
        vigil_runs[0] / bare_runs[0],
        vigil_cpu_runs[0] / bare_cpu_runs[0],
    )
    console.print(
        f"first round alone (vigil's memos cold): ratio {first_ratio:.2f}, CPU ratio {first_cpu_ratio:.2f}"
    )
    console.print(f"load average (1 min) at the end: {os.getloadavg()[0]:.1f}")

    parts = Table(
        "component", "seconds", "% of vigil", "extra vs bare spaCy", "ratio to spaCy", "CPU ratio"
    )
    for name, secs in timings.items():
        parts.add_row(
            name,
            f"{secs:.3f}",
            f"{100 * secs / vigil_s:.1f}%",
            f"{100 * secs / bare_s:.1f}%",
            f"{secs / bare_s:.2f}",
            f"{cpu_timings[name] / bare_cpu:.2f}",
        )
    console.print(parts)

    result: dict[str, Any] = {
        "texts": n,
        "characters": chars,
        "pipeline": list(DEFAULT_PIPELINE),
        "rounds": args.rounds,
        "bare_seconds": bare_s,
        "vigil_seconds": vigil_s,
        "bare_docs_per_s": n / bare_s,
        "vigil_docs_per_s": n / vigil_s,
        "time_ratio": vigil_s / bare_s,
        "bare_cpu_seconds": bare_cpu,
        "vigil_cpu_seconds": vigil_cpu,
        "cpu_ratio": vigil_cpu / bare_cpu,
        "first_round_time_ratio": first_ratio,
        "first_round_cpu_ratio": first_cpu_ratio,
        "load_average": os.getloadavg()[0],
        "components_seconds": timings,
        "components_pct_of_bare": {k: 100 * v / bare_s for k, v in timings.items()},
        "components_cpu_seconds": cpu_timings,
        "rss_mb": {"start": rss0, "after_spacy_load": rss_bare, "after_vigil_load": rss_vigil},
    }

    if not args.no_memory:
        bare_peak = traced_peak_mb(lambda: run_bare(nlp, texts, settings.batch_size))
        vigil_peak = traced_peak_mb(lambda: run_vigil(pipeline, texts, None))
        mem = Table("memory", "bare spaCy", "vigil", "ratio")
        mem.add_row(
            "tracemalloc peak during run (MB)",
            f"{bare_peak:.1f}",
            f"{vigil_peak:.1f}",
            f"{vigil_peak / bare_peak:.2f}",
        )
        bare_load, vigil_load = rss_bare - rss0, rss_vigil - rss_bare
        mem.add_row(
            "RSS added by loading (MB)",
            f"{bare_load:.0f}",
            f"{vigil_load:.0f}",
            f"{vigil_load / max(bare_load, 1e-9):.2f}",
        )
        console.print(mem)
        console.print(f"process peak RSS (bare spaCy and vigil, traced): {peak_rss_mb():.0f} MB")
        worker_rss = worker_peak_rss_mb(args.limit, args.repeat)
        console.print(
            f"worker peak RSS (vigil alone, batches as ingest runs them): {worker_rss:.0f} MB"
        )
        result.update(
            tracemalloc_peak_mb={"bare": bare_peak, "vigil": vigil_peak},
            memory_ratio=vigil_peak / bare_peak,
            load_rss_ratio=vigil_load / max(bare_load, 1e-9),
            peak_rss_mb=peak_rss_mb(),
            worker_peak_rss_mb=worker_rss,
        )

    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()

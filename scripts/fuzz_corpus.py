"""Every text in ``../shared/eval`` through ``vigil extract``: the crash hunt (``make fuzz``).

The evaluation sets were collected to measure accuracy, but they are also several
thousand real texts of every shape: whole web pages, long opinion pieces, one-line
snippets, gold-standard sentences, conflict-event notes. Run through the whole
pipeline, none of them may crash it. This script gathers them all (read from the
shared folder, never copied into the repository), writes them into a temporary
folder as inputs ``vigil extract`` reads (JSON Lines with ``id``/``text``/``title``;
the HTML pages as ``.html`` files), runs ``vigil extract --format jsonl`` on each set
as a subprocess and counts, per set: inputs, records written, one-line rejections,
stage failures (``SOURCE: stage NAME failed: ErrorType: message``), tracebacks, and
inputs unaccounted for (neither a record nor a message: the process died). It exits 1
if any stage failure, traceback or unaccounted input occurred.

``--in-process`` runs the same documents through ``Pipeline()`` in this process, one
stage at a time, and prints every exception with its document, stage and traceback:
the mode to debug a crash in.

    .venv/bin/python scripts/fuzz_corpus.py [--limit N] [--workers 1] [--sets html,case]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
import traceback
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def default_eval_dir() -> Path:
    env = os.environ.get("VIGIL_EVAL_DIR")
    return Path(env) if env else REPO.parent / "shared" / "eval"


# -- the sets -----------------------------------------------------------------------

Item = dict[str, str]  # id, text, title (optional)


def polnear(root: Path) -> Iterator[Item]:
    """PolNeAR article texts (train and dev), titled from metadata.tsv where known."""
    base = root / "quotes" / "polnear"
    titles: dict[str, str] = {}
    meta = base / "metadata.tsv"
    if meta.exists():
        with meta.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
                if row.get("filename") and row.get("title"):
                    titles[row["filename"]] = row["title"]
    for split in ("train", "dev"):
        for path in sorted((base / split / "text").glob("*.txt")):
            item = {"id": f"{split}/{path.stem}", "text": path.read_text(encoding="utf-8")}
            if path.stem in titles:
                item["title"] = titles[path.stem]
            yield item


def case(root: Path) -> Iterator[Item]:
    """CASE 2021 task 2 dev snippets."""
    path = root / "events" / "case2021-task2-dev.tsv"
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if row.get("EventSnippet"):
                yield {"id": row["id"], "text": row["EventSnippet"]}


def geo(name: str) -> Callable[[Path], Iterator[Item]]:
    """GeoVirus or LGL article texts (the XML's ``<article>`` elements)."""

    def read(root: Path) -> Iterator[Item]:
        tree = ET.parse(str(root / "geo" / name))
        for i, art in enumerate(tree.getroot().iter("article")):
            text = art.findtext("text") or ""
            item = {"id": art.get("docid") or str(i), "text": text}
            if art.findtext("title"):
                item["title"] = art.findtext("title") or ""
            yield item

    return read


def plover(root: Path) -> Iterator[Item]:
    """The PLOVER gold-standard record sentences."""
    data = json.loads((root / "events" / "PLOVER_GSR_CAMEO.txt").read_text(encoding="utf-8"))
    for rec in data:
        if isinstance(rec, dict) and rec.get("text"):
            yield {"id": str(rec.get("id")), "text": rec["text"]}


def ecbplus(root: Path) -> Iterator[Item]:
    """ECB+ dev stories (title and text)."""
    with (root / "stories" / "ecbplus-dev.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                rec = json.loads(line)
                item = {"id": str(rec.get("id")), "text": rec.get("text") or ""}
                if rec.get("title") and item["text"].strip():
                    item["title"] = rec["title"]
                elif rec.get("title"):  # a story of one headline: the headline is its text
                    item["text"] = rec["title"]
                yield item


def acled(root: Path) -> Iterator[Item]:
    """The ``notes`` of the ACLED dev events."""
    with (root / "events" / "acled-dev.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row.get("notes"):
                yield {
                    "id": row.get("event_id_cnty") or row.get("data_id") or "",
                    "text": row["notes"],
                }


#: set name -> reader of its texts (the HTML pages are files, handled apart).
SETS: dict[str, Callable[[Path], Iterator[Item]] | None] = {
    "html": None,
    "polnear": polnear,
    "case": case,
    "geovirus": geo("GeoVirus.xml"),
    "lgl": geo("lgl.xml"),
    "plover": plover,
    "ecbplus": ecbplus,
    "acled": acled,
}


def short_id(name: str, given: str) -> str:
    """``set:id``, hashed when longer than ingest accepts (64 characters)."""
    full = f"{name}:{given}"
    return full if len(full) <= 64 else f"{name}:{hashlib.sha1(given.encode()).hexdigest()[:16]}"


def write_set(name: str, root: Path, folder: Path, limit: int | None) -> int:
    """Write one set's inputs into ``folder``; returns how many inputs."""
    folder.mkdir(parents=True, exist_ok=True)
    n = 0
    reader = SETS[name]
    if reader is None:  # the HTML pages: one .html file each
        for path in sorted((root / "html" / "pages").glob("*.html*")):
            raw = path.read_bytes()
            if path.suffix == ".gz":
                raw = gzip.decompress(raw)
            stem = path.name.split(".")[0]
            (folder / f"{stem}.html").write_bytes(raw)
            n += 1
            if limit and n >= limit:
                break
        return n
    with (folder / f"{name}.jsonl").open("w", encoding="utf-8") as fh:
        for item in reader(root):
            item = {**item, "id": short_id(name, item["id"])}
            fh.write(json.dumps(item, ensure_ascii=False) + "\n")
            n += 1
            if limit and n >= limit:
                break
    return n


# -- counting -----------------------------------------------------------------------


@dataclass
class Count:
    name: str
    inputs: int = 0
    records: int = 0
    rejections: int = 0
    stage_failures: int = 0
    tracebacks: int = 0
    seconds: float = 0.0
    exit_code: int | None = None
    lines: list[str] = field(default_factory=list)  # failure lines / tracebacks, to show

    @property
    def unaccounted(self) -> int:
        """Inputs that gave neither a record nor a one-line message (a dead process)."""
        return self.inputs - self.records - self.rejections - self.stage_failures

    @property
    def crashed(self) -> bool:
        return bool(self.stage_failures or self.tracebacks or self.unaccounted)


def is_stage_failure(line: str) -> bool:
    return ": stage " in line and " failed: " in line


def count_stderr(text: str, into: Count) -> None:
    """Stage failures, tracebacks and one-line rejections (``error: SOURCE: reason``)."""
    in_tb = False
    for line in text.splitlines():
        if "Traceback (most recent call last)" in line:
            into.tracebacks += 1
            in_tb = True
            into.lines.append(line)
            continue
        if in_tb:
            into.lines.append(line)
            if line and not line.startswith((" ", "\t")):
                in_tb = False  # the exception line ends the traceback
            continue
        if is_stage_failure(line):
            into.stage_failures += 1
            into.lines.append(line)
        elif line.startswith("error:"):
            into.rejections += 1


def run_extract(folder: Path, workers: int, into: Count, out_dir: Path) -> None:
    """``vigil extract --format jsonl`` on one set's folder, as a subprocess."""
    vigil = Path(sys.executable).with_name("vigil")
    cmd = [str(vigil), "extract", "--format", "jsonl", "--workers", str(workers), str(folder)]
    out_path = out_dir / f"{into.name}.out.jsonl"
    err_path = out_dir / f"{into.name}.stderr.txt"
    env = {**os.environ, "COLUMNS": "10000"}  # one stderr line per message, unwrapped
    # One math thread per process (parallelism is --workers): on a small shared machine
    # a second torch thread mostly spins, at about ten times the CPU for short texts.
    env.setdefault("OMP_NUM_THREADS", "1")
    with out_path.open("wb") as out, err_path.open("wb") as err:
        proc = subprocess.run(cmd, stdout=out, stderr=err, env=env, check=False)
    into.exit_code = proc.returncode
    with out_path.open("rb") as fh:
        into.records = sum(1 for line in fh if line.strip())
    count_stderr(err_path.read_text(encoding="utf-8", errors="replace"), into)


def run_in_process(folder: Path, pipeline: object, into: Count) -> None:
    """The same inputs through ``Pipeline()`` here, stage by stage, catching exceptions."""
    from vigil.ingest import IngestError, read_paths

    for item in read_paths([folder]):
        if isinstance(item, IngestError):
            into.rejections += 1
            continue
        doc = item
        for comp in pipeline.components:  # type: ignore[attr-defined]
            try:
                batch = getattr(comp, "pipe", None)
                doc = next(iter(batch([doc]))) if batch is not None else comp(doc)
            except Exception as exc:  # noqa: BLE001 - the point is to see every crash
                into.stage_failures += 1
                line = f"{doc.source} ({doc.id}): stage {comp.name} failed: {type(exc).__name__}: {exc}"
                print(
                    f"[{into.name}] {line}\n{traceback.format_exc()}", file=sys.stderr, flush=True
                )
                break
        else:
            try:
                json.dumps(doc.to_record(), ensure_ascii=False)
            except Exception as exc:  # noqa: BLE001
                into.stage_failures += 1
                line = f"{doc.source}: stage to_record failed: {type(exc).__name__}: {exc}"
                print(
                    f"[{into.name}] {line}\n{traceback.format_exc()}", file=sys.stderr, flush=True
                )
                continue
            into.records += 1


def table(counts: list[Count]) -> str:
    keys = ("inputs", "records", "rejections", "stage_failures", "tracebacks", "unaccounted")
    cols = ("set", *(k.replace("_", " ") for k in keys), "seconds")
    rows = [(c.name, *(getattr(c, k) for k in keys), f"{c.seconds:.0f}") for c in counts]
    tot = [sum(getattr(c, k) for c in counts) for k in keys]
    rows.append(("total", *tot, f"{sum(c.seconds for c in counts):.0f}"))
    widths = [max(len(str(r[i])) for r in [cols, *rows]) for i in range(len(cols))]
    fmt = "  ".join(f"{{:<{widths[0]}}}" if i == 0 else f"{{:>{w}}}" for i, w in enumerate(widths))
    return "\n".join(fmt.format(*r) for r in [cols, *rows])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--eval-dir", type=Path, default=default_eval_dir())
    ap.add_argument("--limit", type=int, default=None, help="at most N inputs per set")
    ap.add_argument("--workers", type=int, default=1, help="vigil extract --workers")
    ap.add_argument("--sets", default=",".join(SETS), help="comma-separated: " + ",".join(SETS))
    ap.add_argument("--in-process", action="store_true", help="run Pipeline() here, stage by stage")
    ap.add_argument(
        "--keep", type=Path, default=None, help="write inputs/outputs here and keep them"
    )
    args = ap.parse_args(argv)
    names = [s.strip() for s in args.sets.split(",") if s.strip()]
    unknown = [s for s in names if s not in SETS]
    if unknown:
        ap.error(f"unknown set(s) {unknown}; known: {list(SETS)}")
    if not args.eval_dir.is_dir():
        ap.error(f"{args.eval_dir}: no evaluation folder (set VIGIL_EVAL_DIR)")

    pipeline = None
    if args.in_process:
        from vigil.pipeline import Pipeline, one_thread_per_process

        if os.environ.get("OMP_NUM_THREADS", "1") == "1":
            one_thread_per_process()
        pipeline = Pipeline()
    counts: list[Count] = []
    with tempfile.TemporaryDirectory(prefix="vigil-fuzz-") as tmp:
        base = args.keep or Path(tmp)
        for name in names:
            c = Count(name)
            folder = base / "inputs" / name
            c.inputs = write_set(name, args.eval_dir, folder, args.limit)
            t0 = time.monotonic()
            if pipeline is not None:
                run_in_process(folder, pipeline, c)
            else:
                (base / "outputs").mkdir(parents=True, exist_ok=True)
                run_extract(folder, args.workers, c, base / "outputs")
            c.seconds = time.monotonic() - t0
            counts.append(c)
            for line in c.lines:
                print(f"[{name}] {line}", file=sys.stderr)
            print(
                f"{name}: {c.inputs} inputs, {c.records} records, {c.rejections} rejections, "
                f"{c.stage_failures} stage failures, {c.tracebacks} tracebacks "
                f"({c.seconds:.0f} s)",
                flush=True,
            )
    print()
    print(table(counts))
    return 1 if any(c.crashed for c in counts) else 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark: what vigil costs to install and to start.

- Installed size: a fresh virtual environment with ``pip install -e .`` (the
  runtime dependencies of ``pyproject.toml``, no extras), measured on disk; it
  also shows which large packages it holds (PyTorch must not be one of them).
- Start-up: ``vigil sites list`` on an empty SQLite database, from process
  start to exit (best of N; wall and CPU time), a command that parses no text.

    python bench/footprint.py [--venv DIR] [--rebuild] [--runs N] [--json FILE]

The venv is kept (default ``/tmp/vigil-footprint-venv``) and reused by later
runs unless ``--rebuild``; pip reads the same package index as the project's.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
console = Console()


def dir_size(path: Path) -> int:
    """Bytes on disk under ``path`` (files counted once, symlinks not followed)."""
    total, seen = 0, set()
    for dirpath, _, files in os.walk(path):
        for name in files:
            st = os.lstat(os.path.join(dirpath, name))
            if st.st_ino not in seen:
                seen.add(st.st_ino)
                total += st.st_blocks * 512
    return total


def build_venv(venv: Path, rebuild: bool) -> None:
    if rebuild and venv.exists():
        shutil.rmtree(venv)
    if (venv / "bin" / "vigil").exists():
        return
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet"]
    subprocess.run([*pip, "--upgrade", "pip"], check=True)
    subprocess.run([*pip, "-e", str(ROOT)], check=True)


def largest(site: Path, n: int = 8) -> list[tuple[str, int]]:
    sizes = [(p.name, dir_size(p)) for p in site.iterdir() if p.is_dir()]
    return sorted(sizes, key=lambda x: -x[1])[:n]


def startup(vigil: Path, runs: int) -> dict[str, float]:
    """Best wall and CPU seconds of ``vigil sites list`` on an empty database."""
    walls, cpus = [], []
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, VIGIL_DB=str(Path(tmp) / "empty.db"))
        for _ in range(runs + 1):  # the first run creates the database
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            subprocess.run([str(vigil), "sites", "list"], env=env, check=True, capture_output=True)
            walls.append(time.perf_counter() - t0)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return {"wall_s": min(walls[1:]), "cpu_s": min(cpus[1:])}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--venv", type=Path, default=Path("/tmp/vigil-footprint-venv"))
    ap.add_argument("--rebuild", action="store_true", help="build the venv afresh")
    ap.add_argument("--runs", type=int, default=5, help="start-up runs; the best counts")
    ap.add_argument("--json", type=Path, default=None, help="also write the numbers here")
    args = ap.parse_args()

    build_venv(args.venv, args.rebuild)
    site = next((args.venv / "lib").glob("python*/site-packages"))
    # An editable install leaves the package (and its data: gazetteer, encoder, models) in
    # src/; a regular install would copy it into the venv, so it is counted too.
    size = dir_size(args.venv) + dir_size(ROOT / "src" / "vigil")
    heavy = largest(site)
    has_torch = (site / "torch").exists()
    start = startup(args.venv / "bin" / "vigil", args.runs)

    t = Table("footprint", "value")
    t.add_row("fresh venv, `pip install -e .`, with the package (MB)", f"{size / 2**20:.0f}")
    t.add_row("PyTorch installed", "yes" if has_torch else "no")
    t.add_row("largest packages (MB)", ", ".join(f"{n} {s / 2**20:.0f}" for n, s in heavy))
    t.add_row("`vigil sites list` start to exit (s, wall)", f"{start['wall_s']:.2f}")
    t.add_row("`vigil sites list` CPU (s, user+sys)", f"{start['cpu_s']:.2f}")
    console.print(t)
    result: dict[str, Any] = {
        "venv_mb": size / 2**20,
        "torch_installed": has_torch,
        "largest_mb": {n: s / 2**20 for n, s in heavy},
        "startup_sites_list": start,
    }
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()

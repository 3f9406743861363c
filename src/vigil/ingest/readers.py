"""Dispatch paths to format readers (minimal: plain text with a meta sidecar)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from vigil.document import Document
from vigil.ingest.errors import IngestError


def read_paths(
    paths: Iterable[str | Path], published: date | None = None
) -> Iterator[Document | IngestError]:
    for p in paths:
        path = Path(p)
        files = sorted(f for f in path.rglob("*") if f.is_file()) if path.is_dir() else [path]
        for f in files:
            if f.name.endswith(".meta.json"):
                continue
            yield from read_text(f, published)


def read_text(path: Path, published: date | None = None) -> Iterator[Document | IngestError]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        yield IngestError(str(path), str(exc))
        return
    meta_path = path.with_name(path.stem + ".meta.json")
    meta = json.loads(meta_path.read_text()) if meta_path.exists() else {}
    pub = date.fromisoformat(meta["published"]) if meta.get("published") else published
    yield Document(
        raw_text=text,
        source=str(path),
        title=meta.get("title"),
        published=pub,
        language=meta.get("language", "en"),
        meta=meta,
    )

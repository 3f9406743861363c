"""Ingest: turn files, folders and feeds into :class:`~vigil.document.Document` objects.

Readers never raise on a bad input: they yield an :class:`IngestError` naming
the input and the reason, so one broken file never stops a batch.

Layout: ``readers`` picks a reader per path from ``formats/`` (text, HTML, JSON
Lines, feeds, sitemaps, WARC); ``limits``, ``decode`` and ``meta`` are what every
reader shares (size caps and binary checks, bytes to text, sidecars and dates);
``clean/`` is the pipeline's first stage, which drops scraping debris from the body.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from vigil.ingest.errors import IngestError

if TYPE_CHECKING:
    from vigil.ingest.readers import read_paths

__all__ = ["IngestError", "read_paths"]


def __getattr__(name: str) -> Any:
    """``read_paths`` on first use (PEP 562): the readers import trafilatura, htmldate and
    feedparser, which commands that read no input should not pay for at start-up."""
    if name != "read_paths":
        raise AttributeError(f"module 'vigil.ingest' has no attribute {name!r}")
    from vigil.ingest.readers import read_paths

    globals()["read_paths"] = read_paths
    return read_paths

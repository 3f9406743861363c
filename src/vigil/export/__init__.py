"""Stored events in the formats other tools read: ACLED CSV, GeoJSON, Parquet.

``rows.py`` reads the stored ACLED-typed events (optionally since a date, or
within a registered site's radius) as rows keyed by ACLED's export column names;
``formats.py`` writes them. The ``vigil export`` command (``vigil.cli.store.export``)
joins the two.
"""

from __future__ import annotations

from vigil.export.formats import FORMATS, write
from vigil.export.rows import COLUMNS, export_rows

__all__ = ["COLUMNS", "FORMATS", "export_rows", "write"]

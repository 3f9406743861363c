"""Writers for :func:`vigil.export.rows.export_rows`'s rows: ACLED CSV, GeoJSON, Parquet.

- ``acled-csv``: exactly ACLED's export columns, in ACLED's order, so tools
  written for ACLED's files read vigil's;
- ``geojson``: a FeatureCollection of points (``[longitude, latitude]``), the
  columns as properties; an event without coordinates keeps a ``null`` geometry
  (valid GeoJSON, and nothing silently dropped);
- ``parquet``: one typed table (dates as dates, codes as integers, coordinates as
  nullable doubles) for data teams, through pyarrow.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from datetime import date
from typing import IO, Any

from vigil.export.rows import COLUMNS, FLOAT_COLUMNS, INT_COLUMNS

#: Extra properties beyond ACLED's columns in GeoJSON and Parquet (where they came from).
PROVENANCE: tuple[str, ...] = ("article_id", "event_id", "url")


def write_csv(rows: list[dict[str, Any]], fh: IO[bytes]) -> None:
    text = _TextOut(fh)
    w = csv.DictWriter(text, COLUMNS, extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    for row in rows:
        w.writerow({k: ("" if row[k] is None else row[k]) for k in COLUMNS})
    text.flush()


def write_geojson(rows: list[dict[str, Any]], fh: IO[bytes]) -> None:
    features = []
    for row in rows:
        lat, lon = row.get("latitude"), row.get("longitude")
        geometry = (
            {"type": "Point", "coordinates": [lon, lat]}
            if lat is not None and lon is not None
            else None
        )
        props = {k: row.get(k) for k in (*COLUMNS, *PROVENANCE)}
        features.append({"type": "Feature", "geometry": geometry, "properties": props})
    doc = {"type": "FeatureCollection", "features": features}
    fh.write(json.dumps(doc, ensure_ascii=False).encode("utf-8"))
    fh.write(b"\n")


def write_parquet(rows: list[dict[str, Any]], fh: IO[bytes]) -> None:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:  # an extra: 170 MB installed for this one format
        raise RuntimeError(
            "Parquet export needs pyarrow, which vigil installs: pip install pyarrow"
        ) from exc

    fields = []
    for col in (*COLUMNS, *PROVENANCE):
        if col == "event_date":
            kind = pa.date32()
        elif col in INT_COLUMNS:
            kind = pa.int32()
        elif col in FLOAT_COLUMNS:
            kind = pa.float64()
        else:
            kind = pa.string()
        fields.append(pa.field(col, kind, nullable=True))
    schema = pa.schema(fields)
    data = {
        col: [
            (date.fromisoformat(r[col]) if r.get(col) else None)
            if col == "event_date"
            else r.get(col)
            for r in rows
        ]
        for col in schema.names
    }
    pq.write_table(pa.table(data, schema=schema), fh)


FORMATS: dict[str, Callable[[list[dict[str, Any]], IO[bytes]], None]] = {
    "acled-csv": write_csv,
    "geojson": write_geojson,
    "parquet": write_parquet,
}


def write(fmt: str, rows: list[dict[str, Any]], fh: IO[bytes]) -> None:
    """Write ``rows`` to the binary stream ``fh`` in ``fmt`` (one of :data:`FORMATS`)."""
    try:
        writer = FORMATS[fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}") from None
    writer(rows, fh)


class _TextOut:
    """A text view of a binary stream that leaves the stream open (stdout stays usable)."""

    def __init__(self, fh: IO[bytes]):
        self.fh = fh

    def write(self, text: str) -> int:
        self.fh.write(text.encode("utf-8"))
        return len(text)

    def flush(self) -> None:
        self.fh.flush()

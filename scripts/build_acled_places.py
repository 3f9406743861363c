"""Build ``src/vigil/places/data/acled_places.tsv``: the places ACLED's coders coded.

Reads the ACLED dev file (``../shared/eval/events/acled-dev.csv``, the even ``data_id`` rows of
ACLED's public sample), keeps the DEV rows only (the held-out TEST part, ``(data_id // 2) % 5
== 0``, never reaches the list) and writes one line per coded location: its name as ACLED
writes it, country, ISO3, admin1, admin2, point, the geo_precision its rows were most often
coded with, and how many rows put an event there. No note text is shipped.

Usage: ``.venv/bin/python scripts/build_acled_places.py [--data CSV] [--out TSV]``
"""

from __future__ import annotations

import argparse
from pathlib import Path

from vigil.eval.acled import read_acled, select
from vigil.places.acled.coded import DEFAULT_PATH, PlaceList

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "eval" / "events" / "acled-dev.csv"

HEADER = (
    "vigil: the locations ACLED's coders coded, learnt from the DEV rows of the ACLED dev file",
    "(scripts/build_acled_places.py; TEST rows, (data_id // 2) % 5 == 0, are excluded).",
    "Source: ACLED (Armed Conflict Location & Event Data), public data sample,",
    "https://acleddata.com. Used under ACLED's terms of use and attribution policy: credit",
    "'Armed Conflict Location & Event Data (ACLED), acleddata.com'. Shipped: only the names,",
    "admin areas, points and geo_precision of coded locations, with row counts; no notes,",
    "actors, dates or other event data.",
)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--out", type=Path, default=DEFAULT_PATH)
    args = ap.parse_args()
    rows = select(read_acled(args.data), "dev")
    places = PlaceList.from_rows(rows)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    places.write(args.out, HEADER)
    print(f"{args.out}: {len(places)} locations from {len(rows)} DEV rows")


if __name__ == "__main__":
    main()

"""Build the ACLED sub-event-type text model shipped in ``src/vigil/events/data/``.

Source: CASE 2021 shared task 2 development set (``shared/eval/events/
case2021-task2-dev.tsv``; snippets from news reports labelled with ACLED
sub-event types plus five non-ACLED types). Only the fitted weights are shipped
(``acled_model.pkl.gz``), not the text. Training adds vigil's own definitional
sentences per sub-event type (``src/vigil/events/data/acled_definitions.tsv``,
written from the ACLED codebook's general descriptions). The model is TF-IDF over word 1-2 grams
and character 2-5 grams with a class-balanced logistic regression: small,
CPU-fast, no downloads.

Its honest accuracy is the k-fold cross-validated score of
``vigil eval events --cv 5`` (each fold's model never sees its test snippets);
the shipped model is trained on all of the data.

Usage: python scripts/train_event_models.py [--data PATH] [--out PATH]
"""

from __future__ import annotations

import argparse
import gzip
import pickle
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "eval" / "events" / "case2021-task2-dev.tsv"
DEFAULT_OUT = ROOT / "src" / "vigil" / "events" / "data" / "acled_model.pkl.gz"


def main() -> None:
    from vigil.eval.events import build_acled_model, read_case

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args()
    rows = read_case(args.data)
    model = build_acled_model([r.text for r in rows], [r.label for r in rows])
    with gzip.open(args.out, "wb", compresslevel=9) as fh:
        pickle.dump(model, fh, protocol=pickle.HIGHEST_PROTOCOL)
    size = args.out.stat().st_size // 1024
    print(f"wrote {args.out} ({size} KiB) from {len(rows)} snippets + codebook definitions")


if __name__ == "__main__":
    main()

"""Build the ACLED sub-event-type text model shipped in ``src/vigil/events/data/``.

Sources: CASE 2021 shared task 2 development set (``shared/eval/events/
case2021-task2-dev.tsv``; snippets from news reports labelled with ACLED
sub-event types plus five non-ACLED types) and the DEV part of ACLED's event
notes (``shared/eval/events/acled-dev.csv``, rows with ``(data_id // 2) % 5 != 0``;
the even ``data_id``s of ACLED's public sample, each a short report written and
typed by ACLED's coders; the TEST part is never trained on). Only the fitted
weights are shipped (``acled_model.pkl.gz``), not the text. Training adds vigil's own definitional
sentences per sub-event type (``src/vigil/events/data/acled_definitions.tsv``,
written from the ACLED codebook's general descriptions). The model has two
class-balanced logistic regressions whose probabilities are averaged
(``vigil.events.acled.training``): one on TF-IDF word 1-2 grams and character 2-5
grams, one on the ``embed`` stage's sentence vectors (the encoder setting,
``VIGIL_ENCODER``; with ``none`` only the first is trained). Small, CPU-fast,
no downloads.

Its honest accuracy is the k-fold cross-validated score of
``vigil eval events --cv 5`` and ``vigil eval acled --split dev --cv 5`` (each
fold's model never sees its test snippets or notes), and ``vigil eval acled
--split test`` once; the shipped model is trained on all of CASE and DEV.

Usage: python scripts/train_event_models.py [--data PATH] [--acled PATH] [--out PATH]
"""

from __future__ import annotations

import argparse
import gzip
import pickle
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "eval" / "events" / "case2021-task2-dev.tsv"
DEFAULT_ACLED = ROOT.parent / "shared" / "eval" / "events" / "acled-dev.csv"
DEFAULT_OUT = ROOT / "src" / "vigil" / "events" / "data" / "acled_model.pkl.gz"


def main() -> None:
    from vigil.eval.acled import read_acled, select, training_notes
    from vigil.eval.events import prepare, read_case, report_vectors_of
    from vigil.events.acled.training import build_acled_model
    from vigil.language.embeddings import load_encoder
    from vigil.settings import Settings

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--acled", type=Path, default=DEFAULT_ACLED, help="ACLED notes CSV")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args()
    rows = read_case(args.data)
    texts = [r.text for r in rows]
    encoder = load_encoder(Settings().encoder)
    vectors = report_vectors_of(prepare(texts, ["parse", "embed"])) if encoder else None
    notes = training_notes(select(read_acled(args.acled), "dev"))
    model = build_acled_model(texts, [r.label for r in rows], vectors, encoder, notes=notes)
    with gzip.open(args.out, "wb", compresslevel=9) as fh:
        pickle.dump(model, fh, protocol=pickle.HIGHEST_PROTOCOL)
    size = args.out.stat().st_size // 1024
    readers = "n-grams + sentence vectors" if vectors is not None else "n-grams only"
    print(
        f"wrote {args.out} ({size} KiB, {readers}) from {len(rows)} CASE snippets, "
        f"{len(notes)} ACLED DEV notes and the written definitions and examples"
    )


if __name__ == "__main__":
    main()

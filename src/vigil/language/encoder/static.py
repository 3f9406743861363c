"""A static sentence encoder in model2vec's format, read with numpy.

A folder holds ``model.safetensors`` (an ``embeddings`` table, one row per
token; optionally ``weights`` per token and a token -> row ``mapping``),
``tokenizer.json`` and ``config.json`` (``normalize``, ``max_length``). That is
what ``scripts/build_encoder.py`` writes and what model2vec saves, so any
model2vec model folder can be named by ``VIGIL_ENCODER``.

Every text is hostile input: it is tokenised without special tokens, cut to
``max_length`` tokens (a long document's vector is its lead's, as with the
transformer it was distilled from), unknown tokens are dropped, and a text with
no known token at all (empty, only symbols the vocabulary lacks) gets a zero
row rather than a division by zero.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

#: Characters read per token allowed: a bound on the tokeniser's work for one
#: huge text, far above the longest WordPiece token.
_CHARS_PER_TOKEN = 32


def is_static(folder: Path) -> bool:
    """Whether ``folder`` holds a model2vec-format static model."""
    cfg = folder / "config.json"
    if not cfg.is_file() or not (folder / "model.safetensors").is_file():
        return False
    try:
        config = json.loads(cfg.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return config.get("model_type") == "model2vec" or "StaticModel" in (
        config.get("architectures") or []
    )


class StaticEncoder:
    """Texts -> unit-length float32 vectors: the mean of the texts' token rows."""

    def __init__(self, folder: Path, name: str):
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        tensors = load_file(str(folder / "model.safetensors"))
        table = np.asarray(tensors["embeddings"], dtype=np.float32)
        if "mapping" in tensors:  # vocabulary-quantised: tokens share rows
            table = table[np.asarray(tensors["mapping"], dtype=np.int64)]
        if "weights" in tensors:
            table = table * np.asarray(tensors["weights"], dtype=np.float32)[:, None]
        self.table = np.ascontiguousarray(table)
        self.name = name
        self.dim = int(self.table.shape[1])
        self.normalize = bool(config.get("normalize", True))
        self.max_length = int(config.get("max_length") or 512)
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()
        unk = json.loads(self.tokenizer.to_str())["model"].get("unk_token")
        self.unk_id = self.tokenizer.token_to_id(unk) if isinstance(unk, str) else None

    def token_ids(self, texts: list[str]) -> list[np.ndarray]:
        """Each text's token ids: at most ``max_length``, unknown tokens left out."""
        cut = self.max_length * _CHARS_PER_TOKEN
        encs = self.tokenizer.encode_batch(
            [t[:cut] if isinstance(t, str) else "" for t in texts], add_special_tokens=False
        )
        out = []
        for enc in encs:
            ids = np.asarray(enc.ids[: self.max_length], dtype=np.int64)
            if self.unk_id is not None:
                ids = ids[ids != self.unk_id]
            out.append(ids[ids < len(self.table)])
        return out

    def encode(self, texts: list[str], batch_size: int = 1024) -> np.ndarray:
        """One row per text (zero for a text without a known token)."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for lo in range(0, len(texts), max(1, batch_size)):
            ids = self.token_ids(texts[lo : lo + batch_size])
            lengths = np.array([len(i) for i in ids])
            if not lengths.any():
                continue
            rows = self.table[np.concatenate(ids)]
            starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
            has = lengths > 0
            sums = np.add.reduceat(rows, starts[has], axis=0)
            out[lo : lo + len(ids)][has] = sums / lengths[has, None]
        if self.normalize:
            norms = np.linalg.norm(out, axis=1, keepdims=True)
            np.divide(out, norms, out=out, where=norms > 0)
        return out

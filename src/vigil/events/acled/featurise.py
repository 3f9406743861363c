"""The ACLED text model's n-gram features of sentences and of their neighbourhoods, each
sentence read once.

:func:`vigil.events.acled.classify.sentence_probs` scores every sentence alone and
within its window (the sentence and its neighbours, joined by a space). Handed
to the model as texts, every sentence would be tokenised and cut into character
n-grams four times (alone and in up to three windows): the largest cost of the
events stage. The counts of a window are the sum of its sentences' counts
exactly, except for the word bigrams that span two sentences, which are added
here; character n-grams (``char_wb``) never cross a space. So the windows'
TF-IDF rows are those of the joined texts, to the last bit, from one pass over
the sentences.

Models of another shape (no union of TF-IDF vectorisers before the classifier)
are scored from the texts as before.
"""

from __future__ import annotations

import re
import weakref
from array import array
from collections.abc import Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp

from vigil.events.acled import types as acled_mod


def _union_parts(clf: acled_mod.AcledClassifier) -> tuple[list[Any], Any] | None:
    """The TF-IDF vectorisers and the final classifier of the n-gram reader, if it is
    the union-of-vectorisers pipeline :mod:`vigil.events.acled.training` builds."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion, Pipeline

    model = clf.text_model
    if not isinstance(model, Pipeline) or len(model.steps) != 2:
        return None
    union, final = model.steps[0][1], model.steps[1][1]
    if not isinstance(union, FeatureUnion) or union.transformer_weights:
        return None
    vecs = [v for _, v in union.transformer_list]
    if not vecs or not all(isinstance(v, TfidfVectorizer) for v in vecs):
        return None
    if any(v.analyzer not in ("word", "char_wb") or v.stop_words for v in vecs):
        return None
    return vecs, final


def _window_matrix(n: int, windows: Sequence[Sequence[int]]) -> sp.csr_matrix:
    rows = [r for r, w in enumerate(windows) for _ in w]
    cols = [c for w in windows for c in w]
    data = np.ones(len(rows), dtype=np.float64)
    return sp.csr_matrix((data, (rows, cols)), shape=(len(windows), n))


def _boundary_ngrams(vec: Any, texts: list[str], windows: Sequence[Sequence[int]]) -> sp.csr_matrix:
    """Counts of the word n-grams of a window that span two or more of its texts, each
    counted once, at the first boundary it crosses."""
    pre, tok = vec.build_preprocessor(), vec.build_tokenizer()
    lo, hi = max(2, vec.ngram_range[0]), vec.ngram_range[1]
    vocab = vec.vocabulary_
    tokens: dict[int, list[str]] = {}
    rows, cols = [], []
    for r, w in enumerate(windows):
        if len(w) < 2:
            continue
        seq: list[str] = []
        starts: list[int] = []  # where each non-empty text begins in seq
        for i in w:
            toks = tokens.get(i)
            if toks is None:
                toks = tokens[i] = tok(pre(texts[i]))
            if toks:
                starts.append(len(seq))
                seq.extend(toks)
        for prev, b in zip(starts, starts[1:], strict=False):
            for i in range(max(prev, b - hi + 1), b):
                for n in range(max(lo, b - i + 1), hi + 1):
                    if i + n > len(seq):
                        break
                    j = vocab.get(" ".join(seq[i : i + n]))
                    if j is not None:
                        rows.append(r)
                        cols.append(j)
    data = np.ones(len(rows), dtype=np.float64)
    return sp.csr_matrix((data, (rows, cols)), shape=(len(windows), len(vocab)))


_WHITE_SPACES = re.compile(r"\s\s+")


#: Words whose n-grams each ``char_wb`` vectoriser remembers across batches (news
#: repeats its words from batch to batch; about 6 MB at the limit, then forgotten).
_WORD_LIMIT = 20_000
_word_ngrams: weakref.WeakKeyDictionary[Any, dict[str, array[int]]] = weakref.WeakKeyDictionary()


def _char_wb_counts(vec: Any, texts: list[str]) -> sp.csr_matrix:
    """``CountVectorizer.transform`` of a ``char_wb`` vectoriser, each distinct word cut
    into n-grams once (and remembered for later batches): its n-grams never depend on
    the words around it, and news repeats words. Same counts, same order of n-grams
    within a word as scikit-learn's ``_char_wb_ngrams``."""
    pre = vec.build_preprocessor()
    lo, hi = vec.ngram_range
    vocab = vec.vocabulary_
    seen = _word_ngrams.get(vec)
    if seen is None or len(seen) > _WORD_LIMIT:
        seen = _word_ngrams[vec] = {}
    indices: array[int] = array("i")
    indptr = [0]
    for text in texts:
        for w in _WHITE_SPACES.sub(" ", pre(text)).split():
            ids = seen.get(w)
            if ids is None:
                ids = seen[w] = array("i")
                padded = f" {w} "
                size = len(padded)
                for n in range(lo, hi + 1):
                    for at in range(max(1, size - n + 1)):
                        j = vocab.get(padded[at : at + n])
                        if j is not None:
                            ids.append(j)
                    if size <= n:
                        break  # a short word counts once, whole
            indices.extend(ids)
        indptr.append(len(indices))
    data = np.ones(len(indices), dtype=vec.dtype)
    counts = sp.csr_matrix(
        (
            data,
            np.frombuffer(indices, dtype=np.int32).astype(np.int64),
            np.asarray(indptr, dtype=np.int64),
        ),
        shape=(len(texts), len(vocab)),
    )
    counts.sum_duplicates()
    return counts


def _counts(vec: Any, texts: list[str]) -> sp.csr_matrix:
    from sklearn.feature_extraction.text import CountVectorizer

    if vec.analyzer == "char_wb" and not vec.binary and vec.input == "content":
        return _char_wb_counts(vec, texts)
    return CountVectorizer.transform(vec, texts).tocsr()


def sums_exactly(clf: acled_mod.AcledClassifier) -> bool:
    """Whether the n-gram reader's counts of a text are the sums of its parts' counts
    (plus the n-grams across the joins): then :func:`window_text_proba` is exact."""
    return _union_parts(clf) is not None


def window_text_proba(
    clf: acled_mod.AcledClassifier, texts: list[str], windows: Sequence[Sequence[int]]
) -> np.ndarray:
    """The n-gram reader's probabilities (:attr:`AcledClassifier.codes` order) for each
    window: the texts at its indices, stripped and joined by a space (a window of one
    is the text as given). Each text is read once however many windows hold it, and all
    windows are scored in one call, so a whole batch of documents is best passed at once
    (rows are independent: a window's probabilities do not depend on its company)."""
    parts = _union_parts(clf)
    if not windows:
        return np.zeros((0, len(clf.codes)))
    if parts is None:
        joined = [
            texts[w[0]] if len(w) == 1 else " ".join(texts[i].strip() for i in w) for w in windows
        ]
        return clf.text_model.predict_proba(joined)
    vecs, final = parts
    stripped = [t.strip() for t in texts]
    spread = _window_matrix(len(texts), windows)
    blocks = []
    for vec in vecs:
        counts = spread @ _counts(vec, stripped)
        if vec.analyzer == "word" and vec.ngram_range[1] >= 2:
            counts = counts + _boundary_ngrams(vec, stripped, windows)
        blocks.append(vec._tfidf.transform(sp.csr_matrix(counts), copy=False))
    return final.predict_proba(sp.hstack(blocks).tocsr())


def sentence_and_window_text_proba(
    clf: acled_mod.AcledClassifier, texts: list[str], windows: list[slice]
) -> tuple[np.ndarray, np.ndarray]:
    """The n-gram reader's probabilities for each text and for each window of texts
    (``" ".join`` of the stripped texts in the slice)."""
    n = len(texts)
    ranges = [list(range(*w.indices(n))) for w in windows]
    p = window_text_proba(clf, texts, [[i] for i in range(n)] + ranges)
    return p[:n], p[n:]

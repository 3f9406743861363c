"""The ACLED text model's n-gram features of sentences and of their neighbourhoods, each
sentence read once.

:func:`vigil.events.classify.sentence_probs` scores every sentence alone and
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

from typing import Any

import numpy as np
import scipy.sparse as sp

from vigil.events import acled as acled_mod


def _union_parts(clf: acled_mod.AcledClassifier) -> tuple[list[Any], Any] | None:
    """The TF-IDF vectorisers and the final classifier of the n-gram reader, if it is
    the union-of-vectorisers pipeline :mod:`vigil.events.training` builds."""
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


def _window_matrix(n: int, windows: list[slice]) -> sp.csr_matrix:
    rows, cols = [], []
    for r, w in enumerate(windows):
        for c in range(*w.indices(n)):
            rows.append(r)
            cols.append(c)
    data = np.ones(len(rows), dtype=np.float64)
    return sp.csr_matrix((data, (rows, cols)), shape=(len(windows), n))


def _boundary_bigrams(vec: Any, texts: list[str], windows: list[slice]) -> sp.csr_matrix:
    """Counts of the word bigrams that join two sentences of a window."""
    pre, tok = vec.build_preprocessor(), vec.build_tokenizer()
    tokens = [tok(pre(t)) for t in texts]
    vocab = vec.vocabulary_
    rows, cols = [], []
    for r, w in enumerate(windows):
        last: str | None = None
        for i in range(*w.indices(len(texts))):
            toks = tokens[i]
            if not toks:
                continue
            if last is not None:
                j = vocab.get(f"{last} {toks[0]}")
                if j is not None:
                    rows.append(r)
                    cols.append(j)
            last = toks[-1]
    data = np.ones(len(rows), dtype=np.float64)
    return sp.csr_matrix((data, (rows, cols)), shape=(len(windows), len(vocab)))


def sentence_and_window_text_proba(
    clf: acled_mod.AcledClassifier, texts: list[str], windows: list[slice]
) -> tuple[np.ndarray, np.ndarray]:
    """The n-gram reader's probabilities (:attr:`AcledClassifier.codes` order) for each
    text and for each window of texts (``" ".join`` of the stripped texts in the slice)."""
    parts = _union_parts(clf)
    if parts is None:
        joined = [" ".join(t.strip() for t in texts[w]) for w in windows]
        return clf.text_model.predict_proba(texts), clf.text_model.predict_proba(joined)
    from sklearn.feature_extraction.text import CountVectorizer

    vecs, final = parts
    stripped = [t.strip() for t in texts]
    spread = _window_matrix(len(texts), windows)
    own_blocks, win_blocks = [], []
    for vec in vecs:
        counts = CountVectorizer.transform(vec, stripped).tocsr()
        win = spread @ counts
        if vec.analyzer == "word" and vec.ngram_range[1] >= 2:
            win = win + _boundary_bigrams(vec, stripped, windows)
        own_blocks.append(vec._tfidf.transform(counts, copy=False))
        win_blocks.append(vec._tfidf.transform(sp.csr_matrix(win), copy=False))
    own = final.predict_proba(sp.hstack(own_blocks).tocsr())
    ctx = final.predict_proba(sp.hstack(win_blocks).tocsr())
    return own, ctx

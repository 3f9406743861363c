"""Window features from sentence counts equal the features of the joined windows."""

from __future__ import annotations

import numpy as np

from vigil.events import featurise
from vigil.events.acled import AcledClassifier, load_classifier
from vigil.events.training import build_acled_model

TEXTS = [
    "Police fired tear gas at protesters in the capital.",
    "Gunmen attacked a village and killed six people.",
    "Thousands marched peacefully through the city centre.",
    "An airstrike hit a market near the border.",
    "Protesters blocked the main road with burning tyres.",
    "Militants ambushed an army convoy on the highway.",
]
LABELS = ["PROTEST", "ATTACK", "PROTEST", "AIR", "PROTEST", "ATTACK"]

# Bigrams the models know ("tear gas", "a village") span sentence boundaries here.
SENTENCES = [
    "Protesters gathered outside parliament. Police fired tear",
    "  gas at protesters in the capital.  ",
    "Gunmen attacked a",
    "—",  # no word token: the bigram joins the sentences on either side of it
    "village and killed six people.",
]


def _windows(n: int) -> list[slice]:
    return [slice(max(0, i - 1), min(n, i + 2)) for i in range(n)]


def _joined(texts: list[str], w: slice) -> str:
    return " ".join(t.strip() for t in texts[w])


def test_windows_scored_from_sentence_counts_equal_joined_texts():
    clf = AcledClassifier(build_acled_model(TEXTS, LABELS, with_written=False))
    wins = _windows(len(SENTENCES))
    own, ctx = featurise.sentence_and_window_text_proba(clf, SENTENCES, wins)
    assert np.allclose(own, clf.text_model.predict_proba(SENTENCES), atol=1e-12)
    joined = [_joined(SENTENCES, w) for w in wins]
    assert np.allclose(ctx, clf.text_model.predict_proba(joined), atol=1e-12)


def test_packaged_model_gives_the_same_probabilities():
    clf = load_classifier()
    assert clf is not None
    wins = _windows(len(SENTENCES))
    own, ctx = featurise.sentence_and_window_text_proba(clf, SENTENCES, wins)
    joined = [_joined(SENTENCES, w) for w in wins]
    assert np.allclose(ctx, clf.text_model.predict_proba(joined), atol=1e-12)
    assert np.allclose(own, clf.text_model.predict_proba(SENTENCES), atol=1e-12)


def test_a_model_of_another_shape_is_scored_from_text():
    from sklearn.feature_extraction.text import HashingVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    model = make_pipeline(HashingVectorizer(n_features=256), LogisticRegression())
    clf = AcledClassifier(model.fit(TEXTS, LABELS))
    wins = _windows(len(SENTENCES))
    own, ctx = featurise.sentence_and_window_text_proba(clf, SENTENCES, wins)
    joined = [_joined(SENTENCES, w) for w in wins]
    assert np.allclose(ctx, model.predict_proba(joined))
    assert np.allclose(own, model.predict_proba(SENTENCES))

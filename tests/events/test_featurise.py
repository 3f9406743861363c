"""Window features from sentence counts equal the features of the joined windows."""

from __future__ import annotations

import numpy as np

from vigil.events.acled import featurise
from vigil.events.acled.training import build_acled_model
from vigil.events.acled.types import AcledClassifier, load_classifier

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


def test_ngrams_across_several_boundaries_are_counted_once():
    # Word trigrams can span three sentences when the middle one has one word.
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union

    model = make_pipeline(
        make_union(
            TfidfVectorizer(ngram_range=(1, 3)),
            TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4)),
        ),
        LogisticRegression(),
    )
    clf = AcledClassifier(model.fit(TEXTS + ["tear gas village and"], LABELS + ["AIR"]))
    texts = ["Police fired tear", "gas", "village and killed", "", "six people."]
    wins = [[0, 1, 2], [1, 2], [0, 1, 2, 3, 4], [3], [2, 3, 4]]
    p = featurise.window_text_proba(clf, texts, wins)
    joined = [" ".join(texts[i].strip() for i in w) for w in wins]
    assert np.allclose(p, model.predict_proba(joined), atol=1e-12)


def _parsed(texts: list[str]):
    from vigil.document import Document
    from vigil.pipeline import Pipeline

    docs = [Document(raw_text=t, source=f"t{i}", published=None) for i, t in enumerate(texts)]
    return list(Pipeline(names=["clean", "parse"]).pipe(docs))


REPORTS = [
    # spaCy puts the closing quote in the next sentence: the pieces meet without a space.
    '"They fired at us," a witness said."\n\nGunmen attacked a village and killed six people.',
    "Police fired tear gas at protesters in the capital on Monday.\n\n"
    "Thousands marched peacefully.The army shelled the town.",
    "",
]


def test_report_row_summed_from_sentences_equals_reading_the_whole_text():
    from vigil.events.acled.classify import text_scores
    from vigil.events.coder import _prose

    clf = load_classifier()
    assert clf is not None
    docs = _parsed(REPORTS)
    batch = text_scores(clf, [(d, _prose(d)) for d in docs])
    for doc, sc in zip(docs, batch, strict=True):
        assert sc.report is not None
        whole = clf.text_model.predict_proba([doc.text])[0]
        assert np.allclose(sc.report, whole, atol=1e-9)
        # A batch scores each document as it would be scored alone.
        alone = text_scores(clf, [(doc, _prose(doc))])[0]
        assert np.array_equal(alone.own, sc.own) and np.array_equal(alone.ctx, sc.ctx)
        assert np.array_equal(alone.report, sc.report)


def test_a_parse_of_another_text_leaves_the_report_to_be_read_as_text():
    from vigil.events.acled.classify import text_scores
    from vigil.events.coder import _prose

    clf = load_classifier()
    assert clf is not None
    doc = _parsed(REPORTS[:1])[0]
    doc.text = doc.text.replace("Gunmen", "Rebels")  # same length, other words
    (sc,) = text_scores(clf, [(doc, _prose(doc))])
    assert sc.report is None


def test_char_counts_word_by_word_equal_scikit_learns():
    from sklearn.feature_extraction.text import CountVectorizer

    clf = load_classifier()
    assert clf is not None
    vec = next(v for _, v in clf.text_model.steps[0][1].transformer_list if v.analyzer == "char_wb")
    texts = (
        SENTENCES + TEXTS + ["", "  a  I ok\\tÉTÉ\u00a0naïve  ", "x", "Ab ab AB ab.", "İstanbul ſ"]
    )
    mine = featurise._char_wb_counts(vec, texts)
    theirs = CountVectorizer.transform(vec, texts).tocsr()
    assert mine.shape == theirs.shape and mine.dtype == theirs.dtype
    assert (mine != theirs).nnz == 0
    assert np.array_equal(mine.indptr, theirs.indptr) and np.array_equal(
        mine.indices, theirs.indices
    )

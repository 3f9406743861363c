"""The ``embed`` stage: sentence vectors from the packaged encoder, and the setting that
switches it off."""

from __future__ import annotations

import numpy as np
import pytest

from vigil.document import Document
from vigil.language.embeddings import SentenceEmbedder, load_encoder, model_dir, pooled
from vigil.language.nlp import load_nlp
from vigil.settings import DEFAULT_ENCODER, DEFAULT_MODEL


def _parsed(text: str) -> Document:
    doc = Document(raw_text=text, source="test")
    doc.spacy = load_nlp(DEFAULT_MODEL)(doc.text)
    return doc


@pytest.fixture(scope="module")
def encoder():
    enc = load_encoder(DEFAULT_ENCODER)
    assert enc is not None
    return enc


def test_vectors_follow_meaning_not_shared_words(encoder):
    a, b, c = encoder.encode(
        [
            "Riot police used water cannon to break up the demonstration.",
            "Security forces broke up the protest with water cannon.",
            "The police station will reopen next week after repairs.",
        ]
    )
    assert np.allclose(np.linalg.norm([a, b, c], axis=1), 1.0, atol=1e-4)
    # a and c share "police"; a and b share the event.
    assert float(a @ b) > float(a @ c) + 0.3


def test_stage_gives_one_vector_per_sentence_and_one_for_the_lead(encoder):
    docs = [
        _parsed("Gunmen attacked a village. Six people died. The army arrived later."),
        _parsed("Thousands marched in the capital on Sunday."),
    ]
    out = list(SentenceEmbedder(encoder, batch_size=8).pipe(docs))
    first, second = out
    assert first.sent_vectors.shape == (len(list(first.spacy.sents)), encoder.dim)
    assert first.sent_vectors.shape[0] == 3
    assert second.sent_vectors.shape[0] == 1
    assert first.vector.shape == (encoder.dim,)
    # Batching changes nothing: the same document alone gets the same vectors.
    alone = SentenceEmbedder(encoder, batch_size=1)(_parsed(docs[1].text))
    assert np.allclose(alone.sent_vectors, second.sent_vectors, atol=1e-5)


def test_switched_off_stage_leaves_documents_alone():
    assert load_encoder("none") is None
    doc = SentenceEmbedder(None)(_parsed("Thousands marched."))
    assert doc.vector is None and doc.sent_vectors is None


def test_unknown_encoder_is_named_in_the_error():
    with pytest.raises(ValueError, match="no-such-encoder"):
        model_dir("no-such-encoder")


def test_stage_needs_the_parse():
    with pytest.raises(ValueError, match="parse"):
        SentenceEmbedder(load_encoder(DEFAULT_ENCODER))(Document(raw_text="x", source="raw.txt"))


def test_pooled_is_unit_length():
    v = pooled(np.array([[1.0, 0.0], [0.0, 1.0]], dtype=np.float32))
    assert np.isclose(np.linalg.norm(v), 1.0)
    with pytest.raises(ValueError):
        pooled(np.zeros((0, 2), dtype=np.float32))

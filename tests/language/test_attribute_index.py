"""The attribute ruler's look-up matches are the Matcher's, and the tokens come out the same."""

from __future__ import annotations

import spacy

from vigil.language.attribute_index import IndexedAttributeMatcher
from vigil.language.nlp import load_nlp
from vigil.settings import Settings

TEXTS = [
    "I'm gonna tell y'all: let's go, it ain't nothin' but a test, c'mon.",
    "There is a man who does have it. There's nothing he did not do, and it gets worse.",
    "Whether or not they agree, the troops will leave Camp Taji because the parliament voted.",
    "  \n\nThe NZDF said it had 45 personnel in Iraq; they've been there since 2015.\n",
    "",
]


def _tokens(doc: spacy.tokens.Doc) -> list[tuple[str, ...]]:
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in doc]


def test_same_matches_and_tokens_as_spacy() -> None:
    model = Settings().model
    bare = spacy.load(model)
    ruler = bare.get_pipe("attribute_ruler")
    indexed = IndexedAttributeMatcher(ruler)
    for doc in bare.pipe(TEXTS, disable=["attribute_ruler", "lemmatizer", "ner"]):
        assert indexed.match(doc) == ruler.match(doc)
        assert indexed.match(doc) == ruler.match(doc)  # from the cache, too
    fast = load_nlp(model)
    for a, b in zip(bare.pipe(TEXTS), fast.pipe(TEXTS), strict=True):
        assert _tokens(a) == _tokens(b)


def test_patterns_it_cannot_index_keep_a_matcher() -> None:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "big"}, {"LOWER": "dog", "OP": "+"}]], {"LEMMA": "hound"})
    ruler.add([[{"ORTH": "Dog"}], [{"LOWER": "dog"}]], {"LEMMA": "canine"})
    ruler.add([[{"LOWER": {"REGEX": "^ca+t$"}}]], {"LEMMA": "cat"})
    indexed = IndexedAttributeMatcher(ruler)
    assert indexed.has_rest and len(indexed.runs) == 3
    doc = nlp.make_doc("a big Dog dog and a caat")
    assert indexed.match(doc) == ruler.match(doc)
    assert len(ruler.match(doc)) >= 4

"""The pipeline seam: named components, order, batching, plugins."""

from __future__ import annotations

import pytest

from vigil.document import Document, content_id
from vigil.pipeline import Pipeline, available, register


def test_content_id_ignores_trivial_scraping_differences():
    a = content_id("He said \u201chello\u201d.\n\nBye")
    b = content_id('he said "hello".  bye ')
    assert a == b
    assert a != content_id("He said goodbye.")


def test_registered_component_runs_in_order():
    seen: list[str] = []

    class Marker:
        name = "marker"

        def __call__(self, doc: Document) -> Document:
            seen.append(doc.text)
            doc.meta["marked"] = True
            return doc

    register("marker")(lambda settings: Marker())
    assert "marker" in available()
    pipe = Pipeline(["clean", "marker"])
    docs = list(pipe.pipe([Document(raw_text="One."), Document(raw_text="Two.")]))
    assert [d.meta.get("marked") for d in docs] == [True, True]
    assert seen == ["One.", "Two."]


def test_unknown_component_is_a_clear_error():
    with pytest.raises(KeyError, match="no-such-stage"):
        Pipeline(["no-such-stage"])


def test_parse_batches_keep_documents_in_order():
    pipe = Pipeline(["clean", "parse"])
    texts = [f"Report number {i}.\n\nSecond paragraph {i} has no stop" for i in range(5)]
    docs = list(pipe.pipe(Document(raw_text=t, source=f"s{i}") for i, t in enumerate(texts)))
    assert [d.source for d in docs] == [f"s{i}" for i in range(5)]
    for d, t in zip(docs, texts, strict=True):
        assert d.spacy is not None and d.spacy.text == t
        # a paragraph break always starts a sentence, even without a full stop before it
        assert len(list(d.spacy.sents)) == 2

"""The ingest loop without spaCy: failure isolation, skip-known, and resuming after a crash."""

from __future__ import annotations

import pytest

from vigil.document import Document
from vigil.ingest import IngestError
from vigil.pipeline import Pipeline, register
from vigil.store import open_store
from vigil.store.ingest import ingest, local_runner


class Boom:
    """A component that breaks on one marked document, like a real bug would."""

    name = "boom"
    calls = 0

    def __call__(self, doc: Document) -> Document:
        Boom.calls += 1
        if "BOOM" in doc.text:
            raise ValueError("cannot handle this one")
        return doc


register("boom")(lambda settings: Boom())


def items(n: int, bad_at: int | None = None) -> list[Document | IngestError]:
    out: list[Document | IngestError] = []
    for i in range(n):
        text = f"Report {i}." + (" BOOM" if i == bad_at else "")
        out.append(Document(raw_text=text, source=f"in/{i}.txt"))
    out.append(IngestError("in/unreadable.bin", "binary file"))
    return out


@pytest.fixture
def store(db_url):
    s = open_store(db_url)
    yield s
    s.close()


def runner():
    return local_runner(lambda: Pipeline(["clean", "boom"]))


def test_one_failing_document_is_rejected_and_the_batch_goes_on(store):
    rejected: list[IngestError] = []
    stats = ingest(store, items(5, bad_at=2), runner(), batch_size=4, on_reject=rejected.append)
    assert (stats.new, stats.unchanged, stats.rejected) == (4, 0, 2)
    assert {e.source for e in rejected} == {"in/2.txt", "in/unreadable.bin"}
    reasons = {r.source: r.reason for r in store.rejections()}
    assert "cannot handle this one" in reasons["in/2.txt"]
    assert store.counts()["articles"] == 4


def test_known_articles_skip_the_pipeline(store):
    ingest(store, items(4), runner(), batch_size=2)
    Boom.calls = 0
    stats = ingest(store, items(4), runner(), batch_size=2)
    assert Boom.calls == 0
    assert (stats.new, stats.unchanged, stats.rejected) == (0, 4, 1)
    assert store.counts()["rejections"] == 1  # the same rejection is recorded once


def test_crash_mid_run_resumes_without_duplicates(store):
    def dying(batches):
        for i, batch in enumerate(runner()(batches)):
            if i == 2:
                raise RuntimeError("worker killed")
            yield batch

    with pytest.raises(RuntimeError):
        ingest(store, items(10), dying, batch_size=3)
    assert store.counts()["articles"] == 6  # the two finished batches are committed

    stats = ingest(store, items(10), runner(), batch_size=3)
    assert (stats.new, stats.unchanged) == (4, 6)
    assert store.counts()["articles"] == 10

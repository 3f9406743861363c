"""The ingest loop without spaCy: failure isolation, skip-known, and resuming after a crash."""

from __future__ import annotations

import pytest

from vigil.document import Document
from vigil.ingest import IngestError
from vigil.pipeline import Pipeline, register
from vigil.store import open_store
from vigil.store.ingest import failed_documents, ingest, local_runner


class Boom:
    """A component that breaks on one marked document, like a real bug would."""

    name = "boom"
    calls = 0
    disarmed = False

    def __call__(self, doc: Document) -> Document:
        Boom.calls += 1
        if "BOOM" in doc.text and not Boom.disarmed:
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


def test_one_failing_document_is_stored_as_a_failure_and_the_batch_goes_on(store):
    rejected: list[IngestError] = []
    stats = ingest(store, items(5, bad_at=2), runner(), batch_size=4, on_reject=rejected.append)
    assert (stats.new, stats.unchanged, stats.rejected, stats.failed) == (4, 0, 1, 1)
    assert {e.source for e in rejected} == {"in/2.txt", "in/unreadable.bin"}
    assert str(rejected[-1] if rejected[-1].source == "in/2.txt" else rejected[0]) == (
        "in/2.txt: stage boom failed: ValueError: cannot handle this one"
    )
    assert [r.source for r in store.rejections()] == ["in/unreadable.bin"]
    (failure,) = store.failures()
    assert (failure.source, failure.stage, failure.attempts) == ("in/2.txt", "boom", 1)
    assert failure.error == "ValueError: cannot handle this one"
    assert "Traceback" in failure.traceback and "raise ValueError" in failure.traceback
    assert failure.input["raw_text"] == "Report 2. BOOM"
    assert store.counts()["articles"] == 4


def test_a_failure_is_retried_from_its_stored_input_and_then_resolved(store):
    ingest(store, items(3, bad_at=1), runner(), batch_size=8)
    (failure,) = store.failures()
    # the same document fails again: one row, two attempts
    again = ingest(store, failed_documents(store), runner(), batch_size=8)
    assert again.failed == 1 and store.failures()[0].attempts == 2
    # the cause is fixed (here: the component stops failing); the retry stores it
    Boom.disarmed = True
    try:
        stats = ingest(store, failed_documents(store), runner(), batch_size=8)
    finally:
        Boom.disarmed = False
    assert (stats.new, stats.failed) == (1, 0)
    assert store.failures() == []
    (resolved,) = store.failures(include_resolved=True)
    assert resolved.resolved_at is not None and resolved.doc_id == failure.doc_id
    assert store.has(failure.doc_id) and store.counts()["articles"] == 3


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


def test_a_copy_of_a_text_that_failed_is_processed_not_taken_for_a_copy(store):
    body = (
        "Gunmen attacked a police checkpoint on the outskirts of the city on Sunday night, "
        "killing four officers, a spokesman said. The attackers fled towards the border and a "
        "search of nearby villages was under way, residents said. BOOM"
    )
    ingest(store, [Document(raw_text=body, source="wire/1")], runner())
    copy = Document(raw_text="CITY (Wire) - " + body, source="other/7")
    stats = ingest(store, [copy], runner())
    # the original never made it into the store, so the copy is no copy: it is processed
    # (and here fails the same way), instead of vanishing as a source of nothing
    assert stats.failed == 1
    assert {f.source for f in store.failures()} == {"wire/1", "other/7"}

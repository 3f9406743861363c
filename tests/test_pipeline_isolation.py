"""A document that breaks a stage is caught at its own boundary, wherever a batch runs."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from typer.testing import CliRunner

from vigil import pipeline as pipeline_mod
from vigil.cli.main import app
from vigil.document import Document
from vigil.pipeline import Pipeline, StageFailure


class Batchy:
    """A batch component (like the spaCy stage) whose batch call dies on one document."""

    name = "batchy"

    def __init__(self) -> None:
        self.batch_calls = 0

    def __call__(self, doc: Document) -> Document:
        if "POISON" in doc.text:
            raise KeyError("THREATEN")
        doc.meta["batchy"] = True
        return doc

    def pipe(self, docs: Iterable[Document]) -> Iterator[Document]:
        self.batch_calls += 1
        for doc in docs:
            yield self(doc)


class After:
    name = "after"

    def __call__(self, doc: Document) -> Document:
        doc.meta["after"] = True
        return doc


def make(monkeypatch) -> tuple[Pipeline, Batchy]:
    comp = Batchy()
    monkeypatch.setitem(pipeline_mod._registry, "batchy", lambda settings: comp)
    monkeypatch.setitem(pipeline_mod._registry, "after", lambda settings: After())
    return Pipeline(["clean", "batchy", "after"]), comp


def test_the_failing_document_is_named_with_its_stage_and_the_others_go_on(monkeypatch):
    pipe, comp = make(monkeypatch)
    docs = [Document(raw_text=t, source=f"in/{i}") for i, t in enumerate(["A.", "POISON.", "C."])]
    out = list(pipe.pipe_isolated(docs, batch_size=8))
    assert [type(o).__name__ for o in out] == ["Document", "StageFailure", "Document"]
    assert all(o.meta["batchy"] and o.meta["after"] for o in out if isinstance(o, Document))
    failure = out[1]
    assert isinstance(failure, StageFailure)
    assert str(failure) == "in/1: stage batchy failed: KeyError: 'THREATEN'"
    assert failure.input["raw_text"] == "POISON." and "KeyError" in failure.traceback
    assert comp.batch_calls == 1  # the batch was tried whole once, then one by one


def test_a_healthy_batch_stays_a_batch(monkeypatch):
    pipe, comp = make(monkeypatch)
    out = list(pipe.pipe_isolated([Document(raw_text=f"Doc {i}.") for i in range(5)], 2))
    assert len(out) == 5 and all(isinstance(o, Document) for o in out)
    assert comp.batch_calls == 2  # batches of 2, 2 and 1: a lone document is just called


def test_a_failed_document_can_be_rebuilt_from_its_input():
    doc = Document(raw_text="Text.", source="s", title="T", url="http://x", given_id="g")
    doc.meta["guid"] = "g1"
    again = Document.from_input(json.loads(json.dumps(doc.input_fields())))
    assert again.input_fields() == doc.input_fields() and again.id == "g"


class Poisoned:
    """Stands in for a real stage with a bug that one sentence in the field triggers."""

    name = "conflicts"

    def __call__(self, doc: Document) -> Document:
        if "poison" in doc.text:
            raise KeyError("THREATEN")
        return doc


def test_extract_reports_the_stage_and_writes_every_other_record(tmp_path: Path, monkeypatch):
    monkeypatch.setitem(pipeline_mod._registry, "conflicts", lambda settings: Poisoned())
    inputs = tmp_path / "in.jsonl"
    texts = ["Rebels attacked a convoy near Goma.", "A poison text.", "Police arrested ten men."]
    inputs.write_text(
        "".join(json.dumps({"id": f"d{i}", "text": t}) + "\n" for i, t in enumerate(texts))
    )
    result = CliRunner().invoke(app, ["extract", str(inputs), "--batch-size", "3"])
    assert result.exit_code == 1
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["d0", "d2"]
    assert f"{inputs}:2: stage conflicts failed: KeyError: 'THREATEN'" in result.stderr
    assert "Traceback" not in result.stderr


def test_extract_with_worker_processes_gives_the_records_in_input_order(tmp_path: Path):
    inputs = tmp_path / "in.jsonl"
    texts = [f"Police in Kano arrested {n} men on Monday, officials said." for n in range(2, 7)]
    inputs.write_text(
        "".join(json.dumps({"id": f"d{i}", "text": t}) + "\n" for i, t in enumerate(texts))
        + "{broken\n"
    )
    result = CliRunner().invoke(
        app, ["extract", str(inputs), "--workers", "2", "--batch-size", "2"]
    )
    assert result.exit_code == 1  # the broken line
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in records] == ["d0", "d1", "d2", "d3", "d4"]
    assert all(r["entities"] for r in records)  # the full pipeline ran in the workers
    assert f"{inputs}:6: malformed JSON" in result.stderr

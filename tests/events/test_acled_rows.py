"""The ``acled`` stage: every factual ACLED-typed event, and the report, get a full ACLED row."""

from __future__ import annotations

import json

from vigil.document import Document
from vigil.events.acled.rows import ROW_KEYS, AcledCoder
from vigil.pipeline import DEFAULT_PIPELINE, Pipeline

REPORT = (
    "On 3 March 2021, gunmen shot dead two farmers near Kirkuk city. "
    "Police said the attackers fled towards the hills."
)


def test_full_rows_on_events_and_report():
    doc = Pipeline()(Document(raw_text=REPORT, source="t"))
    rec = json.loads(json.dumps(doc.to_record()))  # the record stays plain JSON
    row = rec["report_acled"]
    assert tuple(row) == ROW_KEYS
    assert row["event_type"] == "Violence against civilians"
    assert isinstance(row["inter1"], int) and isinstance(row["fatalities"], int)
    typed = [e for e in rec["events"] if e["acled"] and not (e["negated"] or e["hypothetical"])]
    assert typed and all(tuple(e["acled"]) == ROW_KEYS for e in typed)


def test_the_stage_can_be_left_out_and_run_alone():
    names = [n for n in DEFAULT_PIPELINE if n != "acled"]
    doc = Pipeline(names)(Document(raw_text=REPORT, source="t"))
    assert set(doc.report_acled or {}) == {"event_type", "sub_event_type"}
    AcledCoder()(doc)  # alone, on what the events stage left
    assert tuple(doc.report_acled or {}) == ROW_KEYS
    bare = AcledCoder()(Document(raw_text="Nothing happened.", source="t"))
    assert bare.report_acled is None and bare.events == []


def test_main_event_is_the_first_told_of_the_report_type():
    from vigil.events.acled.rows import main_event
    from vigil.records import Event, Evidence

    def ev(i: str, start: int, conf: float, etype: str = "Protests") -> Event:
        e = Event(id=i, category="PROTEST", evidence=[Evidence("x", start, start + 1)])
        e.confidence = conf
        e.acled = {"event_type": etype, "sub_event_type": "Peaceful protest"}
        return e

    doc = Document(raw_text="x" * 200, source="t")
    # "... protested in Mogilev ... covering a Minsk demonstration": the later, more
    # confident mention is not the event the report is about.
    doc.events = [
        ev("late", 120, 0.9),
        ev("first", 10, 0.6),
        ev("other", 0, 0.99, "Strategic developments"),
    ]
    main = main_event(doc, "Peaceful protest")
    assert main is not None and main.id == "first"

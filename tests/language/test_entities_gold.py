"""The founding article's entities against the hand annotation (gold section ``entities``).

The test reads the gold file item by item; nothing of its values is copied here.
Mention texts are matched case-insensitively and with a leading article ignored
("Defence Force" matches the mention "The Defence Force"), as the gold quotes the
article's strings but not the exact span boundaries. Pronoun mentions ("he") are
produced by the entities stage itself and are checked like any other mention.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

GOLD_PATH = Path(__file__).resolve().parents[3] / "shared" / "gold" / "nzdf-taji.gold.json"


def _norm(text: str) -> str:
    t = re.sub(r"\s+", " ", text.strip().lower())
    return re.sub(r"^(the|a|an) ", "", t)


def _entity(record: dict, canonical: str) -> dict | None:
    hits = [e for e in record["entities"] if e["canonical"].lower() == canonical.lower()]
    assert len(hits) <= 1, f"{canonical!r} split over {len(hits)} entities: {hits}"
    return hits[0] if hits else None


def _required(gold: dict) -> list[dict]:
    return gold["entities"]["required"]


def pytest_generate_tests(metafunc):
    if "required" in metafunc.fixturenames:
        items = json.loads(GOLD_PATH.read_text())["entities"]["required"]
        metafunc.parametrize("required", items, ids=[i["canonical"] for i in items])


def test_required_entity(taji_record, required):
    ent = _entity(taji_record, required["canonical"])
    assert ent is not None, f"no entity {required['canonical']!r}"
    for field in ("type", "country", "sector", "role"):
        if field in required:
            assert ent[field] == required[field], (field, ent)
    have = {_norm(m["text"]) for m in ent["mentions"]}
    for mention in required["mentions"]:
        assert _norm(mention) in have, f"{mention!r} not a mention of {ent['canonical']}: {have}"


def test_mentions_point_into_text(taji_record):
    text = taji_record["text"]
    assert taji_record["entities"], "no entities at all"
    for ent in taji_record["entities"]:
        for m in ent["mentions"]:
            assert text[m["start"] : m["end"]] == m["text"]


def test_ids_in_order_of_first_mention(taji_record):
    ents = taji_record["entities"]
    assert [e["id"] for e in ents] == [f"e{i + 1}" for i in range(len(ents))]
    firsts = [min(m["start"] for m in e["mentions"]) for e in ents]
    assert firsts == sorted(firsts)


def test_must_not(taji_record, gold):
    for rule in gold["entities"]["must_not"]:
        text = rule["text"].lower()
        for ent in taji_record["entities"]:
            mentions = [m["text"].lower() for m in ent["mentions"]]
            if "label" in rule:
                # the text must not be an entity (or mention) of that type
                assert not (ent["type"] == rule["label"] and text in mentions), (rule, ent)
            elif "as" in rule:
                # part of a longer name: never an entity of its own
                assert ent["canonical"].lower() != text, (rule, ent)
                assert text not in mentions, (rule, ent)
            else:
                assert text not in mentions and ent["canonical"].lower() != text, (rule, ent)


def test_each_required_entity_once(taji_record, gold):
    """No actor split in two: each gold canonical's mentions live in one entity only."""
    for req in _required(gold):
        owners = {
            e["id"]
            for e in taji_record["entities"]
            for m in e["mentions"]
            if _norm(m["text"]) in {_norm(x) for x in req["mentions"] if x.lower() != "he"}
            and e["type"] == req["type"]
        }
        assert len(owners) == 1, (req["canonical"], owners)


@pytest.mark.parametrize("offset_of", ["NZDF", "Peters"])
def test_find_entity_on_founding_article(taji_doc, offset_of):
    from vigil.language.entities import find_entity

    pos = taji_doc.text.index(offset_of)
    ent = find_entity(taji_doc, pos, pos + len(offset_of))
    assert ent is not None
    assert any(m.start <= pos < m.end for m in ent.mentions)

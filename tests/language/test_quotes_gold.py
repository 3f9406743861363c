"""The founding article against its gold file, by the gold file's own rules.

Quote: text overlaps the gold text by >= 80% of the shorter (word tokens) and the
speaker resolves to the gold canonical entity (names compared case-insensitively;
an unresolved pronoun or spokes-noun does not count). Quantity: same value and unit,
owner, place and (where gold has one) claimant. Conflict: same values, every gold
evidence string inside the evidence.
"""

from __future__ import annotations

import re

import pytest

_WORD = re.compile(r"\w+")


def _norm(name: str | None) -> str:
    name = (name or "").strip().casefold()
    return name[4:] if name.startswith("the ") else name


def _overlap_ok(a: str, b: str) -> bool:
    ta, tb = _WORD.findall(a.lower()), _WORD.findall(b.lower())
    if not ta or not tb:
        return False
    common = sum(min(ta.count(w), tb.count(w)) for w in set(ta))
    return common >= 0.8 * min(len(ta), len(tb))


def _resolved(speaker: dict | None) -> str | None:
    if not speaker or not speaker.get("entity"):
        return None  # a bare 'he' / 'a spokesman' left unresolved does not count
    return speaker.get("name")


def _quote_ids(gold):
    return [q["text"][:40] for q in gold["quotes"]["required"]]


@pytest.mark.parametrize("i", range(12))
def test_required_quote_found_with_right_speaker(i, gold, taji_record):
    required = gold["quotes"]["required"]
    assert len(required) == 12
    g = required[i]
    found = [
        q
        for q in taji_record["quotes"]
        if _overlap_ok(q["text"], g["text"])
        and _norm(_resolved(q["speaker"])) == _norm(g["speaker"])
    ]
    assert found, f"missing: {g['speaker']}: {g['text']!r}"
    assert any(q["kind"] == g["kind"] for q in found), (g["kind"], [q["kind"] for q in found])


def test_no_must_not_quote(gold, taji_record):
    for bad in gold["quotes"]["must_not"]:
        for q in taji_record["quotes"]:
            if _overlap_ok(q["text"], bad["text"]):
                assert _norm((q["speaker"] or {}).get("name")) != _norm(bad["speaker"])
                assert bad["speaker"].lower() not in (q["speaker_text"] or "").lower()


def _quantity_matches(q: dict, g: dict) -> bool:
    if q["value"] != g["value"] or q["unit"] != g["unit"]:
        return False
    if not _overlap_ok(q["text"], g["text"]):
        return False
    of = g["of"]
    if of.startswith("(with "):
        if q.get("of_relation") != "with" or _norm((q["of"] or {}).get("name")) != _norm(of[6:-1]):
            return False
    elif _norm((q["of"] or {}).get("name")) != _norm(of):
        return False
    if _norm(q["at"]) != _norm(g["at"]):
        return False
    if "claimed_by" in g and _norm(_resolved(q["claimed_by"])) != _norm(g["claimed_by"]):
        return False
    return True


@pytest.mark.parametrize("i", range(6))
def test_required_quantity_found(i, gold, taji_record):
    required = gold["quantities"]["required"]
    assert len(required) == 6
    g = required[i]
    assert any(_quantity_matches(q, g) for q in taji_record["quantities"]), (
        g,
        taji_record["quantities"],
    )


def test_dates_are_not_counts(gold, taji_record):
    for opt in gold["quantities"]["optional"]:
        if opt["unit"] == "year":
            assert all(q["value"] != opt["value"] for q in taji_record["quantities"])


def test_required_conflict_found(gold, taji_record):
    for g in gold["conflicts"]["required"]:
        found = [c for c in taji_record["conflicts"] if sorted(c["values"]) == sorted(g["values"])]
        assert found, taji_record["conflicts"]
        c = found[0]
        assert _norm(g["about"]).split(" personnel")[0] in _norm(c["about"])
        for ev in g["evidence"]:
            assert any(ev in e for e in c["evidence"]), ev


@pytest.fixture(scope="module")
def taji_record_without_sites():
    """The same article with no sites file: figures must not depend on registered sites."""
    import json
    from pathlib import Path

    from vigil.ingest import read_paths
    from vigil.pipeline import Pipeline

    corpus = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
    (doc,) = list(read_paths([corpus / "nzdf-taji.txt"]))
    return json.loads(json.dumps(Pipeline()(doc).to_record()))


def test_quantities_and_conflict_without_a_sites_file(gold, taji_record_without_sites):
    rec = taji_record_without_sites
    for g in gold["quantities"]["required"]:
        assert any(_quantity_matches(q, g) for q in rec["quantities"]), g
    values = [sorted(c["values"]) for c in rec["conflicts"]]
    assert sorted(gold["conflicts"]["required"][0]["values"]) in values

"""Scoring helpers of ``vigil eval events``, the lexicon loader, and the CLI on a few items."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vigil.eval.events import ACLED_CODES, NONE, folds, gold_code, read_case, score
from vigil.events.acled.training import definitions, examples
from vigil.events.acled.types import ACLED_TYPES, CASE_CODES, choose, report_subtype
from vigil.events.lexicon import CATEGORIES, load_lexicon, parse_lexicon

EVENTS_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "eval" / "events"


def test_folds_partition_every_item_once_and_stratify():
    labels = ["A"] * 10 + ["B"] * 5 + ["C"] * 2
    parts = folds(labels, 5)
    flat = sorted(i for p in parts for i in p)
    assert flat == list(range(len(labels)))
    assert all(sum(labels[i] == "A" for i in p) == 2 for p in parts)


def test_score_weighted_macro_and_confusion():
    gold = ["AIR_STRIKE", "AIR_STRIKE", "ARREST", NONE]
    pred = ["AIR_STRIKE", "ARREST", "ARREST", "ARREST"]
    s = score(gold, pred, ACLED_CODES)
    assert s.accuracy == pytest.approx(0.5)
    # AIR_STRIKE: P 1, R .5 -> F1 .667 (support 2); ARREST: P 1/3, R 1 -> F1 .5 (support 1)
    assert s.weighted_f1 == pytest.approx((2 * 2 / 3 + 0.5) / 3)
    assert s.macro_f1 == pytest.approx((2 / 3 + 0.5) / 2)
    assert s.confusion["AIR_STRIKE"] == {"ARREST": 1}
    assert gold_code("DIPLO") == NONE and gold_code("GRENADE") == "GRENADE"


def test_acled_spelling_and_case_mapping_are_complete():
    assert set(CASE_CODES) == set(ACLED_TYPES)
    assert ACLED_TYPES["Air/drone strike"] == "Explosions/Remote violence"
    assert ACLED_TYPES["Peaceful protest"] == "Protests"
    assert len(ACLED_CODES) == 25


def test_choose_respects_category_and_weapon():
    probs = {"Armed clash": 0.4, "Air/drone strike": 0.3, "Peaceful protest": 0.2, None: 0.1}
    assert choose("ASSAULT", "aerial", probs)[0] == "Air/drone strike"
    assert choose("ASSAULT", None, probs)[0] == "Armed clash"
    assert choose("PROTEST", "demo", probs)[0] == "Peaceful protest"
    assert choose("REQUEST", None, probs) == (None, 0.0)


def test_report_subtype_text_model_leads_and_coder_breaks_near_ties():
    probs = {"Armed clash": 0.40, "Attack": 0.38, None: 0.22}
    assert report_subtype([], probs) == "Armed clash"
    # A confident "Attack" event tips a near-tie, but not a clear text-model lead.
    assert report_subtype([("Attack", 0.9)], probs) == "Attack"
    assert report_subtype([("Attack", 0.9)], {"Armed clash": 0.6, "Attack": 0.1}) == "Armed clash"
    # A non-ACLED reading that still wins means no ACLED type; unknown types are ignored.
    assert report_subtype([("Arrests", 0.5)], {None: 0.7, "Arrests": 0.2}) is None
    assert report_subtype([("not a type", 1.0)], {"Grenade": 0.3, None: 0.2}) == "Grenade"


def test_definitions_cover_every_acled_type_but_other():
    defs = definitions()
    codes = {c for c, _ in defs}
    assert codes <= set(ACLED_CODES)
    assert codes == set(ACLED_CODES) - {"OTHER"}
    assert all(len(t.split()) >= 6 for _, t in defs)


def test_examples_cover_every_type_and_share_no_text_with_the_eval_set():
    ex = examples()
    per: dict[str, int] = {}
    for code, _ in ex:
        per[code] = per.get(code, 0) + 1
    assert set(per) >= set(ACLED_CODES)
    assert {"NATURAL_DISASTER", "MAN_MADE_DISASTER", "ORG_CRIME", "DIPLO", "ATTRIB"} <= set(per)
    assert min(v for k, v in per.items() if k != "OTHER") >= 10
    case = EVENTS_DIR / "case2021-task2-dev.tsv"
    if not case.is_file():
        pytest.skip("shared eval data not present")

    def grams(text: str) -> set[tuple[str, ...]]:
        w = text.lower().split()
        return {tuple(w[i : i + 8]) for i in range(len(w) - 7)}

    dev: set[tuple[str, ...]] = set()
    for row in read_case(case):
        dev |= grams(row.text)
    leaked = [t for _, t in ex + definitions() if grams(t) & dev]
    assert leaked == []  # written, not copied: no 8-word run in common with CASE dev


def test_lexicon_indexes_multiword_entries_by_head():
    lex = parse_lexicon(
        {
            "ASSAULT": {"nouns": {"aerial": ["air strike"], "_": ["attack"]}},
            "SANCTION": {"nouns": {"discontinue": ["on hold"]}, "verbs": {"_": ["put on hold"]}},
        }
    )
    (strike,) = lex.nouns["strike"]
    assert strike.words == ("air", "strike") and strike.mode == "aerial"
    assert lex.nouns["hold"][0].category == "SANCTION"
    assert lex.verbs["put"][0].words == ("put", "on", "hold")


def test_shipped_lexicon_covers_all_sixteen_categories():
    lex = load_lexicon()
    cats = {e.category for entries in lex.verbs.values() for e in entries}
    assert cats == set(CATEGORIES)
    assert "would" in lex.modals and "say" in lex.speech


@pytest.mark.skipif(not EVENTS_DIR.is_dir(), reason="shared eval data not present")
def test_cli_eval_events_on_a_few_items():
    from vigil.cli.main import app

    res = CliRunner().invoke(
        app,
        ["eval", "events", "--data", str(EVENTS_DIR), "--limit", "20", "--cv", "2", "--json"],
    )
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["case"]["n"] == 20 and 0.0 <= out["case"]["accuracy"] <= 1.0
    assert out["case"]["extra"]["cv"] == 2
    assert out["plover"]["n"] == 20 and out["plover"]["with_event"] > 0


def test_cli_eval_events_names_a_missing_file(tmp_path):
    from vigil.cli.main import app

    res = CliRunner().invoke(app, ["eval", "events", "--data", str(tmp_path), "--only", "case"])
    assert res.exit_code == 2
    assert "case2021-task2-dev.tsv" in res.output.replace("\n", "")

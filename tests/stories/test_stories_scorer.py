"""The story scorer: what a text counts, the packaged model's contract, its evidence."""

from __future__ import annotations

import json
from datetime import date

import pytest

from vigil.stories.clustering import learn
from vigil.stories.clustering.compare import DEFAULT, candidates
from vigil.stories.clustering.features import Features, features, figures
from vigil.stories.clustering.online import Clusterer
from vigil.stories.clustering.scorer import MODEL_PATH, NAMES, load, packaged


def test_figures_are_counts_of_things_not_years_days_or_times():
    got = figures(
        "The navy captured 23 Somali pirates on Nov 12, 2011 at 10 am after an eight-year "
        "hunt; 1,200 people fled."
    )
    assert got["23 pirat"] == 1 and got["23 somali"] == 1
    assert got["8 year"] == 1 and got["1200 people"] == 1
    assert not any(k.startswith(("12 ", "2011 ", "10 ")) for k in got)


def test_packaged_model_matches_the_evidence_it_scores(tmp_path):
    model = packaged()
    assert len(model.coef) == len(NAMES) and 0 < model.threshold < 1
    assert model.threshold <= model.merge_threshold < 1  # the packaged model bridges splinters
    data = json.loads(MODEL_PATH.read_text())
    data["features"] = list(reversed(data["features"]))
    other = tmp_path / "m.json"
    other.write_text(json.dumps(data))
    with pytest.raises(ValueError):  # trained on other features: refused, not misread
        load(other)


def _report(i: int, title: str, text: str, day: date | None = None) -> Features:
    rec = {"id": f"a{i}", "title": title, "text": text, "published": day and day.isoformat()}
    return features(rec)


def test_training_pairs_label_each_article_against_the_stories_before_it():
    a = "Rockets struck the airfield near the river overnight, damaging hangars. " * 3
    b = "The central bank raised interest rates by half a point to fight inflation. " * 3
    feats = [_report(1, "Airfield hit", a), _report(2, "Rates up", b), _report(3, "Airfield", a)]
    gold = {"a1": "x", "a2": "y", "a3": "x"}
    x, y = learn.pairs(feats, gold)
    assert x.shape[1] == len(NAMES)
    assert y.tolist() == [1]  # a3 against x (a2 against x shares no term: left out)
    c = Clusterer(DEFAULT)
    c.add(feats[0])
    ((sid, ev),) = candidates(feats[2], c.profiles, c.df, c.n, DEFAULT, c.cache)
    assert sid == 1 and ev[NAMES.index("cos_all")] > 0.9


def test_cross_validation_in_several_arrival_orders_is_repeatable():
    from vigil.eval.stories import cross_validate

    kinds = ["airfield rockets hangars", "flood river bridge", "bank rates inflation"]
    kinds += ["earthquake village rubble", "ferry capsized harbour"]
    records, gold = [], {}
    for t, words in enumerate(kinds, start=1):
        for half, who in (("ecb", "Alvarez Brandt"), ("ecbplus", "Okafor Lindqvist")):
            for i in range(3):
                rid = f"{t}_{i}{half}"
                text = f"{who} said the {words} were reported on day {i}. " * 3
                records.append({"id": rid, "title": f"{who}: {words}", "text": text})
                gold[rid] = f"{t}{half}"
    first = cross_validate(records, gold, orders=3)
    again = cross_validate(list(reversed(records)), gold, orders=3)
    o = first["orders"]
    assert o["seeds"] == [0, 1, 2] and len(o["f1"]) == 3
    assert o["f1"][0] == first["pooled"]["f1"]  # seed 0 is the file's order
    assert min(o["f1"]) <= o["mean"] <= max(o["f1"])
    assert again["orders"] == o  # the gold file's order decides, not the records'
    assert "orders" not in cross_validate(records, gold)

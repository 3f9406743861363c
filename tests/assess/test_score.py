"""Scoring: each factor moves the score the way the weights file says, and is traceable."""

from __future__ import annotations

import math
from datetime import date

import pytest
from assess_helpers import rec, site

from vigil.assess.config import load_weights
from vigil.assess.report.explain import to_text
from vigil.assess.score.presence import assess_presence
from vigil.assess.score.site import assess_site
from vigil.registry.model import Presence

AT = date(2021, 3, 12)
W = load_weights()


def score(s, *records, at=AT, window=None):
    return assess_site(s, list(records), at, W, window)


def test_nothing_around_is_normal_operations():
    a = score(site())
    assert (a.level, a.score, a.reasons) == (1, 0.0, [])
    assert a.posture == "normal operations"


def test_negated_events_never_count():
    s = site()
    hit = rec(lat=10.01, lon=20.01, fatalities=5)
    assert score(s, hit).score > 0
    hit.event.negated = True
    assert score(s, hit).score == 0


def test_distance_decays_and_far_events_do_not_count():
    s = site()
    inside = score(s, rec(lat=10.05, lon=20.0)).score  # ~5.5 km
    near = score(s, rec(lat=10.4, lon=20.0)).score  # ~44 km, radius 20
    far_same_country = score(s, rec(lat=14.0, lon=20.0)).score  # ~445 km
    abroad = score(s, rec(lat=-30.0, lon=120.0, country="AUS")).score
    assert inside > near > far_same_country > abroad == 0
    (r,) = score(s, rec(lat=10.4, lon=20.0)).reasons
    assert r.relation == "near" and 40 < r.distance_km < 50


def test_fatalities_acled_and_mode_raise_severity():
    s = site()
    base = score(s, rec(lat=10.0, lon=20.0)).score
    deadly = score(s, rec(lat=10.0, lon=20.0, fatalities=10)).score
    assert deadly == pytest.approx(base * (1 + 0.5 * math.log1p(10)), rel=0.01)
    aerial = score(s, rec(lat=10.0, lon=20.0, mode="aerial")).score
    assert aerial > base


def test_hypothetical_counts_as_a_lesser_threat():
    s = site()
    real = score(s, rec(lat=10.0, lon=20.0)).score
    threat = score(s, rec(lat=10.0, lon=20.0, hypothetical=True)).score
    assert 0 < threat < real
    assert threat == pytest.approx(real * W["hypothetical"], rel=0.01)


def test_recency_window_and_publication_date():
    s = site()
    fresh = score(s, rec(lat=10.0, lon=20.0, day="2021-03-11")).score
    old = score(s, rec(lat=10.0, lon=20.0, day="2021-03-01", published="2021-03-02")).score
    assert fresh > old > 0
    assert score(s, rec(lat=10.0, lon=20.0, day="2021-02-01", published="2021-02-02")).score == 0
    # not yet published at the time of assessment: unknown, so not counted
    assert score(s, rec(lat=10.0, lon=20.0, day="2021-03-11", published="2021-03-13")).score == 0
    # a shorter window drops it
    assert (
        score(s, rec(lat=10.0, lon=20.0, day="2021-03-01", published="2021-03-02"), window=7).score
        == 0
    )


def test_country_wide_demand_bears_on_foreign_military_sites_only():
    demand = rec(
        category="REQUEST",
        mode="yield",
        place="Chad",
        precision="country",
        text="The national assembly voted to expel foreign troops from the country.",
        recipients=["foreign troops"],
    )
    tagged = score(site(tags=["foreign-military"]), demand)
    plain = score(site(), demand)
    assert tagged.score > plain.score
    assert tagged.reasons[0].rule == "demand to expel foreign forces"
    assert "foreign-military" in tagged.reasons[0].relation
    assert score(site(country="NER", tags=["foreign-military"]), demand).score == 0


def test_own_actions_are_not_threats_but_attacks_on_us_weigh_more():
    s = site(org="Org A")
    own = rec(category="MOBILIZE", lat=10.0, lon=20.0, actors=["Org A"])
    assert score(s, own).score == 0
    other = score(s, rec(lat=10.0, lon=20.0, recipients=["Someone"])).score
    targeted = score(s, rec(lat=10.0, lon=20.0, recipients=["Org A"])).score
    assert targeted == pytest.approx(other * W["targeted_at_organisation"], rel=0.01)


def test_independent_sources_corroborate_repeats_do_not():
    s = site()
    one = rec(lat=10.0, lon=20.0, article="a1", source="https://one.example/x")
    same_outlet = rec(eid="v9", lat=10.0, lon=20.0, article="a2", source="https://one.example/y")
    other_outlet = rec(lat=10.0, lon=20.0, article="a3", source="https://two.example/z")
    single = score(s, one)
    assert score(s, one, same_outlet).score == single.score
    both = score(s, one, other_outlet)
    assert len(both.reasons) == 1
    assert both.reasons[0].sources == ["one.example", "two.example"]
    assert both.score == pytest.approx(
        single.score * (1 + W["corroboration"]["per_source"]), rel=0.01
    )


def test_every_point_is_traced_to_an_event():
    s = site(tags=["foreign-military"])
    recs = [
        rec("v1", lat=10.0, lon=20.0, fatalities=3, article="a1"),
        rec("v2", category="PROTEST", lat=10.1, lon=20.1, article="a2", source="b.example"),
        rec("v3", category="THREATEN", lat=10.2, lon=20.0, article="a3", source="c.example"),
    ]
    a = score(s, *recs)
    assert {(r.event_id, r.article_id) for r in a.reasons} == {
        ("v1", "a1"),
        ("v2", "a2"),
        ("v3", "a3"),
    }
    total = sum(r.contribution for r in a.reasons) * a.trend_factor
    assert a.score == pytest.approx(total, abs=0.01)
    for r in a.reasons:
        product = r.severity * r.place_factor * r.recency * r.corroboration
        assert r.contribution == pytest.approx(product, rel=0.01)


def test_ladder_rises_with_repeated_lethal_attacks():
    s = site()
    levels = []
    for n in (0, 1, 3, 8):
        recs = [
            rec(
                f"v{i}",
                lat=10.0,
                lon=20.0,
                fatalities=5,
                place=f"village {i}",
                day=f"2021-03-{12 - i:02d}",  # one attack a day: separate events
                published="2021-03-12",
                source=f"s{i}.example",
                article=f"a{i}",
            )
            for i in range(n)
        ]
        levels.append(score(s, *recs).level)
    assert levels == sorted(levels) and levels[0] == 1 and levels[-1] >= 4


def test_presence_advice_to_leave_sets_travel_level():
    p = Presence(country="TCD", people=12, who="Org A staff", organisation="Org A")
    quiet = assess_presence(p, [], AT, W)
    assert (quiet.level, quiet.posture) == (1, "exercise normal precautions")
    advice = rec(
        category="REQUEST",
        place="Chad",
        precision="country",
        actors=["Government of Somewhere"],
        text="The foreign ministry has strongly advised its citizens in Chad to leave immediately.",
    )
    a = assess_presence(p, [advice], AT, W)
    assert a.level == 4 and "leave" in a.posture
    assert a.floor and "advised" in a.floor
    elsewhere = rec(
        category="REQUEST",
        place="Niger",
        country="NER",
        precision="country",
        text="The ministry has strongly advised its citizens in Niger to leave immediately.",
    )
    assert assess_presence(p, [elsewhere], AT, W).level == 1


def test_text_says_level_posture_and_reasons():
    s = site(name="Alpha Base")
    a = score(
        s,
        rec(
            lat=10.0,
            lon=20.0,
            fatalities=4,
            mode="aerial",
            text="Four died in a strike on the road.",
        ),
    )
    text = to_text(a)
    assert text.splitlines()[0].startswith(f"Alpha Base: LEVEL {a.level} of 5, {a.posture.upper()}")
    assert "air strike, 4 killed" in text
    assert "Four died in a strike on the road." in text


def test_event_placed_at_a_country_centroid_is_country_wide_not_near():
    s = site(lat=12.1, lon=15.05)  # close to the centroid of Chad's coordinates below
    centroid = rec(place="Chad", lat=12.1, lon=15.0, precision="exact", fatalities=3)
    (r,) = score(s, centroid).reasons
    assert r.relation == "country-wide" and r.distance_km is None
    assert r.place_factor == W["place"]["country"]


def test_advice_issued_at_home_about_a_country_bears_on_people_there():
    p = Presence(country="TCD", people=4, who="volunteers", organisation="Org A")
    advice = rec(
        category="REQUEST",
        place="Canada",
        country="CAN",
        precision="country",
        text="Ottawa has urged its citizens in Chad to leave immediately.",
    )
    a = assess_presence(p, [advice], AT, W)
    assert a.level == 4 and a.reasons[0].rule
    # an ordinary event at home that merely names the country does not count
    protest = rec(
        category="PROTEST",
        place="Canada",
        country="CAN",
        precision="country",
        text="A protest about Chad.",
    )
    assert assess_presence(p, [protest], AT, W).score == 0


def test_site_kind_counts_as_a_trait_for_bearing_rules():
    embassy = site(tags=[])
    embassy.kind = "embassy"
    protest = rec(
        category="PROTEST",
        place="Chad",
        precision="country",
        text="Crowds gathered outside the French embassy in protest.",
    )
    office = site(tags=[])
    assert score(embassy, protest).reasons[0].rule == "hostility to diplomats"
    assert score(embassy, protest).score > score(office, protest).score


def test_located_event_without_country_gets_it_from_its_point():
    # N'Djamena, Chad; the record names no country
    s = site(lat=12.11, lon=15.04, tags=["foreign-military"], country="TCD")
    demand = rec(
        category="REQUEST",
        lat=12.6,
        lon=16.5,
        country=None,
        text="Lawmakers demanded that foreign troops leave the country.",
    )
    (r,) = score(s, demand).reasons
    assert r.rule == "demand to expel foreign forces"


def test_province_level_event_counts_as_same_area_not_as_a_point():
    s = site()
    province = rec(lat=10.5, lon=20.3, precision="admin", place="Some Province", fatalities=2)
    point = rec(lat=10.5, lon=20.3, precision="exact", fatalities=2)
    (r,) = score(s, province).reasons
    assert r.relation == "in the same area" and r.place_factor == W["place"]["admin"]
    assert score(s, point).reasons[0].relation == "near"
    far_province = rec(lat=13.0, lon=20.0, precision="admin", place="Far Province")
    assert score(s, far_province).reasons[0].relation == "elsewhere in the country"


def test_vague_dates_last_year_is_old_this_month_is_recent():
    s = site()
    last_year = rec(lat=10.0, lon=20.0, day="2020", published="2021-03-11")
    this_month = rec(lat=10.0, lon=20.0, day="2021-03", published="2021-03-11")
    assert last_year.day() == date(2020, 7, 2)
    assert this_month.day() == date(2021, 3, 11)  # mid-month, but never after publication
    assert score(s, last_year).score == 0
    assert score(s, this_month).score > 0


def test_same_strike_under_two_place_names_is_one_event():
    s = site()
    a = rec("v1", lat=10.01, lon=20.01, place="Alpha", article="a1", source="https://one.example/1")
    b = rec(
        "v4",
        lat=10.012,
        lon=20.009,
        place="Alpha Base",
        article="a2",
        source="https://two.example/2",
    )
    merged = score(s, a, b)
    assert len(merged.reasons) == 1 and len(merged.reasons[0].sources) == 2


def test_vaguely_placed_event_in_a_sentence_naming_the_site_counts_there():
    s = site(name="Alpha Base")
    vague = rec(place="Chad", precision="country", fatalities=2)
    plain = score(s, vague).reasons[0]
    assert plain.relation == "country-wide"
    vague.sentence_sites = {"alpha base"}
    (r,) = score(s, vague).reasons
    assert r.relation == "in a sentence naming the site" and r.place_factor > plain.place_factor
    # a precisely placed event elsewhere keeps its own place even if the site is named
    far = rec(lat=14.0, lon=20.0, fatalities=2)
    far.sentence_sites = {"alpha base"}
    assert score(s, far).reasons[0].relation == "elsewhere in the country"


def test_sentence_sites_come_from_places_inside_the_evidence():
    from vigil.assess.evidence import records_from_record

    record = {
        "id": "x",
        "published": "2021-03-11",
        "places": [
            {"name": "Alpha Base", "site": "Alpha Base", "start": 5, "end": 15, "country": "TCD"},
            {"name": "Beta Post", "site": "Beta Post", "start": 80, "end": 89, "country": "TCD"},
        ],
        "events": [
            {
                "id": "v1",
                "category": "ASSAULT",
                "evidence": [{"text": "...", "start": 0, "end": 40}],
            }
        ],
    }
    (r,) = records_from_record(record)
    assert r.sentence_sites == {"alpha base"}

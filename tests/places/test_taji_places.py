"""The founding article's places against the hand annotation (gold ``places`` section)."""

from __future__ import annotations

from vigil.places.gazetteer import haversine_km


def _mentions(record: dict, text: str) -> list[dict]:
    return [p for p in record["places"] if p["text"] == text and p["kind"] == "name"]


def test_required_places_resolve_within_tolerance(taji_record, gold):
    for req in gold["places"]["required"]:
        found = _mentions(taji_record, req["mention"])
        assert found, f"{req['mention']!r} not recognised as a place"
        for place in found:
            if "tolerance_km" in req:
                assert place["lat"] is not None, place
                err = haversine_km(place["lat"], place["lon"], req["lat"], req["lon"])
                assert err <= req["tolerance_km"], (req["mention"], place, round(err))
            if "level" in req:
                assert place["level"] == req["level"], place
            if "country" in req:
                assert place["country"] == req["country"], place


def test_camp_taji_is_the_registered_site(taji_record):
    camp = _mentions(taji_record, "Camp Taji")
    assert camp and all(p["level"] == "site" and p["site"] == "Camp Taji" for p in camp)
    # The short alias and the descriptions resolve to the site too.
    texts = {p["text"] for p in taji_record["places"] if p["site"] == "Camp Taji"}
    assert {"Taji", "the camp", "their base"} <= texts


def test_place_in_organisation_name_is_not_a_place(taji_record):
    text = taji_record["text"]
    start = text.index("Auckland Peace Action")
    end = start + len("Auckland Peace Action")
    inside = [p for p in taji_record["places"] if p["start"] < end and start < p["end"]]
    assert inside == []


def test_demonyms_give_countries(taji_record):
    dem = {p["text"]: p["country"] for p in taji_record["places"] if p["kind"] == "demonym"}
    assert dem.get("Iraqi") == "IRQ" and dem.get("Iranian") == "IRN"

"""The coded-place list (ACLED's coders' locations) is consulted only where the gazetteer
fails or is ambiguous, never invents a place in a country the report does not give, and in
cross-validation never holds a fold's own rows."""

from __future__ import annotations

import pytest

from vigil.document import Document
from vigil.eval.acled import fold_places
from vigil.pipeline import Pipeline
from vigil.places.acled.coded import CodedPlace, PlaceList, active, key, using
from vigil.places.acled.location import code_location
from vigil.places.gazetteer import haversine_km
from vigil.settings import Settings


@pytest.fixture(scope="module")
def run():
    pipe = Pipeline(["parse", "places"], Settings())
    return lambda text: pipe(Document(raw_text=text, source="t"))


def _coded(name: str, iso3: str, country: str, lat: float, lon: float, rows: int = 3, gp: int = 2):
    return CodedPlace(name, country, iso3, "A1", "A2", lat, lon, gp, rows)


def _row(data_id: int, location: str, lat: float, lon: float, iso3: str = "UKR") -> dict:
    return {
        "data_id": str(data_id),
        "location": location,
        "country": "Ukraine",
        "iso3": iso3,
        "admin1": "Donetsk",
        "admin2": "Bakhmut",
        "latitude": str(lat),
        "longitude": str(lon),
        "geo_precision": "2",
    }


def test_key_folds_accents_case_and_punctuation():
    assert key("Butovka-Donetskaya  Mine") == key("butovka donetskaya mine")
    assert key("Galūgāh") == "galugah"


def test_from_rows_counts_rows_and_orders_readings():
    rows = [_row(2, "Lozove", 48.38, 38.23), _row(4, "Lozove", 48.38, 38.23)]
    rows.append(_row(6, "Lozove", 50.06, 37.38))
    places = PlaceList.from_rows(rows)
    first, second = places.readings("LOZOVE", {"UKR"})
    assert (first.rows, second.rows) == (2, 1) and first.lat == pytest.approx(48.38)
    assert places.readings("Lozove", {"KEN"}) == []


def test_round_trip_through_tsv(tmp_path):
    places = PlaceList([_coded("Zolote-5", "UKR", "Ukraine", 48.7, 38.5)])
    path = tmp_path / "p.tsv"
    places.write(path, ["source: test"])
    assert PlaceList.read(path).places == places.places


def test_a_name_the_gazetteer_lacks_is_read_from_the_list(run):
    doc = run("On 9 May 2020, shelling was recorded near Zzyxovka in Donetsk, Ukraine.")
    with using(PlaceList([_coded("Zzyxovka", "UKR", "Ukraine", 48.1, 37.9)])):
        loc = code_location(doc, None)
    assert loc["location"] == "Zzyxovka" and loc["country"] == "Ukraine"
    assert (loc["latitude"], loc["longitude"]) == (48.1, 37.9)
    assert loc["geo_precision"] == 2


def test_an_unknown_name_in_a_country_without_rows_is_not_invented(run):
    doc = run("On 9 May 2020, protesters gathered near Zzyxovka in Nakuru, Kenya.")
    with using(PlaceList([_coded("Zzyxovka", "UKR", "Ukraine", 48.1, 37.9)])):
        loc = code_location(doc, None)
    # Placed by the text in Nakuru, as without the list: the Ukrainian reading is not taken.
    assert (
        loc["country"] == "Kenya"
        and haversine_km(loc["latitude"], loc["longitude"], -0.3, 36.07) < 30
    )


def test_a_name_coded_in_two_countries_is_not_placed_when_the_report_gives_none(run):
    doc = run("On 9 May 2020, shots were heard near Zzyxovka.")
    two = PlaceList(
        [
            _coded("Zzyxovka", "UKR", "Ukraine", 48.1, 37.9),
            _coded("Zzyxovka", "RUS", "Russia", 55, 37),
        ]
    )
    with using(two):
        assert code_location(doc, None)["location"] != "Zzyxovka"
    with using(PlaceList([_coded("Zzyxovka", "UKR", "Ukraine", 48.1, 37.9)])):
        assert code_location(doc, None)["country"] == "Ukraine"


def test_a_persons_name_is_not_read_as_a_coded_place():
    pipe = Pipeline(["parse", "entities", "places"], Settings())
    doc = pipe(
        Document(raw_text="On 9 May 2020, gunmen shot Ahmad Kelly in northern Syria.", source="t")
    )
    with using(PlaceList([_coded("Kelly", "SYR", "Syria", 36.1081, 36.6946)])):
        loc = code_location(doc, None)
    assert loc["location"] != "Kelly" and loc["country"] == "Syria"
    # A bare name the coders placed in the report's country is read as that place, even
    # where the tagger takes it for a person (unknown villages often are).
    bare = pipe(
        Document(raw_text="On 9 May 2020, gunmen shelled Kelly in northern Syria.", source="t")
    )
    with using(PlaceList([_coded("Kelly", "SYR", "Syria", 36.1081, 36.6946)])):
        assert code_location(bare, None)["location"] == "Kelly"


def test_a_confident_gazetteer_reading_is_never_overridden(run):
    # Kathmandu has one town reading in Nepal: the list's (wrong) point is not taken.
    doc = run("On 9 May 2020, students protested in Kathmandu, Nepal.")
    with using(PlaceList([_coded("Kathmandu", "NPL", "Nepal", 28.5, 83.0, rows=50)])):
        loc = code_location(doc, None)
    assert haversine_km(loc["latitude"], loc["longitude"], 27.7, 85.32) < 20


def test_a_homonym_takes_the_reading_coders_used_most_in_the_country(run):
    doc = run("On 9 May 2020, the monitors observed 6 explosions near Lozove, Ukraine.")
    coded = PlaceList(
        [
            _coded("Lozove", "UKR", "Ukraine", 48.3844, 38.2312, rows=6),
            _coded("Lozove", "UKR", "Ukraine", 50.06, 37.38, rows=1),
        ]
    )
    with using(coded):
        loc = code_location(doc, None)
    assert haversine_km(loc["latitude"], loc["longitude"], 48.3844, 38.2312) < 1
    with using(PlaceList(())):
        alone = code_location(doc, None)
    assert haversine_km(alone["latitude"], alone["longitude"], 48.3844, 38.2312) > 50


def test_the_packaged_list_is_the_default_and_using_restores_it():
    packaged = active()
    assert len(packaged) > 100
    with using(PlaceList(())) as empty:
        assert active() is empty
    assert active() is packaged


def test_a_folds_own_rows_never_reach_its_list():
    rows = [_row(10 * i + 2, f"Village{i}", 48 + i / 10, 38.0) for i in range(6)]
    held = {1, 4}
    places = fold_places(rows, held)
    assert not places.readings("Village1") and not places.readings("Village4")
    assert all(places.readings(f"Village{i}") for i in (0, 2, 3, 5))


def test_fold_places_refuses_test_rows():
    with pytest.raises(ValueError, match="TEST"):
        fold_places([_row(0, "Lozove", 48.38, 38.23)], set())


def test_packaged_list_holds_no_test_row():
    from pathlib import Path

    from vigil.eval.acled import read_acled, select

    data = Path(__file__).resolve().parents[2].parent / "shared/eval/events/acled-dev.csv"
    if not data.exists():
        pytest.skip("ACLED dev file not present")
    dev = select(read_acled(data), "dev")
    assert active().places == PlaceList.from_rows(dev).places

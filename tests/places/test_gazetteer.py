"""The shipped gazetteer index: loads, answers names, demonyms and hierarchy."""

from __future__ import annotations

import pytest

from vigil.places.gazetteer import Gazetteer, GazetteerMissing, haversine_km, load_gazetteer
from vigil.places.names import normalise


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


def test_normalise_folds_case_accents_and_abbreviations():
    assert normalise("São Paulo") == normalise("SAO PAULO") == "sao paulo"
    assert normalise("St. Louis") == normalise("Saint Louis")
    assert normalise("Winston-Salem") == normalise("Winston Salem")
    assert normalise("Democratic Republic of the Congo") == normalise(
        "Democratic Republic of Congo"
    )


def test_index_loads_and_records_source_and_licence(gaz):
    meta = gaz.meta()
    assert "GeoNames" in meta["source"] and "CC BY 4.0" in meta["licence"]


def test_city_with_country_and_hierarchy(gaz):
    cands = gaz.lookup("Baghdad")
    city = next(c for c in cands if c.level == "city")
    assert city.country == "IRQ" and city.population > 1_000_000
    assert haversine_km(city.lat, city.lon, 33.34, 44.40) < 10
    admin1 = gaz.get(city.admin1)
    assert admin1 is not None and admin1.level == "admin1" and admin1.country == "IRQ"


def test_countries_admin_areas_and_small_towns_are_there(gaz):
    assert any(c.level == "country" and c.country == "NZL" for c in gaz.lookup("New Zealand"))
    assert any(c.level == "admin1" and c.country == "USA" for c in gaz.lookup("Louisiana"))
    assert any(c.level == "admin2" and c.country == "USA" for c in gaz.lookup("Rapides Parish"))
    # Populated places down to population 1,000 (and below) with alternate spellings.
    small = [c for c in gaz.lookup("Cottonport") if c.country == "USA"]
    assert small and small[0].population < 5000
    assert any(c.country == "IRQ" for c in gaz.lookup("Bagdad"))  # an alternate spelling


def test_demonyms_and_capitals(gaz):
    assert gaz.demonym("Iraqi") == "IRQ"
    assert gaz.demonym("New Zealanders") == "NZL"
    assert gaz.demonym("Table") is None
    cap = gaz.capital("IRQ")
    assert cap is not None and cap.name == "Baghdad"


def test_missing_index_is_a_clear_error(tmp_path):
    with pytest.raises(GazetteerMissing, match="build_gazetteer"):
        Gazetteer(tmp_path / "none.sqlite")

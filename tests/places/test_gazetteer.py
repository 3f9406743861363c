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


def test_admin_areas_sit_at_their_representative_point_not_where_people_live(gaz):
    # Ontario's towns crowd its southern edge (their centre is near 46.6N); the
    # province's representative point lies far to the north of that.
    (ontario,) = [c for c in gaz.lookup("Ontario") if c.level == "admin1"]
    assert ontario.country == "CAN" and ontario.lat > 48.5
    (qld,) = [c for c in gaz.lookup("Queensland") if c.level == "admin1"]
    assert haversine_km(qld.lat, qld.lon, -22.5, 144.5) < 150


def test_english_names_of_subdivisions_but_not_their_nicknames(gaz):
    assert any(c.level == "admin1" and c.country == "RUS" for c in gaz.lookup("Dagestan"))
    assert any(c.level == "admin1" and c.country == "CHN" for c in gaz.lookup("Inner Mongolia"))
    assert not any(c.country == "USA" for c in gaz.lookup("The Silver State"))
    assert not any(c.level.startswith("admin") for c in gaz.lookup("District"))


def test_regions_made_of_compass_qualified_areas(gaz):
    (darfur,) = [c for c in gaz.lookup("Darfur") if c.country == "SDN"]
    assert darfur.fcode == "RGN" and darfur.id < 0  # derived, not a GeoNames id
    assert haversine_km(darfur.lat, darfur.lon, 13.0, 24.5) < 250
    north = next(c for c in gaz.lookup("North Darfur") if c.level == "admin1")
    assert darfur.population > north.population
    java = [c for c in gaz.lookup("Java") if c.fcode == "RGN"]
    assert [c.country for c in java] == ["IDN"]
    # A real area of that name exists ("Virginia" beside "West Virginia"): no region.
    assert not any(c.fcode == "RGN" for c in gaz.lookup("Virginia"))


def test_country_points_follow_geonames_own_country_feature(gaz):
    # GeoNames puts the USA (its PCLI row) at 39.76N 98.5W; the country point is
    # the midpoint of that and the main landmass's centroid, so it stays close.
    (usa,) = [c for c in gaz.lookup("United States") if c.level == "country"]
    assert haversine_km(usa.lat, usa.lon, 39.76, -98.5) < 80
    # GeoNames moved Canada's point 1,000 km west of the atlas point (60N 95W):
    # where the two disagree that much, the atlas point stands.
    (canada,) = [c for c in gaz.lookup("Canada") if c.level == "country"]
    assert haversine_km(canada.lat, canada.lon, 60.0, -95.0) < 50
    # Countries without an outline or atlas point are still countries, at GeoNames' point.
    assert any(c.level == "country" and c.country == "XKX" for c in gaz.lookup("Kosovo"))


def test_seas_ranges_and_world_regions_from_the_hand_kept_list(gaz):
    (red_sea,) = [c for c in gaz.lookup("Red Sea") if c.level == "feature"]
    assert red_sea.fcode == "SEA" and red_sea.id < 0 and red_sea.country is None
    assert haversine_km(red_sea.lat, red_sea.lon, 20.0, 38.5) < 50
    # Sudan's Red Sea state is still there beside the sea.
    assert any(c.level == "admin1" and c.country == "SDN" for c in gaz.lookup("Red Sea"))
    # Aliases are indexed, and a feature in one country carries it.
    assert any(c.fcode == "STRT" for c in gaz.lookup("Bab al-Mandab"))
    (urals,) = [c for c in gaz.lookup("Ural Mountains") if c.level == "feature"]
    assert urals.country == "RUS"
    assert "gazetteer_features.tsv" in gaz.meta()["source"]


def test_arabic_article_spellings_meet():
    from vigil.places.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    assert any(c.country == "SYR" for c in gaz.lookup("Al Sukhnah"))  # indexed "As Sukhnah"
    assert gaz.lookup("El Sukhnah") and not any("Sukhnah" in c.name for c in gaz.lookup("As"))


def test_area_spelled_otherwise():
    from vigil.places.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    area = gaz.area_spelled_like("Almargeb")
    assert area is not None and area.country == "LBY" and area.level == "admin1"
    assert gaz.area_spelled_like("Labour") is None and gaz.area_spelled_like("Kab") is None

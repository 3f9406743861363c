"""An event's place in ACLED's fields: precision levels, stated hierarchies, the fallback.

Invented sentences (places real, events not), not ACLED notes.
"""

from __future__ import annotations

import pytest

from vigil.document import Document
from vigil.pipeline import Pipeline
from vigil.places.acled.coded import PlaceList, using
from vigil.places.acled.location import code_location
from vigil.places.gazetteer import haversine_km
from vigil.records import Event, Evidence
from vigil.settings import Settings


@pytest.fixture(scope="module")
def run():
    pipe = Pipeline(["parse", "places"], Settings())

    def _run(text: str) -> Document:
        return pipe(Document(raw_text=text, source="t"))

    return _run


def _event_at(doc: Document, name: str, sentence: str | None = None) -> Event:
    """An event whose place the events stage would have set to the place called ``name``."""
    (place,) = [p for p in doc.places if p.text == name and p.kind == "name"]
    where = {"name": place.name, "lat": place.lat, "lon": place.lon, "country": place.country}
    start = doc.text.index(sentence) if sentence else 0
    end = start + len(sentence) if sentence else len(doc.text)
    return Event(
        id="v1",
        category="ASSAULT",
        where=where,
        evidence=[Evidence(text=doc.text[start:end], start=start, end=end)],
    )


def _near(loc: dict, lat: float, lon: float, km: float = 30.0) -> bool:
    return (
        loc["latitude"] is not None
        and haversine_km(loc["latitude"], loc["longitude"], lat, lon) < km
    )


def test_town_named_is_precision_1(run):
    doc = run("Gunmen opened fire on a bus station in Kandahar on Monday, police said.")
    loc = code_location(doc, None)
    assert loc["geo_precision"] == 1
    assert loc["country"] == "Afghanistan" and "Kandah" in loc["admin1"]
    assert _near(loc, 31.61, 65.71)


def test_near_a_town_is_precision_2(run):
    doc = run("A roadside bomb struck an army truck near Kandahar on Monday.")
    loc = code_location(doc, None)
    assert loc["geo_precision"] == 2 and _near(loc, 31.61, 65.71)


def test_district_named_is_precision_2_at_its_town(run):
    doc = run("Fighting was reported in Maidan Shar district of Wardak province on Friday.")
    loc = code_location(doc, None)
    assert loc["geo_precision"] == 2
    assert loc["admin1"] and "Wardak" in loc["admin1"]
    assert _near(loc, 34.40, 68.87, 50)


def test_province_only_is_precision_3(run):
    doc = run("The governor of Kandahar province announced a curfew across the province.")
    loc = code_location(doc, None)
    assert loc["geo_precision"] == 3
    assert loc["country"] == "Afghanistan" and loc["admin2"] == ""


def test_country_only_is_precision_3(run):
    doc = run("Farmers across Kenya held rallies against the new tax on Tuesday.")
    loc = code_location(doc, None)
    assert loc["geo_precision"] == 3 and loc["country"] == "Kenya"
    assert loc["location"] == "Kenya"


def test_town_district_province_in_brackets(run):
    # Bosaso is written "Bossaso" here, a common spelling the gazetteer lacks;
    # the bracketed province says which town is meant.
    doc = run("Militants attacked a checkpoint in Bossaso town (Bossaso, Bari) on Sunday.")
    loc = code_location(doc, None)
    assert loc["country"] == "Somalia"
    assert _near(loc, 11.28, 49.18, 20)
    assert loc["geo_precision"] == 1


def test_unknown_village_placed_in_its_stated_district(run):
    # The village is not in the gazetteer: it lies in the district the brackets give. The
    # report names the village itself, which is ACLED's precision 1 (the point is the area's).
    doc = run("Herders clashed with farmers in Ugbokpo-Nuwa village (Apa LGA, Benue) on Monday.")
    loc = code_location(doc, None)
    assert loc["country"] == "Nigeria" and loc["geo_precision"] == 1
    assert _near(loc, 7.55, 7.85, 60)


def test_x_village_of_y_district(run):
    doc = run("Two farmers were killed in Chak Sheikhan village of Qaysar district, Faryab.")
    loc = code_location(doc, None)
    assert loc["country"] == "Afghanistan" and loc["geo_precision"] == 1
    assert _near(loc, 35.69, 64.29, 50)


def test_square_of_a_city(run):
    doc = run("Nurses rallied in Carmel Square of Haifa city on Sunday.")
    loc = code_location(doc, None)
    assert loc["country"] == "Israel" and _near(loc, 32.81, 34.99, 15)


def test_name_split_by_the_model_found_through_its_state(run):
    doc = run("On Friday, in Vertente do Lerio, Pernambuco, robbers blew up a cash machine.")
    loc = code_location(doc, None)
    assert loc["location"].startswith("Vertente do L") and loc["geo_precision"] == 1
    assert loc["admin1"] == "Pernambuco"


def test_event_in_a_country_refined_to_the_town_of_the_report(run):
    text = (
        "People in Ahwar (Ahwar, Abyan) rallied on Sunday in support of "
        "self-administration in South Yemen."
    )
    doc = run(text)
    country = [p for p in doc.places if p.level == "country"]
    assert country
    ev = _event_at(doc, country[0].text, text)
    loc = code_location(doc, ev)
    assert loc["geo_precision"] == 1 and _near(loc, 13.52, 46.71, 20)


def test_event_without_place_falls_back_to_the_report(run):
    doc = run(
        "Police raided a market in Peshawar on Monday. Several men were arrested "
        "after the raid, officials said."
    )
    ev = Event(id="v2", category="COERCE", where=None)
    loc = code_location(doc, ev)
    assert loc["country"] == "Pakistan" and _near(loc, 34.01, 71.58)


def test_no_place_at_all(run):
    doc = run("Nothing here names a place; the meeting was postponed.")
    loc = code_location(doc, None)
    assert loc["latitude"] is None and loc["geo_precision"] == 0 and loc["country"] == ""


@pytest.mark.parametrize(
    "text",
    [
        "",
        "(",
        "X (Y, Z)",
        "((( , , ) Kabul ( , Kabul) ()",
        "In (Benue) , , Benue (Benue (Benue, Benue)))",
        "A" * 300 + " (Bari)",
        "Zinijbar (Zingibar, Abyan), Ahwar (Ahwar, Abyan), Bossaso (Bossaso, Bari)",
    ],
)
def test_odd_input_does_not_crash(run, text):
    doc = run(text)
    loc = code_location(doc, None)
    assert set(loc) == {
        "country",
        "admin1",
        "admin2",
        "location",
        "latitude",
        "longitude",
        "geo_precision",
    }


def test_countryside_of_a_town_is_precision_2(run):
    doc = run("Artillery hit farms in the southern countryside of Hama on Monday.")
    loc = code_location(doc, None)
    assert loc["country"] == "Syria" and loc["geo_precision"] == 2
    assert _near(loc, 35.13, 36.76, 30)


def test_front_line_village_from_the_codifier(run):
    doc = run("Mortar rounds landed near Bila Kamianka, Donetsk, overnight.")
    loc = code_location(doc, None)
    assert loc["country"] == "Ukraine" and loc["admin1"].startswith("Donetsk")
    assert loc["geo_precision"] == 2 and _near(loc, 47.42, 38.0, 30)


def test_unknown_village_before_its_state_is_placed_in_the_state(run):
    doc = run("Mortar rounds landed near Zhovtokvitkove, Donetsk, overnight.")
    loc = code_location(doc, None)
    assert loc["country"] == "Ukraine" and loc["geo_precision"] == 2
    assert loc["admin1"] and _near(loc, 48.0, 37.8, 60)


def test_within_place_is_no_finer_than_a_known_town(run):
    # Panchmahal is placed in Gujarat (the gazetteer lacks the district): not finer than Godhra.
    doc = run("Residents pelted stones at police in Godhra town (Panchmahal, Gujarat) on Sunday.")
    loc = code_location(doc, None)
    assert loc["location"] == "Godhra" and loc["geo_precision"] == 1
    assert _near(loc, 22.78, 73.61, 20)


def test_town_named_after_its_district_is_the_town(run):
    doc = run("Workers held a protest in Warangal city (Warangal, Telangana) on Sunday.")
    loc = code_location(doc, None)
    assert loc["geo_precision"] == 1 and _near(loc, 18.0, 79.58, 10)
    doc = run("Militants attacked a post at the market in Bossaso town (Bossaso, Bari).")
    loc = code_location(doc, None)
    assert loc["country"] == "Somalia" and loc["geo_precision"] == 1
    assert _near(loc, 11.28, 49.18, 10)


def test_chain_settles_its_outer_areas_first(run):
    # Golfe is a town of Angola only; inside Maritime (Togo) it is placed there, and Lome
    # is then read inside Togo, not placed in Angola.
    doc = run("Gunmen shot an army officer in his office in Lome city (Golfe, Maritime).")
    loc = code_location(doc, None)
    assert loc["country"] == "Togo" and loc["geo_precision"] == 1
    assert _near(loc, 6.13, 1.22, 15)


@pytest.mark.parametrize(
    ("text", "lat", "lon", "admin1"),
    [
        ("Workers protested in Menakuru village (Nellore, AP) on Friday.", 14.45, 79.99, "Andhra"),
        (
            "Militants fired at Beighpora town (Pulwama district, J&K) on Friday.",
            33.9,
            75.0,
            "Jammu",
        ),
        (
            "Journalists protested in Peshawar city (Peshawar, KPK) on Friday.",
            34.01,
            71.58,
            "Khyber",
        ),
    ],
)
def test_state_abbreviation_closing_a_bracket(run, text, lat, lon, admin1):
    # The gazetteer's reading of the hierarchy (the district's point for a village it
    # lacks), without the coded-place list, which holds Menakuru's own point.
    with using(PlaceList(())):
        loc = code_location(run(text), None)
    assert loc["country"] in {"India", "Pakistan"} and loc["admin1"].startswith(admin1)
    assert _near(loc, lat, lon, 40)


def test_abbreviation_alone_is_no_state(run):
    doc = run("WASHINGTON (AP) - The senate voted on Friday. Smith (Labour, UP) spoke.")
    assert not any(p.level == "admin1" and p.country == "IND" for p in doc.places)


def test_place_only_named_in_a_body_that_acted(run):
    doc = run("Aydin Governorship announced a mandatory use of face masks in the province.")
    loc = code_location(doc, None)
    assert loc["country"] == "Turkey" and _near(loc, 37.85, 27.85, 30)


def test_name_inside_another_name_is_no_fallback(run):
    # "Al" (a town in Norway) and "Haram" are words of group names, not places.
    doc = run("Al Shabaab militants and Boko Haram fighters kidnapped two civilians.")
    loc = code_location(doc, None)
    assert loc["country"] != "Norway"


def test_name_left_open_gets_its_likeliest_reading(run):
    doc = run("In San Juan city, a police officer was shot by unidentified gunmen.")
    loc = code_location(doc, None)
    assert loc["latitude"] is not None and loc["location"].startswith("San Juan")


def test_town_described_as_a_city_is_not_an_alias_abroad(run):
    # Kansas's Hays has the alternate name "Hays City"; "Hays city" in Yemen is Hays.
    doc = run("Houthi forces fired at houses in Hays city in western Yemen (Hays, Al Hudaydah).")
    loc = code_location(doc, None)
    assert loc["country"] == "Yemen" and _near(loc, 13.93, 43.48, 20)
    assert any(p.name == "Kuwait City" for p in run("Protesters met in Kuwait City.").places)


def test_arabic_article_written_another_way(run):
    doc = run("Pro-Houthi forces shelled houses in At Tuhayta city (Al Hudaydah) on Monday.")
    loc = code_location(doc, None)
    assert loc["country"] == "Yemen" and loc["geo_precision"] == 1
    assert _near(loc, 14.18, 43.22, 20)


def test_currency_country_is_no_place(run):
    doc = run("Protesters in Beirut rallied against the high US dollar exchange rate.")
    assert not any(p.country == "USA" for p in doc.places)
    loc = code_location(doc, None)
    assert loc["country"] == "Lebanon"


def test_named_place_before_the_actors_nationality(run):
    # "Russian forces": the actors' country; the named town, even a guess, is the place.
    doc = run("Russian military police brought reinforcements to Tabqa on Monday.")
    loc = code_location(doc, None)
    assert loc["country"] == "Syria"


def test_according_to_is_no_locative(run):
    # "Taliban" is an alternate name of a Turkish village; "according to" cites a source.
    doc = run("According to Taliban, a civilian was killed in Shahrak district, Ghor.")
    assert not any(p.country == "TUR" for p in doc.places)
    assert code_location(doc, None)["country"] == "Afghanistan"


@pytest.mark.parametrize(
    ("text", "lat", "lon"),
    [
        ("One policeman was shot by unknown gunmen in PD12 of Herat city.", 34.35, 62.2),
        (
            "On 8 May, regime forces captured 2 rebels of a militia on the eastern Idleb front.",
            35.93,
            36.63,
        ),
    ],
)
def test_kind_word_after_a_known_name_says_it_is_a_place(run, text, lat, lon):
    assert _near(code_location(run(text), None), lat, lon, 30)


def test_lower_case_arabic_article_leads_a_name(run):
    doc = run("Turkish forces shelled Qabr al Kabir in al-Hasakeh using artillery fire.")
    loc = code_location(doc, None)
    assert loc["country"] == "Syria" and _near(loc, 36.5, 40.75, 30)


def test_town_in_its_stated_province(run):
    doc = run("On 29 April 2020, Turkish forces shelled Menbij in Aleppo using artillery fire.")
    loc = code_location(doc, None)
    assert loc["geo_precision"] == 1 and _near(loc, 36.53, 37.95, 10)
    assert not run("John Smith in Washington said no.").places[0].within


def test_between_two_places_and_an_area_of_its_own_are_precision_2(run):
    doc = run("An army vehicle struck an IED between Banh and Koumbri (Banh, Loroum) on Monday.")
    assert code_location(doc, None)["geo_precision"] == 2
    doc = run("Rebels attacked a base in Lainya county (Central Equatoria) on Monday.")
    assert code_location(doc, None)["geo_precision"] == 2


def test_where_the_actors_came_from_is_not_the_place(run):
    doc = run(
        "Hundreds of migrant workers from Surat threw stones at police at Halol check post "
        "(Panchmahal, Gujarat) on Saturday."
    )
    surat = next(p for p in doc.places if p.text == "Surat")
    ev = _event_at(doc, "Surat")
    assert surat.name == "Surat"
    loc = code_location(doc, ev)
    assert _near(loc, 22.5, 73.47, 20)  # Halol


def test_district_written_after_its_city(run):
    doc = run("A roadside bomb detonated at a junction road in Mogadishu-Dharkenley on Monday.")
    loc = code_location(doc, None)
    assert loc["country"] == "Somalia" and _near(loc, 2.04, 45.34, 20)
    doc = run("LNA forces fired artillery at GNA positions in Al-Swani on Monday.")
    assert code_location(doc, None)["country"] != "Norway"  # "Al" is no city


def test_province_spelled_otherwise_closing_a_bracket(run):
    # "Almargeb" is Libya's Al Marqab, "Galgaduud" Somalia's Galguduud.
    doc = run("Shells fired by an unknown party fell in Garabulli (Almargeb) on Monday.")
    loc = code_location(doc, None)
    assert loc["country"] == "Libya" and _near(loc, 32.4, 13.9, 60)
    doc = run("Militants kidnapped two civilians from Bar Ujeed village (Ceel Buur, Galgaduud).")
    assert code_location(doc, None)["country"] == "Somalia"


def test_a_named_country_keeps_its_town_in_an_ambiguous_bracket(run):
    # "Central" is read as Uganda's region; Lilongwe stays in Malawi, which the text names.
    doc = run("Supporters of Malawi's opposition took to the streets in Lilongwe (Central).")
    loc = code_location(doc, None)
    assert loc["country"] == "Malawi" and _near(loc, -13.97, 33.79, 20)


def test_actors_nationality_gives_way_to_the_named_place(run):
    doc = run("Chinese demonstrators clashed with Nepal Police in Kathmandu city on Friday.")
    china = next(p for p in doc.places if p.kind == "demonym" and p.country == "CHN")
    where = {"name": china.name, "lat": china.lat, "lon": china.lon, "country": "CHN"}
    loc = code_location(doc, Event(id="v1", category="PROTEST", where=where))
    assert loc["country"] == "Nepal" and loc["geo_precision"] == 1


def test_province_spelling_read_in_the_country_of_its_towns(run):
    doc = run("Militiamen exchanged shots near Gaalkacyo town (Gaalkacyo, Mudugu) on Friday.")
    loc = code_location(doc, None)
    assert loc["country"] == "Somalia" and loc["admin1"] == "Mudug"


def test_the_attackers_nationality_is_the_last_resort(run):
    doc = run("Israeli forces fired tear gas at Palestinian protesters on Friday.")
    assert code_location(doc, None)["country"] == "Palestine"

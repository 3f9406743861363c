"""The registry: YAML/CSV/GeoJSON round trips, idempotent import into both real databases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from vigil.registry import tables
from vigil.registry.db import open_db
from vigil.registry.io import RegistryFileError, dump_registry, load_registry
from vigil.registry.repo import load_registry_db, save_registry

DEMO = Path(__file__).resolve().parents[2] / "demo"

MY_TABLES = {
    "organisations",
    "sites",
    "presence",
    "assessments",
    "subscriptions",
    "alerts",
    "deliveries",
}


def test_demo_yaml_reads_sites_and_presence(gold):
    reg = load_registry(DEMO / "sites.yaml")
    gold_sites = {s["name"]: s for s in gold["sites_scenario"]["sites"]}
    assert {s.name for s in reg.sites} == set(gold_sites)
    taji = reg.site("Taji")  # by alias
    assert taji is not None and taji.people == gold_sites[taji.name]["people"]
    assert [(p.country, p.people) for p in reg.presence] == [
        (p["country"], p["people"]) for p in gold["sites_scenario"]["country_presence"]
    ]
    assert {s.organisation for s in reg.sites} == {"New Zealand Defence Force"}


@pytest.mark.parametrize(
    "fmt,suffix", [("yaml", ".yaml"), ("csv", ".csv"), ("geojson", ".geojson")]
)
def test_every_format_round_trips(tmp_path, fmt, suffix):
    reg = load_registry(DEMO / "sites.yaml")
    path = tmp_path / f"out{suffix}"
    path.write_text(dump_registry(reg, fmt))
    again = load_registry(path)
    assert again.sites == reg.sites
    assert again.presence == reg.presence


def test_geojson_is_points_lon_lat(tmp_path):
    reg = load_registry(DEMO / "sites.yaml")
    data = json.loads(dump_registry(reg, "geojson"))
    taji = next(f for f in data["features"] if (f["properties"] or {}).get("name") == "Camp Taji")
    assert taji["geometry"] == {"type": "Point", "coordinates": [44.2775, 33.5294]}


def test_org_option_overrides_file(tmp_path):
    reg = load_registry(DEMO / "sites.yaml", organisation="Other Org")
    assert {s.organisation for s in reg.sites} == {"Other Org"}
    assert {p.organisation for p in reg.presence} == {"Other Org"}


def test_bad_file_names_input_and_reason(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("sites:\n- name: Nowhere\n  lat: 200\n  lon: 0\n")
    with pytest.raises(RegistryFileError, match=r"bad\.yaml.*Nowhere.*lat"):
        load_registry(bad)
    csv = tmp_path / "bad.csv"
    csv.write_text("name,lat,lon\nX,abc,1\n")
    with pytest.raises(RegistryFileError, match=r"bad\.csv.*line 2.*lat must be a number"):
        load_registry(csv)


def test_import_is_idempotent_and_updates(db_url, tmp_path):
    store = open_db(db_url)
    try:
        reg = load_registry(DEMO / "sites.yaml")
        first = save_registry(store.engine, reg)
        assert first.added == len(reg.sites) + len(reg.presence)
        with store.engine.connect() as c:
            before = [
                tuple(r) for r in c.execute(sa.select(tables.sites).order_by(tables.sites.c.id))
            ]
        again = save_registry(store.engine, reg)
        assert (again.added, again.updated) == (0, 0)
        with store.engine.connect() as c:
            after = [
                tuple(r) for r in c.execute(sa.select(tables.sites).order_by(tables.sites.c.id))
            ]
        assert after == before
        reg.sites[0].people += 1
        third = save_registry(store.engine, reg)
        assert (third.added, third.updated) == (0, 1)
        stored = load_registry_db(store.engine)
        assert {s.name: s.people for s in stored.sites} == {s.name: s.people for s in reg.sites}
        assert {s.name: s.country for s in stored.sites}["Auckland"] == "NZL"
        assert stored.presence[0].country == "IRQ"
    finally:
        store.close()


def test_my_migration_matches_my_tables(db_url):
    store = open_db(db_url)
    try:
        with store.engine.connect() as conn:
            assert MY_TABLES <= set(sa.inspect(conn).get_table_names())
            ctx = MigrationContext.configure(conn, opts={"compare_type": True})
            diffs = compare_metadata(ctx, tables.metadata)
    finally:
        store.close()

    def table_of(diff) -> str:
        item = diff[0] if isinstance(diff, list) else diff
        kind = item[0]
        if kind in ("add_table", "remove_table"):
            return item[1].name
        if kind in ("add_column", "remove_column") or kind.startswith("modify_"):
            return item[2]
        return item[1].table.name

    assert [d for d in diffs if table_of(d) in MY_TABLES] == []


def test_registered_sites_feed_the_gazetteer(db_url):
    from vigil.places.sites import Site
    from vigil.registry.repo import gazetteer_sites

    with open_db(db_url) as store:
        save_registry(store.engine, load_registry(DEMO / "sites.yaml"))
    sites = gazetteer_sites(db_url)
    assert all(isinstance(s, Site) for s in sites)
    taji = next(s for s in sites if s.name == "Camp Taji")
    assert "Taji" in taji.aliases and taji.radius_km == 25

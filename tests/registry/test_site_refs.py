"""A site's stable key (``ref``): import matches it before the name, so a file that
renames a site renames it (history along) instead of adding a second site; the same
file twice changes nothing; refs are per organisation. Both databases, through the
command line."""

from __future__ import annotations

import json
from datetime import date

import sqlalchemy as sa
import yaml
from typer.testing import CliRunner

from vigil.alert.service import process
from vigil.assess.model import Assessment
from vigil.cli.main import app
from vigil.registry import tables as rt
from vigil.registry.db import open_db
from vigil.registry.repo import load_registry_db


def run(*args: str):
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def write(path, org: str, sites: list[dict]) -> str:
    path.write_text(yaml.safe_dump({"organisation": org, "sites": sites}), encoding="utf-8")
    return str(path)


def site(name: str, ref: str | None = None, lat: float = 33.5) -> dict:
    return {"name": name, "lat": lat, "lon": 44.2, **({"ref": ref} if ref else {})}


def sites(url: str, org: str) -> dict[str, str]:
    """name -> ref of ``org``'s sites."""
    with open_db(url) as store:
        return {s.name: s.ref for s in load_registry_db(store.engine, org).sites}


def assess(url: str, org: str, name: str, level: int) -> None:
    a = Assessment(
        "site", name, org, date(2026, 12, 1), 14, level, f"p{level}", 10.0 * level, "steady"
    )
    with open_db(url) as store:
        process(store.engine, [a])


def test_a_renamed_site_in_a_file_is_renamed_not_doubled(db_url, tmp_path):
    f = write(tmp_path / "a.yaml", "Alpha", [site("Camp Taji", "TAJI-1"), site("Office", "OFF")])
    assert "2 added" in run("sites", "import", f, "--db", db_url).output
    again = run("sites", "import", f, "--db", db_url)
    assert "0 added, 0 updated, 2 unchanged" in again.output  # the same file: nothing
    assess(db_url, "Alpha", "Camp Taji", 4)
    renamed = write(
        tmp_path / "b.yaml", "Alpha", [site("Taji Base", "TAJI-1"), site("Office", "OFF")]
    )
    res = run("sites", "import", renamed, "--db", db_url)
    assert "0 added, 1 updated, 1 unchanged" in res.output, res.output
    assert sites(db_url, "Alpha") == {"Taji Base": "TAJI-1", "Office": "OFF"}
    with open_db(db_url) as store, store.engine.connect() as conn:  # its history followed
        a, al = rt.assessments, rt.alerts
        assert conn.scalars(sa.select(a.c.subject)).all() == ["Taji Base"]
        assert set(conn.scalars(sa.select(al.c.site)).all()) == {"Taji Base"}
    assert (
        "0 added, 0 updated, 2 unchanged" in run("sites", "import", renamed, "--db", db_url).output
    )


def test_names_can_be_swapped_and_a_taken_name_is_refused_whole(db_url, tmp_path):
    f = write(tmp_path / "a.yaml", "Alpha", [site("North", "n"), site("South", "s"), site("East")])
    run("sites", "import", f, "--db", db_url)
    swap = write(tmp_path / "b.yaml", "Alpha", [site("South", "n"), site("North", "s")])
    assert "0 added, 2 updated" in run("sites", "import", swap, "--db", db_url).output
    got = sites(db_url, "Alpha")
    assert (got["South"], got["North"]) == ("n", "s")
    # 'East' keeps its name (it is not renamed in the file): refused, and nothing saved
    clash = write(tmp_path / "c.yaml", "Alpha", [site("West", "w"), site("East", "n")])
    res = run("sites", "import", clash, "--db", db_url)
    assert res.exit_code == 1 and "another site" in res.output
    assert sites(db_url, "Alpha") == got
    twice = write(tmp_path / "d.yaml", "Alpha", [site("X", "dup"), site("Y", "dup")])
    res = run("sites", "import", twice, "--db", db_url)
    assert res.exit_code == 1 and "given twice" in res.output
    # one entry by name, another by ref: the same site twice
    same = write(tmp_path / "f.yaml", "Alpha", [site("East"), site("Far East", got["East"])])
    res = run("sites", "import", same, "--db", db_url)
    assert res.exit_code == 1 and "same site" in res.output
    assert sites(db_url, "Alpha") == got
    bad = write(tmp_path / "e.yaml", "Alpha", [site("Z", "no spaces please")])
    assert run("sites", "import", bad, "--db", db_url).exit_code == 1


def test_every_export_carries_refs_so_an_edited_export_renames(db_url, tmp_path):
    # sites registered without refs get one; each format's export carries it
    f = write(tmp_path / "a.yaml", "Alpha", [site("Camp Taji"), site("Office", lat=30.0)])
    run("sites", "import", f, "--db", db_url)
    refs = sites(db_url, "Alpha")
    assert all(refs.values()) and len(set(refs.values())) == 2
    assert "0 added, 0 updated, 2 unchanged" in run("sites", "import", f, "--db", db_url).output
    for n, fmt in enumerate(("yaml", "csv", "geojson")):
        out = tmp_path / f"export.{fmt}"
        run("sites", "export", "-f", fmt, "--out", str(out), "--org", "Alpha", "--db", db_url)
        old = "Camp Taji" if n == 0 else f"Taji {n - 1}"
        text = out.read_text(encoding="utf-8")
        if fmt == "geojson":
            props = [x["properties"] for x in json.loads(text)["features"]]
            assert {x["name"]: x["ref"] for x in props}[old] == refs["Camp Taji"]
        out.write_text(text.replace(old, f"Taji {n}"), encoding="utf-8")
        res = run("sites", "import", str(out), "--db", db_url)
        assert "0 added, 1 updated, 1 unchanged" in res.output, (fmt, res.output)
        assert sites(db_url, "Alpha") == {f"Taji {n}": refs["Camp Taji"], "Office": refs["Office"]}


def test_refs_belong_to_one_organisation(db_url, tmp_path):
    run(
        "sites",
        "import",
        write(tmp_path / "a.yaml", "Alpha", [site("Camp Taji", "T")]),
        "--db",
        db_url,
    )
    # Bravo's file with the same ref is Bravo's own site: Alpha's is neither renamed nor read
    res = run(
        "sites", "import", write(tmp_path / "b.yaml", "Bravo", [site("Erbil", "T")]), "--db", db_url
    )
    assert "1 added" in res.output
    assert sites(db_url, "Alpha") == {"Camp Taji": "T"}
    assert sites(db_url, "Bravo") == {"Erbil": "T"}
    # a file giving an unkeyed site its ref sets it, once
    run("sites", "import", write(tmp_path / "c.yaml", "Bravo", [site("Mosul")]), "--db", db_url)
    keyed = write(tmp_path / "d.yaml", "Bravo", [site("Mosul", "M-1")])
    assert "1 updated" in run("sites", "import", keyed, "--db", db_url).output
    assert "1 unchanged" in run("sites", "import", keyed, "--db", db_url).output
    assert sites(db_url, "Bravo")["Mosul"] == "M-1"


def test_the_migration_gives_sites_stored_before_it_distinct_refs(db_url):
    from alembic import command

    from vigil.store.engine import alembic_config, migrate

    engine = sa.create_engine(db_url)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0007_event_acled")
        conn.execute(sa.text("INSERT INTO organisations (id, name) VALUES (1, 'Alpha')"))
        for i, name in enumerate(["Camp Taji", "Office", "Depot"]):
            conn.execute(
                sa.text(
                    "INSERT INTO sites (organisation_id, name, lat, lon, kind, radius_km, "
                    "people, aliases, tags) VALUES (1, :n, :lat, 44, 'site', 10, 0, '[]', '[]')"
                ),
                {"n": name, "lat": 30 + i},
            )
    migrate(engine)
    engine.dispose()
    refs = sites(db_url, "Alpha")
    assert set(refs) == {"Camp Taji", "Office", "Depot"}
    assert all(refs.values()) and len(set(refs.values())) == 3

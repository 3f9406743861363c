"""``vigil ingest`` and ``vigil show`` end to end, on real SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vigil.cli.common import out as out_console
from vigil.cli.main import app
from vigil.store import open_store

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"

runner = CliRunner()


def make_inputs(folder: Path) -> Path:
    folder.mkdir()
    (folder / "a.txt").write_text(
        "Protesters marched through Paris on Saturday.\n\n"
        'Police chief Marie Dupont said "the crowd was peaceful".\n'
    )
    (folder / "a.meta.json").write_text(
        json.dumps({"title": "Paris march", "published": "2021-01-06"})
    )
    (folder / "b.txt").write_text(
        "Rebels attacked a convoy near Goma last week, the army said.\n\n"
        "Three soldiers were killed in the attack.\n"
    )
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02 not text \x00" * 20)
    return folder


def snapshot(url: str) -> tuple[dict, dict, list]:
    with open_store(url) as store:
        arts = {a.id: (a.record, a.ingested_at, a.pipeline_version) for a in store.iter_articles()}
        rejections = [(r.source, r.reason, r.at) for r in store.rejections()]
        return store.counts(), arts, rejections


def test_ingest_stores_good_files_names_bad_one_and_is_idempotent(db_url, tmp_path, monkeypatch):
    folder = make_inputs(tmp_path / "in")
    result = runner.invoke(app, ["ingest", str(folder), "--db", db_url])
    assert result.exit_code == 1, result.output
    bad_lines = [ln for ln in result.stderr.splitlines() if "broken.txt" in ln]
    assert len(bad_lines) == 1 and "binary" in bad_lines[0]
    assert "2 new, 0 unchanged, 1 rejected" in result.stderr

    counts, arts, rejections = snapshot(db_url)
    assert counts["articles"] == 2 and len(rejections) == 1
    titles = {rec["title"] for rec, _, _ in arts.values()}
    assert "Paris march" in titles
    paris = next(rec for rec, _, _ in arts.values() if rec["title"] == "Paris march")
    assert paris["published"] == "2021-01-06"
    assert ("on Saturday", "2021-01-02") in {(t["text"], t["value"]) for t in paris["times"]}

    # Second run: the stored articles must not even reach the NLP pipeline.
    def no_pipeline(*args, **kwargs):
        raise AssertionError("pipeline built for already-stored articles")

    monkeypatch.setattr("vigil.cli.ingest.ingest.Pipeline", no_pipeline)
    again = runner.invoke(app, ["ingest", str(folder), "--db", db_url])
    assert again.exit_code == 1
    assert "0 new, 2 unchanged, 1 rejected" in again.stderr
    assert snapshot(db_url) == (counts, arts, rejections)


def test_ingest_of_clean_inputs_exits_zero(tmp_path):
    folder = tmp_path / "ok"
    folder.mkdir()
    (folder / "one.txt").write_text("The council met on Monday to discuss the budget.\n")
    url = f"sqlite:///{tmp_path / 'v.db'}"
    result = runner.invoke(app, ["ingest", str(folder), "--db", url, "--published", "2020-01-08"])
    assert result.exit_code == 0, result.output
    with open_store(url) as store:
        (art,) = list(store.iter_articles())
    assert art.record["times"][0]["value"] == "2020-01-06"


def test_bare_path_means_sqlite_file(tmp_path):
    folder = tmp_path / "ok"
    folder.mkdir()
    (folder / "one.txt").write_text("Officials in Kenya said the road was closed.\n")
    db = tmp_path / "nested" / "dir" / "vigil.db"
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert db.is_file()


def test_show_highlights_the_founding_article(tmp_path, monkeypatch):
    monkeypatch.setattr(out_console, "width", 240)  # no wrapping inside table cells
    url = f"sqlite:///{tmp_path / 'v.db'}"
    res = runner.invoke(app, ["ingest", str(CORPUS / "nzdf-taji.txt"), "--db", url])
    assert res.exit_code == 0, res.output
    with open_store(url) as store:
        (art,) = list(store.iter_articles())
    record = art.record
    assert record["entities"] and record["times"]

    shown = runner.invoke(app, ["show", art.id[:4], "--db", url])
    assert shown.exit_code == 0, shown.output
    out = shown.stdout
    assert record["title"] in out
    for ent in record["entities"][:5]:
        assert ent["canonical"] in out
    assert "over the weekend" in out and "2020-01-04/2020-01-05" in out

    listed = runner.invoke(app, ["show", "--list", "--db", url])
    assert listed.exit_code == 0 and art.id in listed.stdout

    missing = runner.invoke(app, ["show", "no-such-id", "--db", url])
    assert missing.exit_code == 1 and "no-such-id" in missing.stderr


@pytest.mark.parametrize("args", [["show"], ["show", "--db"]])
def test_show_needs_an_id(args, tmp_path):
    argv = args + ([str(tmp_path / "v.db")] if args[-1] == "--db" else [])
    result = runner.invoke(app, argv)
    assert result.exit_code != 0


def test_sites_registered_in_the_database_join_the_gazetteer_on_ingest(db_url, tmp_path):
    """Without --sites, `vigil ingest` resolves places against the sites in the registry."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "r.txt").write_text(
        "Rockets struck near Outpost Kestrel late on Friday, officials said.\n\n"
        "The outpost hosts 30 foreign trainers.\n"
    )
    (folder / "r.meta.json").write_text(json.dumps({"published": "2021-03-06"}))
    sites = tmp_path / "sites.yaml"
    sites.write_text(
        "organisation: Example Mission\n"
        "sites:\n"
        "- {name: Outpost Kestrel, lat: 34.1, lon: 43.9, aliases: [Kestrel], kind: base}\n"
    )
    res = runner.invoke(app, ["sites", "import", str(sites), "--db", db_url])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["ingest", str(folder), "--db", db_url])
    assert res.exit_code == 0, res.output
    with open_store(db_url) as store:
        (article,) = list(store.iter_articles())
    site_places = [p for p in article.record["places"] if p.get("site") == "Outpost Kestrel"]
    assert site_places, article.record["places"]
    assert site_places[0]["lat"] == pytest.approx(34.1)

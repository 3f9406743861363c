"""Dask backfill: NLP on worker processes, records stored by the client, same result as local."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from vigil.cli.main import app
from vigil.store import open_store

TEXTS = [
    "Gunmen attacked a police post in Kano on Sunday, officials said.",
    "The minister will travel to Nairobi on Friday for talks.",
    "Protesters gathered outside the embassy in Lima last week.",
    "Two soldiers were wounded in a blast near Kabul since 2019 began.",
    "Aid convoys reached Aleppo over the weekend, the UN said.",
    "Parliament in Tunis adopted the budget yesterday.",
]


@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("distributed")
    from vigil.store.backfill import local_cluster

    c = local_cluster(n_workers=2)
    assert isinstance(c, distributed.LocalCluster)
    yield c
    c.close()


def make_inputs(folder: Path) -> Path:
    folder.mkdir()
    for i, text in enumerate(TEXTS):
        (folder / f"r{i}.txt").write_text(text + "\n")
    (folder / "junk.txt").write_bytes(b"\x00" * 64)
    return folder


def records(url: str) -> dict[str, dict]:
    with open_store(url) as store:
        return {a.id: a.record for a in store.iter_articles()}


def test_dask_backfill_matches_local_ingest(cluster, db_url, tmp_path):
    folder = make_inputs(tmp_path / "in")
    runner = CliRunner()
    args = ["ingest", str(folder), "--published", "2020-01-08", "--batch-size", "2"]
    res = runner.invoke(app, [*args, "--db", db_url, "--scheduler", cluster.scheduler_address])
    assert res.exit_code == 1, res.output  # the junk file is rejected...
    assert "junk.txt" in res.stderr
    assert f"{len(TEXTS)} new, 0 unchanged, 1 rejected" in res.stderr  # ...the rest stored

    local_url = f"sqlite:///{tmp_path / 'local.db'}"
    assert runner.invoke(app, [*args, "--db", local_url]).exit_code == 1
    via_dask = records(db_url)
    assert len(via_dask) == len(TEXTS)
    local = records(local_url)
    differing = {
        (aid, key)
        for aid in via_dask
        for key in via_dask[aid]
        if via_dask[aid][key] != local.get(aid, {}).get(key)
    }
    assert not differing, [(k, via_dask[a][k], local[a][k]) for a, k in sorted(differing)]

    again = runner.invoke(app, [*args, "--db", db_url, "--scheduler", cluster.scheduler_address])
    assert f"0 new, {len(TEXTS)} unchanged, 1 rejected" in again.stderr
    assert records(db_url) == via_dask
    with open_store(db_url) as store:
        assert store.counts()["rejections"] == 1

"""Sites file loading: the demo file, and bad files rejected with the file and the reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from vigil.places.sites import Site, SitesFileError, load_sites_file, read_sites_file

DEMO = Path(__file__).resolve().parents[2] / "demo" / "sites.yaml"


def test_demo_sites_load_with_aliases_and_organisation():
    sites = load_sites_file(DEMO)
    by_name = {s.name: s for s in sites}
    taji = by_name["Camp Taji"]
    assert isinstance(taji, Site)
    assert taji.kind == "base"
    assert "Taji" in taji.aliases
    assert taji.people > 0 and taji.radius_km > 0
    assert -90 <= taji.lat <= 90 and -180 <= taji.lon <= 180
    # The file-level organisation is every site's default owner.
    assert taji.organisation and all(s.organisation == taji.organisation for s in sites)
    assert taji.names[0] == max(taji.names, key=len)


def test_presence_is_read_too():
    parsed = read_sites_file(DEMO)
    assert parsed.presence and all(len(p.country) == 3 for p in parsed.presence)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("sites: [\n  - name: X\n    lat: 1\n", "not valid YAML"),
        ("- just a list\n", "expected a mapping"),
        ("sites:\n- name: Camp X\n  lon: 10\n", "missing 'lat'"),
        ("sites:\n- name: Camp X\n  lat: 95\n  lon: 10\n", "outside -90..90"),
        ("sites:\n- name: Camp X\n  lat: north\n  lon: 10\n", "expected a number"),
        ("sites:\n- lat: 1\n  lon: 2\n", "missing 'name'"),
        ("sites:\n- name: Camp X\n  lat: 1\n  lon: 2\n  aliases: 7\n", "list of strings"),
        ("sites:\n- name: Camp X\n  lat: 1\n  lon: 2\n  people: -3\n", "people"),
        ("sites: 5\n", "must be a list"),
    ],
)
def test_bad_sites_file_names_file_and_reason(tmp_path, content, reason):
    path = tmp_path / "sites.yaml"
    path.write_text(content)
    with pytest.raises(SitesFileError) as info:
        load_sites_file(path)
    assert str(path) in str(info.value)
    assert reason in info.value.reason


def test_missing_sites_file_is_a_clear_error(tmp_path):
    path = tmp_path / "nope.yaml"
    with pytest.raises(SitesFileError) as info:
        load_sites_file(path)
    assert "nope.yaml" in str(info.value) and "cannot read" in info.value.reason


def test_extract_with_bad_sites_file_fails_clearly(tmp_path):
    from typer.testing import CliRunner

    from vigil.cli.main import app

    bad = tmp_path / "sites.yaml"
    bad.write_text("sites:\n- name: Camp X\n  lat: 95\n  lon: 10\n")
    article = tmp_path / "a.txt"
    article.write_text("Troops at Camp X were attacked.")
    result = CliRunner().invoke(app, ["extract", "--sites", str(bad), str(article)])
    assert result.exit_code == 2
    assert str(bad) in result.stderr and "outside -90..90" in result.stderr
    assert "Traceback" not in result.stderr

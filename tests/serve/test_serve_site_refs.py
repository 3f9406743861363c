"""Site refs through the API: given or made on create, unique per organisation only,
matched first by an import (a renamed site is renamed, a clash answers 409 and saves
nothing), carried by exports."""

from __future__ import annotations

import yaml


def test_site_refs_over_the_api(server):
    alpha, bravo = server.orgs["Alpha"], server.orgs["Bravo"]
    with server.client(alpha.admin) as c:
        made = c.get(f"/api/v1/sites/{alpha.sites['Camp Taji']}").json()["ref"]
        assert made and c.get("/api/v1/sites").json()["items"][0]["ref"]
        new = c.post("/api/v1/sites", json={"name": "Depot", "lat": 33, "lon": 44, "ref": "DEP-1"})
        assert new.status_code == 201 and new.json()["ref"] == "DEP-1"
        dup = c.post("/api/v1/sites", json={"name": "Other", "lat": 33, "lon": 44, "ref": "DEP-1"})
        assert dup.status_code == 409
        bad = c.post("/api/v1/sites", json={"name": "Odd", "lat": 33, "lon": 44, "ref": "a b"})
        assert bad.status_code == 422
        # an import renames by ref (one site, its level along)
        body = f"sites:\n- {{ref: {made}, name: Taji Base, lat: 33.53, lon: 44.25}}\n"
        res = c.post("/api/v1/sites/import", content=body, headers={"content-type": "text/plain"})
        assert res.json() == {"added": 0, "updated": 1, "unchanged": 0}
        renamed = c.get(f"/api/v1/sites/{alpha.sites['Camp Taji']}").json()
        assert renamed["name"] == "Taji Base" and renamed["level"] == 4
        clash = "sites:\n- {ref: DEP-1, name: Baghdad Office, lat: 33, lon: 44}\n"
        res = c.post("/api/v1/sites/import", content=clash, headers={"content-type": "text/plain"})
        assert res.status_code == 409 and "another site" in res.json()["error"]["message"]
        names = sorted(x["name"] for x in c.get("/api/v1/sites").json()["items"])
        assert names == ["Baghdad Office", "Depot", "Taji Base"]
        exported = yaml.safe_load(c.get("/api/v1/sites/export").text)["sites"]
        assert made in {str(x.get("ref")) for x in exported}
    with server.client(bravo.admin) as c:  # Alpha's ref is no obstacle and matches nothing
        mine = c.post(
            "/api/v1/sites", json={"name": "Dohuk", "lat": 36.8, "lon": 43, "ref": "DEP-1"}
        )
        assert mine.status_code == 201
        body = f"sites:\n- {{ref: {made}, name: Zakho, lat: 37.1, lon: 42.7}}\n"
        res = c.post("/api/v1/sites/import", content=body, headers={"content-type": "text/plain"})
        assert res.json()["added"] == 1

"""The API as a real server process: credentials, sessions and CSRF, roles, the error
shape, cursor pages, the rate limit, the audit log, CRUD round trips, /docs offline."""

from __future__ import annotations

import re

import httpx
from serve_helpers import PASSWORD, start_server, stop

ERROR_KEYS = {"status", "message"}


def _is_error(r: httpx.Response, status: int) -> None:
    assert r.status_code == status, r.text
    body = r.json()
    assert set(body) == {"error"} and ERROR_KEYS <= set(body["error"]), body
    assert body["error"]["status"] == status


def test_api_end_to_end(server):
    alpha = server.orgs["Alpha"]
    base = server.base
    # -- without credentials: 401 everywhere but /health, /login and its assets
    for path in [
        "/api/v1/sites",
        "/api/v1/alerts",
        "/openapi.json",
        "/docs",
        "/api/v1/stream",
        "/nowhere",
        "/static/app/app.js",
        "/static/vendor/leaflet/leaflet.js",
    ]:
        _is_error(httpx.get(base + path), 401)
    _is_error(httpx.get(base + "/api/v1/sites", headers={"authorization": "Bearer vgl_x_y"}), 401)
    assert httpx.get(base + "/health").json() == {"status": "ok"}
    login = httpx.get(base + "/login")
    assert login.status_code == 200 and "<form" in login.text
    assert "script-src 'self'" in login.headers["content-security-policy"]
    assert "unsafe-inline" not in login.headers["content-security-policy"]
    for asset in re.findall(r'(?:src|href)="(/static/public/[^"]+)"', login.text):
        assert httpx.get(base + asset).status_code == 200
    # a browser without a session is sent to the login page
    r = httpx.get(base + "/", headers={"accept": "text/html"})
    assert r.status_code == 303 and r.headers["location"] == "/login"

    # -- session cookie from the login form; CSRF on state changes
    with httpx.Client(base_url=base) as web:
        bad = web.post("/login", data={"email": "admin@alpha.example", "password": "nope"})
        assert bad.status_code == 303 and "error" in bad.headers["location"]
        ok = web.post("/login", data={"email": "admin@alpha.example", "password": PASSWORD})
        assert ok.status_code == 303 and ok.headers["location"] == "/"
        cookie = ok.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=strict" in cookie and "secure" not in cookie
        me = web.get("/api/v1/session").json()
        assert me["organisation"] == "Alpha" and me["role"] == "admin" and me["csrf"]
        assert web.get("/").status_code == 200
        _is_error(web.post(f"/api/v1/alerts/{alpha.alerts[0]}/ack", json={}), 403)
        _is_error(
            web.post(
                f"/api/v1/alerts/{alpha.alerts[0]}/ack", json={}, headers={"x-csrf-token": "forged"}
            ),
            403,
        )
        _is_error(
            web.post(
                f"/api/v1/alerts/{alpha.alerts[0]}/ack",
                json={},
                headers={"x-csrf-token": me["csrf"], "origin": "http://evil.example"},
            ),
            403,
        )
        r = web.post(
            f"/api/v1/alerts/{alpha.alerts[0]}/ack",
            json={"note": "on it"},
            headers={"x-csrf-token": me["csrf"], "origin": base},
        )
        assert r.status_code == 200 and r.json()["acknowledged_by"] == "admin@alpha.example"
        assert web.post("/logout", headers={"x-csrf-token": me["csrf"]}).status_code == 204
        _is_error(web.get("/api/v1/session"), 401)
        # login by token works too
        ok = web.post("/login", data={"token": alpha.viewer})
        assert ok.status_code == 303 and web.get("/api/v1/session").json()["role"] == "viewer"
    with server.client(alpha.admin) as c:  # sign-ins and sign-outs are audited
        log = [
            (a["actor"], a["action"], a["detail"].get("via"))
            for a in c.get("/api/v1/audit").json()["items"]
            if a["object_type"] == "session"
        ]
        assert log == [
            ("viewer@alpha.example", "login", "token"),
            ("admin@alpha.example", "logout", None),
            ("admin@alpha.example", "login", "password"),
        ]

    # -- roles: a viewer reads, an analyst acknowledges, an admin manages sites
    with server.client(alpha.viewer) as v:
        _is_error(v.post(f"/api/v1/alerts/{alpha.alerts[-1]}/ack"), 403)
        _is_error(v.post("/api/v1/sites", json={"name": "X", "lat": 1, "lon": 1}), 403)
        _is_error(v.get("/api/v1/audit"), 403)
    with server.client(alpha.analyst) as a:
        assert a.post(f"/api/v1/alerts/{alpha.alerts[-1]}/ack").status_code == 200
        _is_error(a.delete(f"/api/v1/sites/{alpha.sites['Camp Taji']}"), 403)

    with server.client(alpha.admin) as c:
        # -- the sites list gives name, lat, lon, level, posture
        sites = {s["name"]: s for s in c.get("/api/v1/sites").json()["items"]}
        assert sites["Camp Taji"]["level"] == 4 and sites["Camp Taji"]["posture"] == "posture 4"
        assert sites["Baghdad Office"]["level"] is None
        detail = c.get(f"/api/v1/sites/{alpha.sites['Camp Taji']}").json()
        assert "rockets struck Camp Taji" in detail["reasons"][0]["sentence"]
        hist = c.get(f"/api/v1/sites/{alpha.sites['Camp Taji']}/history").json()["items"]
        assert [h["level"] for h in hist] == [4, 2]
        # -- CRUD round trip, validation and conflicts in the one error shape
        r = c.post(
            "/api/v1/sites",
            json={"name": "Kirkuk Post", "lat": 35.47, "lon": 44.39, "radius_km": 15},
        )
        assert r.status_code == 201 and r.json()["country"] == "IRQ"
        sid = r.json()["id"]
        _is_error(c.post("/api/v1/sites", json={"name": "Kirkuk Post", "lat": 1, "lon": 1}), 409)
        _is_error(c.post("/api/v1/sites", json={"name": "Bad", "lat": 123, "lon": 1}), 422)
        assert c.patch(f"/api/v1/sites/{sid}", json={"people": 40}).json()["people"] == 40
        assert c.delete(f"/api/v1/sites/{sid}").status_code == 204
        _is_error(c.get(f"/api/v1/sites/{sid}"), 404)
        _is_error(c.get("/api/v1/sites/2147483648"), 422)
        _is_error(c.get("/api/v1/sites", params={"cursor": "!!"}), 400)
        # -- import / export round trip
        csv_text = c.get("/api/v1/sites/export", params={"format": "csv"}).text
        assert "Camp Taji" in csv_text and "Erbil" not in csv_text
        r = c.post(
            "/api/v1/sites/import",
            params={"format": "csv"},
            content=csv_text,
            headers={"content-type": "text/plain"},
        )
        assert r.json()["added"] == 0 and r.json()["unchanged"] >= 2
        # -- cursor pages: 30 sites, pages of 7, each once, in order
        for i in range(28):
            assert (
                c.post(
                    "/api/v1/sites", json={"name": f"Post {i:02d}", "lat": 30 + i / 10, "lon": 45}
                ).status_code
                == 201
            )
        seen, cursor = [], None
        while True:
            page = c.get(
                "/api/v1/sites", params={"limit": 7, **({"cursor": cursor} if cursor else {})}
            ).json()
            assert set(page) == {"items", "cursor"} and len(page["items"]) <= 7
            seen += [s["id"] for s in page["items"]]
            cursor = page["cursor"]
            if not cursor:
                break
        assert len(seen) == len(set(seen)) == 30 and seen == sorted(seen)
        # -- events: radius, bbox, time range, category, ACLED type, site
        q = c.get("/api/v1/events", params={"lat": 33.53, "lon": 44.25, "radius_km": 5}).json()
        assert [e["article_id"] for e in q["items"]] == ["art-taji"]
        assert (
            c.get("/api/v1/events", params={"bbox": "43,36,45,37"}).json()["items"][0]["place"]
            == "Erbil"
        )
        assert len(c.get("/api/v1/events", params={"since": "2026-11-25"}).json()["items"]) == 1
        assert len(c.get("/api/v1/events", params={"category": "assault"}).json()["items"]) == 2
        assert c.get("/api/v1/events", params={"category": "PROTEST"}).json()["items"] == []
        assert (
            len(
                c.get("/api/v1/events", params={"acled_type": "Violence against civilians"}).json()[
                    "items"
                ]
            )
            == 2
        )
        near = c.get("/api/v1/events", params={"site": alpha.sites["Camp Taji"]}).json()["items"]
        assert [e["place"] for e in near] == ["Taji"]
        _is_error(c.get("/api/v1/events", params={"lat": 1}), 422)
        # -- articles: words, date, place
        assert len(c.get("/api/v1/articles", params={"q": "convoy guards"}).json()["items"]) == 2
        assert [
            a["id"] for a in c.get("/api/v1/articles", params={"place": "erbil"}).json()["items"]
        ] == ["art-erbil"]
        assert (
            c.get("/api/v1/articles", params={"since": "2026-11-25"}).json()["items"][0]["id"]
            == "art-taji"
        )
        rec = c.get("/api/v1/articles/art-taji").json()
        assert rec["record"]["events"][0]["category"] == "ASSAULT"
        _is_error(c.get("/api/v1/articles/nope"), 404)
        # -- feeds and subscriptions, written through the API
        r = c.post("/api/v1/feeds", json={"url": "https://news.example/feed.xml", "every_s": 600})
        assert r.status_code == 201, r.text
        _is_error(c.post("/api/v1/feeds", json={"url": "http://127.0.0.1/feed.xml"}), 422)
        r = c.post(
            "/api/v1/subscriptions",
            json={"channel": "email", "target": "ops@alpha.example", "site": "Camp Taji"},
        )
        assert r.status_code == 201
        assert c.delete(f"/api/v1/subscriptions/{r.json()['id']}").status_code == 204
        # -- every write is in the audit log, newest first
        actions = [
            (a["action"], a["object_type"])
            for a in c.get("/api/v1/audit", params={"limit": 500}).json()["items"]
        ]
        assert ("acknowledge", "alert") in actions and ("delete", "site") in actions
        assert ("create", "feed") in actions and ("deactivate", "subscription") in actions
        assert actions.count(("create", "site")) == 29 and ("import", "site") in actions
        # -- OpenAPI and /docs, with assets served from the installed package
        schema = c.get("/openapi.json").json()
        assert "/api/v1/sites" in schema["paths"] and "/api/v1/events" in schema["paths"]
        docs = c.get("/docs").text
        assets = re.findall(r'(?:src|href)="([^"]+)"', docs)
        assert assets and all(a.startswith("/static/") for a in assets)
        for asset in assets:
            assert c.get(asset).status_code == 200
        assert "swagger" in c.get("/static/vendor/swagger/swagger-ui-bundle.js").text[:5000].lower()
        # revoking a token, or disabling a user, takes effect at once on the running server
        with server.client(alpha.analyst) as a:
            assert a.get("/api/v1/presence").status_code == 200  # verified and remembered
            assert c.delete(f"/api/v1/users/{alpha.users['analyst']}").status_code == 204
            _is_error(a.get("/api/v1/presence"), 401)
        from vigil.registry.db import open_db
        from vigil.serve.auth.accounts import revoke_tokens

        with server.client(alpha.viewer) as v:
            assert v.get("/api/v1/presence").status_code == 200
            with open_db(server.db) as store:
                assert revoke_tokens(store.engine, "viewer@alpha.example") == 1
            _is_error(v.get("/api/v1/presence"), 401)


def test_rate_limit_and_cli_server(tmp_path):
    """`vigil serve` itself, with a rate limit (the token's requests past it get 429) and
    behind a TLS proxy (the cookie is Secure)."""
    from serve_helpers import seed

    db_url = f"sqlite:///{tmp_path / 'vigil.db'}"  # the command, not the backend, is tested
    orgs = seed(db_url)
    proc, base = start_server(
        db_url, rate_limit=20, cli=True, extra=("--proxy-headers", "--session-hours", "0.5")
    )
    try:
        assert base.startswith("http://127.0.0.1:")
        headers = {"authorization": f"Bearer {orgs['Alpha'].viewer}"}
        codes = [
            httpx.get(base + "/api/v1/presence", headers=headers).status_code for _ in range(30)
        ]
        assert codes[:20] == [200] * 20 and 429 in codes[20:]
        r = httpx.get(base + "/api/v1/presence", headers=headers)
        _is_error(r, 429)
        assert int(r.headers["retry-after"]) >= 1
        # behind a local TLS proxy the session cookie is Secure
        login = httpx.post(
            base + "/login",
            data={"token": orgs["Alpha"].admin},
            headers={"x-forwarded-proto": "https"},
        )
        assert login.status_code == 303
        assert "secure" in login.headers["set-cookie"].lower().split("; ")
        assert "max-age=1800" in login.headers["set-cookie"].lower()  # --session-hours 0.5
        # another token has its own budget
        other = {"authorization": f"Bearer {orgs['Alpha'].admin}"}
        assert httpx.get(base + "/api/v1/presence", headers=other).status_code == 200
    finally:
        stop(proc)

"""Organisations, users and tokens from the command line; hashes only in the database."""

from __future__ import annotations

import sqlalchemy as sa
from typer.testing import CliRunner

from vigil.cli.main import app
from vigil.registry import tables as rt
from vigil.serve import tables as st
from vigil.serve.auth.accounts import check_password, check_token
from vigil.store import open_store


def _run(*args: str, input: str | None = None):
    return CliRunner().invoke(app, list(args), input=input)


def test_orgs_users_tokens_cli(db_url, tmp_path):
    assert _run("orgs", "add", "Alpha", "--db", db_url).exit_code == 0
    res = _run(
        "users",
        "add",
        "Ann@Alpha.org",
        "--org",
        "Alpha",
        "--role",
        "admin",
        "--password",
        "--db",
        db_url,
        input="correct horse\ncorrect horse\n",
    )
    assert res.exit_code == 0, res.output
    assert _run("users", "add", "b@x.org", "--org", "Nope", "--db", db_url).exit_code == 1
    twin = _run("orgs", "add", "ALPHA", "--db", db_url)
    assert twin.exit_code == 1 and "only in case" in twin.output
    assert (
        _run("users", "add", "c@x.org", "--org", "Alpha", "--role", "god", "--db", db_url).exit_code
        == 1
    )
    res = _run("tokens", "create", "ann@alpha.org", "--db", db_url)
    assert res.exit_code == 0
    token = res.stdout.strip().splitlines()[-1]
    assert token.startswith("vgl_") and len(token) > 40
    with open_store(db_url) as store:
        with store.engine.connect() as conn:
            row = conn.execute(sa.select(st.api_tokens)).one()
            user = conn.execute(sa.select(st.users)).one()
        assert token not in row.hash and row.hash.startswith("$argon2id$")
        assert user.password_hash.startswith("$argon2id$") and user.email == "ann@alpha.org"
        who = check_token(store.engine, token)
        assert who and who.organisation == "Alpha" and who.role == "admin"
        assert check_token(store.engine, token[:-2] + "xx") is None
        assert check_password(store.engine, "ann@alpha.org", "correct horse") == user.id
        assert check_password(store.engine, "ann@alpha.org", "wrong horse!") is None
    assert _run("tokens", "revoke", "ann@alpha.org", "--db", db_url).exit_code == 0
    with open_store(db_url) as store:
        assert check_token(store.engine, token) is None
    # the other writes of the command line: feeds, a sites import
    sites = tmp_path / "sites.yaml"
    sites.write_text("sites:\n  - {name: Gate, lat: 1, lon: 1}\n")
    assert _run("sites", "import", str(sites), "--org", "Alpha", "--db", db_url).exit_code == 0
    url = "https://news.example/rss"
    assert _run("feeds", "add", url, "--org", "Alpha", "--db", db_url).exit_code == 0
    assert _run("feeds", "remove", url, "--org", "Alpha", "--db", db_url).exit_code == 0
    with open_store(db_url) as store, store.engine.connect() as conn:
        log = conn.execute(sa.select(rt.audit_log).order_by(rt.audit_log.c.id)).all()
    assert [(r.action, r.object_type) for r in log] == [
        ("create", "organisation"),
        ("create", "user"),
        ("create", "token"),
        ("revoke", "token"),
        ("import", "site"),
        ("create", "feed"),
        ("delete", "feed"),
    ]
    assert all(r.actor.startswith("cli:") and len(r.actor) > 4 for r in log)
    assert log[2].detail["prefix"] == token.split("_")[1]  # the public part, never the token


def test_serve_tables_match_migration(db_url):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from vigil.store import Base

    mine = set(st.metadata.tables) & {
        "users",
        "api_tokens",
        "web_sessions",
        "audit_log",
        "alert_acks",
        "subscriptions",  # its organisation column and per-organisation key: 0006
    }
    assert len(mine) == 6
    with open_store(db_url) as store, store.engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    flat = [d[0] if isinstance(d, list) else d for d in diffs]
    names = {getattr(x[1], "name", None) or (x[2] if isinstance(x[2], str) else None) for x in flat}
    assert not (names & mine), diffs

"""``vigil orgs`` / ``vigil users`` / ``vigil tokens``: who may use the watch floor."""

from __future__ import annotations

import typer
from rich.markup import escape

from vigil.cli.common import DbOption, err
from vigil.cli.main import app
from vigil.registry.db import open_db

orgs_app = typer.Typer(help="Organisations: each sees only its own sites, alerts and people.")
users_app = typer.Typer(help="Users of the API and web watch floor.")
tokens_app = typer.Typer(help="Bearer tokens for the API.")
app.add_typer(orgs_app, name="orgs")
app.add_typer(users_app, name="users")
app.add_typer(tokens_app, name="tokens")


def _engine(db: str | None):
    from vigil.serve import tables  # noqa: F401 - registers the tables

    return open_db(db)


def _fail(exc: Exception) -> None:
    err.print(f"[red]error[/red]: {escape(str(exc))}", soft_wrap=True)
    raise typer.Exit(1)


@orgs_app.command("add")
def orgs_add(name: str = typer.Argument(...), db: str | None = DbOption) -> None:
    """Add an organisation (adding one that exists changes nothing)."""
    from vigil.serve.auth.accounts import AccountError, add_org

    store = _engine(db)
    try:
        _, new = add_org(store.engine, name)
    except AccountError as exc:
        _fail(exc)
    finally:
        store.close()
    err.print(f"{escape(name)}: {'added' if new else 'exists already'}")


@users_app.command("add")
def users_add(
    email: str = typer.Argument(...),
    org: str = typer.Option(..., "--org", help="The user's organisation."),
    role: str = typer.Option("viewer", "--role", help="viewer | analyst | admin"),
    password: bool = typer.Option(
        False, "--password", help="Ask for a password (else the user logs in by token)."
    ),
    db: str | None = DbOption,
) -> None:
    """Add a user to an organisation with a role."""
    from vigil.serve.auth.accounts import AccountError, add_user

    secret = None
    if password:
        secret = typer.prompt("password", hide_input=True, confirmation_prompt=True)
        if len(secret) < 8:
            _fail(AccountError("a password needs at least 8 characters"))
    store = _engine(db)
    try:
        add_user(store.engine, email, org, role, secret)
    except AccountError as exc:
        _fail(exc)
    finally:
        store.close()
    err.print(f"{escape(email)}: added to {escape(org)} as {role}")


@tokens_app.command("create")
def tokens_create(email: str = typer.Argument(...), db: str | None = DbOption) -> None:
    """Create a bearer token; it is printed once, as the last line, and stored only hashed."""
    from vigil.serve.auth.accounts import AccountError, create_token

    store = _engine(db)
    try:
        token = create_token(store.engine, email)
    except AccountError as exc:
        _fail(exc)
    finally:
        store.close()
    err.print("the token (shown once; keep it secret):")
    typer.echo(token)


@tokens_app.command("revoke")
def tokens_revoke(
    email: str | None = typer.Argument(None, help="Revoke every token of this user."),
    token: str | None = typer.Option(None, "--token", help="Revoke this token (or its prefix)."),
    db: str | None = DbOption,
) -> None:
    """Revoke tokens: one (--token) or all of a user's."""
    from vigil.serve.auth.accounts import AccountError, revoke_tokens

    store = _engine(db)
    try:
        n = revoke_tokens(store.engine, email, token)
    except AccountError as exc:
        _fail(exc)
    finally:
        store.close()
    err.print(f"{n} token(s) revoked")
    if n == 0:
        raise typer.Exit(1)

"""``vigil sites``: register an organisation's sites and country presence; list; export."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from vigil.cli.common import DbOption, err, out
from vigil.cli.main import app
from vigil.registry import tables as rt
from vigil.registry.audit import cli_actor, record, record_cli
from vigil.registry.db import open_db
from vigil.registry.io import RegistryFileError, dump_registry, load_registry
from vigil.registry.model import DEFAULT_ORGANISATION
from vigil.registry.repo import ImportConflict, delete_site, load_registry_db, save_registry

sites_app = typer.Typer(help="Register, list and export the sites and presence you watch.")
app.add_typer(sites_app, name="sites")


class ExportFormat(StrEnum):
    yaml = "yaml"
    csv = "csv"
    geojson = "geojson"


@sites_app.command("import")
def import_(
    files: list[Path] = typer.Argument(..., help="YAML, CSV or GeoJSON registry files."),
    org: str | None = typer.Option(
        None, "--org", help="Organisation owning these (overrides the file)."
    ),
    db: str | None = DbOption,
) -> None:
    """Add or update sites and presence; re-importing the same file changes nothing.

    A site is matched by its ``ref`` first, then by its name: a file that gives a
    known ref a new name renames that site (its history and alerts follow).
    """
    store = open_db(db)
    failed = False
    try:
        for path in files:
            try:
                reg = load_registry(path, organisation=org)
            except RegistryFileError as exc:
                err.print(f"[red]error[/red]: {escape(str(exc))}", soft_wrap=True)
                failed = True
                continue
            try:
                res = save_registry(store.engine, reg)
            except ImportConflict as exc:
                err.print(f"[red]error[/red]: {escape(str(path))}: {escape(str(exc))}")
                failed = True
                continue
            for name in sorted({x.organisation for x in [*reg.sites, *reg.presence]}):
                mine = [x for x in [*reg.sites, *reg.presence] if x.organisation == name]
                record_cli(
                    store.engine,
                    name,
                    "import",
                    "site",
                    None,
                    file=path.name,
                    entries=len(mine),
                    added=res.added,
                    updated=res.updated,
                )
            err.print(
                f"{escape(str(path))}: {res.added} added, {res.updated} updated, "
                f"{res.unchanged} unchanged",
                soft_wrap=True,
            )
    finally:
        store.close()
    if failed:
        raise typer.Exit(1)


@sites_app.command("delete")
def delete(
    name: str = typer.Argument(..., help="The site's name, exactly as registered."),
    org: str = typer.Option(DEFAULT_ORGANISATION, "--org", help="The organisation owning it."),
    db: str | None = DbOption,
) -> None:
    """Remove a site with its assessments, alerts and the subscriptions scoped to it."""
    import sqlalchemy as sa

    store = open_db(db)
    try:
        with store.engine.begin() as conn:  # the removal and its audit entry, or neither
            row = conn.execute(
                sa.select(rt.sites.c.id, rt.sites.c.organisation_id)
                .join(rt.organisations, rt.organisations.c.id == rt.sites.c.organisation_id)
                .where(rt.organisations.c.name == org, rt.sites.c.name == name)
            ).first()
            if row is None:
                err.print(f"[red]error[/red]: {escape(org)} has no site {escape(name)!r}")
                raise typer.Exit(1)
            gone = delete_site(conn, row.organisation_id, row.id)
            record(
                conn,
                row.organisation_id,
                cli_actor(),
                "delete",
                "site",
                row.id,
                name=name,
                removed=gone,
            )
    finally:
        store.close()
    err.print(
        f"deleted {escape(name)} ({gone['assessments']} assessments, {gone['alerts']} alerts, "
        f"{gone['subscriptions']} subscriptions)",
        soft_wrap=True,
    )


@sites_app.command("list")
def list_(
    org: str | None = typer.Option(None, "--org", help="Only this organisation."),
    db: str | None = DbOption,
) -> None:
    """Show the registered sites and presence."""
    store = open_db(db)
    try:
        reg = load_registry_db(store.engine, org)
    finally:
        store.close()
    for org in reg.organisations:
        table = Table(
            "site", "ref", "kind", "lat, lon", "km", "people", "country", "tags", title=org.name
        )
        for st in (x for x in reg.sites if x.organisation == org.name):
            table.add_row(
                st.name,
                st.ref or "",
                st.kind,
                f"{st.lat:.4f}, {st.lon:.4f}",
                f"{st.radius_km:g}",
                str(st.people),
                st.country or "",
                ", ".join(st.tags),
            )
        out.print(table)
        pres = [p for p in reg.presence if p.organisation == org.name]
        if pres:
            ptable = Table("country", "people", "who", title=f"{org.name}: presence")
            for p in pres:
                ptable.add_row(p.country, str(p.people), p.who)
            out.print(ptable)


@sites_app.command("export")
def export(
    format: ExportFormat = typer.Option(ExportFormat.yaml, "--format", "-f"),
    out_file: Path | None = typer.Option(
        None, "--out", "-o", help="File to write (default stdout)."
    ),
    org: str | None = typer.Option(None, "--org", help="Only this organisation."),
    db: str | None = DbOption,
) -> None:
    """Write the registry as YAML, CSV or GeoJSON (importable again)."""
    store = open_db(db)
    try:
        text = dump_registry(load_registry_db(store.engine, org), format.value)
    finally:
        store.close()
    if out_file:
        out_file.write_text(text, encoding="utf-8")
    else:
        out.file.write(text)

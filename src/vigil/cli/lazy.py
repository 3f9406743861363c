"""Command groups whose commands are imported only when they are run.

Importing a command module imports what the command needs (the database
layer, the web server, the NLP pipeline), so a group that imported all its
modules up front would make ``vigil sites list`` pay for ``vigil serve`` and
``vigil eval``. A :func:`lazy_typer` group knows each command's name, module
and one-line help from a static table: listing the group (``--help``) reads
only the table, and running a command imports its module, which registers the
command on the group's Typer app as usual (``@app.command()`` /
``app.add_typer``). ``tests/cli/test_startup.py`` checks the table against
what the modules really register.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

import typer
from typer.core import TyperCommand, TyperGroup
from typer.main import get_command_from_info, get_group_from_info

if TYPE_CHECKING:  # typer may vendor its own click; only its classes are used at run time
    import click

#: Command name -> (module that registers it, its one-line help for listings).
CommandTable = Mapping[str, tuple[str, str]]


class LazyGroup(TyperGroup):
    """A Typer group that imports a command's module the first time it is asked for."""

    table: ClassVar[CommandTable] = {}
    source: ClassVar[typer.Typer]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._listing = False
        self._seen = (0, 0)

    def list_commands(self, ctx: click.Context) -> list[str]:
        extra = [name for name in super().list_commands(ctx) if name not in self.table]
        return [*self.table, *extra]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        self._sync()
        if cmd_name in self.commands or cmd_name not in self.table:
            return self.commands.get(cmd_name)
        module, short_help = self.table[cmd_name]
        if self._listing:  # a help listing needs the name and one line, not the module
            return TyperCommand(cmd_name, short_help=short_help)
        importlib.import_module(module)
        self._sync()
        return self.commands.get(cmd_name)

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        """TyperGroup suggests close names from the loaded commands: show it the table's."""
        self._sync()
        if not args or args[0] in self.table or args[0] in self.commands:
            return super().resolve_command(ctx, args)
        loaded = self.commands
        self.commands = {name: loaded.get(name) for name in self.list_commands(ctx)}
        try:  # args[0] is unknown: this raises the usage error, with suggestions
            return super().resolve_command(ctx, args)
        finally:
            self.commands = loaded

    def _sync(self) -> None:
        """Add the commands and groups registered on :attr:`source` since the last look."""
        app = self.source
        n_cmd, n_grp = self._seen
        for info in app.registered_commands[n_cmd:]:
            cmd = get_command_from_info(
                info,
                pretty_exceptions_short=app.pretty_exceptions_short,
                rich_markup_mode=self.rich_markup_mode,
            )
            self.add_command(cmd)
        for group_info in app.registered_groups[n_grp:]:
            group = get_group_from_info(
                group_info,
                pretty_exceptions_short=app.pretty_exceptions_short,
                suggest_commands=self.suggest_commands,
                rich_markup_mode=self.rich_markup_mode,
            )
            self.add_command(group)
        self._seen = (len(app.registered_commands), len(app.registered_groups))


def lazy_typer(table: CommandTable, **kwargs: Any) -> typer.Typer:
    """A Typer app whose click group loads the commands in ``table`` on demand."""
    group_cls = type("LazyCommands", (LazyGroup,), {"table": dict(table)})
    app = typer.Typer(cls=group_cls, **kwargs)
    group_cls.source = app
    return app

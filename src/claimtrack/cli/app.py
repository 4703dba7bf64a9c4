"""The claimtrack command: the typer app, --version, and the one place errors become a line and an exit code."""

from __future__ import annotations

from typing import Annotated

import typer
from typer.core import TyperGroup

from claimtrack import __version__
from claimtrack.errors import ClaimtrackError, UsageError

#: Set by main(): the claimtrack process ends with its command, so what a command builds may be frozen out of the
#: cyclic collector's sight (api.reading.FREEZE_BUILT); a library user's process, or a test's, keeps it off.
_ONE_COMMAND_PROCESS = False


class _Commands(TyperGroup):
    """Every command runs through invoke: a ClaimtrackError becomes one line on stderr and exit code 1, a
    UsageError (a misused command: a topic that does not exist, a missing extra) exit code 2, like a bad option."""

    def invoke(self, ctx: typer.Context):
        if _ONE_COMMAND_PROCESS:
            from claimtrack.api import reading

            reading.FREEZE_BUILT = True
        try:
            return super().invoke(ctx)
        except ClaimtrackError as exc:
            from claimtrack.cli.output import err

            err().print(f"error: {exc}")
            raise typer.Exit(2 if isinstance(exc, UsageError) else 1) from None


app = typer.Typer(
    name="claimtrack",
    cls=_Commands,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"claimtrack {__version__}")
        raise typer.Exit()


@app.callback()
def claimtrack(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_show_version, is_eager=True, help="Show the version and exit."),
    ] = False,
) -> None:
    """Who said what, when: attributed statements from news articles, tracked over time."""


def main() -> None:
    global _ONE_COMMAND_PROCESS
    _ONE_COMMAND_PROCESS = True
    app()

"""typer commands only: parse options, call the library, render; errors become exit codes in one place (app).

Exit codes: 0 all went well, 1 some input failed (the rest was done), 2 the command was misused.
Importing this package loads neither spaCy nor the library: each command imports what it needs when it runs, so
`claimtrack --help` answers at once.
"""

from __future__ import annotations

from claimtrack.cli import commands, topic_commands
from claimtrack.cli.app import app, main

# In the order `claimtrack --help` lists them: the flow from articles to reports, then the editor's tools.
app.command()(commands.extract)
app.command()(commands.statements)
app.command()(commands.speakers)
app.command("export")(topic_commands.export)
app.command()(topic_commands.conflicts)
app.command()(topic_commands.timeline)
app.command()(topic_commands.report)
app.command()(commands.review)
app.command()(commands.stance)
app.command()(commands.evaluate)
app.command()(commands.schema)

__all__ = ["app", "main"]

"""What commands show: one emit() for every listing (table, JSON, JSON Lines, CSV), notes and errors on stderr."""

from __future__ import annotations

import itertools
import sys
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from claimtrack.cli.options import Format

if TYPE_CHECKING:
    from pydantic import BaseModel
    from rich.console import Console, RenderableType
    from rich.progress import Progress


def out() -> Console:
    from rich.console import Console

    return Console(soft_wrap=False)


def err() -> Console:
    from rich.console import Console

    return Console(stderr=True, soft_wrap=True, highlight=False, markup=False)


def shows_progress(quiet: bool = False) -> bool:
    """A progress bar is drawn on a terminal's stderr, unless --quiet."""
    return not quiet and err().is_terminal


def progress(quiet: bool = False) -> Progress:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        disable=not shows_progress(quiet),
        transient=True,
    )


def note(message: str) -> None:
    """What to do next (nothing found, stances not stored): one line on stderr, stdout left as the format has it."""
    err().print(f"note: {message}")


def errors(problems: Iterable[object]) -> None:
    """Inputs or claims files that failed, one line each; the command goes on and exits 1 at the end."""
    console = err()
    for problem in problems:
        console.print(f"error: {problem}")


def warnings(messages: Iterable[str]) -> None:
    console = err()
    for message in messages:
        console.print(f"warning: {message}")


def write(chunks: Iterable[bytes]) -> None:
    """Bytes to stdout as they were made (UTF-8 JSON), chunk by chunk, after any text already written."""
    sys.stdout.flush()
    stdout = sys.stdout.buffer
    for chunk in chunks:
        stdout.write(chunk)
    stdout.flush()


def write_json(chunks: Iterable[bytes]) -> None:
    """A JSON document, made chunk by chunk (export.json_chunks), and the line break that ends it."""
    write(itertools.chain(chunks, [b"\n"]))


def emit(
    output: Format,
    items: list[BaseModel],
    *,
    table: Callable[[], RenderableType] | None = None,
    json: Callable[[], Iterable[bytes]],
    csv: Callable[[], str],
) -> None:
    """A command's listing in the format asked for: `items` one per line as JSON Lines, or what the command makes
    of them as a table, one JSON document or CSV (each made only when asked for)."""
    if output is Format.table:
        if table is None:
            raise ValueError("this listing has no table")
        out().print(table())
    elif output is Format.json:
        write_json(json())
    elif output is Format.jsonl:
        from claimtrack.report.export import to_jsonl

        write(to_jsonl(items))
    else:
        sys.stdout.write(csv())


def count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")

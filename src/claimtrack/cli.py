"""typer commands only: parse options, call the library, render, map errors to exit codes.

Exit codes: 0 all went well, 1 some input failed (the rest was done), 2 the command was misused.
"""

from __future__ import annotations

import datetime as dt
import itertools
import sys
from collections.abc import Iterable
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from claimtrack import api, extras
from claimtrack.config import DEFAULT_MODEL, Settings
from claimtrack.engines.cluster import DaskOptions
from claimtrack.errors import ClaimtrackError, UsageError
from claimtrack.ingest.sources import discover
from claimtrack.report import export, palette
from claimtrack.report import terminal as render

app = typer.Typer(
    name="claimtrack",
    help="Who said what, when: attributed statements from news articles, tracked over time.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class Format(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


class Order(str, Enum):
    text = "text"
    date = "date"


class EvalFormat(str, Enum):
    table = "table"
    json = "json"


class ExportFormat(str, Enum):
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    schemaorg = "schemaorg"
    claimreview = "claimreview"
    parquet = "parquet"


class Engine(str, Enum):
    local = "local"
    dask = "dask"


class ConflictKind(str, Enum):
    reversal = "reversal"
    shift = "shift"
    disagreement = "disagreement"
    forecast = "forecast"


def _out() -> Console:
    return Console(soft_wrap=False)


def _err() -> Console:
    return Console(stderr=True, soft_wrap=True, highlight=False, markup=False)


def _fail(message: str | ClaimtrackError, code: int = 1) -> typer.Exit:
    """One line on stderr; a misused command (UsageError) exits 2 like a bad option, anything else 1."""
    _err().print(f"error: {message}")
    return typer.Exit(2 if isinstance(message, UsageError) else code)


def _hint(message: str) -> None:
    """What to do when a command found nothing to show: one line on stderr, stdout left as the format has it."""
    _err().print(f"note: {message}")


def _date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"'{value}' is not a date; use YYYY-MM-DD", param_hint=option) from None


ClaimsOption = Annotated[Path, typer.Option("--claims", help="The claims store to read.", file_okay=False)]
FormatOption = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
ReferencesOption = Annotated[
    bool,
    typer.Option(
        "--references",
        help="Also list references: words that only point at a claim made elsewhere ('denied the report').",
    ),
]
SpeakersOption = Annotated[
    Path | None,
    typer.Option(
        "--speakers",
        exists=True,
        dir_okay=False,
        help="Editors' pins file (default: speakers.toml in the claims folder).",
    ),
]
InstitutionsOption = Annotated[
    Path | None,
    typer.Option(
        "--institutions",
        exists=True,
        dir_okay=False,
        help="Your institutions table (default: institutions.toml in the claims folder).",
    ),
]
ModelOption = Annotated[str, typer.Option("--model", help="Any installed spaCy pipeline.")]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary on stderr.")]


def _canonical(statements, claims: Path, speakers: Path | None = None, institutions: Path | None = None):
    settings = Settings(claims_dir=claims, speakers_file=speakers, institutions_file=institutions)
    try:
        return api.canonical(statements, settings)
    except ClaimtrackError as exc:
        raise _fail(exc) from None


def _load(claims: Path) -> api.Loaded:
    try:
        with _progress() as progress:
            progress.add_task(f"reading {claims}/", total=None)
            loaded = api.load_claims(claims)
    except ClaimtrackError as exc:
        raise _fail(exc) from None
    for error in loaded.errors:
        _err().print(f"error: {error}")
    return loaded


def _write(chunks: Iterable[bytes]) -> None:
    """JSON to stdout as the UTF-8 bytes it was made in, chunk by chunk, after any text already written."""
    sys.stdout.flush()
    out = sys.stdout.buffer
    for chunk in chunks:
        out.write(chunk)
    out.flush()


def _write_json(chunks: Iterable[bytes]) -> None:
    """A JSON document, made chunk by chunk (export.json_chunks), and the line break that ends it."""
    _write(itertools.chain(chunks, [b"\n"]))


def _emit_statements(statements, output: Format, compact: bool = False, colours: dict[str, str] | None = None) -> None:
    if output is Format.table:
        if compact:
            _out().print(render.compact_statements_table(statements, colours=colours))
        else:
            _out().print(render.statements_table(statements, colours=colours))
    elif output is Format.json:
        _write_json(export.to_json(statements))
    elif output is Format.jsonl:
        _write(export.to_jsonl(statements))
    else:
        sys.stdout.write(export.to_csv(statements))


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (.txt, .md, .html, .json, .jsonl).")],
    out: Annotated[Path, typer.Option("--out", help="Claims store to write.", file_okay=False)] = Path("claims"),
    model: ModelOption = DEFAULT_MODEL,
    force: Annotated[bool, typer.Option("--force", help="Redo documents even when unchanged.")] = False,
    published: Annotated[
        str | None, typer.Option(help="Publication date YYYY-MM-DD of the one file given; outranks all else.")
    ] = None,
    year: Annotated[int | None, typer.Option(help="Year for datelines without one ('MOSCOW, October 9').")] = None,
    workers: Annotated[int, typer.Option(min=1, help="Processes that parse in parallel (one per core).")] = 1,
    table: Annotated[bool, typer.Option("--table/--no-table", help="Show the statements found.")] = True,
    follow_symlinks: Annotated[
        bool, typer.Option("--follow-symlinks", help="Read symbolic links in a folder that point outside it.")
    ] = False,
    quiet: QuietOption = False,
    engine: Annotated[
        Engine,
        typer.Option(
            help="local: this machine's processes; dask: a Dask cluster (a local one of --workers processes, or "
            "--scheduler's), whose workers parse and write the store. dask needs the archive extra."
        ),
    ] = Engine.local,
    scheduler: Annotated[
        str | None, typer.Option(help="With --engine dask: a running scheduler's address (tcp://host:8786).")
    ] = None,
) -> None:
    """Find the attributed statements in articles and store them in claims/.

    Example: claimtrack extract seeds/ --out claims/
    """
    published_date = _date(published, "--published")
    if published_date is not None and (len(paths) != 1 or paths[0].is_dir()):
        raise typer.BadParameter("give exactly one file with --published", param_hint="--published")
    dask = _dask_options(engine, scheduler, workers)
    if dask is not None:
        workers = 1  # the cluster's workers parse; this process only reads
    settings = Settings(
        model=model,
        claims_dir=out,
        published=published_date,
        year=year,
        workers=workers,
        follow_symlinks=follow_symlinks,
    )
    err = _err()
    show_progress = not quiet and err.is_terminal
    with _progress(quiet) as progress:
        # One step per file read; the records of a JSON Lines file count as their file.
        files = (
            sum(1 for found in discover(paths, [out], follow_symlinks) if not isinstance(found, ClaimtrackError))
            if show_progress
            else None
        )
        task = progress.add_task("extracting", total=files)
        try:
            report = api.extract(paths, settings, force=force, on_file=lambda path: progress.advance(task), dask=dask)
        except ClaimtrackError as exc:
            raise _fail(exc) from None
    for warning in report.warnings:
        err.print(f"warning: {warning}")
    for error in report.errors:
        err.print(f"error: {error}")
    unreadable_claims = []  # other claims files of the store that the table could not read
    if table and report.parsed:
        try:
            found, store_errors = api.documents_canonical(report.parsed_paths, settings)
        except ClaimtrackError as exc:
            raise _fail(exc) from None
        named = {str(error) for error in report.errors}
        unreadable_claims = [error for error in store_errors if str(error) not in named]
        for error in unreadable_claims:
            err.print(f"error: {error}")
        found = api.filter_statements(found)
        if found:
            _out().print(render.statements_table(found[:SHOWN_STATEMENTS], caption=_more(len(found), out)))
    if not quiet:
        err.print(
            f"{_count(report.documents, 'document')} ({report.parsed} parsed, {report.unchanged} unchanged), "
            f"{_count(report.statements, 'statement')} in {out}/"
            + (f"; {_count(len(report.errors), 'input')} failed" if report.errors else "")
            + (
                f"; none changed, so no table ('{_listing(out)}' lists what is stored)"
                if table and report.documents and not report.parsed
                else ""
            )
        )
    if report.errors or unreadable_claims:
        raise typer.Exit(1)


def _dask_options(engine: Engine, scheduler: str | None, workers: int) -> DaskOptions | None:
    """Where a command runs: None for this machine's processes; for Dask, dask.distributed must be installed."""
    if scheduler is not None and engine is not Engine.dask:
        raise typer.BadParameter("a scheduler is for --engine dask", param_hint="--scheduler")
    if engine is not Engine.dask:
        return None
    try:
        extras.require("distributed", "--engine dask")
    except ClaimtrackError as exc:
        raise _fail(str(exc), 2) from None
    return DaskOptions(scheduler=scheduler, workers=workers)


#: Statements extract's table shows: those of the documents it parsed, the first of them when it found more. A
#: first run over an archive finds a hundred thousand, which took minutes and gigabytes to draw as a table;
#: `claimtrack statements` lists them all, filtered.
SHOWN_STATEMENTS = 200


def _more(found: int, claims: Path) -> str | None:
    if found <= SHOWN_STATEMENTS:
        return None
    return (
        f"{SHOWN_STATEMENTS} of the {found:,} statements found are shown; '{_listing(claims)}' lists every "
        "stored statement (filter with --doc, --speaker, --since)"
    )


def _listing(claims: Path) -> str:
    """The command that lists the statements stored in `claims`."""
    return "claimtrack statements" + ("" if claims == Path("claims") else f" --claims {claims}")


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


@app.command()
def statements(
    claims: ClaimsOption = Path("claims"),
    speaker: Annotated[str | None, typer.Option(help="Part of the speaker's name or mention.")] = None,
    doc: Annotated[str | None, typer.Option("--doc", help="Part of the document path, or its id.")] = None,
    since: Annotated[str | None, typer.Option(help="Only statements dated on or after YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Only statements dated on or before YYYY-MM-DD.")] = None,
    topic: Annotated[
        str | None, typer.Option("--topic", help="Only statements with a position on this topic (run stance first).")
    ] = None,
    speakers: SpeakersOption = None,
    institutions: InstitutionsOption = None,
    order: Annotated[
        Order, typer.Option(help="text: as in each document; date: a timeline, undated statements last.")
    ] = Order.text,
    compact: Annotated[
        bool, typer.Option("--compact", "-c", help="One line per statement, cut to the terminal's width.")
    ] = False,
    output: FormatOption = Format.table,
    references: ReferencesOption = False,
) -> None:
    """List stored statements, filtered. Each row starts with the statement's id, which review takes.

    Example: claimtrack statements --speaker Peskov --since 2024-01-01 --order date --compact
    """
    since_date, until_date = _date(since, "--since"), _date(until, "--until")
    loaded = _load(claims)
    chosen = api.filter_statements(
        _canonical(loaded.statements, claims, speakers, institutions),
        speaker=speaker,
        document=doc,
        since=since_date,
        until=until_date,
        references=references,
    )
    colours = None
    if topic is not None:
        chosen = [statement for statement in chosen if topic in statement.stances]
        try:
            colours = palette.position_colours(api.resolve_topic(topic))
        except ClaimtrackError:
            colours = None  # a topic name whose file is not at hand: colours for the positions seen
    if order is Order.date:
        chosen = api.timeline_order(chosen)
    if chosen or output is not Format.table:
        _emit_statements(chosen, output, compact, colours)
    if not chosen:
        _nothing_found(loaded, claims, topic)
    if loaded.errors:
        raise typer.Exit(1)


def _nothing_found(loaded: api.Loaded, claims: Path, topic: str | None = None) -> None:
    """Why a listing is empty, and what to do: an empty store, no stances yet, or filters that match nothing."""
    stored = sum(len(found.statements) for _, found in loaded.files)
    if not stored:
        _hint(f"no statements stored in {claims}/; run 'claimtrack extract PATH --out {claims}' first")
    elif topic is not None and not any(topic in s.stances for _, found in loaded.files for s in found.statements):
        _hint(f"no statement has a position on '{topic}'; run 'claimtrack stance --topic {topic}' first")
    else:
        _hint(f"none of the {stored:,} stored statements matches the filters given")


@app.command()
def speakers(
    claims: ClaimsOption = Path("claims"),
    pins: SpeakersOption = None,
    institutions: InstitutionsOption = None,
    output: FormatOption = Format.table,
) -> None:
    """List speakers with their aliases, title, affiliation and counts.

    Example: claimtrack speakers --format csv > speakers.csv
    """
    loaded = _load(claims)
    found = export.speakers_of(_canonical(loaded.statements, claims, pins, institutions))
    if not found:
        _nothing_found(loaded, claims)
    if output is Format.table:
        if found:
            _out().print(render.speakers_table(found))
    elif output is Format.json:
        _write_json([export.speakers_json(found)])
    elif output is Format.jsonl:
        _write(export.to_jsonl(found))
    else:
        sys.stdout.write(export.speakers_csv(found))
    if loaded.errors:
        raise typer.Exit(1)


@app.command("export")
def export_command(
    claims: ClaimsOption = Path("claims"),
    output: Annotated[ExportFormat, typer.Option("--format", "-f", help="Output format.")] = ExportFormat.json,
    topic: Annotated[
        str | None,
        typer.Option("--topic", "-t", help="Only the claims on this topic, grouped across outlets, with conflicts."),
    ] = None,
    speaker: Annotated[str | None, typer.Option(help="Part of the speaker's name or mention.")] = None,
    doc: Annotated[str | None, typer.Option("--doc", help="Part of the document path, or its id.")] = None,
    speakers: SpeakersOption = None,
    institutions: InstitutionsOption = None,
    model: ModelOption = DEFAULT_MODEL,
    references: ReferencesOption = False,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="With --format parquet: the folder to write the datasets in.", file_okay=False),
    ] = None,
) -> None:
    """Print statements for editors' tools: {"schema_version", "statements", "speakers"}; with --topic, the
    topic's claims (each with its appearances across outlets) and conflicts, schema.org Claims in JSON-LD with
    --format schemaorg, or ClaimReview drafts of who changed position (Flip-O-Meter ratings) with --format
    claimreview. --format parquet --out DIR writes them as Parquet datasets partitioned by publication month, for
    DuckDB, pandas or Spark (needs the archive extra).

    Example: claimtrack export --topic peacekeepers --format claimreview > reviews.jsonld
    """
    if output is ExportFormat.parquet:
        if out is None:
            raise typer.BadParameter("parquet is written to a folder: give --out DIR", param_hint="--format")
        settings = Settings(claims_dir=claims, model=model, speakers_file=speakers, institutions_file=institutions)
        _export_parquet(settings, out, topic, speaker, doc)
        return
    if out is not None:
        raise typer.BadParameter("only --format parquet writes to a folder; the others print", param_hint="--out")
    if topic is None:
        if output in {ExportFormat.claimreview, ExportFormat.schemaorg}:
            raise typer.BadParameter(
                f"{output.value} needs --topic: a claim's position is on a topic", param_hint="--format"
            )
        loaded = _load(claims)
        canonical = _canonical(loaded.statements, claims, speakers, institutions)
        chosen = api.filter_statements(canonical, speaker=speaker, document=doc, references=references)
        _emit_statements(chosen, Format(output.value))
        if not chosen:
            _nothing_found(loaded, claims)
        if loaded.errors:
            raise typer.Exit(1)
        return
    settings = Settings(claims_dir=claims, model=model, speakers_file=speakers, institutions_file=institutions)
    view = _topic_view(topic, settings)
    found = api.conflicts(view, settings)
    chosen_ids = {s.id for s in api.filter_statements(view.claims, speaker=speaker, document=doc, references=True)}
    chosen = [claim for claim in view.claims if claim.id in chosen_ids]
    if output is ExportFormat.json:
        _write_json(export.topic_json(found.topic, found.question, chosen, found.conflicts))
    elif output is ExportFormat.jsonl:
        _write(export.to_jsonl(chosen))
    elif output is ExportFormat.csv:
        sys.stdout.write(export.claims_csv(chosen, found.topic))
    elif output is ExportFormat.schemaorg:
        sys.stdout.write(export.to_schemaorg(found.topic, chosen, found.conflicts, api.organisations(settings)))
    else:
        chosen_conflicts = [c for c in found.conflicts if c.earlier.id in chosen_ids or c.later.id in chosen_ids]
        sys.stdout.write(
            export.to_claimreview(
                found.topic, found.question, chosen, chosen_conflicts, api.organisations(settings), settings.conflicts
            )
        )
    if view.errors:
        raise typer.Exit(1)


def _export_parquet(settings: Settings, out: Path, topic: str | None, speaker: str | None, doc: str | None) -> None:
    """statements/ (and claims/ and conflicts/ with a topic) under out, each a Parquet dataset by month."""
    try:
        extras.require("pyarrow", "--format parquet")
    except ClaimtrackError as exc:
        raise _fail(str(exc), 2) from None
    from claimtrack.report import parquet

    tables = ["statements", "claims", "conflicts"] if topic is not None else ["statements"]
    try:
        for name in tables:  # before any work: a wrong --out must not cost a stance run first
            parquet.check_target(out / name)
    except ClaimtrackError as exc:
        raise _fail(str(exc), 2) from None
    written = []
    errors: list = []
    try:
        if topic is not None:  # first: it brings stances up to date, and the statements then carry them
            view = _topic_view(topic, settings)
            errors = view.errors
            found = api.conflicts(view, settings)
            chosen_ids = {s.id for s in api.filter_statements(view.claims, speaker=speaker, document=doc)}
            chosen = [claim for claim in view.claims if claim.id in chosen_ids]
            written.append(_count(parquet.write_claims(chosen, found.topic, out / "claims"), "claim"))
            written.append(_count(parquet.write_conflicts(found.conflicts, out / "conflicts"), "conflict"))
            del view, found, chosen
        statements, store_errors = api.streamed_canonical(settings, speaker=speaker, document=doc)
        written.insert(0, _count(parquet.write_statements(statements, out / "statements"), "statement"))
    except ClaimtrackError as exc:
        raise _fail(str(exc)) from None
    except OSError as exc:
        raise _fail(f"{out}: cannot write the Parquet datasets ({exc.strerror or exc}); choose another --out") from None
    if topic is None:
        errors = store_errors
        for error in errors:
            _err().print(f"error: {error}")
    _err().print(f"{', '.join(written)} written to {out}/ as Parquet, partitioned by {parquet.PARTITION}")
    if errors:
        raise typer.Exit(1)


def _progress(quiet: bool = False) -> Progress:
    err = _err()
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        disable=quiet or not err.is_terminal,
        transient=True,
    )


def _topic_view(topic: str, settings: Settings) -> api.TopicView:
    """The topic's claims, stances brought up to date first where needed (with a progress bar)."""
    try:
        chosen = api.resolve_topic(topic)
        with _progress() as progress:
            task = progress.add_task(f"stance: {escape(chosen.name)}", total=None)
            view = api.topic_claims(chosen, settings, on_file=lambda: progress.advance(task))
    except ClaimtrackError as exc:
        raise _fail(exc) from None
    for error in view.errors:
        _err().print(f"error: {error}")
    return view


@app.command()
def conflicts(
    topic: Annotated[str, typer.Option("--topic", "-t", help="A topic file (.toml) or a shipped topic's name.")],
    claims: ClaimsOption = Path("claims"),
    kind: Annotated[
        list[ConflictKind] | None, typer.Option("--kind", "-k", help="Only these kinds (repeat the option).")
    ] = None,
    speakers: SpeakersOption = None,
    institutions: InstitutionsOption = None,
    model: ModelOption = DEFAULT_MODEL,
    output: FormatOption = Format.table,
    limit: Annotated[
        int | None,
        typer.Option(
            min=0,
            help=f"Only the N most telling conflicts; 0 for all. Default: {render.SHOWN_CONFLICTS} in the table, "
            "all in json, jsonl and csv.",
        ),
    ] = None,
) -> None:
    """Who reversed, when, with the evidence: reversals, shifts and disagreements on a topic, most telling first.

    Stances are worked out first where the topic or the model changed (extraction is not run again).

    Example: claimtrack conflicts --topic peacekeepers --kind reversal --format json
    """
    settings = Settings(claims_dir=claims, model=model, speakers_file=speakers, institutions_file=institutions)
    view = _topic_view(topic, settings)
    found = api.conflicts(view, settings, [k.value for k in kind] if kind else None)
    if output is Format.table:
        colours = palette.position_colours(view.topic)
        _out().print(render.conflicts_table(found, render.SHOWN_CONFLICTS if limit is None else limit, colours))
    else:
        if limit:
            found.conflicts = found.conflicts[:limit]
        _emit_conflicts(found, output)
    if view.errors:
        raise typer.Exit(1)


def _emit_conflicts(found, output: Format) -> None:
    if output is Format.json:
        _write_json(export.json_chunks(found))
    elif output is Format.jsonl:
        _write(export.to_jsonl(found.conflicts))
    else:
        sys.stdout.write(export.conflicts_csv(found.conflicts))


@app.command()
def timeline(
    topic: Annotated[str, typer.Option("--topic", "-t", help="A topic file (.toml) or a shipped topic's name.")],
    claims: ClaimsOption = Path("claims"),
    speakers: SpeakersOption = None,
    institutions: InstitutionsOption = None,
    model: ModelOption = DEFAULT_MODEL,
    output: FormatOption = Format.table,
    voice: Annotated[
        str | None, typer.Option(help="Only voices whose name contains this (a country, organisation or speaker).")
    ] = None,
) -> None:
    """Positions on a topic over time, per voice (country, organisation, or speaker); undated ones apart.

    Example: claimtrack timeline --topic peacekeepers --voice Russia
    """
    settings = Settings(claims_dir=claims, model=model, speakers_file=speakers, institutions_file=institutions)
    view = _topic_view(topic, settings)
    found = api.timeline(view, settings, voice)
    if output is Format.table:
        _out().print(render.timeline_table(found, voice, palette.position_colours(view.topic)))
    elif output is Format.json:
        _write_json(export.json_chunks(found))
    else:
        claims_in_order = [claim for voice in found.voices for claim in voice.claims] + found.undated
        if output is Format.jsonl:
            _write(export.to_jsonl(claims_in_order))
        else:
            sys.stdout.write(export.claims_csv(claims_in_order, found.topic))
    if view.errors:
        raise typer.Exit(1)


@app.command()
def report(
    topic: Annotated[
        str | None,
        typer.Option(
            "--topic",
            "-t",
            help="A topic file (.toml) or a shipped topic's name; without it, the articles and speakers only.",
        ),
    ] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="The HTML file to write.", dir_okay=False)] = Path(
        "report.html"
    ),
    claims: ClaimsOption = Path("claims"),
    speakers: SpeakersOption = None,
    institutions: InstitutionsOption = None,
    model: ModelOption = DEFAULT_MODEL,
    quiet: QuietOption = False,
) -> None:
    """Write one self-contained HTML page to open in a browser or send by e-mail: a timeline chart of who said
    what when, the conflicts with their evidence, every article with its statements marked in place, and the
    speakers. It loads nothing from the network and runs no script.

    Example: claimtrack report --topic peacekeepers --out report.html
    """
    from claimtrack.report import html

    settings = Settings(claims_dir=claims, model=model, speakers_file=speakers, institutions_file=institutions)
    try:
        chosen = api.resolve_topic(topic) if topic is not None else None
        with _progress(quiet) as progress:
            task = progress.add_task("report", total=None)
            page, errors = html.build(settings, chosen, on_file=lambda: progress.advance(task))
        html.write(page, out)
    except ClaimtrackError as exc:
        raise _fail(str(exc)) from None
    except OSError as exc:
        raise _fail(
            f"{out}: cannot write the report ({exc.strerror}); check the folder exists and is writable"
        ) from None
    err = _err()
    for error in errors:
        err.print(f"error: {error}")
    for problem in page.problems:
        err.print(f"warning: {problem}")
    if not quiet:
        found = f", {_count(len(page.conflicts.conflicts), 'conflict')}" if page.conflicts is not None else ""
        err.print(f"wrote {out}: {_count(len(page.articles), 'article')}{found}")
    if errors:
        raise typer.Exit(1)


@app.command()
def review(
    statement_id: Annotated[
        str, typer.Argument(help="The statement's id, or its first characters as the tables show them (8).")
    ],
    claims: ClaimsOption = Path("claims"),
    speaker: Annotated[str | None, typer.Option(help="The right speaker's name.")] = None,
    date: Annotated[str | None, typer.Option(help="The right date, YYYY-MM-DD.")] = None,
    stance: Annotated[
        str | None,
        typer.Option(help="TOPIC=POSITION, e.g. peacekeepers=leave: a shipped topic or topic file, and its position."),
    ] = None,
    note: Annotated[str | None, typer.Option(help="A note for other editors.")] = None,
) -> None:
    """Correct a statement by hand and mark it reviewed; later extract runs keep it as it is.

    Example: claimtrack review 3f2a9c1d --speaker "Dmitry Peskov"
    """
    when = _date(date, "--date")
    stance_pair = None
    if stance is not None:
        topic, sep, position = stance.rpartition("=")
        if not sep or not topic or not position:
            raise typer.BadParameter("use TOPIC=POSITION", param_hint="--stance")
        try:
            chosen = api.resolve_topic(topic)
        except ClaimtrackError as exc:
            raise _fail(exc) from None
        if position not in chosen.positions:
            known = ", ".join(chosen.positions)
            raise _fail(UsageError(f"topic '{chosen.name}' has no position '{position}' (its positions: {known})"))
        stance_pair = (chosen.name, position)
    try:
        statement = api.correct(claims, statement_id, speaker=speaker, date=when, stance=stance_pair, note=note)
    except ClaimtrackError as exc:
        raise _fail(exc) from None
    _err().print(f"reviewed {statement.id}: {statement.speaker.name or '?'}: {statement.text[:60]}")


@app.command()
def stance(
    topic: Annotated[str, typer.Option("--topic", "-t", help="A topic file (.toml) or a shipped topic's name.")],
    claims: ClaimsOption = Path("claims"),
    model: ModelOption = DEFAULT_MODEL,
    force: Annotated[bool, typer.Option("--force", help="Redo stances judged before with the same topic.")] = False,
    engine: Annotated[
        Engine, typer.Option(help="local, or dask: a Dask cluster's workers judge and write the claims files.")
    ] = Engine.local,
    scheduler: Annotated[
        str | None, typer.Option(help="With --engine dask: a running scheduler's address (tcp://host:8786).")
    ] = None,
    workers: Annotated[
        int, typer.Option(min=1, help="With --engine dask and no --scheduler: local worker processes.")
    ] = 1,
) -> None:
    """Work out each stored statement's position on a topic; extraction is not run again, and claims
    files already judged with this topic file and model are skipped.

    Example: claimtrack stance --topic peacekeepers && claimtrack statements --topic peacekeepers
    """
    dask = _dask_options(engine, scheduler, workers)
    try:
        chosen = api.resolve_topic(topic)
        with _progress() as progress:
            task = progress.add_task(f"stance: {escape(chosen.name)}", total=None)
            report = api.stance(
                claims,
                chosen,
                Settings(claims_dir=claims, model=model),
                force=force,
                on_file=lambda: progress.advance(task),
                dask=dask,
            )
    except ClaimtrackError as exc:
        raise _fail(exc) from None
    for error in report.errors:
        _err().print(f"error: {error}")
    counts = ", ".join(f"{position} {count}" for position, count in sorted(report.positions.items())) or "none"
    _err().print(
        f"{chosen.name}: {sum(report.positions.values())} of {report.statements} statements take a position "
        f"({counts}); {report.kept_by_editor} kept as an editor set them"
    )
    if report.errors:
        raise typer.Exit(1)


@app.command()
def evaluate(
    gold_dir: Annotated[Path, typer.Argument(help="A gold split folder with text/ and attributions/ (brat standoff).")],
    model: ModelOption = DEFAULT_MODEL,
    limit: Annotated[int | None, typer.Option(min=1, help="Score only the first N documents.")] = None,
    output: Annotated[EvalFormat, typer.Option("--format", "-f", help="table, or json for tools.")] = EvalFormat.table,
) -> None:
    """Score extraction against gold attributions: precision, recall, F1 (all and speech), quote recall.

    Example: claimtrack evaluate ../shared/polnear/dev
    """
    try:
        with _progress() as progress:
            task = progress.add_task("evaluating", total=None)
            result = api.evaluate(
                gold_dir,
                Settings(model=model),
                limit=limit,
                on_total=lambda total: progress.update(task, total=total),
                on_document=lambda: progress.advance(task),
            )
    except ClaimtrackError as exc:
        raise _fail(exc) from None
    if output is EvalFormat.json:
        import json

        sys.stdout.write(json.dumps(result.to_dict(), indent=2) + "\n")
        return
    _out().print(render.evaluation_table(result))


@app.command()
def schema() -> None:
    """Print the JSON Schema of the export and of a claims file.

    Example: claimtrack schema > schema/claimtrack.schema.json
    """
    sys.stdout.write(export.json_schema_text())


def main() -> None:
    api.FREEZE_BUILT = True  # the process ends with the command: what it loads lives to the end
    app()

"""The commands on the store as a whole: extract, stance and review write it; statements, speakers list it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from claimtrack.cli import output
from claimtrack.cli.options import (
    DEFAULT_CLAIMS,
    DEFAULT_MODEL,
    ClaimsOption,
    DocumentFilter,
    EngineOption,
    EvalFormat,
    Format,
    FormatOption,
    InstitutionsOption,
    ModelOption,
    Order,
    QuietOption,
    ReferencesOption,
    SchedulerOption,
    SpeakerFilter,
    SpeakersOption,
    TopicOption,
    dask_options,
    settings_of,
)
from claimtrack.cli.options import Engine as EngineChoice

#: Statements extract's table shows: those of the documents it parsed, the first of them when it found more. A
#: first run over an archive finds a hundred thousand, which took minutes and gigabytes to draw as a table;
#: `claimtrack statements` lists them all, filtered.
SHOWN_STATEMENTS = 200


def extract(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (.txt, .md, .html, .json, .jsonl).")],
    out: Annotated[Path, typer.Option("--out", help="Claims store to write.", file_okay=False)] = DEFAULT_CLAIMS,
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
    engine: EngineOption = EngineChoice.local,
    scheduler: SchedulerOption = None,
) -> None:
    """Find the attributed statements in articles and store them in claims/.

    Example: claimtrack extract seeds/ --out claims/
    """
    from claimtrack import api
    from claimtrack.report import terminal

    published_date = api.parse_day(published, "--published")
    if published_date is not None and (len(paths) != 1 or paths[0].is_dir()):
        raise typer.BadParameter("give exactly one file with --published", param_hint="--published")
    dask = dask_options(engine, scheduler, workers)
    settings = settings_of(
        out,
        model,
        published=published_date,
        year=year,
        workers=1 if dask is not None else workers,  # on Dask the cluster's workers parse; this process only reads
        follow_symlinks=follow_symlinks,
    )
    with output.progress(quiet) as progress:
        # One step per file read; the records of a JSON Lines file count as their file.
        total = api.files_to_read(paths, [out], follow_symlinks) if output.shows_progress(quiet) else None
        task = progress.add_task("extracting", total=total)
        report = api.extract(paths, settings, force=force, on_file=lambda path: progress.advance(task), dask=dask)
    output.warnings(report.warnings)
    output.errors(report.errors)
    unreadable_claims = []  # other claims files of the store that the table could not read
    if table and report.parsed:
        parsed, store_errors = api.statements_of_documents(report.parsed_paths, settings)
        named = {str(error) for error in report.errors}
        unreadable_claims = [error for error in store_errors if str(error) not in named]
        output.errors(unreadable_claims)
        shown = api.filter_statements(parsed)
        if shown:
            caption = _more(len(shown), out)
            output.out().print(terminal.statements_table(shown[:SHOWN_STATEMENTS], caption=caption))
    if not quiet:
        output.err().print(
            f"{output.count(report.documents, 'document')} ({report.parsed} parsed, {report.unchanged} unchanged), "
            f"{output.count(report.statements, 'statement')} in {out}/"
            + (f"; {output.count(len(report.errors), 'input')} failed" if report.errors else "")
            + (
                f"; none changed, so no table ('{_listing(out)}' lists what is stored)"
                if table and report.documents and not report.parsed
                else ""
            )
        )
    if report.errors or unreadable_claims:
        raise typer.Exit(1)


def _more(shown: int, claims: Path) -> str | None:
    if shown <= SHOWN_STATEMENTS:
        return None
    return (
        f"{SHOWN_STATEMENTS} of the {shown:,} statements found are shown; '{_listing(claims)}' lists every "
        "stored statement (filter with --doc, --speaker, --since)"
    )


def _listing(claims: Path) -> str:
    """The command that lists the statements stored in `claims`."""
    return "claimtrack statements" + ("" if claims == DEFAULT_CLAIMS else f" --claims {claims}")


def read_store(claims: Path):
    """The claims store, read with a spinner; the files that could not be read are named on stderr."""
    from claimtrack import api

    with output.progress() as progress:
        progress.add_task(f"reading {claims}/", total=None)
        contents = api.load_claims(claims)
    output.errors(contents.errors)
    return contents


def statements(
    claims: ClaimsOption = DEFAULT_CLAIMS,
    speaker: SpeakerFilter = None,
    doc: DocumentFilter = None,
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
    output_format: FormatOption = Format.table,
    references: ReferencesOption = False,
) -> None:
    """List stored statements, filtered. Each row starts with the statement's id, which review takes.

    Example: claimtrack statements --speaker Peskov --since 2024-01-01 --order date --compact
    """
    from claimtrack import api
    from claimtrack.report import export, palette, terminal

    since_date, until_date = api.parse_day(since, "--since"), api.parse_day(until, "--until")
    settings = settings_of(claims, speakers=speakers, institutions=institutions)
    contents = read_store(claims)
    chosen = api.filter_statements(
        api.with_speaker_identities(contents.statements, settings),
        speaker=speaker,
        document=doc,
        since=since_date,
        until=until_date,
        references=references,
    )
    colours = None
    if topic is not None:
        chosen = [statement for statement in chosen if topic in statement.stances]
        known = api.topic_if_known(topic)  # a topic whose file is not at hand: colours for the positions seen
        colours = palette.position_colours(known) if known is not None else None
    if order is Order.date:
        chosen = api.timeline_order(chosen)
    if chosen or output_format is not Format.table:
        draw = terminal.compact_statements_table if compact else terminal.statements_table
        output.emit(
            output_format,
            chosen,
            table=lambda: draw(chosen, colours=colours),
            json=lambda: export.to_json(chosen),
            csv=lambda: export.to_csv(chosen),
        )
    if not chosen:
        output.note(api.why_empty(contents, claims, topic))
    if contents.errors:
        raise typer.Exit(1)


def speakers(
    claims: ClaimsOption = DEFAULT_CLAIMS,
    pins: SpeakersOption = None,
    institutions: InstitutionsOption = None,
    output_format: FormatOption = Format.table,
) -> None:
    """List speakers with their aliases, title, affiliation and counts.

    Example: claimtrack speakers --format csv > speakers.csv
    """
    from claimtrack import api
    from claimtrack.report import export, terminal

    contents = read_store(claims)
    settings = settings_of(claims, speakers=pins, institutions=institutions)
    listed = export.speakers_of(api.with_speaker_identities(contents.statements, settings))
    if not listed:
        output.note(api.why_empty(contents, claims))
    if listed or output_format is not Format.table:
        output.emit(
            output_format,
            listed,
            table=lambda: terminal.speakers_table(listed),
            json=lambda: [export.speakers_json(listed)],
            csv=lambda: export.speakers_csv(listed),
        )
    if contents.errors:
        raise typer.Exit(1)


def review(
    statement_id: Annotated[
        str, typer.Argument(help="The statement's id, or its first characters as the tables show them (8).")
    ],
    claims: ClaimsOption = DEFAULT_CLAIMS,
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
    from claimtrack import api

    when = api.parse_day(date, "--date")
    position = api.topic_position(stance, "--stance") if stance is not None else None
    statement = api.correct(claims, statement_id, speaker=speaker, date=when, stance=position, note=note)
    output.err().print(f"reviewed {statement.id}: {statement.speaker.name or '?'}: {statement.text[:60]}")


def stance(
    topic: TopicOption,
    claims: ClaimsOption = DEFAULT_CLAIMS,
    model: ModelOption = DEFAULT_MODEL,
    force: Annotated[bool, typer.Option("--force", help="Redo stances judged before with the same topic.")] = False,
    engine: Annotated[
        EngineChoice, typer.Option(help="local, or dask: a Dask cluster's workers judge and write the claims files.")
    ] = EngineChoice.local,
    scheduler: SchedulerOption = None,
    workers: Annotated[
        int, typer.Option(min=1, help="With --engine dask and no --scheduler: local worker processes.")
    ] = 1,
) -> None:
    """Work out each stored statement's position on a topic and store it: the one command that writes stances
    (conflicts, timeline, export and report work out what is not stored in memory). Extraction is not run again,
    and claims files already judged with this topic file and model are skipped.

    Example: claimtrack stance --topic peacekeepers && claimtrack statements --topic peacekeepers
    """
    from rich.markup import escape

    from claimtrack import api

    dask = dask_options(engine, scheduler, workers)
    chosen = api.resolve_topic(topic)
    with output.progress() as progress:
        task = progress.add_task(f"stance: {escape(chosen.name)}", total=None)
        report = api.stance(
            claims, chosen, settings_of(claims, model), force=force, on_file=lambda: progress.advance(task), dask=dask
        )
    output.errors(report.errors)
    counts = ", ".join(f"{position} {count}" for position, count in sorted(report.positions.items())) or "none"
    output.err().print(
        f"{chosen.name}: {sum(report.positions.values())} of {report.statements} statements take a position "
        f"({counts}); {report.kept_by_editor} kept as an editor set them"
    )
    if report.errors:
        raise typer.Exit(1)


def evaluate(
    gold_dir: Annotated[Path, typer.Argument(help="A gold split folder with text/ and attributions/ (brat standoff).")],
    model: ModelOption = DEFAULT_MODEL,
    limit: Annotated[int | None, typer.Option(min=1, help="Score only the first N documents.")] = None,
    output_format: Annotated[
        EvalFormat, typer.Option("--format", "-f", help="table, or json for tools.")
    ] = EvalFormat.table,
) -> None:
    """Score extraction against gold attributions: precision, recall, F1 (all and speech), quote recall.

    Example: claimtrack evaluate ../shared/polnear/dev
    """
    import json
    import sys

    from claimtrack import api
    from claimtrack.report import terminal

    with output.progress() as progress:
        task = progress.add_task("evaluating", total=None)
        result = api.evaluate(
            gold_dir,
            settings_of(model=model),
            limit=limit,
            on_total=lambda total: progress.update(task, total=total),
            on_document=lambda: progress.advance(task),
        )
    if output_format is EvalFormat.json:
        sys.stdout.write(json.dumps(result.to_dict(), indent=2) + "\n")
    else:
        output.out().print(terminal.evaluation_table(result))


def schema() -> None:
    """Print the JSON Schema of the export and of a claims file.

    Example: claimtrack schema > schema/claimtrack.schema.json
    """
    import sys

    from claimtrack.report import export

    sys.stdout.write(export.json_schema_text())

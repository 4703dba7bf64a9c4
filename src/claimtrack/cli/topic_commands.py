"""The commands that read a topic's claims (conflicts, timeline, report) and export; none of them writes the store."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from claimtrack.cli import output
from claimtrack.cli.commands import read_store
from claimtrack.cli.options import (
    DEFAULT_CLAIMS,
    DEFAULT_MODEL,
    ClaimsOption,
    ConflictKind,
    DocumentFilter,
    ExportFormat,
    Format,
    FormatOption,
    InstitutionsOption,
    ModelOption,
    QuietOption,
    ReferencesOption,
    SaveOption,
    SpeakerFilter,
    SpeakersOption,
    TopicOption,
    settings_of,
)
from claimtrack.report import SHOWN_CONFLICTS

if TYPE_CHECKING:
    from claimtrack.api import TopicView
    from claimtrack.config import Settings


def topic_view(topic: str, settings: Settings, save: bool = False) -> TopicView:
    """The topic's claims, read with a spinner; stances the store lacks are worked out in memory, and the note
    says how to store them. With `save`, they are first stored, as the stance command stores them."""
    from rich.markup import escape

    from claimtrack import api

    chosen = api.resolve_topic(topic)
    with output.progress() as progress:
        task = progress.add_task(f"stance: {escape(chosen.name)}", total=None)
        if save:  # stance reads, judges and writes each file once, and hands back the statements it judged
            stored = api.stance(settings.claims_dir, chosen, settings, on_file=lambda: progress.advance(task))
            view = api.view_of(stored, chosen, settings)
        else:
            view = api.topic_claims(chosen, settings, on_file=lambda: progress.advance(task))
    output.errors(view.errors)
    if view.stance.computed_in_memory:
        output.note(_stances_in_memory(topic, settings))
    return view


def _stances_in_memory(topic: str, settings: Settings) -> str:
    store = "" if settings.claims_dir == DEFAULT_CLAIMS else f" --claims {settings.claims_dir}"
    model = "" if settings.model == DEFAULT_MODEL else f" --model {settings.model}"
    return f"stances computed in memory; run 'claimtrack stance --topic {topic}{store}{model}' to store them"


def conflicts(
    topic: TopicOption,
    claims: ClaimsOption = DEFAULT_CLAIMS,
    kind: Annotated[
        list[ConflictKind] | None, typer.Option("--kind", "-k", help="Only these kinds (repeat the option).")
    ] = None,
    speakers: SpeakersOption = None,
    institutions: InstitutionsOption = None,
    model: ModelOption = DEFAULT_MODEL,
    output_format: FormatOption = Format.table,
    limit: Annotated[
        int | None,
        typer.Option(
            min=0,
            help=f"Only the N most telling conflicts; 0 for all. Default: {SHOWN_CONFLICTS} in the table, "
            "all in json, jsonl and csv.",
        ),
    ] = None,
    save: SaveOption = False,
) -> None:
    """Who reversed, when, with the evidence: reversals, shifts and disagreements on a topic, most telling first.

    Stances the store lacks for this topic file and model are worked out in memory (run stance, or pass --save,
    to store them; extraction is not run again).

    Example: claimtrack conflicts --topic peacekeepers --kind reversal --format json
    """
    from claimtrack import api
    from claimtrack.report import export, palette, terminal

    settings = settings_of(claims, model, speakers, institutions)
    view = topic_view(topic, settings, save)
    ranked = api.ranked_conflicts(view, settings, [k.value for k in kind] if kind else None)
    if output_format is Format.table:
        limit = SHOWN_CONFLICTS if limit is None else limit
    with api.collector_paused():
        found = ranked.report(limit)  # only the conflicts shown are built
    output.emit(
        output_format,
        found.conflicts,
        table=lambda: terminal.conflicts_table(found, limit, palette.position_colours(view.topic), ranked.counts()),
        json=lambda: export.json_chunks(found),
        csv=lambda: export.conflicts_csv(found.conflicts),
    )
    if view.errors:
        raise typer.Exit(1)


def timeline(
    topic: TopicOption,
    claims: ClaimsOption = DEFAULT_CLAIMS,
    speakers: SpeakersOption = None,
    institutions: InstitutionsOption = None,
    model: ModelOption = DEFAULT_MODEL,
    output_format: FormatOption = Format.table,
    voice: Annotated[
        str | None, typer.Option(help="Only voices whose name contains this (a country, organisation or speaker).")
    ] = None,
    save: SaveOption = False,
) -> None:
    """Positions on a topic over time, per voice (country, organisation, or speaker); undated ones apart.

    Example: claimtrack timeline --topic peacekeepers --voice Russia
    """
    from claimtrack import api
    from claimtrack.report import export, palette, terminal

    settings = settings_of(claims, model, speakers, institutions)
    view = topic_view(topic, settings, save)
    found = api.timeline(view, settings, voice)
    claims_in_order = [claim for voice in found.voices for claim in voice.claims] + found.undated
    output.emit(
        output_format,
        claims_in_order,
        table=lambda: terminal.timeline_table(found, voice, palette.position_colours(view.topic)),
        json=lambda: export.json_chunks(found),
        csv=lambda: export.claims_csv(claims_in_order, found.topic),
    )
    if view.errors:
        raise typer.Exit(1)


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
    claims: ClaimsOption = DEFAULT_CLAIMS,
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
    from claimtrack import api
    from claimtrack.report import html

    settings = settings_of(claims, model, speakers, institutions)
    chosen = api.resolve_topic(topic) if topic is not None else None
    with output.progress(quiet) as progress:
        task = progress.add_task("report", total=None)
        page, errors = api.html_report(settings, chosen, on_file=lambda: progress.advance(task))
    html.write(page, out)
    output.errors(errors)
    output.warnings(page.problems)
    if page.stances_computed_in_memory and topic is not None:
        output.note(_stances_in_memory(topic, settings))
    if not quiet:
        found = f", {output.count(len(page.conflicts.conflicts), 'conflict')}" if page.conflicts is not None else ""
        output.err().print(f"wrote {out}: {output.count(len(page.articles), 'article')}{found}")
    if errors:
        raise typer.Exit(1)


def export(
    claims: ClaimsOption = DEFAULT_CLAIMS,
    output_format: Annotated[ExportFormat, typer.Option("--format", "-f", help="Output format.")] = ExportFormat.json,
    topic: Annotated[
        str | None,
        typer.Option("--topic", "-t", help="Only the claims on this topic, grouped across outlets, with conflicts."),
    ] = None,
    speaker: SpeakerFilter = None,
    doc: DocumentFilter = None,
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
    from claimtrack import api
    from claimtrack.report import export as formats
    from claimtrack.report import schemaorg

    settings = settings_of(claims, model, speakers, institutions)
    if output_format is ExportFormat.parquet:
        if out is None:
            raise typer.BadParameter("parquet is written to a folder: give --out DIR", param_hint="--format")
        _export_parquet(settings, out, topic, speaker, doc)
        return
    if out is not None:
        raise typer.BadParameter("only --format parquet writes to a folder; the others print", param_hint="--out")
    if topic is None:
        if output_format in {ExportFormat.claimreview, ExportFormat.schemaorg}:
            raise typer.BadParameter(
                f"{output_format.value} needs --topic: a claim's position is on a topic", param_hint="--format"
            )
        contents = read_store(claims)
        every = api.with_speaker_identities(contents.statements, settings)
        chosen = api.filter_statements(every, speaker=speaker, document=doc, references=references)
        output.emit(
            Format(output_format.value),
            chosen,
            json=lambda: formats.to_json(chosen),
            csv=lambda: formats.to_csv(chosen),
        )
        if not chosen:
            output.note(api.why_empty(contents, claims))
        if contents.errors:
            raise typer.Exit(1)
        return
    view = topic_view(topic, settings)
    found = api.conflicts(view, settings)
    chosen_ids = {s.id for s in api.filter_statements(view.claims, speaker=speaker, document=doc, references=True)}
    claims_chosen = [claim for claim in view.claims if claim.id in chosen_ids]
    if output_format is ExportFormat.schemaorg:
        sys.stdout.write(
            schemaorg.to_schemaorg(found.topic, claims_chosen, found.conflicts, api.organisations(settings))
        )
    elif output_format is ExportFormat.claimreview:
        chosen_conflicts = [c for c in found.conflicts if c.earlier.id in chosen_ids or c.later.id in chosen_ids]
        sys.stdout.write(
            schemaorg.to_claimreview(
                found.topic,
                found.question,
                claims_chosen,
                chosen_conflicts,
                api.organisations(settings),
                settings.conflicts,
            )
        )
    else:
        output.emit(
            Format(output_format.value),
            claims_chosen,
            json=lambda: formats.topic_json(found.topic, found.question, claims_chosen, found.conflicts),
            csv=lambda: formats.claims_csv(claims_chosen, found.topic),
        )
    if view.errors:
        raise typer.Exit(1)


def _export_parquet(settings: Settings, out: Path, topic: str | None, speaker: str | None, doc: str | None) -> None:
    """statements/ (and claims/ and conflicts/ with a topic) under out, each a Parquet dataset by month."""
    from claimtrack import api, extras

    extras.require("pyarrow", "--format parquet")
    from claimtrack.report import parquet

    parquet.check_targets(out, with_topic=topic is not None)  # before any work: a wrong --out costs nothing
    view = topic_view(topic, settings) if topic is not None else None
    written = api.export_parquet(settings, out, view, speaker=speaker, document=doc)
    output.errors(written.errors if view is None else [])
    counts = ", ".join(output.count(number, noun) for noun, number in written.counts)
    output.err().print(f"{counts} written to {out}/ as Parquet, partitioned by {parquet.PARTITION}")
    if written.errors:
        raise typer.Exit(1)

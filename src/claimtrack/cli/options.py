"""The options commands share, defined once, and the one way a command's Settings are built."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from claimtrack.config import DEFAULT_MODEL  # config is a leaf: pydantic, no spaCy

if TYPE_CHECKING:
    from claimtrack.config import Settings
    from claimtrack.engines.cluster import DaskOptions


class Format(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


class ExportFormat(str, Enum):
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    schemaorg = "schemaorg"
    claimreview = "claimreview"
    parquet = "parquet"


class EvalFormat(str, Enum):
    table = "table"
    json = "json"


class Order(str, Enum):
    text = "text"
    date = "date"


class Engine(str, Enum):
    local = "local"
    dask = "dask"


class ConflictKind(str, Enum):
    reversal = "reversal"
    shift = "shift"
    disagreement = "disagreement"
    forecast = "forecast"


#: The store commands read when no --claims is given (and extract writes without --out).
DEFAULT_CLAIMS = Path("claims")

ClaimsOption = Annotated[Path, typer.Option("--claims", help="The claims store to read.", file_okay=False)]
ModelOption = Annotated[str, typer.Option("--model", help="Any installed spaCy pipeline.")]
FormatOption = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary on stderr.")]
TopicOption = Annotated[str, typer.Option("--topic", "-t", help="A topic file (.toml) or a shipped topic's name.")]
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
SpeakerFilter = Annotated[str | None, typer.Option(help="Part of the speaker's name or mention.")]
DocumentFilter = Annotated[str | None, typer.Option("--doc", help="Part of the document path, or its id.")]
EngineOption = Annotated[
    Engine,
    typer.Option(
        help="local: this machine's processes; dask: a Dask cluster (a local one of --workers processes, or "
        "--scheduler's), whose workers do the work and write the store. dask needs the archive extra."
    ),
]
SaveOption = Annotated[
    bool,
    typer.Option(
        "--save",
        help="Store the stances worked out (as the stance command does) instead of keeping them in memory.",
    ),
]
SchedulerOption = Annotated[
    str | None, typer.Option(help="With --engine dask: a running scheduler's address (tcp://host:8786).")
]


def settings_of(
    claims: Path = DEFAULT_CLAIMS,
    model: str = DEFAULT_MODEL,
    speakers: Path | None = None,
    institutions: Path | None = None,
    **more: object,
) -> Settings:
    """A command's Settings: what its options give, Settings' defaults for the rest (the model among them)."""
    from claimtrack.config import Settings

    given = {"speakers_file": speakers, "institutions_file": institutions}
    chosen = {name: value for name, value in given.items() if value is not None}
    return Settings(claims_dir=claims, model=model, **chosen, **more)


def dask_options(engine: Engine, scheduler: str | None, workers: int) -> DaskOptions | None:
    """Where a command runs: None for this machine's processes; for Dask, dask.distributed must be installed."""
    if scheduler is not None and engine is not Engine.dask:
        raise typer.BadParameter("a scheduler is for --engine dask", param_hint="--scheduler")
    if engine is not Engine.dask:
        return None
    from claimtrack import extras
    from claimtrack.engines.cluster import DaskOptions

    extras.require("distributed", "--engine dask")
    return DaskOptions(scheduler=scheduler, workers=workers)

"""Statements, claims and conflicts -> Parquet datasets partitioned by publication month, for an archive's tools.

Each table is a folder of Parquet files in hive layout (`published_month=2023-10/part-0.parquet`, and
`published_month=undated/` for documents with no known publication date), which DuckDB, pandas (pyarrow),
Polars and Spark read as one table with `published_month` as a column. Columns are flat, named
`document_path`, `speaker_name`, ...: the JSON contract's nested fields joined by `_`, so that every
engine can filter on them without struct syntax. Lists (a split quote's pieces, a statement's stances, a
claim's appearances) are lists of structs. README (The archive: Parquet) documents every column.

pyarrow is imported only here, and this module only when Parquet is asked for (the `archive` extra).
"""

from __future__ import annotations

import itertools
import shutil
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from claimtrack.errors import UsageError
from claimtrack.models import Claim, Conflict, DocumentRef, Statement

#: The partition column every table is split by: the publication month of the document (YYYY-MM).
PARTITION = "published_month"
UNDATED = "undated"
#: Rows per record batch handed to the writer: the archive is never held as one table.
BATCH_ROWS = 20_000

Column = tuple[str, pa.DataType, Callable[[Any], Any]]

PIECE = pa.struct([("start", pa.int64()), ("end", pa.int64())])
STANCE = pa.struct(
    [("topic", pa.string()), ("position", pa.string()), ("confidence", pa.float64()), ("evidence", pa.string())]
)
APPEARANCE = pa.struct(
    [
        ("statement_id", pa.string()),
        ("document_id", pa.string()),
        ("document_path", pa.string()),
        ("document_published", pa.date32()),
        ("document_outlet", pa.string()),
        ("document_url", pa.string()),
        ("start", pa.int64()),
        ("end", pa.int64()),
        ("text", pa.string()),
        ("position", pa.string()),
    ]
)


def month(document: DocumentRef) -> str:
    published = document.published
    return f"{published.year:04d}-{published.month:02d}" if published is not None else UNDATED


def _document_columns(prefix: str, get: Callable[[Any], DocumentRef]) -> list[Column]:
    return [
        (f"{prefix}id", pa.string(), lambda s: get(s).id),
        (f"{prefix}path", pa.string(), lambda s: get(s).path),
        (f"{prefix}published", pa.date32(), lambda s: get(s).published),
        (f"{prefix}published_basis", pa.string(), lambda s: get(s).published_basis),
        (f"{prefix}outlet", pa.string(), lambda s: get(s).outlet),
        (f"{prefix}url", pa.string(), lambda s: get(s).url),
        (f"{prefix}title", pa.string(), lambda s: get(s).title),
    ]


def _stances(statement: Statement) -> list[dict]:
    return [
        {"topic": topic, "position": stance.position, "confidence": stance.confidence, "evidence": stance.evidence}
        for topic, stance in statement.stances.items()
    ]


#: Every field of a statement (models.Statement), flat. tests/test_parquet.py holds that none is missing.
STATEMENT_COLUMNS: list[Column] = [
    ("id", pa.string(), lambda s: s.id),
    *_document_columns("document_", lambda s: s.document),
    ("text", pa.string(), lambda s: s.text),
    ("start", pa.int64(), lambda s: s.start),
    ("end", pa.int64(), lambda s: s.end),
    ("pieces", pa.list_(PIECE), lambda s: [{"start": p.start, "end": p.end} for p in s.pieces]),
    ("kind", pa.string(), lambda s: s.kind),
    ("cue", pa.string(), lambda s: s.cue),
    ("cue_start", pa.int64(), lambda s: s.cue_start),
    ("cue_end", pa.int64(), lambda s: s.cue_end),
    ("speaker_name", pa.string(), lambda s: s.speaker.name),
    ("speaker_mention", pa.string(), lambda s: s.speaker.mention),
    ("speaker_start", pa.int64(), lambda s: s.speaker.start),
    ("speaker_end", pa.int64(), lambda s: s.speaker.end),
    ("speaker_title", pa.string(), lambda s: s.speaker.title),
    ("speaker_affiliation", pa.string(), lambda s: s.speaker.affiliation),
    ("speaker_id", pa.string(), lambda s: s.speaker.id),
    ("speaker_kind", pa.string(), lambda s: s.speaker.kind),
    ("date_value", pa.date32(), lambda s: s.date.value),
    ("date_precision", pa.string(), lambda s: s.date.precision),
    ("date_basis", pa.string(), lambda s: s.date.basis),
    ("date_phrase", pa.string(), lambda s: s.date.phrase),
    ("date_phrase_start", pa.int64(), lambda s: s.date.phrase_start),
    ("date_phrase_end", pa.int64(), lambda s: s.date.phrase_end),
    ("date_inherited_phrase", pa.string(), lambda s: s.date.inherited_phrase),
    ("date_future", pa.bool_(), lambda s: s.date.future),
    ("date_upper_bound", pa.bool_(), lambda s: s.date.upper_bound),
    ("date_background", pa.bool_(), lambda s: s.date.background),
    ("context", pa.string(), lambda s: s.context),
    ("stances", pa.list_(STANCE), _stances),
    ("reviewed", pa.bool_(), lambda s: s.reviewed),
    ("note", pa.string(), lambda s: s.note),
]


def _claim_columns(topic: str) -> list[Column]:
    """A claim is a statement (its best-dated appearance's fields) with its position on the topic pulled out,
    its voice, and every appearance across outlets."""

    def stance(claim: Claim):
        return claim.stances.get(topic)

    return [
        *STATEMENT_COLUMNS,
        ("topic", pa.string(), lambda c: topic),
        ("position", pa.string(), lambda c: stance(c).position if stance(c) else None),
        ("confidence", pa.float64(), lambda c: stance(c).confidence if stance(c) else None),
        ("evidence", pa.string(), lambda c: stance(c).evidence if stance(c) else None),
        ("voice", pa.string(), lambda c: c.voice),
        ("appearance_count", pa.int64(), lambda c: c.appearance_count),
        (
            "appearances",
            pa.list_(APPEARANCE),
            lambda c: [
                {
                    "statement_id": a.statement_id,
                    "document_id": a.document.id,
                    "document_path": a.document.path,
                    "document_published": a.document.published,
                    "document_outlet": a.document.outlet,
                    "document_url": a.document.url,
                    "start": a.start,
                    "end": a.end,
                    "text": a.text,
                    "position": a.position,
                }
                for a in c.appearances
            ],
        ),
    ]


def _side(name: str, get: Callable[[Conflict], Claim]) -> list[Column]:
    def position(conflict: Conflict):
        stance = get(conflict).stances.get(conflict.topic)
        return stance.position if stance else None

    return [
        (f"{name}_id", pa.string(), lambda c: get(c).id),
        (f"{name}_speaker_name", pa.string(), lambda c: get(c).speaker.name),
        (f"{name}_speaker_id", pa.string(), lambda c: get(c).speaker.id),
        (f"{name}_voice", pa.string(), lambda c: get(c).voice),
        (f"{name}_position", pa.string(), position),
        (f"{name}_date_value", pa.date32(), lambda c: get(c).date.value),
        (f"{name}_date_precision", pa.string(), lambda c: get(c).date.precision),
        (f"{name}_text", pa.string(), lambda c: get(c).text),
        (f"{name}_appearance_count", pa.int64(), lambda c: get(c).appearance_count),
        *_document_columns(f"{name}_document_", lambda c: get(c).document),
    ]


#: A conflict with the fields of both claims an editor reads first; the claims table has the rest (join on id).
CONFLICT_COLUMNS: list[Column] = [
    ("kind", pa.string(), lambda c: c.kind),
    ("topic", pa.string(), lambda c: c.topic),
    ("same", pa.string(), lambda c: c.same),
    ("voice", pa.string(), lambda c: c.voice),
    ("confidence", pa.float64(), lambda c: c.confidence),
    ("explanation", pa.string(), lambda c: c.explanation),
    *_side("earlier", lambda c: c.earlier),
    *_side("later", lambda c: c.later),
]


def schema_of(columns: list[Column]) -> pa.Schema:
    """A table's schema as written, partition column included (readers add it back from the folder names)."""
    return pa.schema([(name, kind) for name, kind, _ in columns] + [(PARTITION, pa.string())])


def _batches(items: Iterable[Any], columns: list[Column], month_of: Callable[[Any], str]):
    schema = schema_of(columns)
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, BATCH_ROWS)):
        data = {name: [get(item) for item in chunk] for name, _, get in columns}
        data[PARTITION] = [month_of(item) for item in chunk]
        yield pa.RecordBatch.from_pydict(data, schema=schema)


def check_target(target: Path) -> None:
    """Refuse to replace a folder that is not an earlier export's dataset: `--out .` must never take the claims
    store (also named claims/) or anything else of the user's for one."""
    if not target.exists():
        return
    ours = target.is_dir() and all(
        entry.is_dir()
        and entry.name.startswith(f"{PARTITION}=")
        and all(part.suffix == ".parquet" and part.is_file() for part in entry.iterdir())
        for entry in target.iterdir()
    )
    if not ours:
        raise UsageError(
            f"{target} exists and is not a Parquet dataset written by claimtrack; give another --out folder"
        )


def check_targets(out: Path, with_topic: bool) -> None:
    """check_target for each dataset an export writes under out: statements, and claims and conflicts with a
    topic."""
    for name in ["statements", "claims", "conflicts"] if with_topic else ["statements"]:
        check_target(out / name)


def write_table(items: Iterable[Any], columns: list[Column], month_of: Callable[[Any], str], target: Path) -> int:
    """Write items as a hive-partitioned Parquet dataset at target, replacing what an earlier export left
    there. The dataset is written beside target first and moved into place when complete, so a failed run
    leaves the earlier export whole. Returns the number of rows."""
    check_target(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    rows = 0

    def counted():
        nonlocal rows
        for batch in _batches(items, columns, month_of):
            rows += batch.num_rows
            yield batch

    schema = schema_of(columns)
    try:
        written = staging / "dataset"
        ds.write_dataset(
            pa.RecordBatchReader.from_batches(schema, counted()),
            written,
            format="parquet",
            partitioning=ds.partitioning(pa.schema([(PARTITION, pa.string())]), flavor="hive"),
            basename_template="part-{i}.parquet",
            max_rows_per_group=BATCH_ROWS * 5,
            existing_data_behavior="error",
        )
        if rows == 0:  # still a dataset readers can open and count: one empty file with every column
            empty = written / f"{PARTITION}={UNDATED}"
            empty.mkdir(parents=True)
            pq.write_table(schema.empty_table().drop_columns([PARTITION]), empty / "part-0.parquet")
        old = staging / "old"
        if target.exists():
            target.rename(old)
        try:
            written.rename(target)
        except OSError:
            if old.exists():
                old.rename(target)  # the earlier export stays whole
            raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return rows


def write_statements(statements: Iterable[Statement], target: Path) -> int:
    return write_table(statements, STATEMENT_COLUMNS, lambda s: month(s.document), target)


def write_claims(claims: Iterable[Claim], topic: str, target: Path) -> int:
    return write_table(claims, _claim_columns(topic), lambda c: month(c.document), target)


def write_conflicts(conflicts: Iterable[Conflict], target: Path) -> int:
    """Conflicts partitioned by the publication month of the later claim: when the change became news."""
    return write_table(conflicts, CONFLICT_COLUMNS, lambda c: month(c.later.document), target)


def claim_schema(topic: str = "") -> pa.Schema:
    return schema_of(_claim_columns(topic))

"""The data contract: committed JSON Schema is current, models round-trip through JSON."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from claimtrack.export import json_schema_text
from claimtrack.models import DocumentRef, SpeakerRef, Statement, StatementDate

SCHEMA = Path(__file__).resolve().parents[1] / "schema" / "claimtrack.schema.json"


def test_committed_schema_is_current():
    assert SCHEMA.read_text(encoding="utf-8") == json_schema_text(), (
        "schema/claimtrack.schema.json is stale: run 'claimtrack schema > schema/claimtrack.schema.json'"
    )


def test_export_schema_requires_the_fields_editors_read():
    statement = json.loads(json_schema_text())["export"]["$defs"]["Statement"]
    assert {"id", "document", "text", "start", "end", "kind", "speaker"} <= set(statement["required"])
    assert {"cue", "date", "stances"} <= set(statement["properties"])


texts = st.text(max_size=40)
optional = st.none() | texts


@given(
    text=texts,
    start=st.integers(0, 10_000),
    kind=st.sampled_from(["direct", "indirect", "mixed"]),
    name=optional,
    day=st.none() | st.dates(),
    precision=st.sampled_from(["day", "week", "month", "year", "unknown"]),
)
def test_statement_round_trips_through_json(text, start, kind, name, day, precision):
    statement = Statement(
        id="x",
        document=DocumentRef(id="d", path="a.txt", published=day),
        text=text,
        start=start,
        end=start + len(text),
        kind=kind,
        speaker=SpeakerRef(name=name, mention=name),
        date=StatementDate(value=day, precision=precision, basis="publication" if day else "unknown"),
    )
    assert Statement.model_validate_json(statement.model_dump_json()) == statement

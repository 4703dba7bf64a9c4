"""The data contract: committed JSON Schema is current, models round-trip through JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimtrack.models import Appearance, DocumentRef, SpeakerRef, Statement, StatementDate, assembled
from claimtrack.report.export import json_schema_text

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


def test_assembled_model_equals_the_constructed_one_and_dumps_alike():
    document = DocumentRef(id="d1", path="a.txt", published="2024-04-17")
    values = {
        "statement_id": "s1",
        "document": document,
        "start": 3,
        "end": 9,
        "text": "Yes this is true",
        "position": None,
    }
    made = assembled(Appearance, dict(values))
    assert made == Appearance.model_construct(**values)
    assert made.model_dump_json() == Appearance.model_validate(values).model_dump_json()
    made.position = "leave"  # still an ordinary model: assignment and copies work
    assert made.model_copy(update={"start": 4}).start == 4


@pytest.mark.parametrize("change", [{"position": None}, {"extra": 1}])
def test_assembled_refuses_values_that_are_not_exactly_the_fields(change):
    values = {"statement_id": "s1", "document": DocumentRef(id="d1", path="a.txt"), "start": 0, "end": 1, "text": "x"}
    if "extra" in change:
        values = {**values, "position": None, **change}
    with pytest.raises(TypeError, match="Appearance"):
        assembled(Appearance, values)

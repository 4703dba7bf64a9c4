"""Statements -> what editors' tools read: JSON, JSON Lines, CSV, and the JSON Schema of it all."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter, defaultdict
from collections.abc import Iterable

from .models import SCHEMA_VERSION, ClaimsFile, Export, Speaker, Statement
from .nlp.speakers import slug

CSV_COLUMNS = [
    "id",
    "document.path",
    "document.published",
    "document.outlet",
    "document.url",
    "speaker.name",
    "speaker.mention",
    "speaker.title",
    "speaker.affiliation",
    "speaker.id",
    "kind",
    "cue",
    "date.value",
    "date.precision",
    "date.basis",
    "start",
    "end",
    "text",
    "reviewed",
]


def canonical_names(statements: Iterable[Statement]) -> dict[str, str]:
    """A surname alone ('Galuzin') stands for the one full name in the corpus that ends with it.

    When two full names share the surname, the surname stays as it is: guessing would merge people.
    """
    names = {s.speaker.name for s in statements if s.speaker.name}
    full_by_surname: dict[str, set[str]] = defaultdict(set)
    for name in names:
        if " " in name:
            full_by_surname[name.split()[-1]].add(name)
    mapping = {}
    for name in names:
        candidates = full_by_surname.get(name, set()) if " " not in name else set()
        mapping[name] = next(iter(candidates)) if len(candidates) == 1 else name
    return mapping


def with_canonical_speakers(statements: list[Statement]) -> list[Statement]:
    mapping = canonical_names(statements)
    result = []
    for statement in statements:
        name = statement.speaker.name
        if name and mapping.get(name, name) != name and not statement.reviewed:
            statement = statement.model_copy(deep=True)
            statement.speaker.name = mapping[name]
            statement.speaker.id = slug(mapping[name])
        result.append(statement)
    return result


def speakers_of(statements: Iterable[Statement]) -> list[Speaker]:
    """One entry per speaker id, with every way the speaker was mentioned and the commonest title."""
    grouped: dict[str, list[Statement]] = defaultdict(list)
    for statement in statements:
        if statement.speaker.id:
            grouped[statement.speaker.id].append(statement)
    speakers = []
    for speaker_id, own in grouped.items():
        titles = Counter(s.speaker.title for s in own if s.speaker.title)
        affiliations = Counter(s.speaker.affiliation for s in own if s.speaker.affiliation)
        aliases = sorted({s.speaker.mention for s in own if s.speaker.mention} - {own[0].speaker.name})
        speakers.append(
            Speaker(
                id=speaker_id,
                name=own[0].speaker.name,
                aliases=aliases,
                title=titles.most_common(1)[0][0] if titles else None,
                affiliation=affiliations.most_common(1)[0][0] if affiliations else None,
                statements=len(own),
                documents=len({s.document.id for s in own}),
            )
        )
    speakers.sort(key=lambda speaker: (-speaker.statements, speaker.id))
    return speakers


def to_json(statements: list[Statement]) -> str:
    export = Export(schema_version=SCHEMA_VERSION, statements=statements, speakers=speakers_of(statements))
    return export.model_dump_json(indent=2)


def to_jsonl(items: Iterable) -> str:
    return "".join(item.model_dump_json() + "\n" for item in items)


def _flat(statement: Statement) -> dict[str, object]:
    data = json.loads(statement.model_dump_json())
    row = {}
    for column in CSV_COLUMNS:
        value: object = data
        for part in column.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        row[column] = "" if value is None else value
    return row


def to_csv(statements: Iterable[Statement]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for statement in statements:
        writer.writerow(_flat(statement))
    return out.getvalue()


def json_schema() -> dict:
    """The JSON Schema of the export and of one claims file, as committed in schema/."""
    return {
        "export": Export.model_json_schema(),
        "claims_file": ClaimsFile.model_json_schema(),
    }


def json_schema_text() -> str:
    return json.dumps(json_schema(), indent=2, sort_keys=True) + "\n"

"""Statements -> what editors' tools read: JSON, JSON Lines, CSV, and the JSON Schema of it all."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter, defaultdict
from collections.abc import Iterable

from pydantic import TypeAdapter

from .identity import Institutions, SpeakerIndex, affiliation
from .models import SCHEMA_VERSION, ClaimsFile, Export, Speaker, Statement

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


def with_canonical_speakers(statements: list[Statement], index: SpeakerIndex, table: Institutions) -> list[Statement]:
    """Each statement's speaker as one identity across documents: canonical name, id and affiliation."""
    result = []
    for statement in statements:
        speaker = statement.speaker
        found = index.get(speaker.name)
        if found is None:
            result.append(statement)
            continue
        statement = statement.model_copy(deep=True)
        own = affiliation(speaker.mention, speaker.title, speaker.affiliation, table)
        statement.speaker.name, statement.speaker.id = found.name, found.id
        statement.speaker.title = speaker.title or found.title
        statement.speaker.affiliation = str(own) if own is not None else found.affiliation
        result.append(statement)
    return result


def speakers_of(statements: Iterable[Statement]) -> list[Speaker]:
    """One entry per speaker id (after with_canonical_speakers), with every way the speaker was
    mentioned, the commonest title and affiliation."""
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


SPEAKER_COLUMNS = ["id", "name", "title", "affiliation", "aliases", "statements", "documents"]


def speakers_json(speakers: list[Speaker]) -> str:
    return TypeAdapter(list[Speaker]).dump_json(speakers, indent=2).decode() + "\n"


def speakers_csv(speakers: Iterable[Speaker]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(SPEAKER_COLUMNS)
    for speaker in speakers:
        row = speaker.model_dump()
        row["aliases"] = "; ".join(speaker.aliases)
        writer.writerow(["" if row[column] is None else row[column] for column in SPEAKER_COLUMNS])
    return out.getvalue()


def json_schema() -> dict:
    """The JSON Schema of the export and of one claims file, as committed in schema/."""
    return {
        "export": Export.model_json_schema(),
        "claims_file": ClaimsFile.model_json_schema(),
    }


def json_schema_text() -> str:
    return json.dumps(json_schema(), indent=2, sort_keys=True) + "\n"

"""Statements -> what editors' tools read: JSON, JSON Lines, CSV, and the JSON Schema of it all."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from typing import get_args, get_origin

from pydantic import BaseModel, TypeAdapter

from claimtrack.models import (
    SCHEMA_VERSION,
    Claim,
    ClaimsFile,
    Conflict,
    ConflictReport,
    Export,
    Speaker,
    Statement,
    Timeline,
    TopicExport,
)

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


#: What makes a spreadsheet read a cell as a formula (OWASP's CSV injection guidance): a quote that begins
#: '=cmd|' or an outlet '=HYPERLINK(...)' would run in the editor's spreadsheet. Such a cell gets a leading
#: apostrophe, which spreadsheets show as text; JSON keeps every string exact.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> object:
    """A value as a CSV cell: text that could start a formula neutralised, booleans as true/false, None empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _Rows:
    """CSV rows, each line ended by '\\n'. The csv module quotes a cell holding the line terminator's characters
    only, so a bare carriage return in a quote would be written unquoted, and read as the end of a row by
    spreadsheets; a row with one is written with every cell quoted."""

    def __init__(self, out: io.StringIO, fieldnames: list[str] | None = None) -> None:
        if fieldnames is None:
            self.plain, self.quoted = (
                csv.writer(out, lineterminator="\n"),
                csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL),
            )
        else:
            self.plain = csv.DictWriter(out, fieldnames=fieldnames, lineterminator="\n")
            self.quoted = csv.DictWriter(out, fieldnames=fieldnames, lineterminator="\n", quoting=csv.QUOTE_ALL)

    def writeheader(self) -> None:
        self.plain.writeheader()

    def writerow(self, row) -> None:
        cells = row.values() if isinstance(row, dict) else row
        carriage_return = any(isinstance(cell, str) and "\r" in cell for cell in cells)
        (self.quoted if carriage_return else self.plain).writerow(row)


def speakers_of(statements: Iterable[Statement]) -> list[Speaker]:
    """One entry per speaker id (after people.identity.with_resolved_speakers), with every way the speaker was named
    (not the pronouns and descriptions that stood for them), the commonest title and affiliation."""
    grouped: dict[str, list[Statement]] = defaultdict(list)
    for statement in statements:
        if statement.speaker.id:
            grouped[statement.speaker.id].append(statement)
    speakers = []
    for speaker_id, own in grouped.items():
        titles = Counter(s.speaker.title for s in own if s.speaker.title)
        affiliations = Counter(s.speaker.affiliation for s in own if s.speaker.affiliation)
        name = own[0].speaker.name
        aliases = sorted({s.speaker.mention for s in own if _names(s.speaker.mention, name)} - {name})
        speakers.append(
            Speaker(
                id=speaker_id,
                name=own[0].speaker.name,
                aliases=aliases,
                title=titles.most_common(1)[0][0] if titles else None,
                affiliation=affiliations.most_common(1)[0][0] if affiliations else None,
                statement_count=len(own),
                document_count=len({s.document.id for s in own}),
            )
        )
    speakers.sort(key=lambda speaker: (-speaker.statement_count, speaker.id))
    return speakers


def _words(text: str) -> set[str]:
    return {word.casefold() for word in re.findall(r"[^\W\d_]{2,}", re.sub(r"['\u2019]s\b", "", text))}


def _names(mention: str | None, name: str | None) -> bool:
    """A mention that names the speaker ('Mr. Verin', "Russia's Deputy Foreign Minister Anatoly Verin"), not a
    pronoun or a description that was resolved to them ('He', 'the senior diplomat')."""
    return bool(mention and name and _words(mention) & _words(name))


def json_of(model: BaseModel) -> bytes:
    """A model as indented JSON: UTF-8 bytes as pydantic writes them, never decoded into a str (an archive's
    conflicts run to hundreds of megabytes, and decoding then encoding them again doubled the time to write)."""
    return model.__pydantic_serializer__.to_json(model, indent=2)


def json_chunks(model: BaseModel) -> Iterator[bytes]:
    """json_of(model), byte for byte, made one item at a time for each of its top-level lists of models.

    The conflicts of 100,000 statements are 377 MB of JSON: made at once, that text and pydantic's growing
    buffer for it took as much memory again as the report itself. Nothing in a JSON string is a raw line
    break, so an item written on its own is the nested one with two more levels of indent."""
    lists = {
        name: getattr(model, name) for name, info in type(model).model_fields.items() if _streamable(model, name, info)
    }
    if not lists:
        yield json_of(model)
        return
    rest = json_of(model.model_copy(update={name: [] for name in lists}))
    for name, items in lists.items():
        empty = b'\n  "' + name.encode() + b'": []'
        head, found, rest = rest.partition(empty)
        if not found:
            raise AssertionError(f"{name} is not a top-level list in the JSON of {type(model).__name__}")
        yield head + empty[:-1]
        for index, item in enumerate(items):
            yield (b",\n    " if index else b"\n    ") + json_of(item).replace(b"\n", b"\n    ")
        yield b"\n  ]"
    yield rest


def _streamable(model: BaseModel, name: str, info) -> bool:
    """A non-empty list field whose items are all of exactly the model class it declares (a subclass would be
    written with its own fields on its own, but with the declared class's inside the list)."""
    items = getattr(model, name)
    declared = get_args(info.annotation)
    return (
        not info.exclude
        and get_origin(info.annotation) is list
        and len(declared) == 1
        and isinstance(declared[0], type)
        and issubclass(declared[0], BaseModel)
        and bool(items)
        and all(type(item) is declared[0] for item in items)
    )


def to_json(statements: list[Statement]) -> Iterator[bytes]:
    return json_chunks(Export(schema_version=SCHEMA_VERSION, statements=statements, speakers=speakers_of(statements)))


def to_jsonl(items: Iterable[BaseModel]) -> Iterator[bytes]:
    """One line of JSON per item, made as it is written."""
    for item in items:
        yield item.__pydantic_serializer__.to_json(item) + b"\n"


def _flat(statement: Statement) -> dict[str, object]:
    data = json.loads(statement.model_dump_json())
    row = {}
    for column in CSV_COLUMNS:
        value: object = data
        for part in column.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        row[column] = csv_cell(value)
    return row


def to_csv(statements: Iterable[Statement]) -> str:
    out = io.StringIO()
    writer = _Rows(out, CSV_COLUMNS)
    writer.writeheader()
    for statement in statements:
        writer.writerow(_flat(statement))
    return out.getvalue()


SPEAKER_COLUMNS = ["id", "name", "title", "affiliation", "aliases", "statements", "documents"]


def speakers_json(speakers: list[Speaker]) -> bytes:
    return TypeAdapter(list[Speaker]).dump_json(speakers, indent=2)


def speakers_csv(speakers: Iterable[Speaker]) -> str:
    out = io.StringIO()
    writer = _Rows(out)
    writer.writerow(SPEAKER_COLUMNS)
    for speaker in speakers:
        row = speaker.model_dump()
        row["aliases"] = "; ".join(speaker.aliases)
        writer.writerow([csv_cell(row[column]) for column in SPEAKER_COLUMNS])
    return out.getvalue()


def json_schema() -> dict:
    """The JSON Schema of every JSON claimtrack writes, as committed in schema/."""
    return {
        "export": Export.model_json_schema(),
        "claims_file": ClaimsFile.model_json_schema(),
        "topic_export": TopicExport.model_json_schema(),
        "conflicts": ConflictReport.model_json_schema(),
        "timeline": Timeline.model_json_schema(),
    }


def json_schema_text() -> str:
    return json.dumps(json_schema(), indent=2, sort_keys=True) + "\n"


# -- a topic's claims ---------------------------------------------------------------------------------------

CLAIM_COLUMNS = [
    "id",
    "topic",
    "position",
    "confidence",
    "speaker.name",
    "speaker.title",
    "voice",
    "date.value",
    "date.precision",
    "date.upper_bound",
    "appearance_count",
    "outlets",
    "text",
    "document.path",
    "document.url",
    "evidence",
]


def topic_json(topic: str, question: str, claims: list[Claim], conflicts: list[Conflict]) -> Iterator[bytes]:
    return json_chunks(
        TopicExport(topic=topic, question=question, claims=claims, conflicts=conflicts, speakers=speakers_of(claims))
    )


def claims_csv(claims: Iterable[Claim], topic: str) -> str:
    out = io.StringIO()
    writer = _Rows(out, CLAIM_COLUMNS)
    writer.writeheader()
    for claim in claims:
        stance = claim.stances.get(topic)
        outlets = sorted({a.document.outlet or a.document.path for a in claim.appearances})
        row = {
            "id": claim.id,
            "topic": topic,
            "position": stance.position if stance else None,
            "confidence": stance.confidence if stance else None,
            "speaker.name": claim.speaker.name,
            "speaker.title": claim.speaker.title,
            "voice": claim.voice,
            "date.value": claim.date.value.isoformat() if claim.date.value else None,
            "date.precision": claim.date.precision,
            "date.upper_bound": claim.date.upper_bound,
            "appearance_count": claim.appearance_count,
            "outlets": "; ".join(outlets),
            "text": claim.text,
            "document.path": claim.document.path,
            "document.url": claim.document.url,
            "evidence": stance.evidence if stance else None,
        }
        writer.writerow({key: csv_cell(value) for key, value in row.items()})
    return out.getvalue()


CONFLICT_COLUMNS = [
    "kind",
    "same",
    "voice",
    "confidence",
    "earlier.id",
    "earlier.speaker",
    "earlier.date",
    "earlier.position",
    "earlier.text",
    "earlier.outlet",
    "later.id",
    "later.speaker",
    "later.date",
    "later.position",
    "later.text",
    "later.outlet",
    "explanation",
]


def conflicts_csv(conflicts: Iterable[Conflict]) -> str:
    out = io.StringIO()
    writer = _Rows(out, CONFLICT_COLUMNS)
    writer.writeheader()
    for conflict in conflicts:
        row: dict[str, object] = {
            "kind": conflict.kind,
            "same": conflict.same,
            "voice": conflict.voice,
            "confidence": conflict.confidence,
            "explanation": conflict.explanation,
        }
        for side, claim in (("earlier", conflict.earlier), ("later", conflict.later)):
            stance = claim.stances.get(conflict.topic)
            row[f"{side}.id"] = claim.id
            row[f"{side}.speaker"] = claim.speaker.name or claim.speaker.mention
            row[f"{side}.date"] = claim.date.value.isoformat() if claim.date.value else None
            row[f"{side}.position"] = stance.position if stance else None
            row[f"{side}.text"] = claim.text
            row[f"{side}.outlet"] = claim.document.outlet
        writer.writerow({key: csv_cell(value) for key, value in row.items()})
    return out.getvalue()

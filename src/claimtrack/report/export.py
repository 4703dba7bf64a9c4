"""Statements -> what editors' tools read: JSON, JSON Lines, CSV, and the JSON Schema of it all."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from typing import get_args, get_origin
from urllib.parse import urlsplit

from pydantic import BaseModel, TypeAdapter

from claimtrack.config import GroupingSettings
from claimtrack.conflicts.explain import when
from claimtrack.dates.periods import span_days
from claimtrack.models import (
    SCHEMA_VERSION,
    Appearance,
    Claim,
    ClaimsFile,
    Conflict,
    ConflictReport,
    Export,
    Speaker,
    Statement,
    Timeline,
    TopicExport,
    assembled,
)
from claimtrack.people.identity import CanonicalSpeakers

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


def with_canonical_speakers(statements: list[Statement], speakers: CanonicalSpeakers) -> list[Statement]:
    """Each statement's speaker as one identity across documents (canonical name, id and affiliation), as
    `speakers` resolves it.

    The statements given are not changed: each result with a known speaker is a shallow copy with a new
    speaker (the rest is shared, so treat the results as read-only)."""
    result = []
    for statement in statements:
        canonical = speakers.ref(statement.speaker)
        if canonical is statement.speaker:
            result.append(statement)
        else:
            result.append(assembled(type(statement), {**statement.__dict__, "speaker": canonical}))
    return result


def speakers_of(statements: Iterable[Statement]) -> list[Speaker]:
    """One entry per speaker id (after with_canonical_speakers), with every way the speaker was named
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
                statements=len(own),
                documents=len({s.document.id for s in own}),
            )
        )
    speakers.sort(key=lambda speaker: (-speaker.statements, speaker.id))
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


#: Our own terms beside schema.org's; an IRI prefix JSON-LD tools keep apart from schema.org.
CLAIMTRACK_PREFIX = "urn:claimtrack:"
CLAIMREVIEW_CONTEXT = ["https://schema.org", {"claimtrack": CLAIMTRACK_PREFIX}]


def _iso(claim: Claim) -> str | None:
    """A claim's date in ISO 8601 at the precision known ('2023-10' for a month); None for an upper bound."""
    date = claim.date
    if date.value is None or date.upper_bound:
        return None
    if date.precision == "year":
        return f"{date.value.year:04d}"
    if date.precision == "month":
        return f"{date.value.year:04d}-{date.value.month:02d}"
    return date.value.isoformat()


def web_url(url: str | None) -> bool:
    """An http(s) address: a sidecar's 'javascript:alert(1)' would run where the JSON-LD's url is followed."""
    return bool(url) and urlsplit(url.strip()).scheme.lower() in {"http", "https"}


#: JSON-LD is embedded in HTML <script> blocks, where '</script>' in a quote would end the block: '<', '>' and
#: '&' are written as JSON escapes, which every JSON reader reads back as the same characters.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def script_safe_json(data: object) -> str:
    """JSON text that can sit inside an HTML <script> element as it is."""
    return json.dumps(data, indent=2, ensure_ascii=False).translate(_SCRIPT_SAFE)


def _appearance_node(appearance: Appearance) -> dict:
    document = appearance.document
    node: dict = {"@type": "NewsArticle"}
    if web_url(document.url):
        node["url"] = document.url
    if document.title:
        node["headline"] = document.title
    if document.published:
        node["datePublished"] = document.published.isoformat()
    if document.outlet:
        node["publisher"] = {"@type": "Organization", "name": document.outlet}
    node["claimtrack:path"] = document.path
    node["claimtrack:start"] = appearance.start
    node["claimtrack:end"] = appearance.end
    return node


#: Last words of a speaker's name that make it a body, not a person: "The Armenian authorities", "Russian Defense
#: Ministry", names the institutions table need not know.
ORGANISATION_HEADS = frozenset(
    """authorities authority ministry ministries government governments office department kremlin administration
    committee council service commission organization organisation company agency embassy parliament army forces
    military police court union party bank foundation institute university cabinet presidency mission secretariat
    delegation""".split()
)


def is_organisation_name(name: str, known: Callable[[str], bool]) -> bool:
    """A speaker's name that names a country, institution or body: in the institutions table (`known`), or
    ending in a word such as 'ministry' or 'authorities'."""
    words = re.findall(r"[^\W\d_]+", name.casefold())
    return known(name) or bool(words and words[-1] in ORGANISATION_HEADS)


def _author(claim: Claim, is_organisation: Callable[[str], bool]) -> dict:
    speaker = claim.speaker
    name = speaker.name or speaker.mention or "unknown"
    if speaker.name and is_organisation_name(speaker.name, is_organisation):
        node: dict = {"@type": "Organization", "name": name}
        if claim.voice and claim.voice != name:
            node["parentOrganization"] = {"@type": "Organization", "name": claim.voice}
        return node
    node = {"@type": "Person", "name": name}
    if speaker.title:
        node["jobTitle"] = speaker.title
    if claim.voice:
        node["affiliation"] = {"@type": "Organization", "name": claim.voice}
    return node


def to_schemaorg(
    topic: str, claims: list[Claim], conflicts: list[Conflict], is_organisation: Callable[[str], bool]
) -> str:
    """Each claim as a schema.org Claim in JSON-LD (author, datePublished, appearance, firstAppearance,
    text), with claimtrack's position and conflicts beside it under the 'claimtrack:' prefix."""
    involved: dict[str, list[dict]] = defaultdict(list)
    for conflict in conflicts:
        for role, mine, other in (
            ("earlier", conflict.earlier, conflict.later),
            ("later", conflict.later, conflict.earlier),
        ):
            involved[mine.id].append(
                {
                    "claimtrack:kind": conflict.kind,
                    "claimtrack:role": role,
                    "claimtrack:with": f"{CLAIMTRACK_PREFIX}claim:{other.id}",
                    "claimtrack:confidence": conflict.confidence,
                    "claimtrack:explanation": conflict.explanation,
                }
            )
    graph = []
    for claim in claims:
        stance = claim.stances.get(topic)
        node = _claim_node(claim, is_organisation)
        node["claimtrack:topic"] = topic
        node["claimtrack:position"] = stance.position if stance else None
        node["claimtrack:confidence"] = stance.confidence if stance else None
        node["claimtrack:evidence"] = stance.evidence if stance else None
        node["claimtrack:date"] = json.loads(claim.date.model_dump_json())
        node["claimtrack:appearanceCount"] = claim.appearance_count
        node["claimtrack:conflicts"] = involved.get(claim.id, [])
        graph.append(node)
    return script_safe_json({"@context": CLAIMREVIEW_CONTEXT, "@graph": graph}) + "\n"


def _claim_node(claim: Claim, is_organisation: Callable[[str], bool]) -> dict:
    """A claim as schema.org's Claim: its words, who said it, when, and where it appeared."""
    appearances = claim.appearances  # in publication order, the first appearance first
    node: dict = {
        "@type": "Claim",
        "@id": f"{CLAIMTRACK_PREFIX}claim:{claim.id}",
        "text": claim.text,
        "author": _author(claim, is_organisation),
    }
    if (published := _iso(claim)) is not None:
        node["datePublished"] = published
    node["appearance"] = [_appearance_node(a) for a in appearances]
    if appearances:
        node["firstAppearance"] = _appearance_node(appearances[0])
    return node


#: PolitiFact's Flip-O-Meter, as a schema.org Rating: how far a speaker changed position (3 is no change).
FLIP_O_METER = {"Full Flop": 1, "Half Flip": 2, "No Flip": 3}


def flip_rating(conflict: Conflict) -> str | None:
    """The Flip-O-Meter rating a conflict suggests to a fact-checker, or None when it rates no one's change.

    One person taking the opposite position is a Full Flop. Two people of one voice doing so, or a question
    being settled (undecided to decided, or back), is a Half Flip: a change, but not one person's word against
    their own. Two voices disagreeing, or opposite claims whose order is unknown, change no one's position."""
    if conflict.kind == "reversal":
        return "Full Flop" if conflict.same == "person" else "Half Flip"
    if conflict.kind == "shift":
        return "Half Flip"
    return None


def to_claimreview(
    topic: str,
    question: str,
    claims: list[Claim],
    conflicts: list[Conflict],
    is_organisation: Callable[[str], bool],
    settings: GroupingSettings | None = None,
) -> str:
    """ClaimReview drafts in JSON-LD for a fact-checker to review, rated in the way of PolitiFact's Flip-O-Meter
    (reviewRating.alternateName): one per reversal or shift (a Full Flop or a Half Flip), with both claims as
    itemReviewed, and a No Flip for each speaker who took one position at two times certainly apart and never
    changed it. Each is marked a draft (creativeWorkStatus) and has no author or publication date: the
    fact-checker who reviews it gives them."""
    settings = settings or GroupingSettings()
    graph = []
    changed: set[str] = set()
    for conflict in conflicts:
        rating = flip_rating(conflict)
        if rating is None:
            continue
        if conflict.same == "person" and conflict.earlier.speaker.id:
            changed.add(conflict.earlier.speaker.id)
        graph.append(
            _review(
                topic,
                question,
                conflict.earlier,
                conflict.later,
                rating,
                conflict.explanation,
                conflict.kind,
                conflict.confidence,
                is_organisation,
            )
        )
    by_speaker: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        if claim.speaker.id and span_days(claim.date, settings) is not None and claim.stances.get(topic):
            by_speaker[claim.speaker.id].append(claim)
    for speaker_id, own in sorted(by_speaker.items()):
        positions = {claim.stances[topic].position for claim in own}
        if speaker_id in changed or len(positions) != 1 or None in positions:
            continue
        own.sort(key=lambda claim: span_days(claim.date, settings))
        first, last = own[0], own[-1]
        if span_days(first.date, settings)[1] >= span_days(last.date, settings)[0]:
            continue  # not certainly two times
        position = positions.pop()
        explanation = (
            f"{first.speaker.name} held one position on \u201c{question}\u201d ({position}) {when(first)} and "
            f"{when(last)}, in {len(own)} claims, and took no other."
        )
        graph.append(_review(topic, question, first, last, "No Flip", explanation, None, None, is_organisation))
    document = {"@context": CLAIMREVIEW_CONTEXT, "claimtrack:draft": True, "@graph": graph}
    return script_safe_json(document) + "\n"


def _review(
    topic: str,
    question: str,
    earlier: Claim,
    later: Claim,
    rating: str,
    explanation: str,
    kind: str | None,
    confidence: float | None,
    is_organisation: Callable[[str], bool],
) -> dict:
    name = earlier.speaker.name or earlier.speaker.mention or "an unnamed speaker"
    if earlier.speaker.id != later.speaker.id:
        name = earlier.voice or name
    node: dict = {
        "@type": "ClaimReview",
        "@id": f"{CLAIMTRACK_PREFIX}review:{earlier.id}:{later.id}",
        "name": f"Draft: {name} on \u201c{question}\u201d",
        "claimReviewed": f"{name} changed position on \u201c{question}\u201d",
        "itemReviewed": [_claim_node(earlier, is_organisation), _claim_node(later, is_organisation)],
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": str(FLIP_O_METER[rating]),
            "bestRating": str(max(FLIP_O_METER.values())),
            "worstRating": str(min(FLIP_O_METER.values())),
            "alternateName": rating,
            "ratingExplanation": explanation,
        },
        "reviewBody": explanation,
        "creativeWorkStatus": "Draft",
        "claimtrack:draft": True,
        "claimtrack:topic": topic,
    }
    if kind is not None:
        node["claimtrack:kind"] = kind
        node["claimtrack:confidence"] = confidence
    return node


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

"""What the extractor found (RawStatement) as the data contract: Document, Statement and its context."""

from __future__ import annotations

import hashlib
import re
from typing import TYPE_CHECKING

from claimtrack.ingest.sources import SourceText
from claimtrack.models import Document, DocumentRef, Piece, SpeakerRef, Statement, StatementDate
from claimtrack.people.names import slug

if TYPE_CHECKING:
    from claimtrack.nlp.statement import RawStatement

#: Joins the pieces of a statement split by its cue ('"We stay," he said, "until the end."').
PIECE_JOINER = " \u2026 "


def document_of(source: SourceText) -> Document:
    return Document(
        id=source.doc_id,
        path=source.path,
        published=source.published,
        published_basis=source.published_basis,
        outlet=source.outlet,
        url=source.url,
        title=source.title,
        sha256=source.sha256,
        chars=len(source.text),
        encoding=source.encoding,
    )


def reference(document: Document) -> DocumentRef:
    return DocumentRef.model_validate(document.model_dump(include=set(DocumentRef.model_fields)))


def statement_of(raw: RawStatement, text: str, document: Document) -> Statement:
    pieces = raw.pieces or [(raw.start, raw.end)]
    content = PIECE_JOINER.join(text[start:end] for start, end in pieces)
    key = f"{document.id}:{raw.start}:{raw.end}"
    speaker = raw.speaker
    return Statement(
        id=hashlib.sha256(key.encode()).hexdigest()[:16],
        document=reference(document),
        text=content,
        start=raw.start,
        end=raw.end,
        pieces=[Piece(start=start, end=end) for start, end in pieces] if len(pieces) > 1 else [],
        kind=raw.kind,
        cue=raw.cue,
        cue_start=raw.cue_start,
        cue_end=raw.cue_end,
        speaker=SpeakerRef(
            name=speaker.name,
            mention=speaker.mention,
            start=speaker.start,
            end=speaker.end,
            title=speaker.title,
            affiliation=speaker.affiliation,
            id=slug(speaker.name) if speaker.name else None,
            kind=_speaker_kind(speaker.kind, speaker.name),
        ),
        date=StatementDate(
            phrase=raw.date_phrase,
            phrase_start=raw.date_start,
            phrase_end=raw.date_end,
            future=raw.future,
            background=raw.background,
        ),
        context=context_before(text, raw.start, raw.context),
    )


#: How far before a statement its context reaches: the sentence the extractor gives, one more before it,
#: and the statement's own sentence up to the statement. A confirmation ("Yes, this is true") may answer a
#: report two sentences up ("... the peacekeepers left. The Kremlin commented on the information.").
CONTEXT_BEFORE_CHARS = 400
_SENTENCE_END = re.compile(r"[.!?\u2026][\"\u201d\u2019')\]]*\s+")


def context_before(text: str, start: int, sentence: str | None) -> str | None:
    """The text a statement answers or refers back to: the sentence before it (as the extractor found it), the
    one before that, and the lead-in of its own sentence ("Peskov stated:", "Gove told Johnson")."""
    window = text[max(0, start - CONTEXT_BEFORE_CHARS) : start]
    ends = [m.end() for m in _SENTENCE_END.finditer(window)]
    lead_in = window[ends[-1] :] if ends else window if start <= CONTEXT_BEFORE_CHARS else ""
    if not sentence:
        return lead_in.strip() or None
    at = text.rfind(sentence, 0, start)
    if at < 0:
        return " ".join(part.strip() for part in (sentence, lead_in) if part.strip())
    earlier = text[max(0, at - CONTEXT_BEFORE_CHARS) : at]
    ends = [m.end() for m in _SENTENCE_END.finditer(earlier.rstrip())]
    previous = earlier[ends[-1] :] if ends else earlier if at <= CONTEXT_BEFORE_CHARS else ""
    lead_in = text[at + len(sentence) : start]
    return " ".join(part.strip() for part in (previous, sentence, lead_in) if part.strip()) or None


def _speaker_kind(kind: str | None, name: str | None) -> str | None:
    """The extractor's kind of mention as the contract's kind of speaker."""
    if kind == "anonymous":
        return "anonymous"
    if not name:
        return "office" if kind == "title" else None
    return "organisation" if kind in {"organisation", "organisation-description", "group-pronoun"} else "person"

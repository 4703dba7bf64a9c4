"""Per-Doc caches of what spaCy rebuilds on every access (doc.text, doc.ents) for the extractor's
many reads; dropped when extraction of the Doc ends, so a later change to the Doc is never hidden."""

from __future__ import annotations

from spacy.tokens import Doc, Span

_TEXT = "claimtrack_text"
_ENTS = "claimtrack_ents"


def text_of(doc: Doc) -> str:
    cached = doc.user_data.get(_TEXT)
    if cached is None:
        cached = doc.user_data[_TEXT] = doc.text
    return cached


def ents_of(doc: Doc) -> tuple[Span, ...]:
    cached = doc.user_data.get(_ENTS)
    if cached is None:
        cached = doc.user_data[_ENTS] = tuple(doc.ents)
    return cached


def ents_within(span: Span) -> list[Span]:
    """The entities inside a span, without spaCy rebuilding every entity of the Doc."""
    return [ent for ent in ents_of(span.doc) if ent.start >= span.start and ent.end <= span.end]


def forget(doc: Doc) -> None:
    doc.user_data.pop(_TEXT, None)
    doc.user_data.pop(_ENTS, None)

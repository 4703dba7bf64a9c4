"""Files and folders -> source texts with their metadata (publication date, outlet, url, title).

Every input problem becomes an InputError naming the file; iteration goes on with the next input.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from claimtrack.errors import InputError
from claimtrack.ingest.discovery import HTML_SUFFIXES, JSON_SUFFIXES, JSONL_SUFFIXES, MARKDOWN_SUFFIXES, discover
from claimtrack.ingest.files import (
    DEFAULT_MAX_BYTES,
    UNREADABLE,
    check_not_empty,
    decode,
    display_path,
    read_bytes,
    unreadable,
)
from claimtrack.ingest.metadata import SIDECAR, Metadata, Record, SidecarCache, split_front_matter, validation_message


@dataclass
class SourceText:
    """A document's text and metadata, before any NLP."""

    path: str
    text: str
    encoding: str = "utf-8"
    published: dt.date | None = None
    published_basis: str | None = None
    outlet: str | None = None
    url: str | None = None
    title: str | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8", "surrogatepass")).hexdigest()

    @property
    def doc_id(self) -> str:
        """Identity is the path plus the content: the same file edited is a new document."""
        return hashlib.sha256(f"{self.path}\0{self.sha256}".encode()).hexdigest()[:16]


def _apply(source: SourceText, meta: Metadata | None, basis: str) -> SourceText:
    if meta is None:
        return source
    if meta.published is not None:
        source.published = meta.published
        source.published_basis = basis + (" (approximate)" if meta.published_approximate else "")
    source.outlet = meta.outlet or source.outlet
    source.url = meta.url or source.url
    source.title = meta.title or source.title
    return source


def _read_html(text: str, shown: str) -> SourceText:
    import trafilatura
    from htmldate import find_date

    extracted = trafilatura.bare_extraction(text, with_metadata=True, include_comments=False)
    body = getattr(extracted, "text", None) if extracted is not None else None
    if not body or not body.strip():
        raise InputError(shown, "no article text found in the HTML", "save the article as .txt or check the page")
    source = SourceText(path=shown, text=body)
    source.title = getattr(extracted, "title", None)
    source.outlet = getattr(extracted, "sitename", None)
    source.url = getattr(extracted, "url", None)
    # The page's original publication date, not its last-modified one.
    page_date = find_date(text, original_date=True, extensive_search=False, outputformat="%Y-%m-%d")
    if page_date:
        source.published = dt.date.fromisoformat(page_date)
        source.published_basis = "html metadata"
    return source


def _records(shown: str, text: str, lines: bool) -> Iterator[SourceText | InputError]:
    """A JSON file's records (or a JSON Lines file's lines) as documents; a bad record is its own error."""
    if lines:
        numbered: Iterable[tuple[str, Any]] = enumerate(text.splitlines(), start=1)
        label = "line"
    else:
        try:
            loaded = json.loads(text)
        except json.JSONDecodeError as exc:
            yield InputError(shown, f"not valid JSON (line {exc.lineno}: {exc.msg})", "fix the JSON")
            return
        except UNREADABLE as exc:
            yield InputError(shown, f"not readable JSON ({unreadable(exc)})", "fix the JSON")
            return
        items = loaded if isinstance(loaded, list) else [loaded]
        numbered = ((index, item) for index, item in enumerate(items, start=1))
        label = "record"
    seen: set[str] = set()
    for number, item in numbered:
        if lines:
            if not item.strip():
                continue
            try:
                item = json.loads(item)
            except json.JSONDecodeError as exc:
                yield InputError(f"{shown}:{number}", f"malformed JSON line ({exc.msg})", "fix or remove that line")
                continue
            except UNREADABLE as exc:
                yield InputError(f"{shown}:{number}", f"unreadable JSON line ({unreadable(exc)})", "fix or remove it")
                continue
        where = f"{shown}:{number}"
        if not isinstance(item, dict):
            yield InputError(where, f"{label} is not a JSON object", 'give objects like {"text": "..."}')
            continue
        try:
            record = Record.model_validate(item)
        except ValidationError as exc:
            yield InputError(where, f"{label} {validation_message(exc)}", 'each record needs "text"')
            continue
        if not record.text.strip():
            yield InputError(where, f"{label} has empty text", "remove it or add the article text")
            continue
        key = str(record.id if record.id is not None else number)
        if key in seen:
            yield InputError(where, f'{label} repeats id "{key}"', "give each record its own id")
            continue
        seen.add(key)
        source = SourceText(path=f"{shown}#{key}", text=record.text)
        yield _apply(source, record, "json")


@dataclass
class InputWarning:
    """Something the user should know about an input that was still read (e.g. its encoding)."""

    messages: list[str]


def read_sources(
    paths: Iterable[Path],
    max_bytes: int = DEFAULT_MAX_BYTES,
    skip: Iterable[Path] = (),
    root: Path | None = None,
    on_file: Callable[[Path], None] | None = None,
    follow_symlinks: bool = False,
) -> Iterator[SourceText | InputError | InputWarning]:
    """Every document under paths, or an InputError for each input that cannot be used."""
    sidecars = SidecarCache()
    for discovered in discover(paths, skip, follow_symlinks):
        if isinstance(discovered, InputError):
            yield discovered
            continue
        if on_file is not None:
            on_file(discovered)
        shown = display_path(discovered, root)
        try:
            for item in _read_file(discovered, shown, max_bytes, sidecars):
                yield _checked(item) if isinstance(item, SourceText) else item
        except InputError as exc:
            yield exc
        except UNREADABLE as exc:  # whatever a crafted file makes a parser raise: that file's problem only
            yield InputError(shown, f"cannot be read ({unreadable(exc)})", "fix or remove the file")


def _read_file(
    path: Path, shown: str, max_bytes: int, sidecars: SidecarCache
) -> Iterator[SourceText | InputError | InputWarning]:
    suffix = path.suffix.lower()
    text, encoding, warnings = decode(read_bytes(path, shown, max_bytes), shown)
    check_not_empty(text, shown)
    if suffix in JSON_SUFFIXES | JSONL_SUFFIXES:
        for record in _records(shown, text, lines=suffix in JSONL_SUFFIXES):
            if isinstance(record, SourceText):
                record.encoding = encoding
            yield record
        if warnings:
            yield InputWarning(warnings)
        return
    if suffix in HTML_SUFFIXES:
        source = _read_html(text, shown)
    elif suffix in MARKDOWN_SUFFIXES:
        meta, body = split_front_matter(text, shown)
        check_not_empty(body, shown)
        source = _apply(SourceText(path=shown, text=body), meta, "front matter")
    else:
        source = SourceText(path=shown, text=text)
    source.encoding = encoding
    source.warnings.extend(warnings)
    meta, sidecar_errors = sidecars.lookup(path)
    yield from sidecar_errors
    if meta is not None:
        # The user's sidecar outranks what a page says of itself.
        _apply(source, meta, SIDECAR)
    yield source


def _checked(source: SourceText) -> SourceText | InputError:
    """The source, or an error if a field holds a lone surrogate: a JSON '\\ud800' escape decodes to one, and
    no UTF-8 text (spaCy's, the claims file's) can hold it."""
    for name in ("text", "outlet", "url", "title"):
        value = getattr(source, name)
        if value is None:
            continue
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            return InputError(
                source.path,
                f"{name} holds an unpaired surrogate (\\u{ord(value[exc.start]):04x}) at character {exc.start}",
                "fix the \\u escape or the encoding",
            )
    return source

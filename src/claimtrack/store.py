"""claims/ on disk: one JSON file per source document, atomic writes, editors' corrections kept."""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

from pydantic import ValidationError

from .errors import StoreError
from .models import ClaimsFile, Piece, Statement


def claims_path(claims_dir: Path, source_path: str) -> Path:
    """A file name readable in a diff, unique per source path (the same path always maps here)."""
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", source_path.rsplit("/", 1)[-1])[:80].strip("._") or "document"
    digest = hashlib.sha256(source_path.encode()).hexdigest()[:8]
    return claims_dir / f"{name}.{digest}.json"


def load(path: Path) -> ClaimsFile:
    """Read and validate one claims file; a broken file is named, never overwritten."""
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise StoreError(str(path), f"cannot read ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise StoreError(str(path), "is not UTF-8 text") from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise StoreError(str(path), f"is not valid JSON (line {exc.lineno}: {exc.msg})") from None
    except RecursionError:
        raise StoreError(str(path), "is JSON nested too deeply to read") from None
    except ValueError as exc:  # an integer of 5,000 digits, over Python's limit for reading one
        raise StoreError(str(path), f"is not readable JSON ({str(exc).splitlines()[0]})") from None
    try:
        return ClaimsFile.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise StoreError(str(path), f"does not match the claims schema ({where}: {first['msg']})") from None
    except RecursionError:
        raise StoreError(str(path), "is nested too deeply to read") from None


def write_atomic(path: Path, content: str) -> None:
    """Write to a temporary file beside the target, then rename: readers see old or new, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def save(path: Path, claims: ClaimsFile) -> None:
    write_atomic(path, claims.model_dump_json(indent=2) + "\n")


def iter_claims(claims_dir: Path) -> Iterator[tuple[Path, ClaimsFile | StoreError]]:
    """Every claims file in the store, in name order; broken ones come back as StoreError."""
    if not claims_dir.is_dir():
        return
    for path in sorted(claims_dir.glob("*.json")):
        try:
            yield path, load(path)
        except StoreError as exc:
            yield path, exc


def keep_reviewed(new: list[Statement], old: list[Statement], text: str) -> tuple[list[Statement], list[Statement]]:
    """An editor's reviewed statements replace what extraction found at the same place, and are never
    dropped. After the text changed, each is found again by its words and moved to where they now stand;
    those whose words are gone are returned apart (the caller keeps them and says so).

    Returns (statements, lost): every reviewed statement is in one of the two.
    """
    reviewed = [statement for statement in old if statement.reviewed]
    if not reviewed:
        return new, []
    merged = {statement.id: statement for statement in new}
    lost: list[Statement] = []
    for statement in reviewed:
        if statement.id in merged and text[statement.start : statement.end].startswith(statement.text[:20]):
            merged[statement.id] = statement
            continue
        anchored = _reanchor(statement, text)
        if anchored is None:
            lost.append(statement)
            continue
        # Extraction's own statement at the new place gives way to the editor's.
        for other_id, other in list(merged.items()):
            overlap = min(other.end, anchored.end) - max(other.start, anchored.start)
            if not other.reviewed and overlap * 2 >= other.end - other.start:
                del merged[other_id]
        merged[anchored.id] = anchored
    ordered = sorted(merged.values(), key=lambda statement: (statement.start, statement.end))
    return ordered + lost, lost


def _reanchor(statement: Statement, text: str) -> Statement | None:
    """The statement moved to where its words stand in the new text (unique match), or None."""
    pieces = statement.pieces or [Piece(start=statement.start, end=statement.end)]
    first_words = statement.text.split(" \u2026 ")[0]
    found = text.find(first_words)
    if found < 0 or text.find(first_words, found + 1) >= 0:
        return None
    shift = found - pieces[0].start
    moved = statement.model_copy(deep=True)
    moved.start += shift
    moved.end += shift
    for piece in moved.pieces:
        piece.start += shift
        piece.end += shift
    for name in ("cue_start", "cue_end"):
        if getattr(moved, name) is not None:
            setattr(moved, name, getattr(moved, name) + shift)
    if moved.speaker.start is not None:
        moved.speaker.start += shift
        moved.speaker.end += shift
    if any(
        text[p.start : p.end] not in statement.text for p in (moved.pieces or [Piece(start=moved.start, end=moved.end)])
    ):
        return None
    return moved

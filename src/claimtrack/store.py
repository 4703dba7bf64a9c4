"""claims/ on disk: one JSON file per source document, atomic writes, editors' corrections kept."""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout
from pydantic import ValidationError

from claimtrack.errors import StoreError
from claimtrack.models import ClaimsFile, Piece, Statement


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
    try:  # pydantic's own JSON parser: a quarter faster over an archive; a problem is then explained below
        return ClaimsFile.model_validate_json(raw)
    except ValueError:
        pass
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


def _umask() -> int:
    """The process's umask, read without changing it where Linux allows (os.umask sets it to read it)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


#: Claims files get the mode any file the user creates gets (0644 under the usual umask): mkstemp makes 0600.
FILE_MODE = 0o666 & ~_umask()


def write_atomic(path: Path, content: str) -> None:
    """Write to a temporary file beside the target, then rename: readers see old or new, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMPORARY, dir=path.parent)
    try:
        os.fchmod(handle, FILE_MODE)
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def save(path: Path, claims: ClaimsFile) -> None:
    """Write a claims file as it is; a writer that read it first holds its lock (see update)."""
    write_atomic(path, claims.model_dump_json(indent=2) + "\n")


# -- no lost update ---------------------------------------------------------------------------------------------
#
# Every writer (extract, stance, review) reads a claims file, changes it and writes it back. Without a lock, a
# review written between another command's read and its write was lost. Each claims file has a lock, an OS file
# lock (filelock: fcntl on POSIX, msvcrt on Windows) that the kernel releases when its holder dies, so a kill
# leaves no stale lock. A writer takes it, reads the file again, merges its change into what is there now, and
# writes. A compare-and-swap on the file's version would retry whole stance or parse runs on each conflict; the
# lock is held only for the merge (extract) or one document's stances (stance), and readers never take it.

#: Lock files live apart, in claims/.locks/, so that the store's folder lists only claims files.
LOCKS = ".locks"
TEMPORARY = ".tmp"
#: How long a writer waits for another to finish with one file before it gives up, naming the file.
LOCK_TIMEOUT = 600.0


def _lock(path: Path, timeout: float) -> FileLock:
    locks = path.parent / LOCKS
    locks.mkdir(parents=True, exist_ok=True)
    return FileLock(locks / f"{path.name}.lock", timeout=timeout)


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold the lock of the claims file at path while the block runs."""
    lock = _lock(path, LOCK_TIMEOUT)
    try:
        lock.acquire()
    except Timeout:
        raise StoreError(str(path), f"is locked by another claimtrack command for over {LOCK_TIMEOUT:.0f} s") from None
    try:
        yield
    finally:
        lock.release()


def update(path: Path, change: Callable[[ClaimsFile | None], ClaimsFile | None]) -> ClaimsFile | None:
    """Read the claims file again under its lock (None if there is none), apply change, and write what it returns
    (nothing if it returns None). Returns what was written. A file that cannot be read raises StoreError."""
    with locked(path):
        current = load(path) if path.exists() else None
        changed = change(current)
        if changed is not None:
            save(path, changed)
        return changed


def remove(path: Path) -> None:
    """Delete a claims file under its lock (a renamed document's old file)."""
    with locked(path):
        path.unlink(missing_ok=True)


def sweep(claims_dir: Path) -> None:
    """Remove temporary files a killed writer left in the store (extract and stance start with this): only the
    holder of a claims file's lock writes its temporary file, so one whose lock is free is stale."""
    if not claims_dir.is_dir():
        return
    for stale in claims_dir.glob(f".*.json.*{TEMPORARY}"):
        lock = _lock(claims_dir / stale.name[1:].rsplit(".", 2)[0], timeout=0)
        try:
            lock.acquire()
        except (Timeout, OSError):
            continue  # a live writer's file
        try:
            stale.unlink(missing_ok=True)
        finally:
            lock.release()


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
    """The statement moved to where its words stand in the new text, or None. Words that occur more than once (a
    quote repeated in the headline) are taken where they stand nearest to where they stood."""
    pieces = statement.pieces or [Piece(start=statement.start, end=statement.end)]
    first_words = statement.text.split(" \u2026 ")[0]
    if not first_words:
        return None
    places = []
    found = text.find(first_words)
    while found >= 0:
        places.append(found)
        found = text.find(first_words, found + 1)
    if not places:
        return None
    shift = min(places, key=lambda place: abs(place - pieces[0].start)) - pieces[0].start
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

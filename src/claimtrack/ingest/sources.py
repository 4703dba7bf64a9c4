"""Files and folders -> source texts with their metadata (publication date, outlet, url, title).

Every input problem becomes an InputError naming the file; iteration goes on with the next input.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tomllib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from claimtrack.errors import InputError

SIDECAR = "sources.toml"
TEXT_SUFFIXES = {".txt", ".text"}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
JSON_SUFFIXES = {".json"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUPPORTED = TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES
DEFAULT_MAX_BYTES = 200 * 1024 * 1024
#: Encodings news archives were written in before UTF-8; guessing among all of them picks oddities
#: such as mac_latin2 for a short French text.
LEGACY_ENCODINGS = [
    "cp1252",
    "cp1251",
    "cp1250",
    "iso8859_15",
    "koi8_r",
    "iso8859_2",
    "gb18030",
    "shift_jis",
    "euc_kr",
    "big5",
]


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


class Metadata(BaseModel):
    """Metadata an editor can give for a document (sidecar entry, front matter, JSON record)."""

    model_config = ConfigDict(extra="forbid")

    published: dt.date | None = None
    published_approximate: bool = False
    outlet: str | None = None
    url: str | None = None
    title: str | None = None
    author: str | None = None
    notes: str | None = None

    @field_validator("published", mode="before")
    @classmethod
    def _date_only(cls, value: Any) -> Any:
        # TOML and YAML may give a datetime; a publication date is a day.
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, str) and "T" in value:
            return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).date()
        return value


class Record(Metadata):
    """One JSON / JSON Lines record: text plus optional metadata; other fields are ignored."""

    model_config = ConfigDict(extra="ignore")

    text: str
    id: str | int | None = None


def display_path(path: Path, root: Path | None = None) -> str:
    """A path relative to root (default: the working folder) when inside it, POSIX style.

    Documents are named relative to the folder holding the claims store, so that a document has one
    name, and its statements one set of ids, whatever folder extract was run from.
    """
    try:
        return path.resolve().relative_to((root or Path.cwd()).resolve()).as_posix()
    except ValueError:
        return path.resolve().as_posix()


#: What reading one crafted input can raise beyond our own checks: JSON, TOML or YAML nested thousands deep
#: (RecursionError), an integer of 5,000 digits (ValueError), a lone surrogate (UnicodeError), a symbolic
#: link loop (OSError, or RuntimeError from Path.resolve). Each is one input's problem, never the run's.
UNREADABLE = (RuntimeError, ValueError, OSError)


def unreadable(exc: BaseException) -> str:
    """One line on why an input could not be read, whatever raised."""
    if isinstance(exc, RecursionError):
        return "nested too deeply to read"
    first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return first[:200]


def _validation_message(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "value"
    return f"{where}: {first['msg']}"


def discover(
    paths: Iterable[Path], skip: Iterable[Path] = (), follow_symlinks: bool = False
) -> Iterator[Path | InputError]:
    """Expand files and folders (recursively) into the files claimtrack reads, in a stable order.

    A file named twice (directly, or inside a folder also given) is read once; folders in `skip`
    (the claims store) are never read as input. A symbolic link found in a folder is read only when it
    points inside that folder, unless follow_symlinks: a link to /etc/passwd is no article.
    """
    skipped = {folder.resolve() for folder in skip}
    seen: set[Path] = set()

    def first_time(candidate: Path) -> bool:
        resolved = candidate.resolve()
        if resolved in seen:
            return False
        seen.add(resolved)
        return True

    def link_problem(candidate: Path, folder: Path) -> InputError | None:
        """Why a symbolic link in `folder` is not read (named by the link, not its target), or None."""
        try:
            target = candidate.resolve(strict=True)
        except (OSError, RuntimeError):
            return InputError(
                str(candidate), "is a symbolic link to a file that does not exist (or a loop)", "fix or remove the link"
            )
        if not follow_symlinks and not target.is_relative_to(folder):
            return InputError(
                str(candidate),
                f"is a symbolic link to {target}, outside {folder}; not read",
                "pass --follow-symlinks to read it",
            )
        return None

    for path in paths:
        if not path.exists():
            yield InputError(str(path), "no such file or folder", "check the path")
        elif path.is_dir():
            found = 0
            folder = path.resolve()
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith(".") and Path(root, d).resolve() not in skipped)
                for name in sorted(files):
                    candidate = Path(root, name)
                    if not name.startswith(".") and candidate.suffix.lower() in SUPPORTED:
                        found += 1
                        problem = link_problem(candidate, folder) if candidate.is_symlink() else None
                        if problem is not None:
                            yield problem
                        elif first_time(candidate):
                            yield candidate
                yield from _sidecar_orphans(Path(root), set(files))
            if not found:
                yield InputError(
                    str(path), "no .txt, .md, .html, .json or .jsonl files in this folder", "check the path"
                )
        elif path.suffix.lower() in SUPPORTED:
            if first_time(path):
                yield path
        else:
            yield InputError(
                str(path),
                f"unsupported file type '{path.suffix or '(none)'}'",
                "give .txt, .md, .html, .json or .jsonl files",
            )


def _sidecar_orphans(folder: Path, files: set[str]) -> Iterator[InputError]:
    """Sidecar entries naming files that are not there: a renamed or missing article."""
    if SIDECAR not in files:
        return
    try:
        names = tomllib.loads((folder / SIDECAR).read_text(encoding="utf-8")).keys()
    except UNREADABLE:
        return  # reported when a document of the folder looks up its metadata
    for name in sorted(set(names) - files):
        yield InputError(
            display_path(folder / name), f"listed in {SIDECAR} but not found", "add the file or remove its entry"
        )


def decode(data: bytes, path: str) -> tuple[str, str, list[str]]:
    """Bytes -> text. UTF-8 first; otherwise the most likely encoding, and say what was done."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16", []
    if b"\x00" in data[:8192]:
        raise InputError(path, "binary file, not text", "give a text, HTML or JSON file")
    try:
        return data.decode("utf-8-sig"), "utf-8", []
    except UnicodeDecodeError as exc:
        bad_at = exc.start
    from charset_normalizer import from_bytes

    best = from_bytes(data[: 1024 * 1024], cp_isolation=LEGACY_ENCODINGS).best()
    encoding = best.encoding if best is not None else "cp1252"
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        encoding, text = "latin-1", data.decode("latin-1")
    try:
        if encoding != "cp1252" and data.decode("cp1252") == text:
            encoding = "cp1252"  # same text either way: name the one most archives were written in
    except UnicodeDecodeError:
        pass
    warning = f"{path}: not valid UTF-8 (byte {bad_at}); decoded as {encoding}, check the text or save it as UTF-8"
    return text, encoding, [warning]


def _read_bytes(path: Path, shown: str, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(
                shown, f"file is {size // 2**20} MB, over the limit of {max_bytes // 2**20} MB", "split it"
            )
        return path.read_bytes()
    except PermissionError:
        raise InputError(shown, "cannot read the file (permission denied)", "check its permissions") from None
    except IsADirectoryError:
        raise InputError(shown, "is a folder, not a file") from None
    except OSError as exc:
        raise InputError(shown, f"cannot read the file ({exc.strerror or exc})") from None


def _check_not_empty(text: str, shown: str) -> None:
    if not text.strip():
        raise InputError(shown, "empty file, nothing to extract", "remove it or add the article text")


class SidecarCache:
    """Reads each folder's sources.toml once; a broken sidecar, or a broken entry in it, is reported once.

    One bad entry (a typo in one date) costs that document its metadata, not the whole folder."""

    def __init__(self) -> None:
        self._folders: dict[Path, tuple[dict[str, Metadata], list[InputError]]] = {}

    def lookup(self, path: Path) -> tuple[Metadata | None, list[InputError]]:
        """The file's entry, and the sidecar's problems (each returned once, with the first lookup)."""
        folder = path.parent.resolve()
        if folder not in self._folders:
            self._folders[folder] = self._load(folder)
        entries, errors = self._folders[folder]
        self._folders[folder] = (entries, [])
        return entries.get(path.name), errors

    @staticmethod
    def _load(folder: Path) -> tuple[dict[str, Metadata], list[InputError]]:
        sidecar = folder / SIDECAR
        if not sidecar.exists():
            return {}, []
        shown = display_path(sidecar)
        fix = 'fix the file (TOML: one ["file name"] table per document)'
        try:
            raw = tomllib.loads(sidecar.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            return {}, [InputError(shown, f"malformed sidecar ({exc})", fix)]
        except OSError as exc:
            return {}, [
                InputError(shown, f"cannot read the sidecar ({exc.strerror or exc})", "make it a readable file")
            ]
        except UNREADABLE as exc:
            return {}, [InputError(shown, f"cannot read the sidecar ({unreadable(exc)})", fix)]
        entries: dict[str, Metadata] = {}
        errors: list[InputError] = []
        for name, values in raw.items():
            if not isinstance(values, dict):
                errors.append(InputError(shown, f"entry '{name}' is not a table; that file is read without it", fix))
                continue
            try:
                entries[name] = Metadata.model_validate(values)
            except ValidationError as exc:
                problem = f"entry '{name}': {_validation_message(exc)}; that file is read without it"
                errors.append(InputError(shown, problem, fix))
            except UNREADABLE as exc:
                problem = f"entry '{name}': {unreadable(exc)}; that file is read without it"
                errors.append(InputError(shown, problem, fix))
        return entries, errors


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


def split_front_matter(text: str, shown: str) -> tuple[Metadata | None, str]:
    """YAML front matter between '---' lines at the very top; the rest is the article."""
    import yaml

    if not text.startswith("---"):
        return None, text
    lines = text.split("\n")
    if lines[0].strip() != "---":
        return None, text
    for index, line in enumerate(lines[1:], start=1):
        if line.strip() in {"---", "..."}:
            header = "\n".join(lines[1:index])
            body = "\n".join(lines[index + 1 :])
            break
    else:
        raise InputError(shown, "front matter has no closing '---' line", "close it or remove the opening '---'")
    try:
        values = yaml.safe_load(header) or {}
    except RecursionError:
        raise InputError(
            shown, "front matter is nested too deeply to read", "fix the YAML between the '---' lines"
        ) from None
    except yaml.YAMLError as exc:
        problem = str(exc).replace("\n", " ")
        raise InputError(shown, f"malformed front matter ({problem})", "fix the YAML between the '---' lines") from None
    if not isinstance(values, dict):
        raise InputError(
            shown, "front matter is not a set of 'key: value' lines", "fix the YAML between the '---' lines"
        )
    try:
        # Front matter is shared with site generators (tags, layout, ...): keep ours, ignore theirs.
        return Metadata.model_validate(
            {key: value for key, value in values.items() if key in Metadata.model_fields}
        ), body
    except ValidationError as exc:
        raise InputError(
            shown, f"front matter {_validation_message(exc)}", "use published: YYYY-MM-DD, outlet, url, title"
        ) from None


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
    found = find_date(text, original_date=True, extensive_search=False, outputformat="%Y-%m-%d")
    if found:
        source.published = dt.date.fromisoformat(found)
        source.published_basis = "html metadata"
    return source


def _records(path: Path, shown: str, text: str, lines: bool) -> Iterator[SourceText | InputError]:
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
            yield InputError(where, f"{label} {_validation_message(exc)}", 'each record needs "text"')
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
    for found in discover(paths, skip, follow_symlinks):
        if isinstance(found, InputError):
            yield found
            continue
        if on_file is not None:
            on_file(found)
        shown = display_path(found, root)
        try:
            for item in _read_file(found, shown, max_bytes, sidecars):
                yield _checked(item) if isinstance(item, SourceText) else item
        except InputError as exc:
            yield exc
        except UNREADABLE as exc:  # whatever a crafted file makes a parser raise: that file's problem only
            yield InputError(shown, f"cannot be read ({unreadable(exc)})", "fix or remove the file")


def _read_file(
    path: Path, shown: str, max_bytes: int, sidecars: SidecarCache
) -> Iterator[SourceText | InputError | InputWarning]:
    suffix = path.suffix.lower()
    text, encoding, warnings = decode(_read_bytes(path, shown, max_bytes), shown)
    _check_not_empty(text, shown)
    if suffix in JSON_SUFFIXES | JSONL_SUFFIXES:
        for record in _records(path, shown, text, lines=suffix in JSONL_SUFFIXES):
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
        _check_not_empty(body, shown)
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

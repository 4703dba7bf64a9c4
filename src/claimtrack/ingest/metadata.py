"""Metadata an editor gives for a document: the folder's sidecar sources.toml, and YAML front matter in Markdown."""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from claimtrack.errors import InputError
from claimtrack.ingest.files import UNREADABLE, display_path, unreadable

SIDECAR = "sources.toml"


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


def validation_message(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "value"
    return f"{where}: {first['msg']}"


def sidecar_orphans(folder: Path, files: set[str]) -> Iterator[InputError]:
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
                problem = f"entry '{name}': {validation_message(exc)}; that file is read without it"
                errors.append(InputError(shown, problem, fix))
            except UNREADABLE as exc:
                problem = f"entry '{name}': {unreadable(exc)}; that file is read without it"
                errors.append(InputError(shown, problem, fix))
        return entries, errors


def split_front_matter(text: str, shown: str) -> tuple[Metadata | None, str]:
    """YAML front matter between '---' lines at the very top; the rest is the article."""
    # Not python-frontmatter: it strips the body (moving every offset and changing the document's id), reads
    # unclosed or non-mapping front matter as none without a word, and takes no '...' closing line.
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
            shown, f"front matter {validation_message(exc)}", "use published: YYYY-MM-DD, outlet, url, title"
        ) from None

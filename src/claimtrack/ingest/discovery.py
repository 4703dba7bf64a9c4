"""Input paths -> the files claimtrack reads: folders walked in a stable order, links and sidecar entries checked."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from claimtrack.errors import InputError
from claimtrack.ingest.metadata import sidecar_orphans

TEXT_SUFFIXES = {".txt", ".text"}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
JSON_SUFFIXES = {".json"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUPPORTED = TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES


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
            supported_files = 0
            folder = path.resolve()
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith(".") and Path(root, d).resolve() not in skipped)
                for name in sorted(files):
                    candidate = Path(root, name)
                    if not name.startswith(".") and candidate.suffix.lower() in SUPPORTED:
                        supported_files += 1
                        problem = link_problem(candidate, folder) if candidate.is_symlink() else None
                        if problem is not None:
                            yield problem
                        elif first_time(candidate):
                            yield candidate
                yield from sidecar_orphans(Path(root), set(files))
            if not supported_files:
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

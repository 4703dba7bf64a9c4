"""One input file -> its text: names shown for paths, the size limit, decoding, and what a crafted file can raise."""

from __future__ import annotations

from pathlib import Path

from claimtrack.errors import InputError

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


def read_bytes(path: Path, shown: str, max_bytes: int) -> bytes:
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


def check_not_empty(text: str, shown: str) -> None:
    if not text.strip():
        raise InputError(shown, "empty file, nothing to extract", "remove it or add the article text")

"""The editors' TOML files (institutions table, speakers pins) read into dicts, with errors that say how to fix them."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from claimtrack.errors import InputError


def read_toml(path: Path | str, text: str | None = None) -> dict[str, Any]:
    try:
        source = Path(path).read_text(encoding="utf-8") if text is None else text
    except OSError as error:
        raise InputError(str(path), f"cannot be read ({error.strerror or error})", "check the path") from error
    except UnicodeDecodeError as error:
        raise InputError(str(path), "is not UTF-8 text", "save it as UTF-8") from error
    try:
        return tomllib.loads(source)
    except tomllib.TOMLDecodeError as error:
        raise InputError(str(path), f"is not valid TOML ({error})", "fix the syntax at the place shown") from error


def validation_problem(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"])
    message = first["msg"].removeprefix("Value error, ")
    more = f" (and {error.error_count() - 1} more)" if error.error_count() > 1 else ""
    return (f"{where}: {message}" if where else message) + more

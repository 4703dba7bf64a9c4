"""Optional extras: what an archive-scale feature needs beyond the light install, and how to get it."""

from __future__ import annotations

import importlib
from types import ModuleType

from claimtrack.errors import UsageError

#: The extra that installs everything archive-scale work needs (pyarrow, dask.distributed, fsspec).
ARCHIVE_EXTRA = 'pip install "claimtrack[archive]"'


class MissingExtra(UsageError):
    """A feature needs a package of an optional extra that is not installed: exit 2, as a misused command."""


def require(module: str, feature: str) -> ModuleType:
    """Import `module` for `feature`, or say in one line which extra installs it."""
    try:
        return importlib.import_module(module)
    except ImportError:
        top = module.split(".")[0]
        raise MissingExtra(f"{feature} needs {top}, which is not installed; {ARCHIVE_EXTRA}") from None

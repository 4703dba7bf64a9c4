"""Errors that say what happened to which file and how to fix it; the CLI turns them into one line."""

from __future__ import annotations


class ClaimtrackError(Exception):
    """A problem the user can fix; the message is shown as is, on one line."""


class UsageError(ClaimtrackError):
    """The command was misused (a topic or position that does not exist): exit 2, like a bad option."""


class InputError(ClaimtrackError):
    """One input (file, record, sidecar) could not be used; the rest of the run goes on."""

    def __init__(self, path: str, problem: str, fix: str | None = None) -> None:
        self.path = path
        self.problem = problem
        self.fix = fix
        super().__init__(f"{path}: {problem}" + (f"; {fix}" if fix else ""))


class StoreError(ClaimtrackError):
    """A file in the claims store cannot be read; it is named and left untouched."""

    def __init__(self, path: str, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}; fix it by hand or delete it and run extract again")

    def __reduce__(self):  # pickled whole, as a Dask worker sends it back
        return type(self), (self.path, self.problem)


class ModelNotFound(ClaimtrackError):
    pass

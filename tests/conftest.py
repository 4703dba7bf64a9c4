"""Shared fixtures: the real model once per session, made-up articles in a scratch folder."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

from claimtrack.api import loading
from claimtrack.config import Settings

DATA = Path(__file__).parent / "data"
POLNEAR = Path(__file__).resolve().parents[1].parent / "shared" / "polnear"
BENCH_STORE = Path(__file__).parents[1] / "benchmarks" / "bench_store.py"


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


def extracted_valmore(root: Path) -> Path:
    """The valmore articles extracted into root/claims by the CLI, as an editor's first command does (no stances
    stored)."""
    from typer.testing import CliRunner

    from claimtrack.cli import app

    out = root / "claims"
    result = CliRunner().invoke(app, ["extract", str(DATA / "valmore"), "--out", str(out), "-q", "--no-table"])
    assert result.exit_code == 0, result.output
    return out


def generated_view(root: Path, documents: int):
    """The bench's generated store of `documents` documents (10 statements each) in root/claims, its stances
    checked, and the peacekeepers topic's view of it: (view, topic, settings)."""
    from claimtrack import api
    from claimtrack.stance.topics import shipped_topics

    spec = importlib.util.spec_from_file_location("bench_store", BENCH_STORE)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    folder = root / "claims"
    bench.generate(folder, documents, 10)
    settings = Settings(claims_dir=folder)
    topic = shipped_topics()["peacekeepers"]
    return api.view_of(api.stance(folder, topic, settings), topic, settings), topic, settings

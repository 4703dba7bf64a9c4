"""Every model load goes through api.loading, so a test that refuses loading there proves a command did no NLP
work however the library reaches the model."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from claimtrack import api
from claimtrack.api import loading
from claimtrack.config import Settings

SRC = Path(__file__).resolve().parents[2] / "src" / "claimtrack"
#: The only modules that may load a model: the seam, and the functions it calls.
LOADERS = {SRC / "api" / "loading.py", SRC / "nlp" / "pipeline.py"}
LOADING = {"build_nlp", "load_model", "load"}


def _loads_a_model(call: ast.Call) -> bool:
    """build_nlp(...), load_model(...) or spacy.load(...), however imported."""
    function = call.func
    if isinstance(function, ast.Name):
        return function.id in {"build_nlp", "load_model"}
    if isinstance(function, ast.Attribute) and function.attr in LOADING:
        return function.attr != "load" or (isinstance(function.value, ast.Name) and function.value.id == "spacy")
    return False


def test_no_module_but_the_seam_loads_a_model():
    outside = [
        f"{path.relative_to(SRC)}:{node.lineno}"
        for path in sorted(SRC.rglob("*.py"))
        if path not in LOADERS
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call) and _loads_a_model(node)
    ]
    assert outside == []


def test_the_default_loader_loads_each_model_once_per_process(nlp):
    assert loading.load(Settings().model, "extract") is nlp


def test_a_loader_put_in_is_used_and_then_put_back(nlp):
    def refuse(name: str, purpose: str):
        raise AssertionError(f"the model {name} was loaded for {purpose}")

    with loading.loader_used(refuse), pytest.raises(AssertionError, match="was loaded for extract"):
        loading.load(Settings().model, "extract")
    assert loading.load(Settings().model, "extract") is nlp


def test_extract_of_a_new_document_asks_the_loader(tmp_path, articles):
    asked = []

    def refuse(name: str, purpose: str):
        asked.append(purpose)
        raise AssertionError("refused")

    with loading.loader_used(refuse), pytest.raises(AssertionError, match="refused"):
        api.extract([articles], Settings(claims_dir=tmp_path / "claims"))
    assert asked == ["extract"]

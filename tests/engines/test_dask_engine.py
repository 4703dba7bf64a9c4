"""extract --engine dask: the workers of a Dask cluster parse and write the store, and it holds what one process
writes; without dask.distributed the command names the extra to install."""

from __future__ import annotations

import json
import pickle
import shutil
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimtrack.cli import app
from claimtrack.engines import cluster
from conftest import DATA, clean

distributed = pytest.importorskip("distributed")


def run(*args: str):
    result = CliRunner().invoke(app, list(args))
    assert clean(result), result.exception
    return result


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """Two folders of made-up articles, and the store one local process writes from them."""
    root = tmp_path_factory.mktemp("dask")
    for name in ("valmore", "articles"):
        shutil.copytree(DATA / name, root / name)
    result = run("extract", str(root / "valmore"), str(root / "articles"), "--out", str(root / "local"), "-q")
    assert result.exit_code == 0, result.output
    return root


def stored(claims: Path) -> dict[str, dict]:
    """Each claims file by name, as JSON."""
    return {path.name: json.loads(path.read_text(encoding="utf-8")) for path in sorted(claims.glob("*.json"))}


def test_local_dask_cluster_of_two_workers_stores_what_one_process_stores(corpus):
    out = corpus / "dask-local"
    held = set(cluster._models)
    result = run(
        "extract", str(corpus / "valmore"), str(corpus / "articles"), "--out", str(out), "--engine", "dask",
        "--workers", "2", "--no-table",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "4 documents (4 parsed, 0 unchanged), 16 statements" in result.stderr
    local, by_workers = stored(corpus / "local"), stored(out)
    assert by_workers == local and sum(len(claims["statements"]) for claims in local.values()) == 16
    # The worker of this process has gone with its cluster, and so has its pipeline.
    assert set(cluster._models) == held
    # A second run finds nothing to parse and starts no cluster work: the files are left as they are.
    again = run("extract", str(corpus / "valmore"), "--out", str(out), "--engine", "dask", "--no-table")
    assert "(0 parsed, 3 unchanged)" in again.stderr and stored(out) == local


def test_a_running_scheduler_is_used_and_workers_keep_an_editors_review(corpus, tmp_path):
    out = tmp_path / "local"  # documents are named from the store's folder: both copied side by side
    shutil.copytree(corpus / "local", out)
    shutil.copytree(corpus / "articles", tmp_path / "articles")
    reviewed = next(out.glob("harbour*.json"))
    claims = json.loads(reviewed.read_text(encoding="utf-8"))
    claims["statements"][0]["reviewed"] = True
    claims["statements"][0]["note"] = "checked by phone"
    claims["pipeline"] = "an older extractor"  # every document is parsed again
    reviewed.write_text(json.dumps(claims), encoding="utf-8")
    with distributed.LocalCluster(n_workers=1, processes=False, dashboard_address=None) as cluster:
        result = run(
            "extract", str(tmp_path / "articles"), "--out", str(out), "--engine", "dask",
            "--scheduler", cluster.scheduler_address, "--no-table",
        )  # fmt: skip
    assert result.exit_code == 0, result.output
    again = json.loads(reviewed.read_text(encoding="utf-8"))
    assert again["pipeline"] == stored(corpus / "local")[reviewed.name]["pipeline"]
    assert again["statements"][0]["note"] == "checked by phone" and again["statements"][0]["reviewed"]
    assert [s["id"] for s in again["statements"]] == [s["id"] for s in claims["statements"]]
    assert sorted(path.name for path in out.glob("*.json")) == sorted(stored(corpus / "local"))


def test_without_dask_the_engine_names_the_extra_in_one_line(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # what `import distributed` meets when not installed
    result = run("extract", str(DATA / "articles"), "--out", str(tmp_path / "claims"), "--engine", "dask")
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and 'pip install "claimtrack[archive]"' in lines[0] and "distributed" in lines[0]
    assert not (tmp_path / "claims").exists()


def test_a_scheduler_needs_the_dask_engine(tmp_path):
    result = run("extract", str(DATA / "articles"), "--out", str(tmp_path / "c"), "--scheduler", "tcp://x:8786")
    assert result.exit_code == 2 and "--engine dask" in result.output


def test_stance_on_the_cluster_writes_what_a_local_stance_writes_and_names_a_broken_file(corpus, tmp_path):
    local, cluster = tmp_path / "local", tmp_path / "cluster"
    for store in (local, cluster):
        shutil.copytree(corpus / "local", store)
        (store / "broken.json").write_text("{", encoding="utf-8")
    topic = str(DATA / "topics" / "headquarters.toml")
    by_one = run("stance", "--topic", topic, "--claims", str(local))
    with distributed.LocalCluster(n_workers=2, processes=False, dashboard_address=None) as running:
        by_workers = run(
            "stance", "--topic", topic, "--claims", str(cluster), "--engine", "dask",
            "--scheduler", running.scheduler_address,
        )  # fmt: skip
    assert by_workers.exit_code == by_one.exit_code == 1
    assert by_workers.stderr.replace(str(cluster), str(local)) == by_one.stderr
    assert "broken.json: is not valid JSON" in by_one.stderr
    assert "take a position (keep" in by_one.stderr
    for store in (local, cluster):
        (store / "broken.json").unlink()
    assert stored(cluster) == stored(local)
    assert any("headquarters" in s["stances"] for claims in stored(local).values() for s in claims["statements"])


def test_a_store_error_crosses_processes_whole():
    from claimtrack.errors import StoreError

    error = StoreError("claims/a.json", "is not valid JSON")
    again = pickle.loads(pickle.dumps(error))
    assert (str(again), again.path, again.problem) == (str(error), error.path, error.problem)

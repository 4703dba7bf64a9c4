"""One bad input never stops a run: each is named in one line, the rest is extracted and stored, and every
reading command and format still works on what was stored. The same for a crafted claims file."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimtrack.cli import app
from conftest import DATA, clean

TOPIC = str(DATA / "topics" / "headquarters.toml")

#: Every command that reads the claims store, with every format it writes. The HTML report joins with one line.
READERS = [
    *(["statements", "-f", fmt] for fmt in ("table", "json", "jsonl", "csv")),
    *(["speakers", "-f", fmt] for fmt in ("table", "json", "jsonl", "csv")),
    *(["export", "-f", fmt] for fmt in ("json", "jsonl", "csv")),
    *(["export", "--topic", TOPIC, "-f", fmt] for fmt in ("json", "jsonl", "csv", "claimreview")),
    *(["conflicts", "--topic", TOPIC, "-f", fmt] for fmt in ("table", "json", "jsonl", "csv")),
    *(["timeline", "--topic", TOPIC, "-f", fmt] for fmt in ("table", "json", "jsonl", "csv")),
    ["report"],
    ["report", "--topic", TOPIC],
]


def _out(command: list[str], tmp_path: Path) -> list[str]:
    """The report is written to a file: one in the test's own folder."""
    return ["--out", str(tmp_path / "report.html")] if command[0] == "report" else []


GOOD = (
    'Mayor Helena Brandt said on Tuesday that the head office would stay in Valmore. "We have no plans to move '
    'the head office," Brandt told reporters.\n'
)
#: name -> content of an input that cannot be used; each must be named in one error line.
BAD = {
    "deep.json": '{"text": "Brandt said it.", "ignored": ' + "[" * 1000 + "]" * 1000 + "}",
    "bigint.json": '{"text": "Brandt said it.", "n": ' + "9" * 5000 + "}",
    "surrogate.jsonl": '{"text": "\\ud800 Brandt said: \\"We stay.\\""}\n',
    "deep-front-matter.md": "---\nx: " + "[" * 5000 + "]" * 5000 + "\n---\n" + GOOD,
    "empty.txt": "",
    "broken.json": '{"text": ',
    "unclosed-front-matter.md": "---\npublished: 2024-01-01\n" + GOOD,
    "binary.txt": "\x00\x01\x02 not text",
    "no-text.html": "<html><head><title>t</title></head><body> </body></html>",
}


def _write(folder: Path, files: dict[str, str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (folder / name).write_text(content, encoding="utf-8")


def _errors(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("error:")]


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory):
    """One extract over a folder of good and bad inputs: bad files, symlink troubles, a sidecar nested 5,000 deep."""
    root = tmp_path_factory.mktemp("bad")
    inputs = root / "inputs"
    _write(inputs, {"good.txt": GOOD, **BAD})
    os.symlink("loop-b.txt", inputs / "loop-a.txt")
    os.symlink("loop-a.txt", inputs / "loop-b.txt")
    os.symlink("gone.txt", inputs / "dangling.txt")
    secret = root / "secret.txt"
    secret.write_text("Not an article: a file outside the input folder, said the test.\n")
    os.symlink(secret, inputs / "outside.txt")
    _write(inputs / "deep-sidecar", {"also-good.txt": GOOD, "sources.toml": "x = " + "[" * 5000 + "]" * 5000 + "\n"})
    claims = root / "claims"
    old = os.getcwd()
    os.chdir(root)  # documents are named relative to the claims store's folder
    try:
        result = CliRunner().invoke(app, ["extract", "inputs", "--out", "claims", "--no-table"])
    finally:
        os.chdir(old)
    return result, claims


def test_each_bad_input_is_one_line_and_the_rest_is_stored(bad_run):
    result, claims = bad_run
    assert result.exit_code == 1 and clean(result), result.output
    errors = _errors(result)
    expected = [*BAD, "loop-a.txt", "loop-b.txt", "dangling.txt", "outside.txt", "deep-sidecar/sources.toml"]
    for name in expected:
        assert sum(f"inputs/{name}" in line for line in errors) == 1, (name, errors)
    assert len(errors) == len(expected), errors
    stored = sorted(json.loads(path.read_text())["document"]["path"] for path in claims.glob("*.json"))
    assert stored == ["inputs/deep-sidecar/also-good.txt", "inputs/good.txt"]


def test_symlink_errors_name_the_link_and_say_what_to_do(bad_run):
    errors = _errors(bad_run[0])
    (dangling,) = [line for line in errors if "dangling.txt" in line]
    assert "gone.txt" not in dangling and "does not exist" in dangling
    (outside,) = [line for line in errors if "outside.txt" in line]
    assert "--follow-symlinks" in outside


def test_follow_symlinks_reads_a_link_outside_when_asked(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "elsewhere.txt").write_text(GOOD)
    os.symlink(tmp_path / "elsewhere.txt", tmp_path / "in" / "linked.txt")
    claims = tmp_path / "claims"
    result = CliRunner().invoke(
        app, ["extract", str(tmp_path / "in"), "--out", str(claims), "--follow-symlinks", "-q", "--no-table"]
    )
    assert result.exit_code == 0, result.output
    assert len(list(claims.glob("*.json"))) == 1


@pytest.mark.parametrize("command", READERS, ids=" ".join)
def test_every_reader_works_on_what_a_bad_run_stored(bad_run, command, tmp_path):
    result = CliRunner().invoke(app, [*command, "--claims", str(bad_run[1]), *_out(command, tmp_path)])
    assert result.exit_code == 0 and clean(result), result.output


# -- crafted claims files ---------------------------------------------------------------------------------------

CRAFTED = {
    "zz-deep.json": '{"schema_version": 1, "x": ' + "[" * 1000 + "]" * 1000 + "}",
    "zz-bigint.json": '{"schema_version": ' + "9" * 5001 + "}",
    "zz-broken.json": "{",
}


@pytest.fixture(scope="module")
def crafted_store(tmp_path_factory):
    root = tmp_path_factory.mktemp("crafted")
    _write(root / "articles", {"good.txt": GOOD})
    claims = root / "claims"
    result = CliRunner().invoke(app, ["extract", str(root / "articles"), "--out", str(claims), "-q", "--no-table"])
    assert result.exit_code == 0, result.output
    _write(claims, CRAFTED)
    return root, claims


@pytest.mark.parametrize("command", READERS, ids=" ".join)
def test_a_crafted_claims_file_is_named_and_the_rest_is_read(crafted_store, command, tmp_path):
    result = CliRunner().invoke(app, [*command, "--claims", str(crafted_store[1]), *_out(command, tmp_path)])
    assert result.exit_code == 1 and clean(result), result.output
    errors = _errors(result)
    for name in CRAFTED:
        assert sum(name in line for line in errors) == 1, (name, errors)
    if "json" in command:
        assert json.loads(result.stdout)


def test_extract_names_a_crafted_claims_file_and_goes_on(crafted_store):
    root, claims = crafted_store
    result = CliRunner().invoke(app, ["extract", str(root / "articles"), "--out", str(claims), "--force", "-q"])
    assert result.exit_code == 1 and clean(result), result.output
    assert all(sum(name in line for line in _errors(result)) == 1 for name in CRAFTED)


# -- sidecars ---------------------------------------------------------------------------------------------------


def test_one_bad_sidecar_entry_costs_only_its_own_document(tmp_path):
    folder = tmp_path / "valmore"
    shutil.copytree(DATA / "valmore", folder)
    sidecar = folder / "sources.toml"
    sidecar.write_text(sidecar.read_text().replace("published = 2024-01-11", 'published = "2024-13-45"'))
    claims = tmp_path / "claims"
    result = CliRunner().invoke(app, ["extract", str(folder), "--out", str(claims), "-q", "--no-table"])
    assert result.exit_code == 1 and clean(result)
    (error,) = _errors(result)
    assert "sources.toml" in error and "ledger-0111.txt" in error
    documents = {
        Path(doc["path"]).name: doc
        for doc in (json.loads(path.read_text())["document"] for path in claims.glob("*.json"))
    }
    assert len(documents) == 3
    assert documents["gazette-0110.txt"]["outlet"] == "Valmore Gazette"
    assert str(documents["gazette-0306.txt"]["published"]) == "2024-03-06"
    assert documents["ledger-0111.txt"]["outlet"] is None


# -- topic files ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ('name = "big"\nquestion = "?"\ntarget = ["x"]\n[positions.a]\ncues = [' + '"c",' * 5000 + "]\n", "phrases"),
        ("x = " + "[" * 5000 + "]" * 5000 + "\n", "nested too deeply"),
        ("# " + "x" * 300_000 + "\n", "KB"),
    ],
    ids=["many cues", "deep", "large"],
)
def test_an_oversized_topic_file_is_refused_in_one_line(crafted_store, tmp_path, content, problem):
    topic = tmp_path / "topic.toml"
    topic.write_text(content)
    result = CliRunner().invoke(app, ["stance", "--topic", str(topic), "--claims", str(crafted_store[1])])
    assert result.exit_code == 1 and clean(result)
    assert problem in result.stderr and len(result.stderr.splitlines()) == 1

"""Reading commands leave the claims store as they found it: an editor can run them on a read-only folder."""

from __future__ import annotations

import shutil
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimtrack.cli import app
from conftest import DATA, clean, extracted_valmore

TOPIC = DATA / "topics" / "headquarters.toml"


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> Path:
    """The valmore articles extracted, stances not stored: reading commands must work them out in memory."""
    return extracted_valmore(tmp_path_factory.mktemp("valmore"))


def snapshot(folder: Path) -> dict[str, tuple[bytes | None, int, int]]:
    """Every file and folder under `folder`: its bytes (files), mode and modification time."""
    found = {}
    for path in sorted([folder, *folder.rglob("*")]):
        info = path.lstat()
        found[str(path.relative_to(folder))] = (
            path.read_bytes() if path.is_file() else None,
            info.st_mode,
            info.st_mtime_ns,
        )
    return found


def read_only(folder: Path) -> None:
    """chmod -R a-w: as root this stops nothing, so the snapshot comparison is what proves it."""
    for path in [folder, *folder.rglob("*")]:
        path.chmod(stat.S_IMODE(path.lstat().st_mode) & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


def writable(folder: Path) -> None:
    for path in [folder, *folder.rglob("*")]:
        path.chmod(stat.S_IMODE(path.lstat().st_mode) | stat.S_IWUSR)


READING = [
    ["statements"],
    ["statements", "--topic", "headquarters", "-f", "json"],
    ["speakers", "-f", "csv"],
    ["export"],
    ["export", "-f", "csv"],
    ["export", "-f", "jsonl"],
    ["export", "--topic", str(TOPIC)],
    ["export", "--topic", str(TOPIC), "-f", "csv"],
    ["export", "--topic", str(TOPIC), "-f", "claimreview"],
    ["conflicts", "--topic", str(TOPIC)],
    ["conflicts", "--topic", str(TOPIC), "-f", "json"],
    ["timeline", "--topic", str(TOPIC)],
    ["timeline", "--topic", str(TOPIC), "-f", "csv"],
    ["report"],
    ["report", "--topic", str(TOPIC)],
]


@pytest.mark.parametrize("command", READING, ids=" ".join)
def test_a_reading_command_succeeds_on_a_read_only_store_and_changes_no_byte_of_it(
    command, extracted, tmp_path, monkeypatch
):
    claims = tmp_path / "claims"
    shutil.copytree(extracted, claims)
    before = snapshot(claims)
    read_only(claims)
    before_read_only = snapshot(claims)
    monkeypatch.chdir(tmp_path)  # report writes report.html here, beside the store, not in it
    try:
        result = CliRunner().invoke(app, [*command, "--claims", str(claims)])
        after = snapshot(claims)
    finally:
        writable(claims)
    assert result.exit_code == 0 and clean(result), result.output
    assert after == before_read_only
    assert {name: entry[0] for name, entry in after.items()} == {name: entry[0] for name, entry in before.items()}
    if "--topic" in command and command[0] != "statements":
        assert "stances computed in memory" in result.stderr


def test_the_read_only_check_can_fail(extracted, tmp_path):
    """The snapshot sees a write, even as root (where chmod stops nothing): stance, the writer, is caught."""
    claims = tmp_path / "claims"
    shutil.copytree(extracted, claims)
    before = snapshot(claims)
    result = CliRunner().invoke(app, ["stance", "--topic", str(TOPIC), "--claims", str(claims)])
    assert result.exit_code == 0, result.output
    assert snapshot(claims) != before


@pytest.mark.parametrize(
    "command", [["statements"], ["speakers"], ["export"], ["export", "-f", "csv"], ["report"]], ids=" ".join
)
def test_a_listing_loads_no_model(command, extracted, tmp_path, monkeypatch, refuse_model):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, [*command, "--claims", str(extracted)])
    assert result.exit_code == 0 and clean(result), result.output


def test_stored_stances_are_read_without_the_model(extracted, tmp_path):
    from claimtrack.api import loading

    claims = tmp_path / "claims"
    shutil.copytree(extracted, claims)
    stored = CliRunner().invoke(app, ["stance", "--topic", str(TOPIC), "--claims", str(claims)])
    assert stored.exit_code == 0, stored.output

    def refuse(name: str, purpose: str):
        raise AssertionError(f"the model {name} was loaded for {purpose}")

    with loading.loader_used(refuse):
        result = CliRunner().invoke(app, ["conflicts", "--topic", str(TOPIC), "--claims", str(claims)])
    assert result.exit_code == 0 and clean(result), result.output
    assert "computed in memory" not in result.stderr


@pytest.mark.parametrize("command", ["conflicts", "timeline"])
def test_save_stores_what_stance_stores_and_shows_what_the_in_memory_run_shows(command, extracted, tmp_path):
    """--save is the opt-in write: the claims files end as `stance` leaves them, the output is the in-memory one,
    and the next reading finds every stance stored."""
    by_stance, by_save = tmp_path / "by-stance", tmp_path / "by-save"
    shutil.copytree(extracted, by_stance)
    shutil.copytree(extracted, by_save)
    runner = CliRunner()
    in_memory = runner.invoke(app, [command, "--topic", str(TOPIC), "--claims", str(by_stance), "-f", "json"])
    assert runner.invoke(app, ["stance", "--topic", str(TOPIC), "--claims", str(by_stance)]).exit_code == 0
    saved = runner.invoke(app, [command, "--topic", str(TOPIC), "--claims", str(by_save), "-f", "json", "--save"])
    assert saved.exit_code == 0 and clean(saved), saved.output
    assert saved.stdout == in_memory.stdout
    assert {name: entry[0] for name, entry in snapshot(by_save).items()} == {
        name: entry[0] for name, entry in snapshot(by_stance).items()
    }
    again = runner.invoke(app, [command, "--topic", str(TOPIC), "--claims", str(by_save)])
    assert again.exit_code == 0 and "computed in memory" not in again.stderr

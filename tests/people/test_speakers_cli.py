"""Speakers across documents as an editor sees them: one person one speaker, pins respected."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimtrack.cli import app
from conftest import clean

ARTICLES = {
    "a.txt": "Russia's Deputy Foreign Minister Anatoly Verin said on Monday that the mission was still needed.",
    "b.txt": "Verin told reporters that the contingent would stay until 2025.",
    "c.txt": "A. Verin said that the talks would go on.",
    "d.txt": "Prime Minister Nikol Pashinian said that Armenia would sign the treaty.",
    "e.txt": "Armenian Prime Minister Nikol Pashinyan said that the border would open.",
}


@pytest.fixture()
def claims(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    out = tmp_path / "claims"
    result = CliRunner().invoke(app, ["extract", str(folder), "--out", str(out), "-q", "--no-table"])
    assert result.exit_code == 0, result.output
    return out


def speakers(claims: Path, *options: str) -> dict[str, dict]:
    result = CliRunner().invoke(app, ["speakers", "--claims", str(claims), "-f", "json", *options])
    assert result.exit_code == 0, result.output
    return {speaker["name"]: speaker for speaker in json.loads(result.stdout)}


def test_surname_initial_and_full_name_are_one_speaker_across_documents(claims):
    found = speakers(claims)
    assert found["Anatoly Verin"]["statements"] == 3 and found["Anatoly Verin"]["documents"] == 3
    assert found["Anatoly Verin"]["affiliation"] == "Russia (Foreign Ministry)"


def test_transliteration_variants_merge(claims):
    found = speakers(claims)
    (pashinyan,) = [s for s in found.values() if s["name"].startswith("Nikol Pashin")]
    assert pashinyan["statements"] == 2 and pashinyan["affiliation"].startswith("Armenia")


def test_export_carries_the_canonical_speaker(claims):
    data = json.loads(CliRunner().invoke(app, ["export", "--claims", str(claims)]).stdout)
    names = {s["speaker"]["mention"]: (s["speaker"]["name"], s["speaker"]["id"]) for s in data["statements"]}
    assert names["Verin"] == ("Anatoly Verin", "anatoly-verin")


def test_editor_pins_split_and_rename(claims):
    (claims / "speakers.toml").write_text(
        '[[split]]\nnames = ["Anatoly Verin", "A. Verin"]\n\n'
        '[[merge]]\nnames = ["Nikol Pashinian", "Nikol Pashinyan"]\ncanonical = "Nikol Pashinyan"\n',
        encoding="utf-8",
    )
    found = speakers(claims)
    # Two people now: the bare surname could be either, so it is not guessed.
    assert {name: found[name]["statements"] for name in ("Anatoly Verin", "A. Verin", "Verin")} == {
        "Anatoly Verin": 1,
        "A. Verin": 1,
        "Verin": 1,
    }
    assert found["Nikol Pashinyan"]["statements"] == 2


def test_malformed_pins_file_is_one_error_naming_it(claims):
    (claims / "speakers.toml").write_text("[[merge]\nnames = [", encoding="utf-8")
    result = CliRunner().invoke(app, ["speakers", "--claims", str(claims)])
    assert result.exit_code == 1 and "speakers.toml" in result.stderr and clean(result)


def test_speakers_csv_has_one_row_per_speaker(claims):
    import csv
    import io

    result = CliRunner().invoke(app, ["speakers", "--claims", str(claims), "-f", "csv"])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    verin = next(row for row in rows if row["name"] == "Anatoly Verin")
    assert verin["statements"] == "3" and verin["affiliation"] == "Russia (Foreign Ministry)"
    assert len(rows) == len(speakers(claims))


def test_aliases_are_the_ways_a_speaker_was_named_not_pronouns(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "g.txt").write_text(
        "Russia's Deputy Foreign Minister Anatoly Verin arrived in Baku on Monday. He said the mission was over. "
        '"We will leave," Mr. Verin told reporters.',
        encoding="utf-8",
    )
    out = tmp_path / "claims"
    CliRunner().invoke(app, ["extract", str(folder), "--out", str(out), "-q", "--no-table"])
    verin = speakers(out)["Anatoly Verin"]
    assert verin["statements"] == 2
    assert verin["aliases"] == ["Mr. Verin"]

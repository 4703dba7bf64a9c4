"""The README's quick start and CI run the same test command, so a missing install step shows in CI."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def quick_start_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return [line.strip() for line in section.splitlines() if line.startswith("    ") and line.strip()]


def test_quick_start_has_two_commands_and_ci_runs_the_second_verbatim():
    extract_command, test_command = quick_start_commands()
    assert "claimtrack extract seeds/" in extract_command
    ci_lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    assert test_command in ci_lines


def test_readme_examples_of_editor_files_load(tmp_path):
    from claimtrack.identity import affiliation, load_institutions, load_pins

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("# claims/speakers.toml", 1)[1].split("\n## ", 1)[0]
    pins_text, institutions_text = block.split("# claims/institutions.toml", 1)
    dedent = lambda chunk: "\n".join(line[4:] for line in chunk.splitlines())  # noqa: E731
    (tmp_path / "speakers.toml").write_text(dedent(pins_text), encoding="utf-8")
    (tmp_path / "institutions.toml").write_text(dedent(institutions_text.split("\n", 1)[1]), encoding="utf-8")
    pins = load_pins(tmp_path / "speakers.toml")
    assert pins.merge and pins.split and pins.speaker
    table = load_institutions(tmp_path / "institutions.toml")
    found = affiliation("the Valmore Port Authority", None, None, table)
    assert found is not None and str(found).startswith("Valmoria")

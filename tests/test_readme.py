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
    from claimtrack.people.identity import affiliation, load_institutions, load_pins

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


def test_readme_topic_example_loads_and_reads_sentences(tmp_path, nlp):
    from claimtrack.stance.judge import stance_of
    from claimtrack.stance.topics import load_topic

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("# topics/headquarters.toml", 1)[1].split("\n\nA cue counts", 1)[0]
    (tmp_path / "headquarters.toml").write_text("\n".join(line[4:] for line in block.splitlines()), encoding="utf-8")
    topic = load_topic(tmp_path / "headquarters.toml")

    def position(sentence: str) -> str | None:
        found = stance_of(nlp, sentence, topic)
        return found.position if found else None

    assert position("The head office will move to Brennport next year.") == "move"
    assert position("The headquarters will not move.") == "keep"
    assert position("The workers will move to Brennport.") is None
    assert position("The future of the headquarters is under review.") == "undecided"

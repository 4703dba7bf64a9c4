"""No single odd article stops or skews the others: each document is extracted as if it were alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimtrack import api
from claimtrack.config import Settings

NORMAL = (
    'Mayor Helena Brandt said on Tuesday that the harbour offices would stay in Valmore. "We have no plans '
    'to move," Brandt told reporters. "The offices will stay here."\n\n'
    "Opposition leader Tomas Rieck said the plan would fail.\n"
)

ODD = {
    "unbalanced.txt": 'He said "this quote never closes and goes on.\n\n' * 50 + 'Ana Lopes said "it is fine."\n',
    "long_quote.txt": 'Ana Lopes said: "' + "The harbour will stay open and the workers will stay. " * 500 + '"\n',
    "many_quotes.txt": "".join(f'"Point number {n} is that the port stays," Lopes said.\n\n' for n in range(200)),
    "stray_marks.txt": '" " " \u201c \u201d \u201d \u201c "' * 200 + "\n",
}


def statements_of(folder: Path, tmp_path: Path, name: str) -> dict[str, list[tuple[str, str | None]]]:
    settings = Settings(claims_dir=tmp_path / name)
    report = api.extract([folder], settings)
    assert report.errors == []
    found: dict[str, list[tuple[str, str | None]]] = {}
    for statement in api.load_claims(settings.claims_dir).statements:
        found.setdefault(statement.document.path.rsplit("/", 1)[-1], []).append(
            (statement.text, statement.speaker.name)
        )
    return found


@pytest.mark.parametrize("odd", sorted(ODD))
def test_odd_article_does_not_change_its_neighbours(tmp_path, odd):
    alone, together = tmp_path / "alone", tmp_path / "together"
    alone.mkdir()
    together.mkdir()
    for folder in (alone, together):
        (folder / "normal.txt").write_text(NORMAL, encoding="utf-8")
    (together / odd).write_text(ODD[odd], encoding="utf-8")
    by_itself = statements_of(alone, tmp_path, "claims-alone")
    beside_odd = statements_of(together, tmp_path, "claims-together")
    assert by_itself["normal.txt"] == beside_odd["normal.txt"]
    assert len(by_itself["normal.txt"]) == 3


def test_odd_articles_still_give_their_own_statements(tmp_path):
    folder = tmp_path / "odd"
    folder.mkdir()
    for name, text in ODD.items():
        (folder / name).write_text(text, encoding="utf-8")
    found = statements_of(folder, tmp_path, "claims")
    assert len(found["many_quotes.txt"]) == 200
    assert {speaker for _, speaker in found["many_quotes.txt"]} == {"Lopes"}
    (long_quote,) = found["long_quote.txt"]
    assert long_quote[0].startswith("The harbour will stay open") and long_quote[1] == "Ana Lopes"
    assert ("it is fine.", "Ana Lopes") in found["unbalanced.txt"]

"""The seeds' positions on the shipped peacekeepers topic (issue 19's acceptance), and the conflicts they make."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimtrack import api
from claimtrack.config import Settings

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

#: (seed, words inside the statement, acceptable positions; None = no position).
POSITIONS = [
    ("000", "peacekeepers should stay in Nagorno-Karabakh", {"stay"}),
    ("000", "is in demand", {"stay"}),
    ("000", "have exhausted themselves", {"stay"}),
    ("000", "military delegation will visit Yerevan", {"leave", "undecided"}),
    ("000", "continued to dismantle their observation posts", {None}),
    ("001", "still needed because the conflict has not yet been resolved", {"stay"}),
    ("001", "remains more necessary than ever before", {"stay"}),
    ("001", "has outlived its usefulness", {"stay"}),
    ("001", "additional security factor for these people", {"stay"}),
    ("002", "subject to a Russian-Azerbaijani discussion", {"undecided"}),
    ("002", "would stay until the end of the term in 2025", {"stay"}),
    ("002", "removal of Russian border troops", {None}),
    ("003", "will decide the future of their peacekeeping mission", {"undecided"}),
    ("003", "will be a subject of our discussion", {"undecided"}),
    ("003", "people are expressing a desire to leave", {None}),
    ("003", "We are ready to cope with up to 120,000 people", {None}),
    ("004", "decided on the early withdrawal", {"leave"}),
    ("004", "Yes this is true", {"leave"}),
    ("004", "decided to gradually withdraw them from there", {"leave"}),
    ("004", "reasons for maintaining the contingent are becoming fewer", {"leave", "undecided"}),
    ("004", "it should not be redeployed to Armenia", {None}),
    ("004", "they must return to Russia", {None}),
    ("004", "Russia accounts for only 10%", {None}),
]


@pytest.fixture(scope="module")
def seeds_store(tmp_path_factory) -> Settings:
    settings = Settings(claims_dir=tmp_path_factory.mktemp("seeds") / "claims")
    api.extract([SEEDS], settings)
    api.stance(settings.claims_dir, api.resolve_topic("peacekeepers"), settings)
    return settings


def test_seed_statements_take_the_positions_a_reader_sees(seeds_store):
    statements = api.load_claims(seeds_store.claims_dir).statements
    wrong, found = [], 0
    for seed, words, positions in POSITIONS:
        matches = [s for s in statements if s.document.path.rsplit("/", 1)[-1].startswith(seed) and words in s.text]
        if not matches:
            continue  # not extracted: attribution's business, scored by tests of its own
        found += 1
        stance = matches[0].stances.get("peacekeepers")
        position = stance.position if stance else None
        if position not in positions:
            wrong.append(f"{seed} '{words}': {position}, want {sorted(map(str, positions))}")
    assert found >= len(POSITIONS) - 3
    assert wrong == []


def _named(claim) -> str:
    return claim.speaker.name or ""


def test_seed_conflicts_put_galuzin_then_peskov_first(seeds_store):
    view = api.topic_claims(api.resolve_topic("peacekeepers"), seeds_store)
    report = api.conflicts(view, seeds_store)
    reversals = [c for c in report.conflicts if c.kind == "reversal"]
    assert reversals and (_named(reversals[0].earlier), _named(reversals[0].later)) == (
        "Mikhail Galuzin",
        "Dmitry Peskov",
    )
    assert any((_named(c.earlier), _named(c.later)) == ("Mikhail Galuzin", "Grigory Karasin") for c in reversals)
    assert any(c.kind == "shift" and _named(c.earlier) == _named(c.later) == "Dmitry Peskov" for c in report.conflicts)
    for conflict in report.conflicts:
        assert not (_named(conflict.earlier) == _named(conflict.later) == "Mikhail Galuzin")
        for claim in (conflict.earlier, conflict.later):
            assert "military delegation will visit Yerevan" not in claim.text or "TASS" in _named(claim)

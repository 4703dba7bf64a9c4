"""Conflicts ranked as plain tuples, built only for those shown: the same conflicts, in the same order, with the
same confidences, rankings and explanations as when every one is built; the table's caption counts them all."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from claimtrack import api
from claimtrack.report import export, terminal
from conftest import generated_view


@pytest.fixture(scope="module")
def view(tmp_path_factory):
    """The bench's generated store at 150 documents (1,500 statements): thousands of conflicts of every kind."""
    view, _, settings = generated_view(tmp_path_factory.mktemp("bench"), 150)
    return view, settings


def _text(table) -> str:
    console = Console(record=True, width=140, file=io.StringIO())
    console.print(table)
    return console.export_text()


@pytest.mark.parametrize("kinds", [None, ["reversal"], ["shift", "disagreement"]])
def test_the_shown_conflicts_are_the_first_of_all(view, kinds):
    view, settings = view
    every = api.conflicts(view, settings, kinds)
    ranked = api.ranked_conflicts(view, settings, kinds)
    assert len(every.conflicts) > 50 and len(ranked) == len(every.conflicts)
    shown = ranked.report(50)
    assert [export.json_of(c) for c in shown.conflicts] == [export.json_of(c) for c in every.conflicts[:50]]
    assert b"".join(export.json_chunks(ranked.report())) == b"".join(export.json_chunks(every))
    assert _text(terminal.conflicts_table(shown, 50, counts=ranked.counts())) == _text(
        terminal.conflicts_table(every, 50)
    )


def test_no_conflicts_reads_the_same(view):
    view, settings = view
    ranked = api.ranked_conflicts(view, settings, ["forecast"])
    assert len(ranked) == 0
    assert "no conflicts found" in _text(terminal.conflicts_table(ranked.report(50), 50, counts=ranked.counts()))


def test_drafts_read_as_the_claims_they_build(view):
    """Conflicts are found on drafts: each must say what its claim says (merged reports included)."""
    view, _ = view
    topic = view.topic.name
    merged = 0
    for draft in view.drafts:
        claim = draft.claim
        merged += claim.appearance_count > 1
        assert (draft.id, draft.best.date, draft.speaker_id, draft.voice) == (
            claim.id,
            claim.date,
            claim.speaker.id,
            claim.voice,
        )
        assert draft.stance == claim.stances[topic]
        assert draft.documents == {appearance.document.id for appearance in claim.appearances}
    assert merged and [draft.claim for draft in view.drafts] == view.claims

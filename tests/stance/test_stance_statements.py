"""Stances of stored statements in memory (what reading commands use): the same stances `claimtrack stance`
stores, with the given statements left untouched."""

from __future__ import annotations

import datetime as dt

import pytest

from claimtrack.models import DocumentRef, SpeakerRef, Stance, Statement, StatementDate
from claimtrack.stance import judge
from claimtrack.stance.statements import statement_stance, voice_of, with_stances
from claimtrack.stance.topics import shipped_topics

DAY = dt.date(2023, 10, 9)


def _statement(text: str, *, context: str | None = None, stances=None, reviewed: bool = False) -> Statement:
    return Statement(
        id=f"s{abs(hash(text)) % 10**8:08d}",
        document=DocumentRef(id="doc", path="doc.txt", published=DAY),
        text=text,
        context=context,
        start=0,
        end=len(text),
        kind="indirect",
        cue="said",
        speaker=SpeakerRef(name="Mikhail Galuzin", affiliation="Russia (Foreign Ministry)", id="mikhail-galuzin"),
        date=StatementDate(value=DAY, precision="day", basis="publication", upper_bound=True),
        stances=stances or {},
        reviewed=reviewed,
    )


@pytest.fixture(scope="module")
def peacekeepers():
    return shipped_topics()["peacekeepers"]


def test_with_stances_works_out_each_position_and_leaves_the_statements_as_they_were(nlp, peacekeepers):
    stay = _statement("The Russian peacekeepers will stay in Nagorno-Karabakh.")
    old = Stance(position="leave", confidence=0.9)
    unrelated = _statement("Many residents made a difficult choice to leave.", stances={"peacekeepers": old})
    before = [stay.model_dump_json(), unrelated.model_dump_json()]

    judged = with_stances([stay, unrelated], peacekeepers, nlp)

    assert [s.model_dump_json() for s in (stay, unrelated)] == before
    assert judged[0].stances["peacekeepers"].position == "stay"
    assert judged[0].stances["peacekeepers"] == statement_stance(stay, peacekeepers, nlp)
    assert "peacekeepers" not in judged[1].stances  # a stance worked out before and no longer taken is dropped
    assert [s.id for s in judged] == [stay.id, unrelated.id]


def test_with_stances_keeps_an_editors_stance_on_a_reviewed_statement(nlp, peacekeepers):
    editor = Stance(position="undecided", confidence=1.0, evidence="editor")
    reviewed = _statement("The Russian peacekeepers will stay.", stances={"peacekeepers": editor}, reviewed=True)
    assert with_stances([reviewed], peacekeepers, nlp)[0].stances["peacekeepers"] == editor


def test_statement_stance_reads_the_context_speaker_and_cue_as_stance_of_does(nlp, peacekeepers):
    answer = _statement("Yes, this is true.", context="The peacekeepers will withdraw, the newspaper reported.")
    expected = judge.stance_of(
        nlp,
        answer.text,
        peacekeepers,
        answer.context,
        speaker=("Mikhail Galuzin", "Russia (Foreign Ministry)", "Russia"),
        cue="said",
    )
    assert expected is not None
    assert statement_stance(answer, peacekeepers, nlp) == expected
    assert voice_of(answer.speaker) == "Russia"

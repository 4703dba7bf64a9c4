"""Grouping and conflicts on small made-up corpora: statements built by hand, stances given."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimtrack.claims.grouping import group
from claimtrack.config import GroupingSettings
from claimtrack.conflicts.finder import find_conflicts
from claimtrack.models import DocumentRef, SpeakerRef, Stance, Statement, StatementDate
from claimtrack.people.identity import (
    SpeakerResolver,
    build_index,
    load_institutions,
    observations_of,
    with_resolved_speakers,
)
from claimtrack.stance.topics import load_topic

TOPIC = load_topic(Path(__file__).parents[1] / "data" / "topics" / "headquarters.toml")

PEOPLE = {
    "Mara Kell": ("chief executive", "Valmore Holdings"),
    "Jon Holt": ("finance director", "Valmore Holdings"),
    "Ana Ruiz": ("mayor", "Valmore (City Council)"),
    "Tom Brandt": ("analyst", None),
}


def said(
    speaker: str | None,
    text: str,
    position: str | None,
    day: str | None,
    *,
    outlet: str = "Valmore Gazette",
    precision: str = "day",
    upper_bound: bool = False,
    confidence: float = 0.9,
    start: int = 0,
) -> Statement:
    """One statement as extraction and stance would store it."""
    path = f"articles/{outlet.lower().replace(' ', '-')}-{day or 'undated'}.txt"
    doc_id = hashlib.sha256(path.encode()).hexdigest()[:16]
    title, affiliation = PEOPLE.get(speaker or "", (None, None))
    value = dt.date.fromisoformat(day) if day else None
    return Statement(
        id=hashlib.sha256(f"{doc_id}:{start}:{text}".encode()).hexdigest()[:16],
        document=DocumentRef(id=doc_id, path=path, published=value, outlet=outlet),
        text=text,
        start=start,
        end=start + len(text),
        kind="direct",
        cue="said",
        speaker=SpeakerRef(
            name=speaker,
            mention=speaker,
            title=title,
            affiliation=affiliation,
            id=speaker.lower().replace(" ", "-") if speaker else None,
        ),
        date=StatementDate(
            value=value,
            precision=precision if value else "unknown",
            basis="publication" if upper_bound else ("explicit" if value else "unknown"),
            upper_bound=upper_bound,
        ),
        stances={} if position is None else {"headquarters": Stance(position=position, confidence=confidence)},
    )


def conflicts(statements, **overrides):
    options = GroupingSettings(**overrides)
    return find_conflicts(group(statements, TOPIC, options), TOPIC, options)


def kinds(report) -> list[tuple[str, str, str, str]]:
    return [(c.kind, c.same, c.earlier.speaker.name, c.later.speaker.name) for c in report.conflicts]


KEEP = "We will keep the head office in Valmore."
MOVE = "The head office will move to Porto next year."


def test_same_person_reversal_is_flagged_with_both_statements_in_order():
    report = conflicts([said("Mara Kell", MOVE, "move", "2024-03-05"), said("Mara Kell", KEEP, "keep", "2024-01-10")])
    assert kinds(report) == [("reversal", "person", "Mara Kell", "Mara Kell")]
    reversal = report.conflicts[0]
    assert (reversal.earlier.date.value, reversal.later.date.value) == (dt.date(2024, 1, 10), dt.date(2024, 3, 5))
    assert "reversed" in reversal.explanation and "10 January 2024" in reversal.explanation
    assert "Mara Kell" in reversal.explanation and "(keep" in reversal.explanation and "(move" in reversal.explanation


def test_same_voice_reversal_names_the_voice_and_ranks_below_a_same_person_one():
    report = conflicts(
        [
            said("Mara Kell", KEEP, "keep", "2024-01-10"),
            said("Jon Holt", "We are preparing the relocation of the head office.", "move", "2024-02-01"),
            said("Ana Ruiz", "The head office will stay in Valmore, the council was told.", "keep", "2023-06-01"),
            said("Ana Ruiz", "The head office is leaving us, I regret to say.", "move", "2023-09-01"),
        ]
    )
    assert kinds(report)[:2] == [
        ("reversal", "person", "Ana Ruiz", "Ana Ruiz"),
        ("reversal", "voice", "Mara Kell", "Jon Holt"),
    ]
    assert report.conflicts[1].voice == "Valmore Holdings"
    assert report.conflicts[1].explanation.startswith("Valmore Holdings reversed")
    assert report.conflicts[1].confidence < report.conflicts[0].confidence


def test_undecided_then_decided_is_a_shift_never_a_reversal():
    report = conflicts(
        [
            said("Mara Kell", "The future of the head office is under review.", "undecided", "2024-01-10"),
            said("Mara Kell", MOVE, "move", "2024-03-05"),
        ]
    )
    assert kinds(report) == [("shift", "person", "Mara Kell", "Mara Kell")]
    assert "moved from undecided to move" in report.conflicts[0].explanation


def test_a_reversal_through_an_undecided_phase_is_one_reversal_and_two_shifts():
    report = conflicts(
        [
            said("Mara Kell", KEEP, "keep", "2024-01-10"),
            said("Mara Kell", "No decision on the head office yet.", "undecided", "2024-02-10"),
            said("Mara Kell", MOVE, "move", "2024-03-05"),
        ]
    )
    assert sorted(kinds(report)) == [
        ("reversal", "person", "Mara Kell", "Mara Kell"),
        ("shift", "person", "Mara Kell", "Mara Kell"),
        ("shift", "person", "Mara Kell", "Mara Kell"),
    ]
    assert report.conflicts[0].kind == "reversal"


def test_a_position_repeated_after_the_change_is_not_flagged_again():
    report = conflicts(
        [
            said("Mara Kell", KEEP, "keep", "2024-01-10"),
            said("Mara Kell", MOVE, "move", "2024-03-05"),
            said("Mara Kell", "We will relocate the head office, as announced.", "move", "2024-05-20"),
        ]
    )
    assert len(report.conflicts) == 1
    assert report.conflicts[0].later.date.value == dt.date(2024, 3, 5)


def test_two_voices_with_opposite_positions_at_about_the_same_time_disagree():
    statements = [
        said("Mara Kell", KEEP, "keep", "2024-03-01"),
        said("Ana Ruiz", "The company will move its head office, the mayor fears.", "move", "2024-03-06"),
    ]
    report = conflicts(statements)
    assert kinds(report) == [("disagreement", "none", "Mara Kell", "Ana Ruiz")]
    assert report.conflicts[0].voice == "Valmore Holdings vs Valmore"
    assert "opposite positions" in report.conflicts[0].explanation
    assert conflicts(statements, disagreement_days=2).conflicts == []


def test_a_lasting_disagreement_is_reported_once_and_again_when_the_voices_swap_sides():
    fears = "The company will move its head office, the mayor fears."
    hopes = "The head office will stay in Valmore, the mayor hopes."
    statements = [
        said("Mara Kell", KEEP, "keep", "2024-03-01"),
        said("Ana Ruiz", fears, "move", "2024-03-06"),
        said("Mara Kell", KEEP, "keep", "2024-04-01", outlet="Porto Post"),
        said("Ana Ruiz", fears, "move", "2024-04-03", outlet="Porto Post"),
        said("Mara Kell", MOVE, "move", "2024-06-01"),
        said("Ana Ruiz", hopes, "keep", "2024-06-03"),
    ]
    found = [c for c in conflicts(statements).conflicts if c.kind == "disagreement"]
    assert [(c.earlier.date.value.isoformat(), c.later.date.value.isoformat()) for c in found] == [
        ("2024-03-01", "2024-03-06"),
        ("2024-06-01", "2024-06-03"),
    ]


def test_far_apart_statements_of_two_voices_are_no_disagreement():
    report = conflicts(
        [
            said("Mara Kell", KEEP, "keep", "2023-01-01"),
            said("Ana Ruiz", "The company will move its head office, the mayor fears.", "move", "2024-03-06"),
        ]
    )
    assert report.conflicts == []


def test_one_statement_reported_by_two_outlets_is_one_claim_and_never_paired_with_itself():
    first = said("Mara Kell", "We will keep our head office in Valmore for years.", "keep", "2024-01-10")
    second = said(
        "Mara Kell",
        "We are going to keep the head office in Valmore for many years.",
        "keep",
        "2024-01-11",
        outlet="Daily Ledger",
    )
    claims = group([first, second], TOPIC)
    assert len(claims) == 1 and claims[0].appearance_count == 2
    assert {a.document.outlet for a in claims[0].appearances} == {"Valmore Gazette", "Daily Ledger"}
    assert {(a.start, a.end) for a in claims[0].appearances} == {(0, len(first.text)), (0, len(second.text))}
    report = conflicts([first, second, said("Mara Kell", MOVE, "move", "2024-03-05")])
    assert kinds(report) == [("reversal", "person", "Mara Kell", "Mara Kell")]
    assert report.conflicts[0].earlier.appearance_count == 2
    assert "and 1 more" in report.conflicts[0].explanation


def test_reports_of_one_speaker_are_not_merged_when_text_dates_or_document_differ():
    base = said("Mara Kell", KEEP, "keep", "2024-01-10")
    other_text = said("Mara Kell", "Porto taxes are too high for us.", "keep", "2024-01-10", outlet="B")
    other_date = said("Mara Kell", KEEP, "keep", "2024-02-20", outlet="C")
    same_document = said("Mara Kell", KEEP, "keep", "2024-01-10", start=500)
    other_person = said("Jon Holt", KEEP, "keep", "2024-01-10", outlet="D")
    claims = group([base, other_text, other_date, same_document, other_person], TOPIC)
    assert sorted(claim.appearance_count for claim in claims) == [1, 1, 1, 1, 1]


def test_statements_read_with_opposed_positions_are_never_one_claim():
    keep = said("Mara Kell", "The head office will stay in Valmore.", "keep", "2024-01-10")
    move = said("Mara Kell", "The head office will leave Valmore.", "move", "2024-01-10", outlet="B")
    assert len(group([keep, move], TOPIC)) == 2


def test_undated_statements_are_listed_apart_and_never_ordered():
    report = conflicts([said("Mara Kell", KEEP, "keep", None), said("Mara Kell", MOVE, "move", "2024-03-05")])
    assert report.conflicts == []
    assert [claim.text for claim in report.undated] == [KEEP]


def test_publication_dated_statements_are_ordered_with_lower_confidence():
    exact = conflicts([said("Mara Kell", KEEP, "keep", "2024-01-10"), said("Mara Kell", MOVE, "move", "2024-03-05")])
    reported = conflicts(
        [said("Mara Kell", KEEP, "keep", "2024-01-10"), said("Mara Kell", MOVE, "move", "2024-03-05", upper_bound=True)]
    )
    assert kinds(reported) == kinds(exact)
    assert reported.conflicts[0].confidence < exact.conflicts[0].confidence
    assert "in a report of 5 March 2024" in reported.conflicts[0].explanation


def test_dates_that_cannot_be_told_apart_make_no_reversal():
    report = conflicts(
        [
            said("Mara Kell", KEEP, "keep", "2024-03-01", precision="month"),
            said("Mara Kell", MOVE, "move", "2024-03-20"),
        ]
    )
    assert kinds(report) == [("disagreement", "person", "Mara Kell", "Mara Kell")]
    assert "cannot be told apart" in report.conflicts[0].explanation


def test_statements_without_a_position_or_a_speaker_are_never_flagged():
    report = conflicts(
        [
            said("Mara Kell", KEEP, "keep", "2024-01-10"),
            said("Mara Kell", "Residents want to leave the old town.", None, "2024-03-05"),
            said(None, MOVE, "move", "2024-03-06"),
        ]
    )
    assert report.conflicts == []
    assert report.unattributed == 1


def test_kinds_can_be_filtered():
    statements = [
        said("Mara Kell", "The future of the head office is under review.", "undecided", "2024-01-10"),
        said("Mara Kell", MOVE, "move", "2024-03-05"),
        said("Jon Holt", KEEP, "keep", "2024-06-05"),
    ]
    options = GroupingSettings()
    claims = group(statements, TOPIC, options)
    only = find_conflicts(claims, TOPIC, options, kinds=["shift"])
    assert {c.kind for c in only.conflicts} == {"shift"}
    assert {c.kind for c in find_conflicts(claims, TOPIC, options).conflicts} == {"reversal", "shift"}


CORPUS = [
    said("Mara Kell", KEEP, "keep", "2024-01-10"),
    said("Mara Kell", "We are going to keep the head office in Valmore.", "keep", "2024-01-11", outlet="Daily Ledger"),
    said("Jon Holt", "The relocation of the head office is under review.", "undecided", "2024-02-01"),
    said("Jon Holt", MOVE, "move", "2024-03-05"),
    said("Ana Ruiz", "They will keep the head office here, I am sure.", "keep", "2024-03-07"),
    said("Tom Brandt", "The head office will relocate within a year.", "move", None),
    said("Mara Kell", MOVE, "move", "2024-04-02", upper_bound=True, outlet="Daily Ledger"),
]


@settings(max_examples=40, deadline=None)
@given(st.permutations(CORPUS))
def test_result_does_not_depend_on_the_order_documents_were_read(order):
    assert conflicts(list(order)).model_dump_json() == conflicts(CORPUS).model_dump_json()


def test_claims_with_speakers_resolved_while_grouping_equal_claims_of_canonical_copies():
    """The topic view resolves speakers as it builds claims instead of copying each statement first."""
    surname = {"name": "Kell", "mention": "Ms Kell", "id": None}
    renamed = [
        s.model_copy(update={"speaker": s.speaker.model_copy(update=surname)})
        if s.speaker.name == "Mara Kell" and s.document.outlet == "Daily Ledger"
        else s
        for s in CORPUS
    ]
    observations = observations_of(s.speaker for s in renamed)
    table = load_institutions()
    speakers = SpeakerResolver(build_index(observations, institutions=table), table)
    resolved = group(renamed, TOPIC, GroupingSettings(), speakers)
    copied = group(with_resolved_speakers(renamed, speakers), TOPIC, GroupingSettings())
    assert [c.model_dump() for c in resolved] == [c.model_dump() for c in copied]
    assert {c.speaker.name for c in resolved} >= {"Mara Kell"} and "Kell" not in {c.speaker.name for c in resolved}
    assert renamed[-1].speaker.name == "Kell"  # the statements given are not changed


def test_the_mixed_corpus_gives_each_kind_once_and_the_best_evidenced_reversal_first():
    """Mara Kell's own reversal is dated only by a report; Jon Holt's statement for her company has its day:
    the rank weighs both stances, both dates and one person against one voice, and says so."""
    report = conflicts(CORPUS)
    assert kinds(report)[:2] == [
        ("reversal", "voice", "Mara Kell", "Jon Holt"),
        ("reversal", "person", "Mara Kell", "Mara Kell"),
    ]
    first, second = report.conflicts[:2]
    assert first.confidence > second.confidence
    assert "two people of one voice" in first.ranking and "by publication" in second.ranking
    assert {c.kind for c in report.conflicts} == {"reversal", "shift", "disagreement"}
    assert all(c.earlier.id != c.later.id for c in report.conflicts)
    assert len(report.undated) == 1


@pytest.mark.parametrize(
    ("a", "b", "opposed", "open_b"),
    [("keep", "move", True, False), ("keep", "undecided", False, True), ("move", "move", False, False)],
)
def test_topic_positions_know_their_opposites(a, b, opposed, open_b):
    assert TOPIC.opposed(a, b) is opposed
    assert TOPIC.is_open(b) is open_b


# -- issue 19: conflicts an editor reads first, and none that are not there -----------------------------------


def with_stance(statement: Statement, **fields) -> Statement:
    stance = statement.stances["headquarters"].model_copy(update=fields)
    return statement.model_copy(update={"stances": {"headquarters": stance}})


def background(statement: Statement) -> Statement:
    """A statement reported as background: made at some time before its article."""
    date = statement.date.model_copy(update={"background": True, "upper_bound": True})
    return statement.model_copy(update={"date": date})


def test_one_statement_read_two_ways_in_two_outlets_never_conflicts_with_itself():
    report = conflicts(
        [
            said("Mara Kell", "I would not say the head office has outgrown Valmore at all.", "keep", "2024-01-10"),
            said(
                "Mara Kell",
                "I would not say that the head office has outgrown Valmore at all, she told us.",
                "move",
                "2024-01-11",
                outlet="Daily Ledger",
            ),
        ]
    )
    assert report.conflicts == []


def test_a_headline_and_its_body_are_one_statement():
    report = conflicts(
        [
            said("Mara Kell", "Head office to stay", "keep", "2024-01-10", start=0),
            said("Mara Kell", MOVE, "move", "2024-01-10", start=50, upper_bound=True),
        ]
    )
    assert [c.kind for c in report.conflicts if c.kind != "disagreement"] == []
    assert report.conflicts == []


def test_one_undecided_claim_followed_by_several_decided_ones_is_one_shift():
    undecided = said("Mara Kell", "The future of the head office is under review.", "undecided", "2024-01-10")
    keeps = [
        said("Jon Holt", f"The head office stays in Valmore, point {n}.", "keep", f"2024-02-0{n}", outlet=f"O{n}")
        for n in range(1, 6)
    ]
    report = conflicts([undecided, *keeps], same_text=100)
    shifts = [c for c in report.conflicts if c.kind == "shift"]
    assert len(shifts) == 1 and shifts[0].later.date.value == dt.date(2024, 2, 1)


def test_a_shift_is_the_change_it_made_not_every_later_decision():
    report = conflicts(
        [
            said("Mara Kell", "The future of the head office is under review.", "undecided", "2024-01-10"),
            said("Mara Kell", KEEP, "keep", "2024-02-10", outlet="Ledger"),
            said("Mara Kell", MOVE, "move", "2024-03-05", outlet="Post"),
        ]
    )
    assert sorted((c.kind, c.earlier.stances["headquarters"].position) for c in report.conflicts) == [
        ("reversal", "keep"),
        ("shift", "undecided"),
    ]


def test_a_voice_member_reporting_after_the_speaker_reversed_themselves_adds_no_reversal():
    report = conflicts(
        [
            said("Mara Kell", KEEP, "keep", "2024-01-10"),
            said("Mara Kell", "We have decided to move the head office to Porto.", "move", "2024-03-05", outlet="Post"),
            said("Jon Holt", "The head office left for Porto this week.", "move", "2024-03-08", outlet="Ledger"),
        ]
    )
    assert kinds(report) == [("reversal", "person", "Mara Kell", "Mara Kell")]


def test_background_never_reverses_against_its_own_articles_news_but_does_against_a_later_one():
    earlier = background(
        said("Mara Kell", "The head office had been promised to Valmore for good.", "keep", "2024-03-05")
    )
    news = said("Mara Kell", MOVE, "move", "2024-03-05", start=200)
    assert [c.kind for c in conflicts([earlier, news]).conflicts] == []
    later = said("Mara Kell", "The head office is moving to Porto after all.", "move", "2024-05-02", outlet="Ledger")
    assert [c.kind for c in conflicts([earlier, later]).conflicts] == ["reversal"]


@pytest.mark.parametrize(
    ("horizon", "moved_on", "kinds_found"),
    [
        ("until 2025", "2024-04-15", ["reversal"]),  # leaving before the promised time is a reversal
        ("until 2025", "2025-02-01", []),  # leaving at the promised time is not
        ("until the end of 2025", "2026-01-10", []),
        (None, "2025-02-01", ["reversal"]),
    ],
)
def test_a_time_bounded_position_is_reversed_only_before_its_horizon(horizon, moved_on, kinds_found):
    keep = with_stance(said("Mara Kell", KEEP, "keep", "2023-06-01"), horizon=horizon)
    move = said("Mara Kell", "The head office has moved to Porto.", "move", moved_on, outlet="Ledger")
    assert [c.kind for c in conflicts([keep, move]).conflicts] == kinds_found


def test_leaving_when_one_said_one_would_leave_is_no_reversal():
    leave = with_stance(
        said("Mara Kell", "The head office will move in 2025.", "move", "2023-06-01"), horizon="in 2025"
    )
    keep = with_stance(
        said("Mara Kell", "The head office stays here until 2025.", "keep", "2024-01-10", outlet="Ledger"),
        horizon="until 2025",
    )
    assert conflicts([leave, keep]).conflicts == []


def test_a_forecast_overtaken_by_a_later_claim_ranks_below_a_reversal():
    forecast = with_stance(said("Tom Brandt", "The head office will likely stay.", "keep", "2024-01-10"), forecast=True)
    fact = said("Tom Brandt", "The head office has moved to Porto.", "move", "2024-05-02", outlet="Ledger")
    keep = said("Mara Kell", KEEP, "keep", "2024-01-10", outlet="Herald")
    move = said("Mara Kell", "We have moved the head office to Porto.", "move", "2024-05-03", outlet="Post")
    report = conflicts([forecast, fact, keep, move])
    assert [(c.kind, c.earlier.speaker.name) for c in report.conflicts] == [
        ("reversal", "Mara Kell"),
        ("forecast", "Tom Brandt"),
    ]
    assert "forecast" in report.conflicts[1].explanation
    from claimtrack.report.terminal import conflicts_summary

    assert conflicts_summary(report) == "2 conflicts: 1 reversal, 1 forecast"


def test_the_rank_multiplies_both_stances_both_dates_and_who_and_says_so():
    report = conflicts(
        [
            said("Mara Kell", KEEP, "keep", "2024-01-10", confidence=0.9),
            said("Mara Kell", MOVE, "move", "2024-03-05", confidence=0.7, precision="month", outlet="Ledger"),
        ]
    )
    (reversal,) = report.conflicts
    assert reversal.confidence == round(0.9 * 0.7 * 1.0 * 0.9 * 1.0, 2)
    assert reversal.ranking.startswith("0.9 earlier stance × 0.7 later stance × 1 earlier date")
    assert "0.9 later date (month" in reversal.ranking and "one person" in reversal.ranking


def test_timeline_is_in_date_order_per_voice_with_changes_and_background_marked():
    from claimtrack.conflicts.finder import timeline

    statements = [
        said("Mara Kell", MOVE, "move", "2024-04-02", upper_bound=True, outlet="Ledger"),
        said("Jon Holt", "The head office moves to Porto.", "move", "2024-03-30", outlet="Post"),
        background(said("Mara Kell", "Porto was never an option, she had said.", "keep", "2024-03-01")),
        said("Mara Kell", KEEP, "keep", "2024-01-10"),
    ]
    claims = group(statements, TOPIC, GroupingSettings())
    (voice,) = timeline(claims, TOPIC).voices
    dates = [(claim.speaker.name, claim.date.value) for claim in voice.claims]
    assert dates == [
        ("Mara Kell", dt.date(2024, 1, 10)),
        ("Mara Kell", dt.date(2024, 3, 1)),
        ("Jon Holt", dt.date(2024, 3, 30)),
        ("Mara Kell", dt.date(2024, 4, 2)),
    ]
    assert voice.changes == [voice.claims[2].id]
    assert voice.background == [voice.claims[1].id]
    from rich.console import Console

    from claimtrack.report.terminal import timeline_table

    console = Console(record=True, width=120)
    console.print(timeline_table(timeline(claims, TOPIC)))
    drawn = console.export_text()
    assert "background, " in drawn and "\u2192 move" in drawn


def test_a_voice_reverses_across_people_even_when_the_person_reversed_too():
    """France's foreign minister keeps the troops (a report, bound by publication), the president said the same a
    week before and then withdraws them: the president's own reversal, and the voice's from the minister."""
    report = conflicts(
        [
            said(
                "Jon Holt", "The head office stays, the finance director said.", "keep", "2024-01-08", upper_bound=True
            ),
            said("Mara Kell", KEEP, "keep", "2024-01-03"),
            said("Mara Kell", MOVE, "move", "2024-03-05"),
        ]
    )
    assert ("reversal", "person", "Mara Kell", "Mara Kell") in kinds(report)
    assert ("reversal", "voice", "Jon Holt", "Mara Kell") in kinds(report)


def test_a_hedged_later_claim_is_no_reversal():
    """'The head office might move' after 'we will keep it' is a threat, not a change of position."""
    hedged = said("Mara Kell", "The head office might move to Porto.", "move", "2024-03-05")
    hedged.stances["headquarters"] = Stance(position="move", confidence=0.9, forecast=True)
    report = conflicts([said("Mara Kell", KEEP, "keep", "2024-01-10"), hedged])
    assert not [k for k in kinds(report) if k[0] == "reversal"]

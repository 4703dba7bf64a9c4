"""The real-news dev set's scorer and annotation (benchmarks/devset): made-up statements, never article text."""

from __future__ import annotations

import importlib.util
import json
import sys
import tomllib
from pathlib import Path

import pytest

DEVSET = Path(__file__).resolve().parents[1] / "benchmarks" / "devset"


def _module(name: str):
    spec = importlib.util.spec_from_file_location(f"devset_{name}", DEVSET / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


score = _module("score")
GOLD = json.loads((DEVSET / "gold.json").read_text(encoding="utf-8"))


def _gold(*statements: dict, conflicts: list[dict] | None = None) -> dict:
    return {
        "questions": {"harbour": {"published": {"001": "2024-05-10"}}},
        "statements": [{"question": "harbour", "doc": "001", "date": [], "stance": ["any"], **s} for s in statements],
        "conflicts": conflicts or [],
    }


def _pred(text: str, name: str | None, *, date: str | None = None, precision: str = "day", **extra) -> dict:
    return {
        "document": {"path": "articles/harbour/001_harbour.txt"},
        "text": text,
        "speaker": {"name": name, "mention": name, **extra.pop("speaker", {})},
        "date": {"value": date, "precision": precision},
        "stances": extra.pop("stances", {}),
        **extra,
    }


def test_statement_found_only_with_the_right_speaker():
    gold = _gold({"anchor": "the ferry will keep running", "speaker": "Helena Brandt"})
    right = score.score_question("harbour", gold, [_pred("the ferry will keep running until May", "Brandt")], None)
    wrong = score.score_question("harbour", gold, [_pred("the ferry will keep running", "Ola Berg")], None)
    assert (right.found, right.total) == (1, 1)
    assert (wrong.found, wrong.total) == (0, 1)
    assert any(line.startswith("SPEAKER") for line in wrong.lines)


def test_other_acceptable_speaker_and_anonymous_source():
    gold = _gold(
        {"anchor": "the port stays open", "speaker": "Ola Berg", "speaker_alt": ["Harbour Gazette"]},
        {"anchor": "the mayor is staying put", "speaker": "council sources", "speaker_kind": "anonymous"},
    )
    preds = [
        _pred("the port stays open", "Harbour Gazette"),
        _pred("the mayor is staying put", None, speaker={"kind": "anonymous"}),
    ]
    assert score.score_question("harbour", gold, preds, None).found == 2
    # Without a kind, a mention that carries the label's telling words will do; a named person will not.
    assert score.score_question("harbour", gold, [_pred("the mayor is staying put", "two council sources")], None).found
    assert not score.score_question("harbour", gold, [_pred("the mayor is staying put", "Ola Berg")], None).found


def test_precision_counts_extras_and_duplicates_but_not_repeated_sentences():
    gold = _gold({"anchor": "the ferry will keep running", "speaker": "Helena Brandt"})
    preds = [
        _pred("the ferry will keep running", "Helena Brandt"),
        _pred("the ferry will keep running", "Harbour Gazette"),  # one span given a second speaker
        _pred("the weather was fine", "Ola Berg"),
    ]
    tally = score.score_question("harbour", gold, preds, None)
    assert (tally.real, tally.duplicates, tally.extracted) == (1, 1, 3)
    repeated = _gold({"anchor": "the ferry will keep running", "speaker": "Helena Brandt", "occurs": 2})
    assert score.score_question("harbour", repeated, preds[:2], None).duplicates == 0


def test_reference_statements_stay_out_of_precision():
    gold = _gold({"anchor": "the ferry will keep running", "speaker": "Helena Brandt"})
    preds = [_pred("the ferry will keep running", "Helena Brandt"), _pred("the report", "Ola Berg", kind="reference")]
    assert score.score_question("harbour", gold, preds, None).extracted == 1


@pytest.mark.parametrize(
    ("value", "precision", "ok"),
    [("2024-05-10", "day", False), ("2024-05-01", "month", True), (None, "unknown", True), ("2024-05-03", "day", True)],
)
def test_background_statement_must_not_sit_on_the_publication_day(value, precision, ok):
    gold = _gold({"anchor": "had threatened to close the port", "speaker": "Ola Berg", "background": True})
    pred = _pred("it had threatened to close the port", "Ola Berg", date=value, precision=precision)
    tally = score.score_question("harbour", gold, [pred], None)
    assert (tally.background_n, tally.background_ok) == (1, int(ok))


def test_date_and_stance_are_scored_on_found_statements():
    gold = _gold(
        {"anchor": "the ferry runs on", "speaker": "Helena Brandt", "date": ["2024-05-06"], "stance": ["stay"]}
    )
    good = _pred("the ferry runs on", "Brandt", date="2024-05-06", stances={"harbour": {"position": "stay"}})
    bad = _pred("the ferry runs on", "Brandt", date="2024-05-10", stances={"harbour": {"position": None}})
    right = score.score_question("harbour", gold, [good], None)
    wrong = score.score_question("harbour", gold, [bad], None)
    assert (right.date_ok, right.stance_ok) == (1, 1)
    assert (wrong.date_n, wrong.date_ok, wrong.stance_n, wrong.stance_ok) == (1, 0, 1, 0)


def test_reversals_found_by_anchor_and_others_counted_false():
    must = {
        "question": "harbour",
        "must": True,
        "why": "stays, then leaves",
        "earlier_anchors": ["the ferry will keep running"],
        "later_anchors": ["the ferry service ends"],
    }
    gold = _gold({"anchor": "the ferry will keep running", "speaker": "Helena Brandt"}, conflicts=[must])
    earlier = {"text": "the ferry will keep running"}
    later = {"text": "a report", "appearances": [{"text": "the ferry service ends in June"}]}
    wrong = {"text": "the weather was fine"}
    conflicts = [
        {"kind": "reversal", "earlier": wrong, "later": later},
        {"kind": "reversal", "earlier": earlier, "later": later},
        {"kind": "shift", "earlier": wrong, "later": wrong},
    ]
    tally = score.score_question("harbour", gold, [], conflicts)
    assert (tally.must, tally.must_found, tally.reversals, tally.false_reversals) == (1, 1, 2, 1)
    assert "REVERSAL FOUND harbour at rank 2 of 2: stays, then leaves" in tally.lines


def test_missing_results_are_one_line_and_exit_1(tmp_path, capsys):
    assert score.main([str(DEVSET / "gold.json"), str(tmp_path), "--question", "johnson"]) == 1
    assert "run benchmarks/devset/run.sh first" in capsys.readouterr().err


def test_gold_is_well_formed():
    assert set(GOLD["questions"]) == {path.stem for path in (DEVSET / "topics").glob("*.toml")}
    for q, meta in GOLD["questions"].items():
        sources = tomllib.loads((DEVSET / "articles" / q / "sources.toml").read_text(encoding="utf-8"))
        assert sorted(meta["published"]) == sorted(name[:3] for name in sources)
    for s in GOLD["statements"]:
        assert s["doc"] in GOLD["questions"][s["question"]]["published"]
        assert s["anchor"] and 0 <= s["start"] < s["end"]
        assert all(len(day) == 10 for day in s["date"])
        assert s["stance"]
    for c in GOLD["conflicts"]:
        anchors = {s["anchor"] for s in GOLD["statements"] if s["question"] == c["question"]}
        assert set(c["earlier_anchors"]) <= anchors and set(c["later_anchors"]) <= anchors


def test_topic_files_keep_to_ten_cues_per_position():
    from claimtrack.stance.topics import load_topic

    for path in (DEVSET / "topics").glob("*.toml"):
        topic = load_topic(path)
        assert all(len(position.cues) <= 10 for position in topic.positions.values()), path.name


def test_gold_offsets_hold_in_the_texts():
    rebuild = _module("rebuild")
    rows = rebuild.entries()
    if any(rebuild.state(q, e) != "ok" for q, e in rows):
        pytest.skip("the dev set's texts are not in benchmarks/devset/articles (see its README)")
    files = {(q, e["file"][:3]): DEVSET / "articles" / q / e["file"] for q, e in rows}
    for s in GOLD["statements"]:
        text = files[(s["question"], s["doc"])].read_text(encoding="utf-8")
        assert score.norm(text[s["start"] : s["end"]]) == score.norm(s["anchor"]), s["anchor"]

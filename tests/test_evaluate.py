from __future__ import annotations

from pathlib import Path

import pytest

from claimtrack.errors import ClaimtrackError, InputError
from claimtrack.evaluate import (
    GoldDocument,
    GoldRelation,
    Predicted,
    evaluate,
    gold_as_predicted,
    is_direct_quote,
    is_speech,
    load_gold,
    parse_ann,
    score_document,
)

POLNEAR = Path(__file__).resolve().parents[1].parent / "shared" / "polnear"

# Invented sentences, nothing from the gold corpus.
TEXT = (
    'The harbour master said the pier will reopen in May. "We are ready for the boats,\n'
    'and for the gulls," she added. Fishermen believe the cod are coming back.'
)


def at(phrase: str, text: str = TEXT) -> tuple[int, int]:
    start = text.index(phrase)
    return start, start + len(phrase)


def offsets(*phrases: str) -> str:
    return ";".join("{} {}".format(*at(p)) for p in phrases)


def t_line(tid: str, label: str, *phrases: str) -> str:
    return f"{tid}\t{label} {offsets(*phrases)}\t" + " ".join(phrases)


ANN = "\n".join(
    [
        t_line("T1", "Source", "The harbour master"),
        t_line("T2", "Cue", "said"),
        t_line("T3", "Content", "the pier will reopen in May"),
        t_line("T4", "Attribution", "said"),
        "E1\tAttribution:T4 Cue:T2 Source:T1 Content:T3",
        # a discontinuous content whose text column wraps onto the next line
        t_line("T5", "Content", '"We are ready for the boats,\nand', 'for the gulls,"'),
        t_line("T6", "Source", "she"),
        t_line("T7", "Cue", "added"),
        t_line("T8", "Attribution", "added"),
        "E2\tAttribution:T8 Content:T5 Source:T6 Cue:T7",
        "A1\tConfidence E2 High",
        "#1\tAnnotatorNotes T5\tsplit by the line break",
        # no source, as PolNeAR marks it
        t_line("T9", "Content", "the cod are coming back"),
        t_line("T10", "Cue", "believe"),
        t_line("T11", "Attribution-no-source", "believe"),
        "E3\tAttribution-no-source:T11 Cue:T10 Content:T9",
        "R1\tCoref Arg1:T6 Arg2:T1",
        # no content: left out
        "E4\tAttribution-no-source:T11 ",
        "",
    ]
)


def test_parse_ann_reads_offsets_roles_and_cue_text() -> None:
    relations = parse_ann(ANN, TEXT)
    assert relations == [
        GoldRelation([at("the pier will reopen in May")], [at("The harbour master")], [at("said")], "said"),
        GoldRelation(
            [at('"We are ready for the boats,\nand'), at('for the gulls,"')], [at("she")], [at("added")], "added"
        ),
        GoldRelation([at("the cod are coming back")], None, [at("believe")], "believe"),
    ]


def test_parse_ann_merges_numbered_roles_and_tolerates_missing_cue() -> None:
    ann = "\n".join(
        [
            t_line("T1", "Content", "the pier will reopen in May"),
            t_line("T2", "Content", "We are ready"),
            t_line("T3", "Source", "The harbour master"),
            "E1\tAttribution:T9 Source:T3 Content:T2 Content2:T1",
            t_line("T9", "Attribution", "said"),
        ]
    )
    (relation,) = parse_ann(ann, TEXT)
    assert relation.content == sorted([at("the pier will reopen in May"), at("We are ready")])
    assert relation.cue is None and relation.cue_text == ""


@pytest.mark.parametrize(
    ("ann", "problem"),
    [
        ("T1\tContent 5 x\tfoo", "cannot read the offsets of T1"),
        ("T1\tContent 5 9000\tfoo", "offsets outside the text"),
        ("E1\tAttribution:T2 Content:T3", "'T3' is not a text-bound annotation"),
    ],
)
def test_parse_ann_names_the_bad_line(ann: str, problem: str) -> None:
    with pytest.raises(InputError, match=problem):
        parse_ann(ann, TEXT, "x.ann")


def write(path: Path, content: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8"))


def test_load_gold_uses_first_annotator_and_skips_unannotated_texts(tmp_path: Path) -> None:
    write(tmp_path / "text" / "harbour_news.txt", TEXT)
    write(tmp_path / "text" / "unannotated.txt", TEXT)
    write(tmp_path / "attributions" / "harbour_news_b2.ann", "")
    write(tmp_path / "attributions" / "harbour_news_a1.ann", ANN)
    write(tmp_path / "attributions" / "orphan_a1.ann", "")
    (document,) = load_gold(tmp_path)
    assert document.name == "harbour_news"
    assert document.text == TEXT
    assert len(document.relations) == 3


def test_load_gold_keeps_crlf_so_offsets_hold(tmp_path: Path) -> None:
    text = "Intro line.\r\nThe clerk said it rained."
    write(tmp_path / "text" / "n.txt", text)
    cue, content = at("said", text), at("it rained", text)
    ann = f"T1\tCue {cue[0]} {cue[1]}\tsaid\r\nT2\tContent {content[0]} {content[1]}\tit rained\r\n"
    write(tmp_path / "attributions" / "n_a1.ann", ann + "E1\tAttribution:T1 Cue:T1 Content:T2\r\n")
    (document,) = load_gold(tmp_path)
    assert document.relations[0].cue_text == "said"


def test_load_gold_says_which_folder_to_pass(tmp_path: Path) -> None:
    with pytest.raises(ClaimtrackError, match="pass a split folder"):
        load_gold(tmp_path)


@pytest.mark.parametrize(
    ("cue", "content", "speech"),
    [
        ("said", "the pier will reopen", True),
        ("says", "the pier will reopen", True),
        ("according to", "the pier will reopen", True),
        ("told reporters", "the pier will reopen", True),
        ("has denied", "the pier will reopen", True),
        ("replied", "the pier will reopen", True),
        ("believe", "the pier will reopen", False),
        ("thinks", "the pier will reopen", False),
        ("", "the pier will reopen", False),
        ("believe", '"the pier will reopen"', True),
        ("thinks", "“the pier will reopen”", True),
        ("", "the pier will reopen,”", True),
        ("", "  ''the pier will reopen", True),
    ],
)
def test_is_speech(cue: str, content: str, speech: bool) -> None:
    relation = GoldRelation([(0, len(content))], None, None, cue)
    assert is_speech(relation, content) is speech


@pytest.mark.parametrize(
    ("content", "quote"),
    [('"We are ready"', True), ("  “We are ready”", True), ("We are “ready”", False), ("We are ready,”", False)],
)
def test_is_direct_quote(content: str, quote: bool) -> None:
    assert is_direct_quote(GoldRelation([(0, len(content))], None, None, ""), content) is quote


def gold(*relations: GoldRelation, text: str = "x" * 1000) -> GoldDocument:
    return GoldDocument("made-up", text, list(relations))


SAID = GoldRelation([(100, 200)], [(10, 20)], [(30, 34)], "said")
BELIEVES = GoldRelation([(500, 600)], [(400, 410)], [(420, 428)], "believes")


@pytest.mark.parametrize(
    ("predicted", "matched"),
    [
        ([Predicted([(150, 250)], None)], 1),  # exactly half inside
        ([Predicted([(151, 251)], None)], 0),  # 49 of 100 inside
        ([Predicted([(60, 100), (150, 190)], None)], 1),  # 40 of 80 inside, over two pieces
        ([Predicted([(60, 100), (151, 190)], None)], 0),  # 39 of 79
        ([Predicted([(120, 130)], None)], 1),  # wholly inside a longer gold content
        ([Predicted([(150, 150)], None)], 0),  # empty
        ([Predicted([(100, 200)], None), Predicted([(100, 200)], None)], 1),  # one to one
    ],
)
def test_content_match_needs_half_the_predicted_characters(predicted: list[Predicted], matched: int) -> None:
    counts = score_document(gold(SAID), predicted)
    assert (counts.matched, counts.predicted - counts.matched) == (matched, len(predicted) - matched)


def test_greedy_match_gives_gold_to_the_better_overlap() -> None:
    # The second prediction is wholly inside SAID, the first only 60 %: the second takes it, the first is left.
    report = evaluate([gold(SAID)], lambda texts: [[Predicted([(140, 240)], (10, 12)), Predicted([(110, 190)], None)]])
    assert (report.content_all.tp, report.content_all.fp, report.content_all.fn) == (1, 1, 0)
    assert report.content_speaker_all.tp == 0


def test_greedy_match_prefers_the_closer_gold_on_a_tie() -> None:
    # Both predictions lie wholly inside the outer content; the inner one must not take it from the outer.
    outer, inner = GoldRelation([(100, 300)], None, None, "said"), GoldRelation([(150, 200)], None, None, "said")
    predicted = [Predicted([(150, 200)], None), Predicted([(100, 300)], None)]
    assert score_document(gold(outer, inner), predicted).matched == 2


@pytest.mark.parametrize(
    ("speaker", "right"),
    [((10, 20), True), ((19, 40), True), ((0, 11), True), ((20, 25), False), ((0, 10), False), (None, False)],
)
def test_speaker_right_when_it_overlaps_the_gold_source(speaker: tuple[int, int] | None, right: bool) -> None:
    assert score_document(gold(SAID), [Predicted([(100, 200)], speaker)]).matched_speaker == int(right)


def test_speaker_never_right_for_a_relation_without_source() -> None:
    no_source = GoldRelation([(100, 200)], None, [(30, 34)], "said")
    assert score_document(gold(no_source), [Predicted([(100, 200)], (10, 20))]).matched_speaker == 0


def test_speech_precision_ignores_predictions_matched_to_non_speech() -> None:
    predicted = [Predicted([(100, 200)], (10, 20)), Predicted([(500, 600)], (400, 410)), Predicted([(800, 900)], None)]
    report = evaluate([gold(SAID, BELIEVES)], lambda texts: [predicted for _ in texts])
    assert (report.gold_all, report.gold_speech, report.predicted) == (2, 1, 3)
    assert (report.content_all.tp, report.content_all.fp, report.content_all.fn) == (2, 1, 0)
    assert (report.content_speech.tp, report.content_speech.fp, report.content_speech.fn) == (1, 1, 0)
    assert report.content_speech.precision == 0.5 and report.content_speech.recall == 1.0
    assert report.content_speaker_speech.f1 == pytest.approx(2 / 3)


def test_direct_quote_recall_counts_matched_quotes() -> None:
    text = 'Intro. "Quoted words here," he said. Plain reported words, she said.'
    quoted, plain = at('"Quoted words here,"', text), at("Plain reported words", text)
    document = gold(GoldRelation([quoted], None, None, "said"), GoldRelation([plain], None, None, "said"), text=text)
    report = evaluate([document], lambda texts: [[Predicted([plain], None)]])
    assert (report.direct_quotes, report.direct_quote_recall) == (1, 0.0)
    report = evaluate([document], lambda texts: [[Predicted([quoted], None)]])
    assert (report.direct_quotes, report.direct_quote_recall) == (1, 1.0)


def test_gold_against_itself_is_perfect_where_there_is_a_source() -> None:
    document = GoldDocument("harbour", TEXT, parse_ann(ANN, TEXT))
    report = evaluate([document], lambda texts: [gold_as_predicted(document)])
    assert report.content_all.f1 == 1.0 and report.content_speech.f1 == 1.0
    assert (report.content_speaker_all.tp, report.content_speaker_all.fn) == (2, 1)  # the cod belief has no source
    assert report.content_speaker_speech.f1 == 1.0
    assert report.direct_quote_recall == 1.0


def test_evaluate_limit_and_one_prediction_list_per_text() -> None:
    documents = [gold(SAID), gold(BELIEVES), gold(SAID)]
    seen: list[str] = []

    def predict(texts):
        seen.extend(texts)
        return [[] for _ in seen]

    assert evaluate(documents, predict, limit=2).documents == 2 and len(seen) == 2
    with pytest.raises(ValueError):
        evaluate(documents, lambda texts: [[]])
    assert evaluate(documents, lambda texts: [[] for _ in texts]).to_dict()["content_all"]["fn"] == 3


@pytest.mark.polnear
@pytest.mark.skipif(not POLNEAR.is_dir(), reason="../shared/polnear is absent")
def test_polnear_dev_against_itself() -> None:
    documents = load_gold(POLNEAR / "dev")
    report = evaluate(documents, lambda texts: [gold_as_predicted(d) for d in documents])
    assert report.documents == 84
    assert 1000 < report.gold_all < 10000
    assert 0.3 * report.gold_all < report.gold_speech < 0.9 * report.gold_all
    assert 100 < report.direct_quotes < report.gold_speech
    assert report.content_all.f1 == 1.0 and report.content_speech.f1 == 1.0
    assert 0.9 < report.content_speaker_all.f1 < 0.97

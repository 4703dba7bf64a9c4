"""Scoring extracted statements against a gold attribution corpus in brat standoff (PolNeAR)."""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from claimtrack.errors import ClaimtrackError, InputError
from claimtrack.spans import CharSpan, union

# A brat record starts with its id and a tab; anything else continues the previous T line's text column.
_RECORD = re.compile(r"(?:[TERAMN]\d+|#\d*)\t")
_OPENING_QUOTES = "\"“”„«‘'"  # NYT writes an opening quote as two straight apostrophes.
_CLOSING_QUOTES = "\"”“»’'"
_REPORTING_VERBS = (  # base forms; _inflections adds -s, -ed, -ing
    "say tell add state announce confirm deny claim explain note ask write tweet argue insist warn report declare "
    "reply respond comment suggest stress acknowledge admit assert contend maintain predict promise vow pledge "
    "describe recall recount testify concede complain boast joke quip emphasize emphasise point urge accuse allege "
    "mention repeat reiterate remark observe answer shout yell whisper speak talk quote disclose reveal inform "
    "caution criticize criticise charge demand threaten agree dispute interview post remind"
)
_OTHER_CUE_WORDS = "said told wrote written spoke spoken according reportedly statement statements"


def _inflections(verb: str) -> set[str]:
    forms = {verb, verb + "s", verb + "es", verb + "ed", verb + "ing", verb + verb[-1] + "ed", verb + verb[-1] + "ing"}
    if verb.endswith("e"):
        forms |= {verb + "d", verb[:-1] + "ing"}
    if verb.endswith("y") and verb[-2] not in "aeiou":
        forms |= {verb[:-1] + "ied", verb[:-1] + "ies"}
    return forms


REPORTING_CUE_WORDS: frozenset[str] = frozenset(
    set(_OTHER_CUE_WORDS.split()).union(*map(_inflections, _REPORTING_VERBS.split()))
)


@dataclass(frozen=True)
class GoldRelation:
    """One annotated attribution: content pieces, the source mention and cue, as character offsets."""

    content: list[CharSpan]
    source: list[CharSpan] | None
    cue: list[CharSpan] | None
    cue_text: str


@dataclass(frozen=True)
class GoldDocument:
    name: str
    text: str
    relations: list[GoldRelation]


@dataclass(frozen=True)
class Predicted:
    """One extracted statement as offsets: its content pieces and, if found, the speaker mention."""

    pieces: list[CharSpan]
    speaker: CharSpan | None


@dataclass(frozen=True)
class Scores:
    tp: int
    fp: int
    fn: int
    precision: float
    recall: float
    f1: float

    @classmethod
    def from_counts(cls, tp: int, fp: int, fn: int) -> Scores:
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return cls(tp, fp, fn, precision, recall, f1)


@dataclass(frozen=True)
class Counts:
    """What one document (or a sum of documents) contributes to the scores."""

    predicted: int = 0
    gold: int = 0
    gold_speech: int = 0
    direct_quotes: int = 0
    matched: int = 0
    matched_speaker: int = 0
    matched_speech: int = 0
    matched_speech_speaker: int = 0
    matched_direct_quotes: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(*(a + b for a, b in zip(dataclasses.astuple(self), dataclasses.astuple(other), strict=True)))


@dataclass(frozen=True)
class EvalReport:
    documents: int
    gold_all: int
    gold_speech: int
    predicted: int
    content_all: Scores
    content_speaker_all: Scores
    content_speech: Scores
    content_speaker_speech: Scores
    direct_quote_recall: float
    direct_quotes: int

    def to_dict(self) -> dict[str, object]:
        return dataclasses.asdict(self)


def parse_ann(ann: str, text: str, path: str = "<ann>") -> list[GoldRelation]:
    """Read the attribution relations (E lines) of a brat .ann file whose offsets index into `text`.

    Only offsets are trusted: the text column of a T line may wrap onto following lines. Roles with a
    number (`Content2`) add pieces to their role. Relations without a content span are left out.
    """
    spans: dict[str, list[CharSpan]] = {}
    events: list[tuple[int, list[str]]] = []
    for number, line in enumerate(ann.split("\n"), start=1):
        line = line.rstrip("\r")
        if not _RECORD.match(line):
            continue
        fields = line.split("\t")
        if line.startswith("T"):
            try:
                offsets = fields[1].split(" ", 1)[1]
                pieces = [(int(s), int(e)) for s, e in (p.split() for p in offsets.split(";"))]
            except (IndexError, ValueError):
                raise InputError(path, f"line {number}: cannot read the offsets of {fields[0]}") from None
            if any(not 0 <= s <= e <= len(text) for s, e in pieces):
                raise InputError(path, f"line {number}: offsets outside the text", "is this the matching .txt?")
            spans[fields[0]] = pieces
        elif line.startswith("E") and len(fields) > 1:
            events.append((number, fields[1].split()[1:]))  # the first argument is the trigger
    relations = []
    for number, arguments in events:
        roles: dict[str, list[CharSpan]] = {}
        for argument in arguments:
            role, _, target = argument.partition(":")
            if target not in spans:
                raise InputError(path, f"line {number}: {target or argument!r} is not a text-bound annotation")
            roles.setdefault(role.rstrip("0123456789"), []).extend(spans[target])
        if "Content" not in roles:
            continue
        source, cue = (sorted(roles[role]) if role in roles else None for role in ("Source", "Cue"))
        relations.append(GoldRelation(sorted(roles["Content"]), source, cue, " ".join(text[s:e] for s, e in cue or [])))
    return relations


def _read(path: Path) -> str:
    # Bytes, not read_text: newline translation would shift every offset after a "\r\n".
    return path.read_bytes().decode("utf-8")


def load_gold(gold_dir: Path) -> list[GoldDocument]:
    """Load a split folder holding `text/<name>.txt` and `attributions/<name>_<annotator>.ann`.

    When several annotators marked one text, the first .ann in sorted order is used. Texts without any
    .ann are left out: unannotated is not the same as "no attributions".
    """
    text_dir, ann_dir = gold_dir / "text", gold_dir / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise ClaimtrackError(
            f"{gold_dir}: no text/ and attributions/ folders; pass a split folder such as ../shared/polnear/dev"
        )
    annotations: dict[str, Path] = {}
    for ann in sorted(ann_dir.glob("*.ann")):
        annotations.setdefault(ann.stem.rsplit("_", 1)[0], ann)
    documents = []
    for txt in sorted(text_dir.glob("*.txt")):
        if (ann := annotations.get(txt.stem)) is not None:
            text = _read(txt)
            documents.append(GoldDocument(txt.stem, text, parse_ann(_read(ann), text, str(ann))))
    return documents


def _inside(spans: list[CharSpan], within: list[CharSpan]) -> int:
    return sum(max(0, min(e, we) - max(s, ws)) for s, e in spans for ws, we in within)


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z]+", text.lower())


def is_direct_quote(relation: GoldRelation, text: str) -> bool:
    """The content opens with a quotation mark."""
    content = union(relation.content)
    return bool(content) and text[content[0][0] : content[0][1]].lstrip()[:1] in _OPENING_QUOTES


def is_speech(relation: GoldRelation, text: str) -> bool:
    """A reporting cue (said, told, according to, ...) or content that opens or closes with a quote mark.

    Separates speech from the beliefs and feelings PolNeAR also annotates ("voters fear ...").
    """
    if any(word in REPORTING_CUE_WORDS for word in _words(relation.cue_text)):
        return True
    content = union(relation.content)
    return bool(content) and (
        is_direct_quote(relation, text) or text[content[-1][0] : content[-1][1]].rstrip()[-1:] in _CLOSING_QUOTES
    )


def _speaker_right(predicted: Predicted, relation: GoldRelation) -> bool:
    if predicted.speaker is None or not relation.source:
        return False
    start, end = predicted.speaker
    return any(max(start, s) < min(end, e) for s, e in relation.source)


def match(relations: list[GoldRelation], predicted: list[Predicted]) -> dict[int, int]:
    """Pair predictions with gold relations one to one, greedily; returns {prediction index: relation index}.

    A pair is a candidate when at least half of the prediction's characters fall inside the gold content.
    Candidates are taken by that fraction, descending; ties go to the pair covering more of the gold
    content, then to the pair whose speaker is right, then to the earlier prediction and relation.
    """
    golds = [union(r.content) for r in relations]
    candidates = []
    for p, prediction in enumerate(predicted):
        pieces = union(prediction.pieces)
        size = sum(e - s for s, e in pieces)
        for g, gold in enumerate(golds):
            inside = _inside(pieces, gold)
            if size and 2 * inside >= size:
                gold_size = sum(e - s for s, e in gold)
                speaker = _speaker_right(prediction, relations[g])
                candidates.append((-inside / size, -inside / gold_size, not speaker, p, g))
    pairs: dict[int, int] = {}
    taken: set[int] = set()
    for *_, p, g in sorted(candidates):
        if p not in pairs and g not in taken:
            pairs[p] = g
            taken.add(g)
    return pairs


def score_document(gold: GoldDocument, predicted: list[Predicted]) -> Counts:
    speech = [is_speech(r, gold.text) for r in gold.relations]
    quotes = [is_direct_quote(r, gold.text) for r in gold.relations]
    pairs = match(gold.relations, predicted)
    right = {p: _speaker_right(predicted[p], gold.relations[g]) for p, g in pairs.items()}
    return Counts(
        predicted=len(predicted),
        gold=len(gold.relations),
        gold_speech=sum(speech),
        direct_quotes=sum(quotes),
        matched=len(pairs),
        matched_speaker=sum(right.values()),
        matched_speech=sum(speech[g] for g in pairs.values()),
        matched_speech_speaker=sum(speech[g] and right[p] for p, g in pairs.items()),
        matched_direct_quotes=sum(quotes[g] for g in pairs.values()),
    )


def report(counts: Counts, documents: int) -> EvalReport:
    """Turn summed counts into scores.

    Predictions are matched against all gold relations. For the speech subset, recall is matched speech
    relations over speech relations, and precision counts a prediction as right when it matched a speech
    relation and as wrong when it matched nothing; a prediction matched to a non-speech relation (a belief,
    a feeling) counts neither way. Content+speaker also counts a matched prediction with a wrong speaker
    as wrong.
    """
    unmatched = counts.predicted - counts.matched
    return EvalReport(
        documents=documents,
        gold_all=counts.gold,
        gold_speech=counts.gold_speech,
        predicted=counts.predicted,
        content_all=Scores.from_counts(counts.matched, unmatched, counts.gold - counts.matched),
        content_speaker_all=Scores.from_counts(
            counts.matched_speaker, counts.predicted - counts.matched_speaker, counts.gold - counts.matched_speaker
        ),
        content_speech=Scores.from_counts(counts.matched_speech, unmatched, counts.gold_speech - counts.matched_speech),
        content_speaker_speech=Scores.from_counts(
            counts.matched_speech_speaker,
            unmatched + counts.matched_speech - counts.matched_speech_speaker,
            counts.gold_speech - counts.matched_speech_speaker,
        ),
        direct_quote_recall=counts.matched_direct_quotes / counts.direct_quotes if counts.direct_quotes else 0.0,
        direct_quotes=counts.direct_quotes,
    )


def evaluate(
    gold_docs: Iterable[GoldDocument],
    predict: Callable[[Iterable[str]], Iterable[list[Predicted]]],
    limit: int | None = None,
) -> EvalReport:
    """Score `predict` on the first `limit` documents (all when None); `report` says how.

    `predict` maps the texts, in order, to one list of predictions per text, so a caller can batch
    with `nlp.pipe`.
    """
    documents = list(itertools.islice(gold_docs, limit))
    predictions = predict(doc.text for doc in documents)
    counts = sum((score_document(d, p) for d, p in zip(documents, predictions, strict=True)), Counts())
    return report(counts, len(documents))


def gold_as_predicted(document: GoldDocument) -> list[Predicted]:
    """The gold relations as predictions (speaker: the source's outer bounds), to check the scorer itself."""
    return [
        Predicted(list(r.content), (r.source[0][0], max(e for _, e in r.source)) if r.source else None)
        for r in document.relations
    ]

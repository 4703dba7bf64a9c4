"""evaluate: the extractor scored against a gold split (brat standoff: PolNeAR, PARC-style)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from claimtrack.api import loading
from claimtrack.config import Settings

if TYPE_CHECKING:
    from claimtrack.evaluate import EvalReport, Predicted
    from claimtrack.nlp.statement import RawStatement


def evaluate(
    gold_dir: Path,
    settings: Settings | None = None,
    *,
    limit: int | None = None,
    on_total: Callable[[int], None] | None = None,
    on_document: Callable[[], None] | None = None,
) -> EvalReport:
    """Score the extractor against a brat standoff gold split (PolNeAR, PARC-style). `on_total` is told how
    many documents will be scored, `on_document` each time one has been parsed."""
    from claimtrack import evaluate as scoring
    from claimtrack.nlp.pipeline import statements_of_texts

    settings = settings or Settings()
    gold = scoring.load_gold(gold_dir)
    if on_total is not None:
        on_total(len(gold) if limit is None else min(limit, len(gold)))
    nlp = loading.load(settings.model, "extract")

    def predict(texts: Iterable[str]) -> Iterator[list[scoring.Predicted]]:
        keyed = ((text, number) for number, text in enumerate(texts))
        for _, raws in statements_of_texts(nlp, keyed, settings.chunk_chars, settings.batch_size):
            yield [predicted(raw) for raw in raws]
            if on_document is not None:
                on_document()

    return scoring.evaluate(gold, predict, limit=limit)


def predicted(raw: RawStatement) -> Predicted:
    """An extracted statement as the scorer sees it: its content pieces and its speaker mention."""
    from claimtrack import evaluate as scoring

    return scoring.Predicted(
        pieces=list(raw.pieces) or [(raw.start, raw.end)],
        speaker=(raw.speaker.start, raw.speaker.end) if raw.speaker.start is not None else None,
    )

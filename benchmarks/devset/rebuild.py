#!/usr/bin/env python3
"""Put the dev set's article texts back in benchmarks/devset/articles/ (they are git-ignored) and check them.

usage: rebuild.py --check [--quiet]          which texts are missing or differ from manifest.json
       rebuild.py --queries                  the search to run for each missing text (corpus `pages`)
       rebuild.py --from DIR                 copy them from a folder laid out like articles/ (e.g. /work/devset-texts)
       rebuild.py --results FILE...          take them from saved search answers: JSON with "results" (each with
                                             "url" and "excerpt"), or JSON lines of {"url", "excerpt"}

A text is written only when its sha256 is the one in manifest.json, so the offsets in gold.json hold.
Exit 1 when a text is still missing or differs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ARTICLES = HERE / "articles"


def entries() -> list[tuple[str, dict]]:
    manifest = json.loads((HERE / "manifest.json").read_text(encoding="utf-8"))
    return [(q, e) for q, rows in manifest["questions"].items() for e in rows]


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def state(q: str, e: dict) -> str:
    path = ARTICLES / q / e["file"]
    if not path.is_file():
        return "missing"
    return "ok" if digest(path.read_text(encoding="utf-8")) == e["sha256"] else "differs"


def write(q: str, e: dict, text: str) -> bool:
    if digest(text) != e["sha256"]:
        return False
    path = ARTICLES / q / e["file"]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="")
    return True


def answers(paths: list[Path]) -> dict[str, list[str]]:
    """url -> every excerpt stored for it in the saved answers."""
    found: dict[str, list[str]] = {}
    for path in paths:
        raw = path.read_text(encoding="utf-8")
        try:
            blobs = [json.loads(raw)]
        except ValueError:
            blobs = [json.loads(line) for line in raw.splitlines() if line.strip()]
        for blob in blobs:
            rows = blob.get("results", [blob]) if isinstance(blob, dict) else blob
            for row in rows:
                if isinstance(row, dict) and row.get("url") and isinstance(row.get("excerpt"), str):
                    found.setdefault(row["url"], []).append(row["excerpt"])
    return found


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--check", action="store_true")
    mode.add_argument("--queries", action="store_true")
    mode.add_argument("--from", dest="source", type=Path)
    mode.add_argument("--results", nargs="+", type=Path)
    parser.add_argument("--quiet", action="store_true", help="with --check: one summary line, and only when not all ok")
    args = parser.parse_args(argv)
    rows = entries()

    if args.source is not None:
        for q, e in rows:
            path = args.source / q / e["file"]
            if path.is_file() and not write(q, e, path.read_text(encoding="utf-8")):
                print(f"rebuild.py: {path} differs from the text annotated in gold.json; not copied", file=sys.stderr)
    elif args.results is not None:
        for path in args.results:
            if not path.is_file():
                print(f"rebuild.py: {path} does not exist: give saved search answers", file=sys.stderr)
                return 2
        found = answers(args.results)
        for q, e in rows:
            excerpts = found.get(e["url"], [])
            if excerpts and not any(write(q, e, text) for text in excerpts):
                print(
                    f"rebuild.py: the stored page {e['url']} differs from the one annotated; not written",
                    file=sys.stderr,
                )

    states = [(q, e, state(q, e)) for q, e in rows]
    bad = [(q, e, s) for q, e, s in states if s != "ok"]
    if args.queries:
        for q, e, s in bad:
            print(f"{q}/{e['file']} ({s}): search corpus=pages query={json.dumps(e['query'])} -> result url {e['url']}")
        return 1 if bad else 0
    if args.quiet:
        if bad:
            print(f"{len(bad)} of {len(rows)} texts missing or changed, e.g. {bad[0][0]}/{bad[0][1]['file']}")
    else:
        for q, e, s in states:
            print(f"{s:8} {q}/{e['file']}")
        print(f"{len(rows) - len(bad)} of {len(rows)} texts in place")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

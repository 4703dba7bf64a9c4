#!/usr/bin/env python3
"""Score claimtrack's output on the real-news dev set against its annotated reading (gold.json beside this file).

usage: score.py [GOLD] RESULTS_DIR [--question Q]... [--verbose]

RESULTS_DIR holds one folder per question with `statements.json` (`claimtrack export --format json`) and, optionally,
`conflicts.json` (`claimtrack conflicts --topic T --format json`); run.sh beside this file writes them.
Prints per question and overall: speaker recall (gold statements found with the right speaker), core recall,
precision (the share of extracted statements that are statements of the reading, duplicates not counted), date
accuracy, background statements kept off the publication day, stance accuracy, must-find reversals found and false
reversals. --verbose lists each miss (MISS, SPEAKER, DATE, BACKGROUND, STANCE), each extracted statement not in the
reading (EXTRA) or repeating one already found (DUPLICATE), and each conflict of the reading missed or reported wrongly.

Adapted from the seeds' scorer (../shared/seeds-eval/score.py): the same normalisation and speaker matching, with a
question per statement, other acceptable speakers (speaker_alt), unnamed sources (speaker_kind), background dates,
duplicates and conflicts matched by anchor.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

QUOTES = "\"'“”‘’«»„‟‹›`"
HERE = Path(__file__).resolve().parent
#: Words of an anonymous label that say nothing about who spoke.
LABEL_FILLER = {"a", "an", "the", "of", "some", "two", "senior", "key", "most", "and", "to", "for", "mr"}


def norm(s: str | None) -> str:
    s = unicodedata.normalize("NFKC", s or "")
    s = "".join(" " if c in QUOTES else c for c in s)
    s = s.replace("\u2026", "...")
    return re.sub(r"\s+", " ", s).strip().lower()


def speaker_names(st: dict) -> list[str]:
    sp = st.get("speaker")
    if isinstance(sp, str):
        return [sp]
    if not isinstance(sp, dict):
        return []
    return [v for k in ("name", "mention") if isinstance(v := sp.get(k), str) and v]


def speaker_kind(st: dict) -> str | None:
    sp = st.get("speaker")
    return sp.get("kind") if isinstance(sp, dict) else None


def name_ok(gold: str, names: list[str]) -> bool:
    """The seeds scorer's test: name or mention holds the gold name (or the reverse), the same surname, or alike."""
    names = [norm(n) for n in names if n]
    if not names:
        return False
    g = norm(gold)
    for n in names[:2]:
        if g in n or n in g:
            return True
    primary = names[0]
    if len(g.split()) > 1 and g.split()[-1] == primary.split()[-1] and len(g.split()[-1]) > 3:
        return True
    return SequenceMatcher(None, g, primary).ratio() >= 0.85


def speaker_ok(gold: dict, st: dict) -> bool:
    names = speaker_names(st)
    if gold["speaker"] == "any":
        return bool(names)
    if any(name_ok(g, names) for g in [gold["speaker"], *gold.get("speaker_alt", [])]):
        return True
    if gold.get("speaker_kind") == "anonymous":
        if speaker_kind(st) == "anonymous":
            return True
        # No kind in the output yet: a mention that carries the label's telling words ("sources", "official") will do.
        words = {w for w in norm(gold["speaker"]).split() if w not in LABEL_FILLER and len(w) > 2}
        mention = set(norm(" ".join(names)).split())
        return bool(words) and words <= mention
    return False


def stance_of(st: dict, topic: str) -> str:
    s = st.get("stances") or {}
    v = s.get(topic) if isinstance(s, dict) else None
    if isinstance(v, dict):
        v = v.get("position")
    return v.lower() if isinstance(v, str) and v else "none"


def date_of(st: dict) -> tuple[str | None, str]:
    d = st.get("date")
    if isinstance(d, dict):
        value = d.get("value")
        return (str(value)[:10] if value else None), str(d.get("precision") or "unknown")
    return (str(d)[:10] if d else None), "day"


def doc_key(st: dict) -> str:
    d = st.get("document")
    path = d.get("path") if isinstance(d, dict) else str(d or "")
    return Path(path or "").name[:3]


def is_claim(st: dict) -> bool:
    """A bare reference ('denied the report') is kept for stance but is not a claim: not counted in precision."""
    return st.get("kind") != "reference"


def texts_of(side: dict) -> list[str]:
    texts = [side.get("text") or ""]
    texts += [a.get("text") or "" for a in side.get("appearances") or [] if isinstance(a, dict)]
    return [norm(t) for t in texts]


@dataclass
class Tally:
    total: int = 0
    found: int = 0
    core_total: int = 0
    core_found: int = 0
    extracted: int = 0
    real: int = 0
    duplicates: int = 0
    date_n: int = 0
    date_ok: int = 0
    background_n: int = 0
    background_ok: int = 0
    stance_n: int = 0
    stance_ok: int = 0
    must: int = 0
    must_found: int = 0
    reversals: int = 0
    false_reversals: int = 0
    lines: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        for name in self.__dataclass_fields__:
            if name != "lines":
                setattr(self, name, getattr(self, name) + getattr(other, name))


def pct(a: int, b: int) -> str:
    return f"{100.0 * a / b:.0f}%" if b else "n/a"


def score_question(question: str, gold: dict, preds: list[dict], conflicts: list[dict] | None) -> Tally:
    tally = Tally()
    published = gold["questions"][question]["published"]
    statements = [g for g in gold["statements"] if g["question"] == question]
    anchors = [(g, norm(g["anchor"])) for g in statements]
    holders: dict[int, list[int]] = {}  # gold index -> predictions whose text holds its anchor
    for i, p in enumerate(preds):
        text = norm(p.get("text"))
        for k, (g, anchor) in enumerate(anchors):
            if g["doc"] == doc_key(p) and anchor in text:
                holders.setdefault(k, []).append(i)

    for k, (g, _) in enumerate(anchors):
        required = not g.get("optional")
        tally.total += required
        tally.core_total += bool(required and g.get("core"))
        cands = [preds[i] for i in holders.get(k, [])]
        hit = next((p for p in cands if speaker_ok(g, p)), None)
        where = f"{question}/{g['doc']} '{g['anchor']}'"
        if hit is None:
            if required:
                why = (
                    "no statement holds the anchor"
                    if not cands
                    else "speaker " + " / ".join(speaker_names(cands[0])[:2] or ["(none)"])
                )
                tally.lines.append(f"{'MISS' if not cands else 'SPEAKER'} {where} [{g['speaker']}]: {why}")
            continue
        if not required:
            continue
        tally.found += 1
        tally.core_found += bool(g.get("core"))
        want = [s.lower() for s in g.get("stance", [])]
        if want and want != ["any"]:
            tally.stance_n += 1
            got = stance_of(hit, question)
            if got in want:
                tally.stance_ok += 1
            else:
                tally.lines.append(f"STANCE {where}: got {got}, want {'/'.join(want)}")
        value, precision = date_of(hit)
        if g.get("date"):
            tally.date_n += 1
            if value in g["date"]:
                tally.date_ok += 1
            else:
                tally.lines.append(f"DATE {where}: got {value} ({precision}), want {'/'.join(g['date'])}")
        elif g.get("background"):
            tally.background_n += 1
            if value == published[g["doc"]] and precision == "day":
                tally.lines.append(f"BACKGROUND {where}: dated at publication {value}")
            else:
                tally.background_ok += 1

    # One statement extracted twice (two speakers for one span, a credit line and its quote) is a duplicate: the
    # extracted statements that hold the same gold anchors count once, or as often as the article repeats them.
    seen: dict[tuple[str, frozenset[int]], int] = {}
    for i, p in enumerate(preds):
        if not is_claim(p):
            continue
        tally.extracted += 1
        mine = frozenset(k for k, held in holders.items() if i in held)
        label = f"{question}/{doc_key(p)} [{'/'.join(speaker_names(p)[:1]) or '-'}] {norm(p.get('text'))[:90]}"
        if not mine:
            tally.lines.append(f"EXTRA {label}")
            continue
        key = (doc_key(p), mine)
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > max(anchors[k][0].get("occurs", 1) for k in mine):
            tally.duplicates += 1
            tally.lines.append(f"DUPLICATE {label}")
        else:
            tally.real += 1

    if conflicts is not None:
        score_conflicts(question, gold, conflicts, tally)
    return tally


def side_holds(side: dict, anchors: list[str]) -> bool:
    texts = texts_of(side)
    return any(norm(a) in t for a in anchors for t in texts)


def score_conflicts(question: str, gold: dict, conflicts: list[dict], tally: Tally) -> None:
    musts = [c for c in gold.get("conflicts", []) if c["question"] == question]
    found = {i: None for i, c in enumerate(musts) if c.get("must")}
    tally.must += len(found)
    reversals = [c for c in conflicts if str(c.get("kind")) == "reversal"]
    tally.reversals += len(reversals)
    for rank, c in enumerate(reversals, 1):
        earlier, later = c.get("earlier") or {}, c.get("later") or {}
        matched = [
            i
            for i, g in enumerate(musts)
            if side_holds(earlier, g["earlier_anchors"]) and side_holds(later, g["later_anchors"])
        ]
        for i in matched:
            if i in found and found[i] is None:
                found[i] = rank
        if not matched:
            tally.false_reversals += 1
            tally.lines.append(
                f"FALSE REVERSAL {question} #{rank} [{c.get('voice')}] "
                f"{norm(earlier.get('text'))[:60]} -> {norm(later.get('text'))[:60]}"
            )
    for i, rank in found.items():
        if rank is None:
            tally.lines.append(f"REVERSAL MISSED {question}: {musts[i]['why']}")
        else:
            tally.must_found += 1
            tally.lines.append(f"REVERSAL FOUND {question} at rank {rank} of {len(reversals)}: {musts[i]['why'][:80]}")


def report(name: str, t: Tally) -> str:
    precision = t.real / t.extracted if t.extracted else 0.0
    reversals = f"{t.must_found}/{t.must}" if t.must else "n/a"
    return (
        f"{name:<14} recall {t.found}/{t.total} ({pct(t.found, t.total)})  core {t.core_found}/{t.core_total}  "
        f"precision {t.real}/{t.extracted} ({precision:.2f}, {t.duplicates} dup)  "
        f"date {t.date_ok}/{t.date_n} ({pct(t.date_ok, t.date_n)})  "
        f"background {t.background_ok}/{t.background_n}  "
        f"stance {t.stance_ok}/{t.stance_n} ({pct(t.stance_ok, t.stance_n)})  "
        f"reversals {reversals}  false reversals {t.false_reversals}"
    )


def load_json(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        sys.exit(f"score.py: cannot read {path}: {err}")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="+", help="[GOLD] RESULTS_DIR")
    parser.add_argument("--question", action="append", help="score only this question (repeatable)")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    if len(args.paths) > 2:
        parser.error("give at most GOLD and RESULTS_DIR")
    gold_path = Path(args.paths[0]) if len(args.paths) == 2 else HERE / "gold.json"
    results = Path(args.paths[-1])
    gold = load_json(gold_path)
    questions = args.question or list(gold["questions"])
    unknown = [q for q in questions if q not in gold["questions"]]
    if unknown:
        parser.error(f"unknown question {unknown[0]!r}: one of {', '.join(gold['questions'])}")
    overall = Tally()
    rows = []
    for q in questions:
        statements_path = results / q / "statements.json"
        if not statements_path.is_file():
            print(f"score.py: {statements_path} is missing: run benchmarks/devset/run.sh first", file=sys.stderr)
            return 1
        blob = load_json(statements_path)
        preds = blob.get("statements", []) if isinstance(blob, dict) else blob
        conflicts_path = results / q / "conflicts.json"
        conflicts = None
        if conflicts_path.is_file():
            c = load_json(conflicts_path)
            conflicts = c.get("conflicts", []) if isinstance(c, dict) else c
        tally = score_question(q, gold, preds, conflicts)
        overall.add(tally)
        rows.append(report(q, tally))
        if args.verbose:
            print(f"== {q}")
            for line in tally.lines:
                print(line)
    for row in rows:
        print(row)
    print(report("overall", overall))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Loading the claims store and finding conflicts at archive scale, on a generated corpus.

    nox -s bench_store                                  # 10,000 documents, 100,000 statements
    python benchmarks/bench_store.py --documents 1000 --per-document 10

Writes a claims store of made-up documents (speakers, voices, dates over three years, positions on the
shipped peacekeepers topic, some statements reported by several outlets), then times, in one process:
loading the store, bringing stances up to date (nothing to redo: the store is stamped), canonical speakers,
grouping, and conflicts. Work beyond loading is reported as seconds and as a ratio to the load. Then (unless
--no-commands) it runs the commands an editor would, conflicts, timeline and export, each in a process of
its own, and reports each one's wall time and peak RSS.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from claimtrack import api, store
from claimtrack.api import reading
from claimtrack.config import Settings
from claimtrack.conflicts import finder as conflict_finding
from claimtrack.models import ClaimsFile, Document, DocumentRef, SpeakerRef, Stance, Statement, StatementDate
from claimtrack.report import SHOWN_CONFLICTS
from claimtrack.stance.topics import shipped_topics

FIRST = ["Anna", "Boris", "Clara", "David", "Elena", "Farid", "Greta", "Hugo", "Irina", "Jonas", "Karim", "Lena"]
LAST = ["Abel", "Brandt", "Costa", "Dumas", "Egger", "Fuchs", "Gatti", "Haas", "Ivanov", "Jansen", "Kovac", "Lund"]
VOICES = [f"Country {n}" for n in range(60)]
WORDS = [f"{a}{b}" for a in ("ka", "lo", "mi", "nu", "po", "ra", "se", "ti", "vu", "ze") for b in range(200)]
TEXTS = {
    "stay": "the peacekeepers will remain in the region {n}",
    "leave": "the peacekeepers will withdraw from the region {n}",
    "undecided": "the future of the peacekeeping mission will be discussed {n}",
}


def _document(path: str, published: dt.date, number: int) -> Document:
    """A generated document, its id from its path, in one of 40 outlets."""
    doc_id = hashlib.sha256(path.encode()).hexdigest()[:16]
    return Document(
        id=doc_id, path=path, published=published, outlet=f"Outlet {number % 40}", sha256=doc_id * 4, chars=5000
    )


def _statement(document: Document, index: int, text: str, name: str, voice: str | None, day: dt.date) -> Statement:
    """The `index`th statement of a generated document, said by `name` on `day`."""
    return Statement(
        id=hashlib.sha256(f"{document.id}:{index}".encode()).hexdigest()[:16],
        document=DocumentRef(id=document.id, path=document.path, published=document.published, outlet=document.outlet),
        text=text,
        start=index * 100,
        end=index * 100 + len(text),
        kind="indirect",
        cue="said",
        speaker=SpeakerRef(name=name, mention=name, title="minister", affiliation=voice),
        date=StatementDate(value=day, precision="day", basis="relative"),
    )


def _course(rng: random.Random, start: dt.date) -> list[tuple[dt.date, str]]:
    """A voice's positions over three years: where it starts, and up to two changes."""
    changes = sorted(start + dt.timedelta(days=rng.randrange(3 * 365)) for _ in range(rng.randrange(3)))
    positions = [rng.choice(["stay", "leave", "undecided"])]
    for _ in changes:
        positions.append(rng.choice([p for p in TEXTS if p != positions[-1]]))
    return list(zip([start, *changes], positions, strict=True))


def _held(course: list[tuple[dt.date, str]], day: dt.date) -> str:
    return ([position for since, position in course if since <= day] or [course[0][1]])[-1]


def generate(folder: Path, documents: int, per_document: int, seed: int = 7, off_topic: int = 0) -> int:
    """A store of made-up documents whose speakers mostly follow their voice's course, now and then not; and
    `off_topic` more documents whose statements take no position on the topic (most of a real archive), judged
    already. The on-topic part is the same whatever `off_topic` is."""
    rng = random.Random(seed)
    topic = shipped_topics()["peacekeepers"]
    stamp = topic.fingerprint(Settings().model)
    start = dt.date(2022, 1, 1)
    courses = {voice: _course(rng, start) for voice in VOICES}
    people = []
    for n in range(2500):
        voice = rng.choice(VOICES) if rng.random() < 0.9 else None
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}{n}"
        if voice is None:
            courses[name] = _course(rng, start)  # speaks for no one known: follows a course of their own
        people.append((name, voice))
    earlier: list[tuple[str, str | None, str, str, dt.date]] = []  # statements other outlets may report again
    count = 0
    for number in range(documents):
        published = start + dt.timedelta(days=rng.randrange(3 * 365))
        path = f"archive/{number:06d}.txt"
        document = _document(path, published, number)
        statements = []
        for index in range(per_document):
            if earlier and rng.random() < 0.1:
                name, voice, position, text, day = rng.choice(earlier)  # another outlet reports it too
            else:
                name, voice = rng.choice(people)
                day = published - dt.timedelta(days=rng.randrange(3))
                position = _held(courses[voice or name], day)
                if rng.random() < 0.1:
                    position = rng.choice(list(TEXTS))  # off message
                text = TEXTS[position].format(n=" ".join(rng.choices(WORDS, k=12)))
                earlier.append((name, voice, position, text, day))
            statement = _statement(document, index, text, name, voice, day)
            statement.stances = {"peacekeepers": Stance(position=position, confidence=0.9)}
            statements.append(statement)
            count += 1
        claims = ClaimsFile(pipeline="bench", document=document, statements=statements, topics={topic.name: stamp})
        store.save(store.claims_path(folder, path), claims)
    other = random.Random(seed + 1)
    for number in range(off_topic):
        published = start + dt.timedelta(days=other.randrange(3 * 365))
        path = f"archive/other-{number:06d}.txt"
        document = _document(path, published, number)
        statements = []
        for index in range(per_document):
            name, voice = other.choice(people)
            text = f"the harbour budget will {other.choice(['grow', 'shrink'])} " + " ".join(other.choices(WORDS, k=12))
            statements.append(_statement(document, index, text, name, voice, published))
            count += 1
        claims = ClaimsFile(pipeline="bench", document=document, statements=statements, topics={topic.name: stamp})
        store.save(store.claims_path(folder, path), claims)
    return count


def timed(label: str, run):
    started = time.perf_counter()
    result = run()
    seconds = time.perf_counter() - started
    print(f"{label:<34} {seconds:8.2f} s")
    return result, seconds


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--per-document", type=int, default=10)
    parser.add_argument(
        "--off-topic",
        type=int,
        default=0,
        help="Add this many documents whose statements take no position on the topic (an archive's bulk).",
    )
    parser.add_argument("--keep", type=Path, help="Write the store here and keep it (default: a temporary folder).")
    parser.add_argument(
        "--store",
        type=Path,
        help="Time this store (one written with --keep) instead of generating one: the process then holds only what "
        "a claimtrack command holds.",
    )
    parser.add_argument(
        "--commands",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="Then time the claimtrack commands an editor runs on the store, each in its own process.",
    )
    parser.add_argument(
        "--memory",
        action=argparse.BooleanOptionalAction,
        default=False,
        help="Then compare the peak RSS of 'conflicts --format json' on a store of a tenth of the documents (1x) "
        "with this store (10x, every document on the topic) and with the tenth plus nine tenths off the topic "
        "(10x the archive, the same claims on the topic).",
    )
    args = parser.parse_args(argv)
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.store or args.keep or Path(scratch) / "claims"
        if args.store is None:
            total, _ = timed(
                "generate store", lambda: generate(folder, args.documents, args.per_document, off_topic=args.off_topic)
            )
            print(f"{args.documents} documents on the topic, {args.off_topic} off it, {total} statements")
        reading.FREEZE_BUILT = True  # as the claimtrack command runs (setting api.FREEZE_BUILT did nothing)
        settings = Settings(claims_dir=folder)
        topic = shipped_topics()["peacekeepers"]
        report, load = timed("load claims/ + stance check", lambda: api.stance(folder, topic, settings))
        assert report.redone == 0
        view, claims = timed("speakers + grouping", lambda: api.view_of(report, topic, settings))
        shown, table = timed(
            f"conflicts, the {SHOWN_CONFLICTS} shown (table)",
            lambda: api.ranked_conflicts(view, settings).report(SHOWN_CONFLICTS),
        )
        found, conflicts = timed("conflicts, all built (json)", lambda: api.conflicts(view, settings))
        kinds = {kind: sum(1 for c in found.conflicts if c.kind == kind) for kind in conflict_finding.KIND_ORDER}
        print(f"{len(view.claims)} claims, conflicts: {kinds}")
        assert shown.conflicts == found.conflicts[:SHOWN_CONFLICTS]
        _, reversals = timed("find reversals only", lambda: api.conflicts(view, settings, ["reversal"]))
        beyond, beyond_all = claims + table, claims + conflicts
        figures.update(load=load, beyond=beyond, beyond_all=beyond_all)
        print(f"work beyond loading, the table (speakers, grouping, conflicts): {beyond:.2f} s = {beyond / load:.2f}x")
        print(f"work beyond loading, every conflict built: {beyond_all:.2f} s = {beyond_all / load:.2f}x the load")
        print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
        if args.commands:
            print("\nthe commands as a user runs them (output to /dev/null): wall time, peak RSS")
            for command in COMMANDS:
                figures[" ".join(command)] = run_command(command, folder)[0]
        if args.memory:
            figures.update(memory(folder, Path(scratch), args.documents, args.per_document))
    return figures


def memory(store_10x: Path, scratch: Path, documents: int, per_document: int) -> dict[str, float]:
    """Peak RSS of 'conflicts --format json' at 1x and at 10x, the archive grown two ways."""
    tenth = max(1, documents // 10)
    small, padded = scratch / "tenth", scratch / "padded"
    generate(small, tenth, per_document)
    generate(padded, tenth, per_document, off_topic=documents - tenth)
    print(f"\npeak RSS of 'conflicts --format json': {tenth:,} documents (1x) against {documents:,} (10x)")
    command = ["conflicts", "--topic", "peacekeepers", "--format", "json"]
    one = run_command(command, small)[1]
    archive = run_command(command, padded)[1]
    topic = run_command(command, store_10x)[1]
    print(f"  10x the archive, the same claims on the topic: {archive / one:.2f}x the memory at 1x")
    print(f"  10x the archive, every document on the topic (10x the claims): {topic / one:.2f}x")
    return {"rss_1x": one, "rss_10x_archive": archive, "rss_10x_topic": topic}


#: What an editor runs on the store, each in a process of its own. Output goes to /dev/null, so what is timed
#: is making it, not a terminal drawing it.
COMMANDS = [
    ["conflicts", "--topic", "peacekeepers"],
    ["conflicts", "--topic", "peacekeepers", "--format", "json"],
    ["timeline", "--topic", "peacekeepers", "--format", "json"],
    ["export", "--topic", "peacekeepers", "--format", "json"],
    ["export", "--format", "json"],
]


#: Runs one command and prints its exit code and peak RSS. It is a small process of its own because Linux
#: carries a process's peak RSS across exec: a command started straight from this one, which holds the
#: loaded store, would report this process's peak as its own.
_MEASURE = """
import os, sys
out = [(os.POSIX_SPAWN_OPEN, fd, os.devnull, os.O_WRONLY, 0) for fd in (1, 2)]
pid = os.posix_spawn(sys.executable, [sys.executable, "-m", "claimtrack", *sys.argv[1:]], os.environ, file_actions=out)
_, status, usage = os.wait4(pid, 0)
print(os.waitstatus_to_exitcode(status), usage.ru_maxrss)
"""


def run_command(command: list[str], folder: Path) -> tuple[float, float]:
    """One claimtrack command in a process of its own: its wall time (s) and peak RSS (MiB)."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, *command, "--claims", str(folder)], capture_output=True, text=True, check=True
    )
    seconds = time.perf_counter() - started
    code, peak_kib = (int(part) for part in done.stdout.split())
    outcome = "" if code == 0 else f"  (exit {code})"
    print(f"  claimtrack {' '.join(command):<50} {seconds:6.2f} s {peak_kib / 1024:7.0f} MiB{outcome}")
    return seconds, peak_kib / 1024


if __name__ == "__main__":
    main()

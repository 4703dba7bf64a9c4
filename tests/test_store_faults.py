"""Nothing is lost under faults: concurrent writers, kills, renames. Real processes, so real locks are tested."""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from typer.testing import CliRunner

from claimtrack import api, store
from claimtrack.cli import app
from claimtrack.config import Settings
from conftest import DATA

TOPIC = DATA / "topics" / "headquarters.toml"
SRC = str(Path(__file__).resolve().parents[1] / "src")


def _store(tmp_path: Path, folder: Path = DATA / "valmore") -> tuple[Path, Path]:
    """A copy of the articles beside a fresh claims store of them; documents are named relative to tmp_path."""
    articles = tmp_path / "articles"
    shutil.copytree(folder, articles)
    claims = tmp_path / "claims"
    report = api.extract([articles], Settings(claims_dir=claims))
    assert not report.errors and report.statements
    return articles, claims


def _statements(claims: Path) -> dict[str, dict]:
    found = {}
    for path in claims.glob("*.json"):
        for statement in json.loads(path.read_text())["statements"]:
            found[statement["id"]] = statement
    return found


# -- concurrency: each writer in a process of its own --------------------------------------------------------


def _extract_force(articles: str, claims: str, rounds: int) -> None:
    for _ in range(rounds):
        api.extract([Path(articles)], Settings(claims_dir=Path(claims)), force=True)


def _extract_until_killed(articles: str, claims: str) -> None:
    """extract --force over and over: still writing whenever the kill lands, however quickly one run ends (a
    single run could finish before a kill under light load, and the test then failed with exit code 0)."""
    while True:
        api.extract([Path(articles)], Settings(claims_dir=Path(claims)), force=True)


def _stance_force(claims: str, rounds: int) -> None:
    from claimtrack.stance.topics import load_topic

    for _ in range(rounds):
        api.stance(Path(claims), load_topic(TOPIC), Settings(claims_dir=Path(claims)), force=True)


def _review(claims: str, ids: list[str], rounds: int) -> None:
    for round_number in range(rounds):
        for statement_id in ids:
            api.correct(Path(claims), statement_id, note=f"{statement_id} {round_number}")


#: Rounds of each writer. Every review must survive however the writers interleave; CLAIMTRACK_STRESS=N runs N
#: times as many rounds.
ROUNDS = int(os.environ.get("CLAIMTRACK_STRESS", "1"))


def test_no_review_is_lost_to_concurrent_extract_stance_and_review(tmp_path):
    articles, claims = _store(tmp_path)
    ids = sorted(_statements(claims))
    assert len(ids) >= 6
    context = multiprocessing.get_context("fork")  # no re-import in each writer: a fifth of the time
    writers = [
        context.Process(target=_extract_force, args=(str(articles), str(claims), ROUNDS)),
        context.Process(target=_extract_force, args=(str(articles), str(claims), ROUNDS)),  # two at once
        context.Process(target=_stance_force, args=(str(claims), ROUNDS)),
        # Two reviewers of different statements of the same files, each many times over the others' runs.
        context.Process(target=_review, args=(str(claims), ids[0::2], 6 * ROUNDS)),
        context.Process(target=_review, args=(str(claims), ids[1::2], 6 * ROUNDS)),
    ]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(timeout=300)
        assert writer.exitcode == 0
    final = _statements(claims)
    lost = [i for i in ids if not final[i]["reviewed"] or final[i]["note"] != f"{i} {6 * ROUNDS - 1}"]
    assert lost == []
    places = [(s["document"]["path"], s["start"], s["end"]) for s in final.values()]
    assert len(places) == len(set(places)) == len(ids)  # no statement doubled by the two extracts


def _load_json(path: Path) -> dict:
    return json.loads(path.read_text())


def test_a_writer_waits_for_the_lock_and_then_merges(tmp_path):
    """A review taken while stance holds a file's lock is written after it, on top of stance's result."""
    _, claims = _store(tmp_path)
    path = sorted(claims.glob("*.json"))[0]
    statement_id = _load_json(path)["statements"][0]["id"]
    hold = f"with store.locked(pathlib.Path({str(path)!r})):\n print('held', flush=True)\n time.sleep(1)"
    holder = subprocess.Popen(
        [sys.executable, "-c", f"import pathlib, time\nfrom claimtrack import store\n{hold}"],
        env={**os.environ, "PYTHONPATH": SRC},
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "held"
    started = time.monotonic()
    api.correct(claims, statement_id, note="after the holder")
    assert time.monotonic() - started > 0.5  # it waited
    holder.wait(timeout=30)
    assert _statements(claims)[statement_id]["note"] == "after the holder"


# -- kill -9 during extract -----------------------------------------------------------------------------------

#: Kills at random points of `extract --force`; CLAIMTRACK_KILLS=N for more (nox -s faults runs 30).
KILLS = int(os.environ.get("CLAIMTRACK_KILLS", "2"))


def _export(claims: Path) -> str:
    result = CliRunner().invoke(app, ["export", "--claims", str(claims)])
    assert result.exit_code == 0, result.output
    return result.stdout


def _wait_for_a_write(claims: Path, process) -> None:
    """Until the process has replaced a claims file (it is then among its writes), or 60 s."""
    before = {path: path.stat().st_ino for path in claims.glob("*.json")}
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.is_alive():
        if any(path.stat().st_ino != inode for path, inode in before.items() if path.exists()):
            return
        time.sleep(0.01)


def test_kill_during_extract_leaves_a_loadable_store_and_a_rerun_gives_the_same_export(tmp_path):
    many = tmp_path / "many"
    many.mkdir()
    for copy in range(14):  # several windows of texts: a kill lands between, and during, their writes
        for source in (DATA / "valmore").glob("*.txt"):
            (many / f"{copy}-{source.name}").write_text(source.read_text())
    articles, claims = _store(tmp_path, many)
    reference = _export(claims)
    rng = random.Random(21)
    context = multiprocessing.get_context("fork")  # a real process, without the seconds of importing spaCy again
    for _ in range(KILLS):
        process = context.Process(target=_extract_until_killed, args=(str(articles), str(claims)))
        process.start()
        _wait_for_a_write(claims, process)
        time.sleep(rng.uniform(0, 0.4))  # somewhere among the writes of the documents
        assert process.is_alive(), f"extract stopped before the kill (exit code {process.exitcode})"
        os.kill(process.pid, signal.SIGKILL)
        process.join(timeout=30)
        assert process.exitcode == -signal.SIGKILL  # killed, not finished
        loaded = api.load_claims(claims)
        assert loaded.errors == [] and len(loaded.files) == 42
    (claims / ".stray.json.abc.tmp").write_text("{")  # what a kill between write and rename leaves
    report = api.extract([articles], Settings(claims_dir=claims))
    assert not report.errors
    assert _export(claims) == reference
    assert list(claims.glob(".*.tmp")) == []


# -- reviewed statements, renames, file modes -----------------------------------------------------------------

QUOTE = '"We will keep the head office in Valmore," Mayor Helena Brandt said on Tuesday.\n\n'


def test_a_reviewed_statement_whose_words_occur_twice_is_not_duplicated(tmp_path):
    (tmp_path / "a").mkdir()
    article = tmp_path / "a" / "twice.txt"
    # The same words twice, from two speakers (one speaker's words twice are one statement: a teaser and its body).
    article.write_text(QUOTE + "Other news of the day.\n\n" + QUOTE.replace("Mayor Helena Brandt", "Lena Vogt"))
    settings = Settings(claims_dir=tmp_path / "claims")
    api.extract([article], settings)
    first = api.load_claims(settings.claims_dir).statements[0]
    api.correct(settings.claims_dir, first.id, note="checked")
    article.write_text("Updated on Wednesday.\n\n" + article.read_text())  # changed anywhere: every id changes
    report = api.extract([article], settings)
    assert report.warnings == []
    statements = api.load_claims(settings.claims_dir).statements
    assert len(statements) == 2
    assert [s.note for s in statements] == ["checked", None]
    assert statements[0].start == first.start + len("Updated on Wednesday.\n\n")


def test_a_renamed_source_takes_its_claims_along(tmp_path):
    articles, claims = _store(tmp_path)
    before = _statements(claims)
    reviewed = sorted(before)[0]
    api.correct(claims, reviewed, note="kept through the rename")
    (articles / "gazette-0110.txt").rename(articles / "gazette-2024-01-10.txt")
    sidecar = articles / "sources.toml"
    sidecar.write_text(sidecar.read_text().replace('["gazette-0110.txt"]', '["gazette-2024-01-10.txt"]'))
    report = api.extract([articles], Settings(claims_dir=claims))
    assert not report.errors and any("renamed" in warning for warning in report.warnings)
    after = _statements(claims)
    assert len(after) == len(before) and len(list(claims.glob("*.json"))) == 3
    paths = {statement["document"]["path"] for statement in after.values()}
    assert "articles/gazette-0110.txt" not in paths and "articles/gazette-2024-01-10.txt" in paths
    assert [s["note"] for s in after.values() if s["reviewed"]] == ["kept through the rename"]


def test_claims_files_follow_the_umask(tmp_path):
    _, claims = _store(tmp_path)
    modes = {path.stat().st_mode & 0o777 for path in claims.glob("*.json")}
    assert modes == {store.FILE_MODE} and store.FILE_MODE == 0o666 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_stale_temporary_files_are_swept_and_a_live_writers_is_not(tmp_path):
    stale, live = tmp_path / ".a.json.x1y2.tmp", tmp_path / ".b.json.z3w4.tmp"
    for temporary in (stale, live):
        temporary.write_text("{")
    with store.locked(tmp_path / "b.json"):  # b's writer is at work
        hold = f"from claimtrack import store; import pathlib; store.sweep(pathlib.Path({str(tmp_path)!r}))"
        subprocess.run([sys.executable, "-c", hold], env={**os.environ, "PYTHONPATH": SRC}, check=True, timeout=60)
    assert not stale.exists() and live.exists()

"""Extraction on a Dask cluster: documents in partitions, parsed and stored by the workers, one model per worker.

`claimtrack extract PATH --engine dask` starts a LocalCluster of `--workers N` processes, or joins the running
scheduler given with `--scheduler ADDRESS`. This process reads the documents (sidecars, change detection) and
hands the ones to parse to the cluster PARTITION at a time, at most IN_FLIGHT partitions per worker ahead, so
memory does not grow with the archive. Each worker loads the model once (the first partition it gets, cached on
the worker by model name), parses, and writes the claims files itself: each document has its own file, written
atomically (store.write_atomic), so any number of workers can write to one store. Only counts and warnings come
back. Workers must have claimtrack and the model installed, and see the claims folder at the same path.

dask.distributed is imported only when the engine runs (the `archive` extra).
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from claimtrack import extras
from claimtrack.errors import ClaimtrackError, StoreError

if TYPE_CHECKING:
    from claimtrack.api import StanceReport
    from claimtrack.config import Settings
    from claimtrack.models import Document
    from claimtrack.nlp.pipeline import Extractor
    from claimtrack.stance.topics import Topic

#: Documents per task: enough for the model's batches to fill (the local engine's window is 16), few enough that
#: two workers share a small corpus.
PARTITION = 16
#: Partitions handed to each worker ahead of the ones being read back.
IN_FLIGHT = 2


@dataclass(frozen=True)
class DaskOptions:
    """Where to run: a running scheduler's address, or a LocalCluster of `workers` processes when None."""

    scheduler: str | None = None
    workers: int = 1


@dataclass(frozen=True)
class Job:
    """One document to parse, and the claims file its statements go to."""

    path: str
    text: str
    document: Document
    target: Path


@dataclass
class Stored:
    """What a worker reports back for one document: its statements are in the store already."""

    path: str
    statements: int
    warnings: list[str] = field(default_factory=list)


def extract(jobs: Iterable[Job], settings: Settings, version: str, options: DaskOptions) -> Iterator[Stored]:
    """Parse and store every job on the cluster; yields as each document is stored (in no set order)."""
    distributed = extras.require("distributed", "--engine dask")
    with _client(distributed, options) as client:
        workers = max(1, len(client.scheduler_info(n_workers=-1)["workers"]))
        running = distributed.as_completed()
        for partition in _partitions(jobs):
            running.add(client.submit(store_partition, partition, settings, version, pure=False))
            while running.count() >= IN_FLIGHT * workers:
                yield from _result(next(running))
        for finished in running:
            yield from _result(finished)


def _result(future) -> list[Stored]:
    try:
        return future.result()
    except ClaimtrackError:
        raise
    except Exception as exc:  # a worker died or a bug: one line, with what was running
        raise ClaimtrackError(f"a Dask worker failed ({type(exc).__name__}: {exc}); see the workers' logs") from None


class _Client:
    """A dask Client on the given scheduler, or on a LocalCluster this run starts and stops."""

    def __init__(self, distributed, options: DaskOptions) -> None:
        self.distributed, self.options = distributed, options
        self.cluster = self.client = None

    def __enter__(self):
        distributed, options = self.distributed, self.options
        try:
            if options.scheduler is not None:
                self.client = distributed.Client(options.scheduler, timeout="10s")
            else:
                self.cluster = distributed.LocalCluster(
                    n_workers=options.workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    silence_logs=logging.ERROR,
                )
                self.client = distributed.Client(self.cluster)
        except OSError as exc:
            self.__exit__(None, None, None)
            where = options.scheduler or "a local cluster"
            raise ClaimtrackError(f"cannot reach the Dask scheduler at {where} ({exc}); check --scheduler") from None
        return self.client

    def __exit__(self, *_) -> None:
        if self.client is not None:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def _client(distributed, options: DaskOptions) -> _Client:
    return _Client(distributed, options)


def _partitions(jobs: Iterable[Job]) -> Iterator[list[Job]]:
    iterator = iter(jobs)
    while partition := list(itertools.islice(iterator, PARTITION)):
        yield partition


# -- on the worker ------------------------------------------------------------------------------------------

_models: dict[tuple, tuple[object, threading.Lock]] = {}
_loading = threading.Lock()


def _cached(kind: str, settings: Settings, make):
    """This worker's `kind` of pipeline for the model, made by the first partition that needs it, and a lock to
    use it under. Keyed by the worker too: the workers of a cluster of threads share a process, and a spaCy
    pipeline is not to be shared by threads."""
    try:
        from distributed import get_worker

        worker = get_worker().address
    except (ImportError, ValueError):  # called outside a worker (tests, a plain process)
        worker = None
    key = (worker, kind, settings.model, settings.chunk_chars, settings.batch_size)
    with _loading:
        if key not in _models:
            _models[key] = (make(), threading.Lock())
        return _models[key]


def _extractor(settings: Settings) -> tuple[Extractor, threading.Lock]:
    from claimtrack.api import loading
    from claimtrack.nlp.pipeline import Extractor

    def make() -> Extractor:
        nlp = loading.load(settings.model, "extract", own_copy=True)
        return Extractor(nlp, settings.chunk_chars, settings.batch_size)

    return _cached("extract", settings, make)


def store_partition(partition: list[Job], settings: Settings, version: str) -> list[Stored]:
    """Parse a partition's documents together (they share the model's batches) and write each one's claims
    file. A claims file that no longer reads is left alone, as the local engine leaves it."""
    from claimtrack import api

    extractor, lock = _extractor(settings)
    with lock:
        found = extractor.many([job.text for job in partition])
    stored = []
    for job, raws in zip(partition, found, strict=True):
        try:  # merged under the file's lock into the file as it is now, as the local engine does
            count, warnings = api.store_parsed(raws, job.text, job.document, job.target, version)
        except StoreError as exc:
            stored.append(Stored(job.path, 0, [str(exc)]))
            continue
        stored.append(Stored(job.path, count, warnings))
    return stored


# -- stance -------------------------------------------------------------------------------------------------

#: Claims files per stance task: judging is quick per statement, and a fresh file costs only its load.
STANCE_PARTITION = 64


def stance(
    claims_dir: Path,
    topic: Topic,
    settings: Settings,
    options: DaskOptions,
    *,
    force: bool = False,
    on_file: Callable[[], None] | None = None,
) -> StanceReport:
    """api.stance on the cluster: the workers read, judge and write the claims files, partition by partition,
    and send back their counts; this process lists the files and adds the counts up."""
    from claimtrack.api import StanceReport

    distributed = extras.require("distributed", "--engine dask")
    report = StanceReport(topic=topic.name)
    paths = sorted(claims_dir.glob("*.json"))  # as store.iter_claims reads them
    with _client(distributed, options) as client:
        workers = max(1, len(client.scheduler_info(n_workers=-1)["workers"]))
        running = distributed.as_completed()
        batches = (paths[at : at + STANCE_PARTITION] for at in range(0, len(paths), STANCE_PARTITION))
        for batch in batches:
            running.add(client.submit(judge_partition, batch, topic, settings, force, pure=False))
            while running.count() >= IN_FLIGHT * workers:
                _add(report, _result(next(running)), on_file)
        for finished in running:
            _add(report, _result(finished), on_file)
    report.errors.sort(key=lambda error: error.path)
    return report


def _add(report: StanceReport, part: tuple[StanceReport, int], on_file: Callable[[], None] | None) -> None:
    done, files = part
    report.statements += done.statements
    report.kept_by_editor += done.kept_by_editor
    report.redone += done.redone
    report.errors.extend(done.errors)
    for position, count in done.positions.items():
        report.positions[position] = report.positions.get(position, 0) + count
    if on_file is not None:
        for _ in range(files):
            on_file()


def judge_partition(paths: list[Path], topic: Topic, settings: Settings, force: bool) -> tuple[StanceReport, int]:
    """On a worker: each claims file judged on the topic and saved (api.judge_file), with this worker's model."""
    from claimtrack import api, store
    from claimtrack.api import loading

    report = api.StanceReport(topic=topic.name)
    fingerprint = topic.fingerprint(settings.model)
    nlp, lock = None, None

    def model():
        nonlocal nlp, lock
        if nlp is None:
            nlp, lock = _cached("stance", settings, lambda: loading.load(settings.model, "stance", own_copy=True))
            lock.acquire()
        return nlp

    try:
        for path in paths:
            try:
                claims = store.load(path)
            except StoreError as exc:
                report.errors.append(exc)
                continue
            api.judge_file(path, claims, topic, fingerprint, model, report, force=force)
    finally:
        if lock is not None:
            lock.release()
    return report, len(paths)

"""Work on a Dask cluster: partitions handed to the workers, results streamed back, one model per worker.

`claimtrack extract PATH --engine dask` starts a local cluster of `--workers N` workers (one of them a thread of
this process, see _local_cluster), or joins the running scheduler given with `--scheduler ADDRESS`. This process
reads the documents (sidecars, change detection) and hands the ones to parse to the cluster PARTITION at a time
(the last TAIL partitions' worth in smaller ones), at most IN_FLIGHT partitions per worker ahead, so memory does not
grow with the archive. Each worker loads the model once (the first partition it gets, cached on
the worker by model name), parses, and writes the claims files itself: each document has its own file, written
atomically (store.write_atomic), so any number of workers can write to one store. Only counts and warnings come
back. Workers must have claimtrack and the model installed, and see the claims folder at the same path. The tasks
(parse and store, judge and store) are the library's (api.extraction, api.stances): this module only runs them, and
imports nothing of the library.

dask.distributed is imported only when the engine runs (the `archive` extra).
"""

from __future__ import annotations

import itertools
import logging
import math
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from claimtrack import extras
from claimtrack.errors import ClaimtrackError

if TYPE_CHECKING:
    from claimtrack.config import Settings

P = TypeVar("P")
R = TypeVar("R")
T = TypeVar("T")
M = TypeVar("M")

#: Documents per task: enough for the model's batches to fill (the local engine's window is 16), few enough that
#: two workers share a small corpus.
PARTITION = 16
#: Partitions' worth of items read ahead, which are cut smaller when the input ends.
TAIL = 2
#: Partitions handed to each worker ahead of the ones being read back.
IN_FLIGHT = 2


@dataclass(frozen=True)
class DaskOptions:
    """Where to run: a running scheduler's address, or a local cluster of `workers` workers when None."""

    scheduler: str | None = None
    workers: int = 1


def run(task: Callable[..., R], partitions: Iterable[P], args: tuple, options: DaskOptions) -> Iterator[R]:
    """task(partition, *args) on the cluster for every partition; yields each result as it comes back (in no set
    order), with at most IN_FLIGHT partitions per worker handed out ahead, so memory does not grow with the input.
    The task runs on a worker: it must be a module-level function (it is sent by reference)."""
    distributed = extras.require("distributed", "--engine dask")
    with _client(distributed, options) as client:
        workers = max(1, len(client.scheduler_info(n_workers=-1)["workers"]))
        running = distributed.as_completed()
        for partition in partitions:
            running.add(client.submit(task, partition, *args, pure=False))
            while running.count() >= IN_FLIGHT * workers:
                yield _result(next(running))
        for finished in running:
            yield _result(finished)


def partitions(items: Iterable[T], size: int = PARTITION) -> Iterator[list[T]]:
    """The items in lists of `size`, lazily, but the last TAIL * size items in smaller and smaller lists (a
    quarter of what is left each time), so that the workers finish close together instead of one parsing a
    whole last partition while the others wait. Reads at most TAIL partitions' worth of items ahead."""
    iterator = iter(items)
    ahead: deque[T] = deque(itertools.islice(iterator, TAIL * size))
    for item in iterator:  # the input lasts: whole partitions
        ahead.append(item)
        if len(ahead) == (TAIL + 1) * size:
            yield [ahead.popleft() for _ in range(size)]
    while ahead:
        yield [ahead.popleft() for _ in range(max(1, min(size, math.ceil(len(ahead) / 4))))]


def _result(future):
    try:
        return future.result()
    except ClaimtrackError:
        raise
    except Exception as exc:  # a worker died or a bug: one line, with what was running
        raise ClaimtrackError(f"a Dask worker failed ({type(exc).__name__}: {exc}); see the workers' logs") from None


class _Client:
    """A dask Client on the given scheduler, or on a local cluster this run starts and stops."""

    def __init__(self, distributed, options: DaskOptions) -> None:
        self.distributed, self.options = distributed, options
        self.cluster = self.client = None

    def __enter__(self):
        distributed, options = self.distributed, self.options
        try:
            if options.scheduler is not None:
                self.client = distributed.Client(options.scheduler, timeout="10s")
            else:
                self.cluster = _local_cluster(distributed, options.workers)
                self.client = distributed.Client(self.cluster)
        except OSError as exc:
            self.__exit__(None, None, None)
            where = options.scheduler or "a local cluster"
            raise ClaimtrackError(f"cannot reach the Dask scheduler at {where} ({exc}); check --scheduler") from None
        return self.client

    def __exit__(self, *_) -> None:
        # The worker in this process may be sending a heartbeat as the scheduler closes: a race dask logs with a
        # traceback, harmless at the end of a run, and not to be shown as if something had failed.
        with self.distributed.utils.silence_logging_cmgr(logging.CRITICAL):
            if self.client is not None:
                self.client.close()
            if self.cluster is not None:
                here = getattr(self.cluster.workers.get(HERE), "address", None)
                self.cluster.close()
                forget(here)


#: The name of the local cluster's worker in this process.
HERE = "here"


def _local_cluster(distributed, workers: int):
    """A cluster on this machine of `workers` workers of one thread each: one in this process, which starts at
    once and parses while the others start, and workers - 1 in processes of their own (a Nanny each, as in a
    LocalCluster). This process only reads the documents, so its worker has a core to itself."""
    where = {"host": "127.0.0.1", "protocol": "tcp://", "dashboard": False}
    scheduler = {"cls": distributed.Scheduler, "options": {**where, "port": 0}}
    worker = {**where, "nthreads": 1, "silence_logs": logging.ERROR}
    specs = {HERE: {"cls": distributed.Worker, "options": worker}}
    specs.update({f"process-{number}": {"cls": distributed.Nanny, "options": worker} for number in range(1, workers)})
    # Dask's statistical profiler samples every thread's stack every 10 ms, holding the GIL as it walks them: the
    # parse in this process's worker loses to it. Nobody reads its profiles here (no dashboard). Off for the
    # servers made now, the Nannies' workers included (they take the config as it is when they are made).
    import dask.config  # there whenever distributed is

    with dask.config.set({"distributed.worker.profile.enabled": False}):
        return distributed.SpecCluster(scheduler=scheduler, workers=specs, silence_logs=logging.ERROR)


def _client(distributed, options: DaskOptions) -> _Client:
    return _Client(distributed, options)


# -- on the worker ------------------------------------------------------------------------------------------

_models: dict[tuple, tuple[object, threading.Lock]] = {}
_loading = threading.Lock()


def cached(kind: str, settings: Settings, make: Callable[[], M]) -> tuple[M, threading.Lock]:
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


def forget(worker: str | None) -> None:
    """Drop the pipelines of a worker of this process that has closed: a long-lived process (a notebook running
    extract on local clusters again and again) keeps none of them."""
    with _loading:
        for key in [key for key in _models if key[0] == worker]:
            del _models[key]

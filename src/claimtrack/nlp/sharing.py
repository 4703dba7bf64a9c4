"""Texts -> statements in several processes: this process works too, beside workers - 1 spawned children.

The calling process already holds the pipeline, so it parses from the first moment while the children start
(a child takes about a second to start Python, import spaCy and unpickle the pipeline). A child is handed a
window of texts only once it has started, and another as soon as it hands one back, from a thread of the pool;
this process takes the next window whenever it is free. So no process waits for another's start-up, and none
waits long at the end: once the input is read to its end, the windows left are cut smaller and smaller
(guided self-scheduling), so the last ones finish close together.

Results are yielded in input order. Memory stays bounded: at most read_ahead(workers) texts are held beyond the
last one yielded, and a child only ever gets one window at a time.

Children are spawned, not forked: the caller may have threads (rich's progress bar), which fork does not copy
safely. Spawn works the same on every platform. Each child gets the extractor pickled once, as it was built here.
"""

from __future__ import annotations

import math
import multiprocessing
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from multiprocessing.pool import Pool
from typing import Any, Protocol

_END = object()

#: Texts whose paragraphs share the model's batches (and one spaCy memory zone), while the input lasts.
WINDOW = 16


class Many(Protocol):
    """What runs in every process: texts -> the statements of each, in order (nlp.pipeline.Extractor)."""

    def many(self, texts: list[str]) -> list[Any]: ...


def read_ahead(workers: int) -> int:
    """At most this many texts are read from the input beyond the last one yielded: texts waiting to be taken,
    and windows taken (at a child, or done here) whose results wait for an earlier window's."""
    return WINDOW * (_waiting(workers) + _windows_out(workers))


def _waiting(workers: int) -> int:
    """Windows' worth of texts kept read, so that a child that hands a window back finds the next one."""
    return 2 * workers


def _windows_out(workers: int) -> int:
    """Windows taken and not yet yielded, at most."""
    return 2 * workers


def shared(extractor: Many, texts: Iterable[tuple[str, object]], workers: int) -> Iterator[tuple[object, Any]]:
    """(key, statements) for each (text, key), in input order, parsed by this process and workers - 1 children."""
    sharing = _Sharing(iter(texts), workers)
    # Started from a thread: starting a child blocks until it has read the pickled pipeline, which takes it about
    # a second; this thread parses meanwhile.
    starting = threading.Thread(target=sharing.start, args=(extractor,), daemon=True)
    starting.start()
    try:
        yield from sharing.run(extractor)
    finally:
        starting.join()
        sharing.close()


class _Sharing:
    """The state the processes share, under one lock: texts read and not yet taken, windows out, results back."""

    def __init__(self, texts: Iterator[tuple[str, object]], workers: int) -> None:
        self.texts, self.workers = texts, workers
        self.pool: Pool | None = None
        self.lock = threading.Condition()
        self.pending: deque[tuple[str, object]] = deque()  # read, not yet taken
        self.taken = 0  # position in the input of pending[0]
        self.exhausted = False
        self.idle = 0  # children started and without a window
        self.out = 0  # windows taken and not yet yielded
        self.done: dict[int, tuple[list[object], list[Any]]] = {}  # by the position of their first text
        self.error: BaseException | None = None
        self.closed = False

    def start(self, extractor: Many) -> None:
        """Start the children, each with a copy of the extractor; each is given windows once it has started."""
        context = multiprocessing.get_context("spawn")
        try:
            pool = context.Pool(self.workers - 1, initializer=_start_worker, initargs=(extractor,))
        except BaseException as error:  # noqa: BLE001 - reported to the thread that reads the results
            self._failed(error)
            return
        with self.lock:
            if not self.closed:
                self.pool = pool
                for _ in range(self.workers - 1):  # each child that has started answers one
                    pool.apply_async(_started, callback=self._child_started, error_callback=self._failed)
                return
        pool.terminate()  # the results are read already

    def close(self) -> None:
        """Stop the children (the results not read are not wanted)."""
        with self.lock:
            self.closed = True
            pool, self.pool = self.pool, None
        if pool is not None:
            pool.terminate()

    def run(self, extractor: Many) -> Iterator[tuple[object, Any]]:
        yielded = 0
        while True:
            self._read()
            with self.lock:
                self._hand_out()
                ready = []
                while yielded in self.done:
                    keys, results = self.done.pop(yielded)
                    self.out -= 1
                    ready.append((keys, results))
                    yielded += len(keys)
            for keys, results in ready:
                yield from zip(keys, results, strict=True)
            with self.lock:
                if self.error is not None:
                    raise self.error
                if self.exhausted and not self.pending and self.out == 0:
                    return
                window = self._take() if self.out < _windows_out(self.workers) else None
                if window is None:
                    # Too many windows out, or none left to take: the next one in order is at a child. Else (the
                    # children took the texts read), read more.
                    if self.exhausted or self.out >= _windows_out(self.workers):
                        self.lock.wait_for(lambda at=yielded: self.error is not None or at in self.done)
                    continue
            start, keys, window_texts = window
            results = extractor.many(window_texts)
            with self.lock:
                self.done[start] = (keys, results)

    def _read(self) -> None:
        """Fill the texts waiting to be taken, in this thread only (the input is the caller's iterator)."""
        wanted = WINDOW * _waiting(self.workers)
        while not self.exhausted and len(self.pending) < wanted:
            item = next(self.texts, _END)
            with self.lock:
                if item is _END:
                    self.exhausted = True
                else:
                    self.pending.append(item)

    def _take(self) -> tuple[int, list[object], list[str]] | None:
        """The next window (under the lock): WINDOW texts while the input lasts, then smaller ones."""
        if not self.pending or (not self.exhausted and len(self.pending) < WINDOW):
            return None
        size = WINDOW if not self.exhausted else min(WINDOW, math.ceil(len(self.pending) / (2 * self.workers)))
        start = self.taken
        items = [self.pending.popleft() for _ in range(size)]
        self.taken += size
        self.out += 1
        return start, [key for _, key in items], [text for text, _ in items]

    def _hand_out(self) -> None:
        """A window to each idle child (under the lock)."""
        while self.idle and not self.closed and self.error is None:
            window = self._take()
            if window is None:
                return
            self.idle -= 1
            start, keys, window_texts = window
            assert self.pool is not None
            self.pool.apply_async(
                _work, (window_texts,), callback=self._returned(start, keys), error_callback=self._failed
            )

    # -- in the pool's result thread --------------------------------------------------------------------------

    def _child_started(self, _) -> None:
        with self.lock:
            self.idle += 1
            self._hand_out()

    def _returned(self, start: int, keys: list[object]):
        def returned(results: list[Any]) -> None:
            with self.lock:
                self.done[start] = (keys, results)
                self.idle += 1
                self._hand_out()
                self.lock.notify_all()

        return returned

    def _failed(self, error: BaseException) -> None:
        with self.lock:
            self.error = error
            self.lock.notify_all()


# -- in a child ------------------------------------------------------------------------------------------------

_worker_extractor: Many | None = None


def _start_worker(extractor: Many) -> None:
    global _worker_extractor
    _worker_extractor = extractor


def _started() -> None:
    """A child that runs this has started: it can be given windows."""


def _work(texts: list[str]) -> list[Any]:
    assert _worker_extractor is not None
    return _worker_extractor.many(texts)

"""stance: each stored statement's position on a topic, judged with the model and written into its claims file."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from claimtrack import store
from claimtrack.api import loading
from claimtrack.api.reading import no_store, streamed_claims
from claimtrack.config import Settings
from claimtrack.errors import StoreError
from claimtrack.models import ClaimsFile, Statement
from claimtrack.stance import topics
from claimtrack.stance.statements import with_stances

if TYPE_CHECKING:
    from spacy.language import Language

    from claimtrack.engines.cluster import DaskOptions


@dataclass
class StanceReport:
    topic: str
    statements: int = 0
    positions: dict[str, int] = field(default_factory=dict)
    kept_by_editor: int = 0
    redone: int = 0  # claims files whose stances were worked out and written by this run
    computed_in_memory: int = 0  # claims files whose stances a reading command worked out and did not write
    errors: list[StoreError] = field(default_factory=list)
    #: The statements that have a stance on the topic, for callers that go on to group them: the rest of the
    #: store is read one file at a time and let go, so memory grows with the topic's statements, not the archive.
    positioned: list[Statement] = field(default_factory=list)

    def add(self, other: StanceReport) -> None:
        """Another report's counts (a Dask worker's) added to this one's."""
        self.statements += other.statements
        self.kept_by_editor += other.kept_by_editor
        self.redone += other.redone
        self.errors.extend(other.errors)
        for position, count in other.positions.items():
            self.positions[position] = self.positions.get(position, 0) + count

    def count(self, statements: Iterable[Statement]) -> None:
        """Count one claims file's statements and their positions on the topic."""
        for statement in statements:
            self.statements += 1
            if statement.reviewed and self.topic in statement.stances:
                self.kept_by_editor += 1
            position = statement.stances.get(self.topic)
            if position is not None and position.position:
                self.positions[position.position] = self.positions.get(position.position, 0) + 1


def stance(
    claims_dir: Path,
    topic: topics.Topic,
    settings: Settings | None = None,
    *,
    force: bool = False,
    on_file: Callable[[], None] | None = None,
    dask: DaskOptions | None = None,
) -> StanceReport:
    """Each stored statement's position on the topic, written into its claims file: the one command that writes
    stances. Only stance is redone, never extraction, and only for claims files not yet judged with this topic
    file and model (force redoes all); the model is not loaded when nothing needs it. An editor's stance on a
    reviewed statement is kept. With `dask`, the workers of a Dask cluster judge and write the files (the report
    then holds no statements: the command only counts)."""
    settings = settings or Settings(claims_dir=claims_dir)
    if not claims_dir.is_dir():
        raise no_store(claims_dir)
    store.sweep(claims_dir)
    if dask is not None:
        return _stance_on_dask(claims_dir, topic, settings, dask, force, on_file)
    report = StanceReport(topic=topic.name)
    fingerprint = topic.fingerprint(settings.model)
    model = functools.cache(partial(loading.load, settings.model, "stance"))
    for path, claims in streamed_claims(claims_dir):
        if isinstance(claims, StoreError):
            report.errors.append(claims)
            continue
        claims_judged = judge_file(path, claims, topic, fingerprint, model, report, force=force)
        if claims_judged is not None:
            report.positioned.extend(s for s in claims_judged.statements if topic.name in s.stances)
        if on_file is not None:
            on_file()
    return report


def judge_file(
    path: Path,
    claims: ClaimsFile,
    topic: topics.Topic,
    fingerprint: str,
    model: Callable[[], Language],
    report: StanceReport,
    *,
    force: bool = False,
) -> ClaimsFile | None:
    """One claims file's stances on the topic, worked out and saved unless the file was judged with this
    fingerprint already (model() is called only then), and counted into report; the file as judged, or None when
    it could not be written. Judged on the file as it is now, under its lock, so a review written meanwhile is
    kept. Runs here or on a Dask worker."""
    if force or claims.topics.get(topic.name) != fingerprint:
        judge = partial(judged, topic=topic, nlp=model(), fingerprint=fingerprint, force=force)
        try:
            written = store.update(path, judge)
        except StoreError as exc:
            report.errors.append(exc)
            return None
        if written is None:  # gone, or judged by another run meanwhile
            written = _reread(path, claims)
        else:
            report.redone += 1
        claims = written
    report.count(claims.statements)
    return claims


def judged(
    current: ClaimsFile | None, topic: topics.Topic, nlp: Language, fingerprint: str, force: bool = False
) -> ClaimsFile | None:
    """The claims file with each statement's position on the topic (stance.statements.with_stances: an editor's
    stance on a reviewed statement kept), marked as judged with this fingerprint; None when there is nothing to do
    (the file is gone, or already judged with this topic and model)."""
    if current is None or (not force and current.topics.get(topic.name) == fingerprint):
        return None
    current.statements = with_stances(current.statements, topic, nlp)
    current.topics[topic.name] = fingerprint
    return current


def _reread(path: Path, claims: ClaimsFile) -> ClaimsFile:
    """The claims file as it is now, or as it was read before if it is gone or cannot be read."""
    try:
        return store.load(path)
    except StoreError:
        return claims


#: Claims files per stance task on a Dask cluster: judging is quick per statement, and a fresh file costs only its
#: load.
STANCE_PARTITION = 64


def _stance_on_dask(
    claims_dir: Path,
    topic: topics.Topic,
    settings: Settings,
    dask: DaskOptions,
    force: bool,
    on_file: Callable[[], None] | None,
) -> StanceReport:
    """The workers of a Dask cluster read, judge and write the claims files, partition by partition, and send back
    their counts; this process lists the files and adds the counts up."""
    from claimtrack.engines import cluster

    report = StanceReport(topic=topic.name)
    paths = sorted(claims_dir.glob("*.json"))  # as store.iter_claims reads them
    batches = cluster.partitions(paths, STANCE_PARTITION)
    for done, files in cluster.run(judge_partition, batches, (topic, settings, force), dask):
        report.add(done)
        for _ in range(files if on_file is not None else 0):
            on_file()
    report.errors.sort(key=lambda error: error.path)
    return report


def judge_partition(
    paths: list[Path], topic: topics.Topic, settings: Settings, force: bool
) -> tuple[StanceReport, int]:
    """On a Dask worker: each claims file judged on the topic and saved (judge_file), with this worker's model."""
    from claimtrack.engines import cluster

    report = StanceReport(topic=topic.name)
    fingerprint = topic.fingerprint(settings.model)
    nlp, lock = None, None

    def model():
        nonlocal nlp, lock
        if nlp is None:
            nlp, lock = cluster.cached(
                "stance", settings, lambda: loading.load(settings.model, "stance", own_copy=True)
            )
            lock.acquire()
        return nlp

    try:
        for path in paths:
            try:
                claims = store.load(path)
            except StoreError as exc:
                report.errors.append(exc)
                continue
            judge_file(path, claims, topic, fingerprint, model, report, force=force)
    finally:
        if lock is not None:
            lock.release()
    return report, len(paths)

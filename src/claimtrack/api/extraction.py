"""extract: files -> documents -> the model -> statements in the claims store, unchanged documents skipped."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from claimtrack import __version__, store
from claimtrack.api import loading
from claimtrack.api.statements import document_of, reference, statement_of
from claimtrack.config import Settings
from claimtrack.dates.dating import assign_dates, publication_of
from claimtrack.errors import ClaimtrackError, InputError, StoreError
from claimtrack.ingest.sources import InputWarning, SourceText, discover, read_sources
from claimtrack.models import ClaimsFile, Document, Statement

if TYPE_CHECKING:
    from claimtrack.engines.cluster import DaskOptions
    from claimtrack.nlp.statement import RawStatement

#: Bump when the extractor's output changes, so that stored claims are redone.
EXTRACTOR_VERSION = "63"


@dataclass
class ExtractReport:
    parsed: int = 0
    unchanged: int = 0
    statements: int = 0  # listed ones: references (kind "reference") are stored but not counted
    paths: list[str] = field(default_factory=list)  # documents stored by this run, in order
    parsed_paths: list[str] = field(default_factory=list)  # those of them parsed (new or changed), in order
    errors: list[ClaimtrackError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def documents(self) -> int:
        return self.parsed + self.unchanged


@dataclass
class _ToParse:
    """A document new to the store or changed: its text, its claims file, and the claims of the file it was
    renamed from (when the store has them under another name)."""

    source: SourceText
    document: Document
    target: Path
    renamed: tuple[Path, ClaimsFile] | None


@dataclass(frozen=True)
class Job:
    """On a Dask cluster: one document to parse, and the claims file its statements go to."""

    path: str
    text: str
    document: Document
    target: Path


@dataclass
class Stored:
    """What a Dask worker reports back for one document: its statements are in the store already."""

    path: str
    statements: int
    warnings: list[str] = field(default_factory=list)


def pipeline_version(settings: Settings) -> str:
    """What produced a claims file, known without loading the model."""
    model_version = "unknown"
    candidate = Path(settings.model)
    if (candidate / "meta.json").exists():
        import json

        model_version = json.loads((candidate / "meta.json").read_text()).get("version", "unknown")
    else:
        try:
            import spacy.util

            model_version = spacy.util.get_package_version(settings.model)
        except Exception:  # an unknown package: the load will say so if parsing is needed
            model_version = "unknown"
    return f"claimtrack {__version__}; extractor {EXTRACTOR_VERSION}; model {settings.model} {model_version}"


def extract(
    paths: Iterable[Path],
    settings: Settings | None = None,
    *,
    force: bool = False,
    on_file: Callable[[Path], None] | None = None,
    dask: DaskOptions | None = None,
) -> ExtractReport:
    """Read every document under paths and store its statements in settings.claims_dir.

    Unchanged documents (same text, same pipeline) are not parsed again, and the model is not even
    loaded when nothing needs parsing. Problems with one input are collected, never raised. With `dask`,
    documents are parsed and stored by the workers of a Dask cluster (engines.cluster); this process reads them
    (and, on a local cluster, is one of the workers: its model is the worker's own copy)."""
    settings = settings or Settings()
    report = ExtractReport()
    version = pipeline_version(settings)
    store.sweep(settings.claims_dir)
    to_parse = _documents_to_parse(paths, settings, version, report, force=force, on_file=on_file)
    first = next(to_parse, None)
    if first is None:
        return report
    to_parse = itertools.chain([first], to_parse)
    if dask is not None:
        _parse_on_dask(to_parse, settings, version, dask, report)
    else:
        _parse_here(to_parse, settings, version, report)
    return report


def _documents_to_parse(
    paths: Iterable[Path],
    settings: Settings,
    version: str,
    report: ExtractReport,
    *,
    force: bool,
    on_file: Callable[[Path], None] | None,
) -> Iterator[_ToParse]:
    """The documents under paths that need parsing, read one at a time as the parser asks for them. The others
    are dealt with here: inputs that cannot be read go to the report's errors, unchanged documents are counted
    (their metadata brought up to date in their claims file when a sidecar or front matter changed)."""
    renames = _Renames(settings)
    sources = read_sources(
        paths,
        settings.max_file_bytes,
        skip=[settings.claims_dir],
        root=settings.claims_dir.parent,
        on_file=on_file,
        follow_symlinks=settings.follow_symlinks,
    )
    for source in sources:
        if isinstance(source, InputWarning):
            report.warnings.extend(source.messages)
            continue
        if isinstance(source, InputError):
            report.errors.append(source)
            continue
        report.warnings.extend(source.warnings)
        _publication(source, settings, report)
        document = document_of(source)
        target = store.claims_path(settings.claims_dir, source.path)
        stored: ClaimsFile | None = None
        if target.exists():
            try:
                stored = store.load(target)
            except StoreError as exc:
                report.errors.append(exc)  # named, not overwritten: the editor decides
                continue
        unchanged = stored is not None and stored.pipeline == version and stored.document.sha256 == document.sha256
        if unchanged and not force:
            try:  # under the file's lock, on the file as it is now: a review meanwhile is kept
                if stored.document != document:
                    store.update(target, partial(_refreshed, document=document))
            except StoreError as exc:
                report.errors.append(exc)
                continue
            report.unchanged += 1
            report.statements += listed(stored.statements)
            report.paths.append(source.path)
            continue
        yield _ToParse(source, document, target, renames.of(document) if stored is None else None)


def _parse_here(to_parse: Iterator[_ToParse], settings: Settings, version: str, report: ExtractReport) -> None:
    """Parse with this machine's processes (settings.workers) and store each document as its statements come."""
    from claimtrack.nlp.pipeline import statements_of_texts

    nlp = loading.load(settings.model, "extract")
    waiting: dict[str, _ToParse] = {}

    def texts() -> Iterator[tuple[str, str]]:
        for job in to_parse:
            waiting[job.source.path] = job
            yield job.source.text, job.source.path

    for path, raws in statements_of_texts(nlp, texts(), settings.chunk_chars, settings.batch_size, settings.workers):
        job = waiting.pop(path)
        earlier = job.renamed[1] if job.renamed is not None else None  # a renamed file's claims
        try:
            stored, warnings = store_parsed(raws, job.source.text, job.document, job.target, version, renamed=earlier)
            if job.renamed is not None:
                store.remove(job.renamed[0])
                warnings.append(f"{path}: {job.renamed[1].document.path} was renamed to it; its claims moved here")
        except StoreError as exc:
            report.errors.append(exc)
            continue
        report.warnings.extend(warnings)
        report.parsed += 1
        report.statements += stored
        report.paths.append(path)
        report.parsed_paths.append(path)


def _parse_on_dask(
    to_parse: Iterator[_ToParse], settings: Settings, version: str, dask: DaskOptions, report: ExtractReport
) -> None:
    """Hand the documents to the workers of a Dask cluster, which parse and store them; count what they did."""
    from claimtrack.engines import cluster

    order: dict[str, int] = {}

    def jobs() -> Iterator[Job]:
        for job in to_parse:
            order[job.source.path] = len(order)
            yield Job(job.source.path, job.source.text, job.document, job.target)

    parsed: list[str] = []
    results = cluster.run(store_partition, cluster.partitions(jobs()), (settings, version), dask)
    for stored in (stored for partition in results for stored in partition):
        report.warnings.extend(stored.warnings)
        report.parsed += 1
        report.statements += stored.statements
        parsed.append(stored.path)
    parsed.sort(key=order.__getitem__)  # back in input order, as the workers finish in any
    report.paths.extend(parsed)
    report.parsed_paths.extend(parsed)


def files_to_read(paths: Iterable[Path], skip: Iterable[Path] = (), follow_symlinks: bool = False) -> int:
    """How many files extract will read under paths (a progress bar's total; the records of a JSON Lines file count
    as their file)."""
    return sum(1 for found in discover(paths, skip, follow_symlinks) if not isinstance(found, ClaimtrackError))


def listed(statements: Iterable[Statement]) -> int:
    """How many of these statements are listed as statements: all but the references ('denied the report')."""
    return sum(1 for statement in statements if statement.kind != "reference")


def _publication(source: SourceText, settings: Settings, report: ExtractReport) -> None:
    """Fill in the publication date: the user's word first, then the page's metadata, then the text."""
    if settings.published is not None:
        source.published, source.published_basis = settings.published, "--published"
    if source.published is not None:
        return
    publication, warning = publication_of(source.text, settings.year)
    if publication is not None:
        source.published, source.published_basis = publication.value, f"{publication.basis}: {publication.phrase}"
    elif warning is not None:
        report.warnings.append(f"{source.path}: {warning}")


def _refresh(claims: ClaimsFile, document: Document) -> bool:
    """Metadata (sidecar, front matter) may change without the text changing: update it in place."""
    if claims.document == document:
        return False
    claims.document = document
    ref = reference(document)
    for statement in claims.statements:
        statement.document = ref
    assign_dates(claims.statements, document.published)
    return True


def _refreshed(current: ClaimsFile | None, document: Document) -> ClaimsFile | None:
    """The claims file with new metadata, or None when there is nothing to write."""
    return current if current is not None and _refresh(current, document) else None


def _merged(
    current: ClaimsFile | None,
    extracted: list[Statement],
    text: str,
    document: Document,
    version: str,
    warnings: list[str],
    renamed: ClaimsFile | None = None,
) -> ClaimsFile:
    """What extraction found, merged into the claims file as it is now (read again under its lock): an editor's
    review written while this run parsed is kept."""
    current = current or renamed
    statements = extracted
    if current is not None:
        # Stances of a statement that is still there, word for word, need no new run of stance.
        earlier = {(statement.id, statement.text): statement.stances for statement in current.statements}
        for statement in statements:
            statement.stances = dict(earlier.get((statement.id, statement.text), {}))
        statements, lost = store.keep_reviewed(statements, current.statements, text)
        for statement in statements:
            statement.document = reference(document)
        for statement in lost:
            warnings.append(
                f"{document.path}: reviewed statement {statement.id} ('{statement.text[:40]}') is no longer in the "
                "text; kept as reviewed, check it or delete it from its claims file"
            )
    return ClaimsFile(pipeline=version, document=document, statements=statements)


def store_parsed(
    raws: list[RawStatement],
    text: str,
    document: Document,
    target: Path,
    version: str,
    renamed: ClaimsFile | None = None,
) -> tuple[int, list[str]]:
    """Write a parsed document's statements to its claims file, merged under the file's lock into the file as it
    is now (an editor's review written while this run parsed is kept, and so are the stances of statements that
    did not change). Returns the number of statements stored and warnings; raises StoreError.

    Runs wherever the document was parsed: in this process, or on a Dask worker (engines.cluster)."""
    extracted = [statement_of(raw, text, document) for raw in raws]
    assign_dates(extracted, document.published)
    warnings: list[str] = []
    merge = partial(
        _merged, extracted=extracted, text=text, document=document, version=version, warnings=warnings, renamed=renamed
    )
    stored = store.update(target, merge)
    assert stored is not None
    return listed(stored.statements), warnings


class _Renames:
    """Claims files whose source file is gone, by the text's hash: a document new to the store with the same
    text is that file renamed, and takes over its claims (the editor's reviews with them) instead of leaving the
    old file to double the document in every export. The store is read for this only when a document is new."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.orphans: dict[str, tuple[Path, ClaimsFile]] | None = None

    def of(self, document: Document) -> tuple[Path, ClaimsFile] | None:
        if self.orphans is None:
            self.orphans = {}
            root = self.settings.claims_dir.parent
            for path, loaded in store.iter_claims(self.settings.claims_dir):
                if isinstance(loaded, ClaimsFile) and not (root / loaded.document.path.split("#")[0]).exists():
                    self.orphans.setdefault(loaded.document.sha256, (path, loaded))
        return self.orphans.pop(document.sha256, None)


def store_partition(partition: list[Job], settings: Settings, version: str) -> list[Stored]:
    """On a Dask worker: parse a partition's documents together (they share the model's batches) and write each
    one's claims file. A claims file that no longer reads is left alone, as the local engine leaves it."""
    from claimtrack.engines import cluster
    from claimtrack.nlp.pipeline import Extractor

    def make() -> Extractor:
        nlp = loading.load(settings.model, "extract", own_copy=True)
        return Extractor(nlp, settings.chunk_chars, settings.batch_size)

    extractor, lock = cluster.cached("extract", settings, make)
    with lock:
        parsed = extractor.many([job.text for job in partition])
    stored = []
    for job, raws in zip(partition, parsed, strict=True):
        try:  # merged under the file's lock into the file as it is now, as the local engine does
            count, warnings = store_parsed(raws, job.text, job.document, job.target, version)
        except StoreError as exc:
            stored.append(Stored(job.path, 0, [str(exc)]))
            continue
        stored.append(Stored(job.path, count, warnings))
    return stored

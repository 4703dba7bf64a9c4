"""The library face of claimtrack: extract, read, correct. Never prints; the CLI renders."""

from __future__ import annotations

import datetime as dt
import functools
import gc
import hashlib
import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from claimtrack import __version__, store
from claimtrack.claims import grouping
from claimtrack.config import Settings
from claimtrack.conflicts import finder as conflicts_module
from claimtrack.dates.dating import assign_dates, publication_of
from claimtrack.engines.cluster import DaskOptions
from claimtrack.errors import ClaimtrackError, InputError, StoreError, UsageError
from claimtrack.ingest.sources import InputWarning, SourceText, read_sources
from claimtrack.models import (
    Claim,
    ClaimsFile,
    ConflictReport,
    Document,
    DocumentRef,
    Piece,
    SpeakerRef,
    Stance,
    Statement,
    StatementDate,
    Timeline,
)
from claimtrack.nlp.attribution import RawStatement
from claimtrack.people import identity
from claimtrack.people.names import slug
from claimtrack.report import export
from claimtrack.stance import topics

if TYPE_CHECKING:
    from spacy.language import Language

#: Bump when the extractor's output changes, so that stored claims are redone.
EXTRACTOR_VERSION = "63"
PIECE_JOINER = " \u2026 "


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


def document_of(source: SourceText) -> Document:
    return Document(
        id=source.doc_id,
        path=source.path,
        published=source.published,
        published_basis=source.published_basis,
        outlet=source.outlet,
        url=source.url,
        title=source.title,
        sha256=source.sha256,
        chars=len(source.text),
        encoding=source.encoding,
    )


def reference(document: Document) -> DocumentRef:
    return DocumentRef.model_validate(document.model_dump(include=set(DocumentRef.model_fields)))


def statement_of(raw: RawStatement, text: str, document: Document) -> Statement:
    pieces = raw.pieces or [(raw.start, raw.end)]
    content = PIECE_JOINER.join(text[start:end] for start, end in pieces)
    key = f"{document.id}:{raw.start}:{raw.end}"
    speaker = raw.speaker
    return Statement(
        id=hashlib.sha256(key.encode()).hexdigest()[:16],
        document=reference(document),
        text=content,
        start=raw.start,
        end=raw.end,
        pieces=[Piece(start=start, end=end) for start, end in pieces] if len(pieces) > 1 else [],
        kind=raw.kind,
        cue=raw.cue,
        cue_start=raw.cue_start,
        cue_end=raw.cue_end,
        speaker=SpeakerRef(
            name=speaker.name,
            mention=speaker.mention,
            start=speaker.start,
            end=speaker.end,
            title=speaker.title,
            affiliation=speaker.affiliation,
            id=slug(speaker.name) if speaker.name else None,
            kind=_speaker_kind(speaker.kind, speaker.name),
        ),
        date=StatementDate(
            phrase=raw.date_phrase,
            phrase_start=raw.date_start,
            phrase_end=raw.date_end,
            future=raw.future,
            background=raw.background,
        ),
        context=context_before(text, raw.start, raw.context),
    )


#: How far before a statement its context reaches: the sentence the extractor gives, one more before it,
#: and the statement's own sentence up to the statement. A confirmation ("Yes, this is true") may answer a
#: report two sentences up ("... the peacekeepers left. The Kremlin commented on the information.").
CONTEXT_BEFORE_CHARS = 400
_SENTENCE_END = re.compile(r"[.!?\u2026][\"\u201d\u2019')\]]*\s+")


def context_before(text: str, start: int, sentence: str | None) -> str | None:
    """The text a statement answers or refers back to: the sentence before it (as the extractor found it), the
    one before that, and the lead-in of its own sentence ("Peskov stated:", "Gove told Johnson")."""
    window = text[max(0, start - CONTEXT_BEFORE_CHARS) : start]
    ends = [m.end() for m in _SENTENCE_END.finditer(window)]
    lead_in = window[ends[-1] :] if ends else window if start <= CONTEXT_BEFORE_CHARS else ""
    if not sentence:
        return lead_in.strip() or None
    at = text.rfind(sentence, 0, start)
    if at < 0:
        return " ".join(part.strip() for part in (sentence, lead_in) if part.strip())
    earlier = text[max(0, at - CONTEXT_BEFORE_CHARS) : at]
    ends = [m.end() for m in _SENTENCE_END.finditer(earlier.rstrip())]
    previous = earlier[ends[-1] :] if ends else earlier if at <= CONTEXT_BEFORE_CHARS else ""
    lead_in = text[at + len(sentence) : start]
    return " ".join(part.strip() for part in (previous, sentence, lead_in) if part.strip()) or None


def _speaker_kind(kind: str | None, name: str | None) -> str | None:
    """The extractor's kind of mention as the contract's kind of speaker."""
    if kind == "anonymous":
        return "anonymous"
    if not name:
        return "office" if kind == "title" else None
    return "organisation" if kind in {"organisation", "organisation-description", "group-pronoun"} else "person"


def _publication(source: SourceText, settings: Settings, report: ExtractReport) -> None:
    """Fill in the publication date: the user's word first, then the page's metadata, then the text."""
    if settings.published is not None:
        source.published, source.published_basis = settings.published, "--published"
    if source.published is not None:
        return
    found, warning = publication_of(source.text, settings.year)
    if found is not None:
        source.published, source.published_basis = found.value, f"{found.basis}: {found.phrase}"
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
    found: list[Statement],
    text: str,
    document: Document,
    version: str,
    warnings: list[str],
    renamed: ClaimsFile | None = None,
) -> ClaimsFile:
    """What extraction found, merged into the claims file as it is now (read again under its lock): an editor's
    review written while this run parsed is kept."""
    current = current or renamed
    statements = found
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
    documents are parsed and stored by the workers of a Dask cluster (dask_engine); this process only reads
    them and never loads the model.
    """
    settings = settings or Settings()
    report = ExtractReport()
    version = pipeline_version(settings)
    pending: dict[str, tuple[SourceText, Document, Path, tuple[Path, ClaimsFile] | None]] = {}
    renames = _Renames(settings)
    store.sweep(settings.claims_dir)

    def to_parse() -> Iterator[tuple[str, str]]:
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
            old: ClaimsFile | None = None
            if target.exists():
                try:
                    old = store.load(target)
                except StoreError as exc:
                    report.errors.append(exc)  # named, not overwritten: the editor decides
                    continue
            if old is not None and not force and old.pipeline == version and old.document.sha256 == document.sha256:
                try:  # under the file's lock, on the file as it is now: a review meanwhile is kept
                    if old.document != document:
                        store.update(target, partial(_refreshed, document=document))
                except StoreError as exc:
                    report.errors.append(exc)
                    continue
                report.unchanged += 1
                report.statements += listed(old.statements)
                report.paths.append(source.path)
                continue
            renamed = renames.of(document) if old is None else None
            pending[source.path] = (source, document, target, renamed)
            yield source.text, source.path

    queue = to_parse()
    first = next(queue, None)
    if first is None:
        return report
    if dask is not None:
        from claimtrack.engines import cluster as dask_engine

        order: dict[str, int] = {}

        def jobs() -> Iterator[dask_engine.Job]:
            for _, path in itertools.chain([first], queue):
                source, document, target, _old = pending.pop(path)
                order[path] = len(order)
                yield dask_engine.Job(path, source.text, document, target)

        parsed: list[str] = []
        for stored in dask_engine.extract(jobs(), settings, version, dask):
            report.warnings.extend(stored.warnings)
            report.parsed += 1
            report.statements += stored.statements
            parsed.append(stored.path)
        parsed.sort(key=order.__getitem__)  # back in input order, as the workers finish in any
        report.paths.extend(parsed)
        report.parsed_paths.extend(parsed)
        return report
    from claimtrack.nlp.pipeline import build_nlp, statements_of_texts

    nlp = build_nlp(settings)

    def everything() -> Iterator[tuple[str, str]]:
        yield first
        yield from queue

    for path, raws in statements_of_texts(
        nlp, everything(), settings.chunk_chars, settings.batch_size, settings.workers
    ):
        source, document, target, renamed = pending.pop(path)
        earlier = renamed[1] if renamed is not None else None  # a renamed file's claims, when the target has none
        try:
            stored, warnings = store_parsed(raws, source.text, document, target, version, renamed=earlier)
            if renamed is not None:
                store.remove(renamed[0])
                warnings.append(f"{path}: {renamed[1].document.path} was renamed to it; its claims moved here")
        except StoreError as exc:
            report.errors.append(exc)
            continue
        report.warnings.extend(warnings)
        report.parsed += 1
        report.statements += stored
        report.paths.append(path)
        report.parsed_paths.append(path)
    return report


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

    Runs wherever the document was parsed: in this process, or on a Dask worker (dask_engine)."""
    found = [statement_of(raw, text, document) for raw in raws]
    assign_dates(found, document.published)
    warnings: list[str] = []
    merge = partial(
        _merged, found=found, text=text, document=document, version=version, warnings=warnings, renamed=renamed
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


#: Whether _bulk moves what it built out of the cyclic collector's sight afterwards (gc.freeze): the first
#: collection after a pause would otherwise scan it all once more, about 0.5 s a pause at 100,000
#: statements. Right for a process that ends with its command, so the claimtrack command turns it on; a
#: library user's long-lived process keeps it off, because its own cyclic garbage alive at a freeze would
#: never be collected. (Reference counting frees frozen objects either way.)
FREEZE_BUILT = False


@contextmanager
def _bulk() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many long-lived objects (a store of 100,000
    statements): it would otherwise re-scan them all again and again, which measured 2-3x the work."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if FREEZE_BUILT:
                gc.freeze()
            gc.enable()


@dataclass
class Loaded:
    """What the claims store holds, and the files in it that could not be read."""

    files: list[tuple[Path, ClaimsFile]]
    errors: list[StoreError]

    @property
    def statements(self) -> list[Statement]:
        return [statement for _, claims in self.files for statement in claims.statements]


def load_claims(claims_dir: Path) -> Loaded:
    if not claims_dir.is_dir():
        raise ClaimtrackError(
            f"{claims_dir}: no claims store here; run 'claimtrack extract PATH' first or pass --claims"
        )
    files: list[tuple[Path, ClaimsFile]] = []
    errors: list[StoreError] = []
    with _bulk():
        for path, loaded in store.iter_claims(claims_dir):
            if isinstance(loaded, StoreError):
                errors.append(loaded)
            else:
                files.append((path, loaded))
    return Loaded(files, errors)


def _beside_claims(given: Path | None, settings: Settings, name: str) -> Path | None:
    if given is not None:
        if not given.is_file():
            raise ClaimtrackError(f"{given}: no such file; check the path")
        return given
    default = settings.claims_dir / name
    return default if default.is_file() else None


def canonical(statements: list[Statement], settings: Settings | None = None) -> list[Statement]:
    """Statements with speakers as identities across all documents: 'Galuzin', 'M. Galuzin' and
    'Mikhail Galuzin' become one, editors' pins respected, affiliations from the institutions table."""
    speakers = canonical_speakers(statements, settings)
    return export.with_canonical_speakers(statements, speakers)


def canonical_speakers(statements: list[Statement], settings: Settings | None = None) -> identity.CanonicalSpeakers:
    """The speakers of these statements as identities across all documents (see canonical), to resolve each
    statement's speaker with, without copying the statements."""
    return _canonical_speakers((statement.speaker for statement in statements), settings or Settings())


def _canonical_speakers(speakers: Iterable[SpeakerRef], settings: Settings) -> identity.CanonicalSpeakers:
    table = identity.load_institutions(_beside_claims(settings.institutions_file, settings, "institutions.toml"))
    pins_path = _beside_claims(settings.speakers_file, settings, "speakers.toml")
    pins = identity.load_pins(pins_path) if pins_path is not None else None
    observations = identity.observations_of(speakers)
    index = identity.build_index(observations, settings.identity, pins, institutions=table)
    return identity.CanonicalSpeakers(index, table)


def documents_canonical(paths: Iterable[str], settings: Settings) -> tuple[list[Statement], list[StoreError]]:
    """The stored statements of these documents (by path, in store order) with speakers made canonical across
    the whole store, as `canonical` would make them, and the store's files that could not be read.

    The store is read one file at a time and only the documents asked for are kept: showing what one run of
    extract found costs memory for those documents, not for the archive."""
    wanted = set(paths)
    chosen: list[Statement] = []
    errors: list[StoreError] = []

    def keep(loaded: ClaimsFile) -> None:
        if loaded.document.path in wanted:
            chosen.extend(loaded.statements)

    resolver = _canonical_speakers(_store_speakers(settings, errors, keep), settings)  # fills `chosen` too
    return export.with_canonical_speakers(chosen, resolver), errors


def listed(statements: Iterable[Statement]) -> int:
    """How many of these statements are listed as statements: all but the references ('denied the report')."""
    return sum(1 for statement in statements if statement.kind != "reference")


def _store_speakers(
    settings: Settings, errors: list[StoreError], seen: Callable[[ClaimsFile], None] | None = None
) -> Iterator[SpeakerRef]:
    """Every stored statement's speaker, the store read one claims file at a time; files that cannot be read go
    to `errors`, and each one read is shown to `seen` first."""
    for _, loaded in store.iter_claims(settings.claims_dir):
        if isinstance(loaded, StoreError):
            errors.append(loaded)
            continue
        if seen is not None:
            seen(loaded)
        for statement in loaded.statements:
            yield statement.speaker


def streamed_canonical(settings: Settings, **filters) -> tuple[Iterator[Statement], list[StoreError]]:
    """Every stored statement with speakers made canonical across the store, as `canonical` makes them, read
    one claims file at a time, and the store's files that could not be read; `filters` as filter_statements.

    The store is read twice: once for the speakers (which needs all of them), then again as the statements are
    consumed, so a Parquet export of an archive holds one file's statements at a time, not the archive."""
    if not settings.claims_dir.is_dir():
        raise ClaimtrackError(
            f"{settings.claims_dir}: no claims store here; run 'claimtrack extract PATH' first or pass --claims"
        )
    errors: list[StoreError] = []
    resolver = _canonical_speakers(_store_speakers(settings, errors), settings)

    def statements() -> Iterator[Statement]:
        for _, loaded in store.iter_claims(settings.claims_dir):
            if not isinstance(loaded, StoreError):
                yield from filter_statements(export.with_canonical_speakers(loaded.statements, resolver), **filters)

    return statements(), errors


def filter_statements(
    statements: Iterable[Statement],
    *,
    speaker: str | None = None,
    document: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    references: bool = False,
) -> list[Statement]:
    """Statements matching every filter given. Undated statements are kept out of date filters. References
    ('denied the report': words that only point at a claim made elsewhere) are left out unless asked for."""
    chosen = []
    for statement in statements:
        if statement.kind == "reference" and not references:
            continue
        if speaker is not None:
            wanted = speaker.casefold()
            names = [statement.speaker.name or "", statement.speaker.mention or "", statement.speaker.id or ""]
            if not any(wanted in name.casefold() for name in names):
                continue
        if document is not None and document not in statement.document.path and document != statement.document.id:
            continue
        value = statement.date.value
        if (since or until) and value is None:
            continue
        if since is not None and value < since:
            continue
        if until is not None and value > until:
            continue
        chosen.append(statement)
    return chosen


def timeline_order(statements: Iterable[Statement]) -> list[Statement]:
    """By date (then document, then position); undated statements last, never placed among the dated."""
    return sorted(
        statements,
        key=lambda s: (s.date.value is None, s.date.value or dt.date.min, s.document.path, s.start),
    )


#: The fewest characters of a statement id that `correct` takes as a prefix: fewer would name too much by chance.
SHORTEST_PREFIX = 4


def correct(
    claims_dir: Path,
    statement_id: str,
    *,
    speaker: str | None = None,
    date: dt.date | None = None,
    stance: tuple[str, str] | None = None,
    note: str | None = None,
) -> Statement:
    """An editor's correction: change what is given, mark the statement reviewed, write atomically. The claims
    file is read again and written under its lock, so a command writing it at the same time loses nothing.

    `statement_id` is the id, or its first characters (at least SHORTEST_PREFIX, as the tables show them) when no
    other statement's id starts with them."""
    wanted = statement_id.strip().casefold()
    if len(wanted) < SHORTEST_PREFIX:
        raise ClaimtrackError(
            f"'{statement_id}' is too short to name a statement: give at least {SHORTEST_PREFIX} characters of its id"
        )
    found: list[tuple[Path, str]] = []
    for path, loaded in store.iter_claims(claims_dir):
        if isinstance(loaded, StoreError):
            continue
        for candidate in loaded.statements:
            if candidate.id == wanted:
                found = [(path, candidate.id)]
                break
            if candidate.id.startswith(wanted):
                found.append((path, candidate.id))
        else:
            continue
        break  # the whole id: no prefix can compete with it
    if not found:
        raise ClaimtrackError(f"no statement with id {statement_id} in {claims_dir}; see 'claimtrack statements'")
    if len(found) > 1:
        some = ", ".join(full for _, full in found[:5]) + (", …" if len(found) > 5 else "")
        raise ClaimtrackError(
            f"{len(found)} statements in {claims_dir} have ids starting with {statement_id} ({some}); "
            "give more characters of the id"
        )
    ((path, full_id),) = found
    corrected: list[Statement] = []

    def apply(current: ClaimsFile | None) -> ClaimsFile | None:
        for statement in current.statements if current is not None else []:
            if statement.id != full_id:
                continue
            if speaker is not None:
                # Another person: what the text said of the old one (title, affiliation) is not theirs.
                statement.speaker.name, statement.speaker.id = speaker, slug(speaker)
                statement.speaker.title = statement.speaker.affiliation = None
            if date is not None:
                statement.date = StatementDate(value=date, precision="day", basis="explicit", phrase="editor")
            if stance is not None:
                topic, position = stance
                statement.stances[topic] = Stance(position=position, confidence=1.0, evidence="editor")
            if note is not None:
                statement.note = note
            statement.reviewed = True
            corrected.append(statement)
            return current
        return None  # extracted again meanwhile, and the statement is gone

    store.update(path, apply)
    if corrected:
        return corrected[0]
    raise ClaimtrackError(f"no statement with id {statement_id} in {claims_dir}; see 'claimtrack statements'")


def evaluate(
    gold_dir: Path,
    settings: Settings | None = None,
    *,
    limit: int | None = None,
    on_total: Callable[[int], None] | None = None,
    on_document: Callable[[], None] | None = None,
):
    """Score the extractor against a brat standoff gold split (PolNeAR, PARC-style). `on_total` is told how
    many documents will be scored, `on_document` each time one has been parsed."""
    from claimtrack import evaluate as scoring
    from claimtrack.nlp.pipeline import build_nlp, statements_of_texts

    settings = settings or Settings()
    gold = scoring.load_gold(gold_dir)
    if on_total is not None:
        on_total(len(gold) if limit is None else min(limit, len(gold)))
    nlp = build_nlp(settings)

    def predict(texts: Iterable[str]) -> Iterator[list[scoring.Predicted]]:
        keyed = ((text, number) for number, text in enumerate(texts))
        for _, raws in statements_of_texts(nlp, keyed, settings.chunk_chars, settings.batch_size):
            yield [predicted(raw) for raw in raws]
            if on_document is not None:
                on_document()

    return scoring.evaluate(gold, predict, limit=limit)


def predicted(raw: RawStatement):
    """An extracted statement as the scorer sees it: its content pieces and its speaker mention."""
    from claimtrack import evaluate as scoring

    return scoring.Predicted(
        pieces=list(raw.pieces) or [(raw.start, raw.end)],
        speaker=(raw.speaker.start, raw.speaker.end) if raw.speaker.start is not None else None,
    )


@dataclass
class StanceReport:
    topic: str
    statements: int = 0
    positions: dict[str, int] = field(default_factory=dict)
    kept_by_editor: int = 0
    redone: int = 0  # claims files whose stances were worked out by this run
    errors: list[StoreError] = field(default_factory=list)
    #: The statements that have a stance on the topic, for callers that go on to group them: the rest of the
    #: store is read one file at a time and let go, so memory grows with the topic's statements, not the archive.
    positioned: list[Statement] = field(default_factory=list)


def resolve_topic(name_or_path: str) -> topics.Topic:
    """A topic file's path, or the name of a shipped topic."""
    path = Path(name_or_path)
    if path.suffix == ".toml" or path.exists():
        if not path.is_file():
            raise UsageError(f"{path}: no such topic file; check the path")
        return topics.load_topic(path)
    shipped = topics.shipped_topics()
    if name_or_path not in shipped:
        known = ", ".join(sorted(shipped)) or "none"
        raise UsageError(f"no topic named '{name_or_path}' (shipped: {known}); pass the path of a topic file")
    return shipped[name_or_path]


def stance(
    claims_dir: Path,
    topic: topics.Topic,
    settings: Settings | None = None,
    *,
    force: bool = False,
    on_file: Callable[[], None] | None = None,
    dask: DaskOptions | None = None,
) -> StanceReport:
    """Each stored statement's position on the topic, written into its claims file. Only stance is
    redone, never extraction, and only for claims files not yet judged with this topic file and model
    (force redoes all); the model is not loaded when nothing needs it. An editor's stance on a reviewed
    statement is kept. With `dask`, the workers of a Dask cluster judge and write the files (the report then
    holds no statements: the command only counts)."""
    settings = settings or Settings(claims_dir=claims_dir)
    if not claims_dir.is_dir():
        load_claims(claims_dir)  # says there is no store here
    store.sweep(claims_dir)
    if dask is not None:
        from claimtrack.engines import cluster as dask_engine

        return dask_engine.stance(claims_dir, topic, settings, dask, force=force, on_file=on_file)
    report = StanceReport(topic=topic.name)
    fingerprint = topic.fingerprint(settings.model)

    @functools.cache
    def model():
        from claimtrack.nlp.pipeline import load_model

        return load_model(settings.model)

    for path, claims in _streamed(claims_dir):
        if isinstance(claims, StoreError):
            report.errors.append(claims)
            continue
        judged = judge_file(path, claims, topic, fingerprint, model, report, force=force)
        if judged is not None:
            report.positioned.extend(s for s in judged.statements if topic.name in s.stances)
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
        judge = partial(_judge, topic=topic, nlp=model(), fingerprint=fingerprint, force=force)
        try:
            judged = store.update(path, judge)
        except StoreError as exc:
            report.errors.append(exc)
            return None
        if judged is None:  # gone, or judged by another run meanwhile
            judged = _reread(path, claims)
        else:
            report.redone += 1
        claims = judged
    for statement in claims.statements:
        report.statements += 1
        if statement.reviewed and topic.name in statement.stances:
            report.kept_by_editor += 1
        position = statement.stances.get(topic.name)
        if position is not None and position.position:
            report.positions[position.position] = report.positions.get(position.position, 0) + 1
    return claims


def _judge(current: ClaimsFile | None, topic: topics.Topic, nlp, fingerprint: str, force: bool) -> ClaimsFile | None:
    """Each statement's position on the topic, an editor's stance on a reviewed statement kept; None when there is
    nothing to write (the file is gone, or another run judged it with this topic meanwhile)."""
    if current is None or (not force and current.topics.get(topic.name) == fingerprint):
        return None
    for statement in current.statements:
        if statement.reviewed and topic.name in statement.stances:
            continue
        speaker = statement.speaker
        found = topics.stance_of(
            nlp,
            statement.text,
            topic,
            statement.context,
            speaker=(speaker.name, speaker.affiliation, grouping.voice_of(speaker)),
            cue=statement.cue,
        )
        if found is None:
            statement.stances.pop(topic.name, None)
        else:
            statement.stances[topic.name] = found
    current.topics[topic.name] = fingerprint
    return current


def _reread(path: Path, claims: ClaimsFile) -> ClaimsFile:
    """The claims file as it is now, or as it was read before if it is gone or cannot be read."""
    try:
        return store.load(path)
    except StoreError:
        return claims


def _streamed(claims_dir: Path) -> Iterator[tuple[Path, ClaimsFile | StoreError]]:
    """store.iter_claims with the cyclic collector paused while each file is built (see _bulk), not while the
    caller works on it: stance runs the model between files."""
    files = store.iter_claims(claims_dir)
    while True:
        with _bulk():
            found = next(files, None)
        if found is None:
            return
        yield found


@dataclass
class TopicView:
    """A topic's claims across the store, and what was done to get them."""

    topic: topics.Topic
    claims: list[Claim]
    stance: StanceReport

    @property
    def errors(self) -> list[StoreError]:
        return self.stance.errors


def topic_claims(
    topic: topics.Topic, settings: Settings | None = None, on_file: Callable[[], None] | None = None
) -> TopicView:
    """The topic's claims: stances brought up to date (only where the topic or model changed), speakers
    made canonical across documents, and reports of one statement by several outlets merged."""
    settings = settings or Settings()
    return view_of(stance(settings.claims_dir, topic, settings, on_file=on_file), topic, settings)


def view_of(report: StanceReport, topic: topics.Topic, settings: Settings | None = None) -> TopicView:
    """The topic's claims from a store whose stances are up to date: speakers made canonical, reports of one
    statement merged."""
    settings = settings or Settings()
    # A reference ('denied the report') is a claim only through the position it takes on the topic.
    positioned = [
        statement
        for statement in report.positioned
        if statement.kind != "reference" or statement.stances[topic.name].position is not None
    ]
    with _bulk():
        speakers = canonical_speakers(positioned, settings)
        return TopicView(topic, grouping.group(positioned, topic, settings.conflicts, speakers), report)


def conflicts(view: TopicView, settings: Settings | None = None, kinds: Iterable[str] | None = None) -> ConflictReport:
    """Reversals, shifts and disagreements among the topic's claims, most telling first."""
    settings = settings or Settings()
    with _bulk():
        return conflicts_module.find_conflicts(view.claims, view.topic, settings.conflicts, kinds)


def timeline(view: TopicView, settings: Settings | None = None, voice: str | None = None) -> Timeline:
    settings = settings or Settings()
    return conflicts_module.timeline(view.claims, view.topic, settings.conflicts, voice)


def organisations(settings: Settings | None = None) -> Callable[[str], bool]:
    """Whether a speaker's name is a country, institution or capital (so an Organization, not a Person)."""
    settings = settings or Settings()
    table = identity.load_institutions(_beside_claims(settings.institutions_file, settings, "institutions.toml"))
    return table.is_known

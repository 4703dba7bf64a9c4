"""Reading the claims store: its files, statements with speakers as identities across documents, filters."""

from __future__ import annotations

import datetime as dt
import functools
import gc
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from claimtrack import store
from claimtrack.config import Settings
from claimtrack.errors import ClaimtrackError, StoreError, UsageError
from claimtrack.models import ClaimsFile, SpeakerRef, Statement
from claimtrack.people import identity

#: Whether collector_paused moves what it built out of the cyclic collector's sight afterwards (gc.freeze): the
#: first collection after a pause would otherwise scan it all once more, about 0.5 s a pause at 100,000
#: statements. Right for a process that ends with its command, so the claimtrack command turns it on; a
#: library user's long-lived process keeps it off, because its own cyclic garbage alive at a freeze would
#: never be collected. (Reference counting frees frozen objects either way.)
FREEZE_BUILT = False


@contextmanager
def collector_paused() -> Iterator[None]:
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
class StoreContents:
    """What the claims store holds, and the files in it that could not be read."""

    files: list[tuple[Path, ClaimsFile]]
    errors: list[StoreError]

    @property
    def statements(self) -> list[Statement]:
        return [statement for _, claims in self.files for statement in claims.statements]


def no_store(claims_dir: Path) -> ClaimtrackError:
    return ClaimtrackError(f"{claims_dir}: no claims store here; run 'claimtrack extract PATH' first or pass --claims")


def load_claims(claims_dir: Path) -> StoreContents:
    """Every claims file of the store, read (never written: reading needs no write access)."""
    if not claims_dir.is_dir():
        raise no_store(claims_dir)
    files: list[tuple[Path, ClaimsFile]] = []
    errors: list[StoreError] = []
    with collector_paused():
        for path, loaded in store.iter_claims(claims_dir):
            if isinstance(loaded, StoreError):
                errors.append(loaded)
            else:
                files.append((path, loaded))
    return StoreContents(files, errors)


def streamed_claims(claims_dir: Path) -> Iterator[tuple[Path, ClaimsFile | StoreError]]:
    """store.iter_claims with the cyclic collector paused while each file is built (see collector_paused), not
    while the caller works on it: stance runs the model between files."""
    files = store.iter_claims(claims_dir)
    while True:
        with collector_paused():
            claims_file = next(files, None)
        if claims_file is None:
            return
        yield claims_file


def why_empty(contents: StoreContents, claims_dir: Path, topic: str | None = None) -> str:
    """Why a listing is empty, and what to do: an empty store, no stances yet, or filters that match nothing."""
    stored = sum(len(claims.statements) for _, claims in contents.files)
    if not stored:
        return f"no statements stored in {claims_dir}/; run 'claimtrack extract PATH --out {claims_dir}' first"
    if topic is not None and not any(topic in s.stances for _, claims in contents.files for s in claims.statements):
        return f"no statement has a position on '{topic}'; run 'claimtrack stance --topic {topic}' first"
    return f"none of the {stored:,} stored statements matches the filters given"


# -- speakers as identities across documents ----------------------------------------------------------------


def beside_claims(given: Path | None, settings: Settings, name: str) -> Path | None:
    """The file given, or the one named `name` in the claims folder when there is one."""
    if given is not None:
        if not given.is_file():
            raise ClaimtrackError(f"{given}: no such file; check the path")
        return given
    default = settings.claims_dir / name
    return default if default.is_file() else None


def with_speaker_identities(statements: list[Statement], settings: Settings | None = None) -> list[Statement]:
    """Statements with speakers as identities across all documents: 'Galuzin', 'M. Galuzin' and
    'Mikhail Galuzin' become one, editors' pins respected, affiliations from the institutions table."""
    return identity.with_resolved_speakers(statements, speaker_identities(statements, settings))


def speaker_identities(statements: list[Statement], settings: Settings | None = None) -> identity.SpeakerResolver:
    """The speakers of these statements as identities across all documents (see with_speaker_identities), to
    resolve each statement's speaker with, without copying the statements."""
    return _identities_of((statement.speaker for statement in statements), settings or Settings())


def speaker_identities_of(
    settings: Settings,
) -> Callable[[Counter[identity.SpeakerObservation]], identity.SpeakerResolver]:
    """What makes speaker_identities of speakers counted elsewhere (grouping counts them as it reads the
    statements, so that they are read once)."""
    return functools.partial(_identities_of, settings=settings)


def _identities_of(
    speakers: Iterable[SpeakerRef] | Counter[identity.SpeakerObservation], settings: Settings
) -> identity.SpeakerResolver:
    return identity.resolver_for(
        speakers,
        settings.identity,
        institutions_file=beside_claims(settings.institutions_file, settings, "institutions.toml"),
        pins_file=beside_claims(settings.speakers_file, settings, "speakers.toml"),
    )


def statements_of_documents(paths: Iterable[str], settings: Settings) -> tuple[list[Statement], list[StoreError]]:
    """The stored statements of these documents (by path, in store order) with speakers as identities across the
    whole store, as with_speaker_identities makes them, and the store's files that could not be read.

    The store is read one file at a time and only the documents asked for are kept: showing what one run of
    extract found costs memory for those documents, not for the archive."""
    wanted = set(paths)
    chosen: list[Statement] = []
    errors: list[StoreError] = []

    def keep(claims: ClaimsFile) -> None:
        if claims.document.path in wanted:
            chosen.extend(claims.statements)

    resolver = _identities_of(_store_speakers(settings, errors, keep), settings)  # fills `chosen` too
    return identity.with_resolved_speakers(chosen, resolver), errors


def _store_speakers(
    settings: Settings, errors: list[StoreError], seen: Callable[[ClaimsFile], None] | None = None
) -> Iterator[SpeakerRef]:
    """Every stored statement's speaker, the store read one claims file at a time; files that cannot be read go
    to `errors`, and each one read is shown to `seen` first."""
    for _, claims in store.iter_claims(settings.claims_dir):
        if isinstance(claims, StoreError):
            errors.append(claims)
            continue
        if seen is not None:
            seen(claims)
        for statement in claims.statements:
            yield statement.speaker


def streamed_statements(settings: Settings, **filters) -> tuple[Iterator[Statement], list[StoreError]]:
    """Every stored statement with speakers as identities across the store, as with_speaker_identities makes
    them, read one claims file at a time, and the store's files that could not be read; `filters` as
    filter_statements.

    The store is read twice: once for the speakers (which needs all of them), then again as the statements are
    consumed, so a Parquet export of an archive holds one file's statements at a time, not the archive."""
    if not settings.claims_dir.is_dir():
        raise no_store(settings.claims_dir)
    errors: list[StoreError] = []
    resolver = _identities_of(_store_speakers(settings, errors), settings)

    def statements() -> Iterator[Statement]:
        for _, claims in store.iter_claims(settings.claims_dir):
            if not isinstance(claims, StoreError):
                yield from filter_statements(identity.with_resolved_speakers(claims.statements, resolver), **filters)

    return statements(), errors


# -- filters ---------------------------------------------------------------------------------------------------


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


def parse_day(value: str | None, option: str) -> dt.date | None:
    """A date given as YYYY-MM-DD (to a filter or a correction), or None when none was given."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{option}: '{value}' is not a date; use YYYY-MM-DD") from None

"""review: an editor's correction of one stored statement, found by its id or the start of it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from claimtrack import store
from claimtrack.errors import ClaimtrackError, StoreError
from claimtrack.models import ClaimsFile, Stance, Statement, StatementDate
from claimtrack.people.names import slug

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
    matches: list[tuple[Path, str]] = []
    for path, loaded in store.iter_claims(claims_dir):
        if isinstance(loaded, StoreError):
            continue
        for candidate in loaded.statements:
            if candidate.id == wanted:
                matches = [(path, candidate.id)]
                break
            if candidate.id.startswith(wanted):
                matches.append((path, candidate.id))
        else:
            continue
        break  # the whole id: no prefix can compete with it
    if not matches:
        raise ClaimtrackError(f"no statement with id {statement_id} in {claims_dir}; see 'claimtrack statements'")
    if len(matches) > 1:
        some = ", ".join(full for _, full in matches[:5]) + (", …" if len(matches) > 5 else "")
        raise ClaimtrackError(
            f"{len(matches)} statements in {claims_dir} have ids starting with {statement_id} ({some}); "
            "give more characters of the id"
        )
    ((path, full_id),) = matches
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

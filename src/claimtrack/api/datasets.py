"""export --format parquet: the store's statements (and a topic's claims and conflicts) as Parquet datasets."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from claimtrack.api.reading import filter_statements, streamed_statements
from claimtrack.api.topic_views import TopicView, conflicts, with_positions_of
from claimtrack.config import Settings
from claimtrack.errors import ClaimtrackError


@dataclass
class ParquetExport:
    counts: list[tuple[str, int]] = field(default_factory=list)  # (what, how many rows), in the order written
    errors: list[ClaimtrackError] = field(default_factory=list)  # claims files that could not be read


def export_parquet(
    settings: Settings,
    out: Path,
    view: TopicView | None = None,
    *,
    speaker: str | None = None,
    document: str | None = None,
) -> ParquetExport:
    """statements/ under out (and claims/ and conflicts/ with a topic's view), each a Parquet dataset by month.
    The statements carry the view's positions, stored or worked out in memory; the store is not written."""
    from claimtrack.report import parquet

    written = ParquetExport()
    try:
        if view is not None:
            found = conflicts(view, settings)
            chosen_ids = {s.id for s in filter_statements(view.claims, speaker=speaker, document=document)}
            chosen = [claim for claim in view.claims if claim.id in chosen_ids]
            written.counts.append(("claim", parquet.write_claims(chosen, found.topic, out / "claims")))
            written.counts.append(("conflict", parquet.write_conflicts(found.conflicts, out / "conflicts")))
            written.errors = list(view.errors)
            del found, chosen
        statements, store_errors = streamed_statements(settings, speaker=speaker, document=document)
        if view is not None and view.stance.computed_in_memory:
            statements = with_positions_of(view, statements)
        written.counts.insert(0, ("statement", parquet.write_statements(statements, out / "statements")))
    except OSError as exc:
        raise ClaimtrackError(
            f"{out}: cannot write the Parquet datasets ({exc.strerror or exc}); choose another --out"
        ) from None
    if view is None:
        written.errors = list(store_errors)
    return written

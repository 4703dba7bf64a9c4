"""report: the store (and a topic's claims, conflicts and timeline) read into the HTML page; never writes the store."""

from __future__ import annotations

from collections.abc import Callable

from claimtrack.api.reading import load_claims, with_speaker_identities
from claimtrack.api.topic_views import conflicts, timeline, topic_claims, with_positions_of
from claimtrack.config import Settings
from claimtrack.errors import ClaimtrackError
from claimtrack.report import html
from claimtrack.stance.topics import Topic


def html_report(
    settings: Settings, topic: Topic | None = None, on_file: Callable[[], None] | None = None
) -> tuple[html.Report, list[ClaimtrackError]]:
    """Everything the page shows, read from the claims store (with a topic, stances not stored are worked out in
    memory), and the store's files that could not be read."""
    # The topic's view keeps only the topic's statements in memory; the articles need all of them, read once more.
    view = topic_claims(topic, settings, on_file=on_file) if topic is not None else None
    contents = load_claims(settings.claims_dir)
    errors: list[ClaimtrackError] = list(view.errors if view is not None else contents.errors)
    statements = contents.statements
    if view is not None and view.stance.computed_in_memory:
        statements = list(with_positions_of(view, statements))
    statements = with_speaker_identities(statements, settings)
    documents = [claims.document for _, claims in contents.files]
    page = html.build(settings, documents, statements, topic, on_file=on_file)
    if view is not None:
        page.stances_computed_in_memory = view.stance.computed_in_memory
        page = html.with_topic(page, conflicts(view, settings), timeline(view, settings), settings)
    return page, errors

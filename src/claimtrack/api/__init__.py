"""The library face of claimtrack: extract, read, judge stances, correct, evaluate. Never prints; the CLI renders.

Each verb lives in the module named for it; this package gathers them so `from claimtrack import api` is all a
caller needs. Importing it loads no model: models are loaded through api.loading, when a command first needs one.
"""

from __future__ import annotations

from claimtrack.api.datasets import ParquetExport, export_parquet
from claimtrack.api.evaluation import evaluate, predicted
from claimtrack.api.extraction import (
    EXTRACTOR_VERSION,
    ExtractReport,
    extract,
    files_to_read,
    listed,
    pipeline_version,
    store_parsed,
)
from claimtrack.api.html_report import html_report
from claimtrack.api.loading import loader_used
from claimtrack.api.reading import (
    StoreContents,
    collector_paused,
    filter_statements,
    load_claims,
    parse_day,
    speaker_identities,
    statements_of_documents,
    streamed_statements,
    timeline_order,
    why_empty,
    with_speaker_identities,
)
from claimtrack.api.review import SHORTEST_PREFIX, correct
from claimtrack.api.stances import StanceReport, judge_file, judged, stance
from claimtrack.api.statements import PIECE_JOINER, context_before, document_of, reference, statement_of
from claimtrack.api.topic_views import (
    TopicView,
    conflicts,
    organisations,
    ranked_conflicts,
    resolve_topic,
    stances_read,
    timeline,
    topic_claims,
    topic_if_known,
    topic_position,
    view_of,
    with_positions_of,
)

__all__ = [
    "EXTRACTOR_VERSION",
    "PIECE_JOINER",
    "SHORTEST_PREFIX",
    "ExtractReport",
    "ParquetExport",
    "StanceReport",
    "StoreContents",
    "TopicView",
    "collector_paused",
    "conflicts",
    "context_before",
    "correct",
    "document_of",
    "evaluate",
    "export_parquet",
    "extract",
    "files_to_read",
    "html_report",
    "filter_statements",
    "judge_file",
    "judged",
    "listed",
    "load_claims",
    "loader_used",
    "organisations",
    "parse_day",
    "pipeline_version",
    "predicted",
    "reference",
    "ranked_conflicts",
    "resolve_topic",
    "speaker_identities",
    "stance",
    "stances_read",
    "statement_of",
    "statements_of_documents",
    "store_parsed",
    "streamed_statements",
    "timeline",
    "timeline_order",
    "topic_claims",
    "topic_if_known",
    "topic_position",
    "view_of",
    "why_empty",
    "with_positions_of",
    "with_speaker_identities",
]

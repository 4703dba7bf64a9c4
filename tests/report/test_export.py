"""JSON written a list item at a time is, byte for byte, the JSON of the whole (the statements of test_render
carry a line break, curly quotes, an accent and an emoji)."""

from __future__ import annotations

import json

import pytest
from test_render import CLAIMS, STATEMENTS, TOPIC

from claimtrack.config import GroupingSettings
from claimtrack.conflicts.finder import find_conflicts, timeline
from claimtrack.models import SCHEMA_VERSION, Export, Timeline
from claimtrack.report import export

REPORT = find_conflicts(CLAIMS, TOPIC, GroupingSettings())
MODELS = {
    "conflicts": REPORT,
    "no conflicts": REPORT.model_copy(update={"conflicts": []}),
    "timeline": timeline(CLAIMS, TOPIC, GroupingSettings()),
    "empty timeline": Timeline(topic="t", question="Will it?", voices=[]),
    "topic export": None,  # made by topic_json
    "three lists": export.TopicExport(
        topic=TOPIC.name,
        question=TOPIC.question,
        claims=CLAIMS,
        conflicts=REPORT.conflicts,
        speakers=export.speakers_of(CLAIMS),
    ),
    "export": Export(schema_version=SCHEMA_VERSION, statements=STATEMENTS, speakers=export.speakers_of(STATEMENTS)),
    "claims among statements": Export(schema_version=SCHEMA_VERSION, statements=[*STATEMENTS, *CLAIMS], speakers=[]),
}


@pytest.mark.parametrize("name", sorted(MODELS))
def test_json_made_in_chunks_is_the_json_of_the_whole(name):
    if name == "topic export":
        chunks = list(export.topic_json(TOPIC.name, TOPIC.question, CLAIMS, REPORT.conflicts))
        whole = json.loads(b"".join(chunks))
        assert len(whole["claims"]) == len(CLAIMS) and len(whole["conflicts"]) == len(REPORT.conflicts)
        model = export.TopicExport.model_validate(whole)
    else:
        model = MODELS[name]
        chunks = list(export.json_chunks(model))
    assert b"".join(chunks) == export.json_of(model)
    if name in {"conflicts", "timeline", "export", "three lists"}:
        assert len(chunks) > 3  # written an item at a time, not at once

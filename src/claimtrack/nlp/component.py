"""The claimtrack_attribution spaCy component."""

from __future__ import annotations

from dataclasses import asdict

from spacy.language import Language
from spacy.tokens import Doc

from claimtrack.nlp.attribution import extract_statements

EXTENSION = "claimtrack_statements"


@Language.factory(
    "claimtrack_attribution",
    requires=["token.dep", "token.lemma", "doc.ents"],
    assigns=[f"doc._.{EXTENSION}"],
    default_config={},
)
def make_attribution(nlp: Language, name: str) -> AttributionComponent:
    return AttributionComponent()


class AttributionComponent:
    """Stores the statements of each Doc in doc._.claimtrack_statements, as plain dicts."""

    def __init__(self) -> None:
        if not Doc.has_extension(EXTENSION):
            Doc.set_extension(EXTENSION, default=None)

    def __call__(self, doc: Doc) -> Doc:
        doc._.set(EXTENSION, [asdict(statement) for statement in extract_statements(doc)])
        return doc

"""The word lists the attribution rules read (cue verbs, addressee cues, reference nouns ...): data a pipeline is
configured with, not code.

The defaults are data/attribution_words.toml, registered as spaCy's misc function claimtrack.attribution_words.v1,
which the component's config names. The component makes its lists the active ones while it extracts, so the rules
(plain functions over a Doc) read them through active_words(); called on their own, the rules read the defaults.
Other lists: register a function that returns them (default_attribution_words() changed) under spacy.registry.misc and
name it in the config, nlp.add_pipe("claimtrack_attribution", config={"words": {"@misc": "my_words.v1"}}).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, fields
from importlib.resources import files

from spacy.util import registry

#: The lists, by name, as data/attribution_words.toml and the component's config give them.
WORDS_FILE = "attribution_words.toml"


@dataclass(frozen=True)
class AttributionWords:
    """Every list the rules read, as sets for lookup; phrasal cues as (verb, particle) pairs."""

    speech_cues: frozenset[str]
    nominal_content_cues: frozenset[str]
    naming_cues: frozenset[str]
    charging_cues: frozenset[str]
    aspectual_cues: frozenset[str]
    contesting_cues: frozenset[str]
    addressee_cues: frozenset[str]
    topic_prepositions: frozenset[str]
    phrasal_cues: frozenset[tuple[str, str]]
    placing_adverbs: frozenset[str]
    object_control: frozenset[str]
    citing: frozenset[str]
    relative_words: frozenset[str]
    relative: frozenset[str]
    setting_cues: frozenset[str]
    contrasting: frozenset[str]
    demonstratives: frozenset[str]
    question_cues: frozenset[str]
    answers: frozenset[str]
    answering_cues: frozenset[str]
    reference_nouns: frozenset[str]
    target_cues: frozenset[str]
    act_cues: frozenset[str]

    @classmethod
    def from_lists(cls, lists: Mapping[str, list[str]]) -> AttributionWords:
        """From lists of words by name (phrasal cues as 'verb particle'); a list missing or unknown is an error."""
        names = {field.name for field in fields(cls)}
        if set(lists) != names:
            missing, unknown = sorted(names - set(lists)), sorted(set(lists) - names)
            raise ValueError(f"attribution word lists: missing {missing}, unknown {unknown}")
        sets: dict[str, frozenset] = {name: frozenset(lists[name]) for name in names}
        sets["phrasal_cues"] = frozenset(tuple(pair.split()) for pair in lists["phrasal_cues"])
        return cls(**sets)


def read_lists(text: str) -> dict[str, list[str]]:
    """The lists of a TOML text: each a string of words separated by blanks, or (phrasal cues) an array."""
    return {
        name: value.split() if isinstance(value, str) else list(value) for name, value in tomllib.loads(text).items()
    }


@registry.misc("claimtrack.attribution_words.v1")
def default_attribution_words() -> dict[str, list[str]]:
    """The lists claimtrack ships; the component's config names them: {"@misc": "claimtrack.attribution_words.v1"}."""
    return read_lists(files("claimtrack.data").joinpath(WORDS_FILE).read_text(encoding="utf-8"))


DEFAULT_WORDS = AttributionWords.from_lists(default_attribution_words())
_active: ContextVar[AttributionWords] = ContextVar("claimtrack_attribution_words", default=DEFAULT_WORDS)


def active_words() -> AttributionWords:
    """The lists of the component extracting now, or the defaults."""
    return _active.get()


@contextmanager
def using(words: AttributionWords) -> Iterator[None]:
    """Make `words` the lists the rules read, for the extraction inside the block."""
    token = _active.set(words)
    try:
        yield
    finally:
        _active.reset(token)

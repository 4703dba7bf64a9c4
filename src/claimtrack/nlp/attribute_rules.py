"""The model's attribute ruler, matched by lookup instead of by spaCy's Matcher, with the same result.

en_core_web_sm's attribute_ruler maps tags to parts of speech and fixes a few words with 179 patterns, each
one to three tokens long with no repetition operators. spaCy's Matcher tries every pattern at every token,
which made the ruler 12% of the whole pipeline's time on news text: as much as the parser. Here patterns are
filed under a value their first token must have (its word or its tag), so each token is checked only
against the few patterns that can start there. The matches are sorted as the ruler sorts them and applied
with the ruler's own normalised attributes and spaCy's set_token_attrs, so every token gets the same
attributes.

A model whose ruler has a pattern this does not read (an operator, an attribute not listed below) keeps
spaCy's Matcher.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable

from spacy.language import Language
from spacy.strings import StringStore
from spacy.tokens import Doc, Token
from spacy.tokens._retokenize import set_token_attrs

#: Token attributes a pattern may test, as the Matcher reads them.
READERS: dict[str, Callable[[Token], object]] = {
    "ORTH": lambda token: token.orth_,
    "TEXT": lambda token: token.text,
    "LOWER": lambda token: token.lower_,
    "TAG": lambda token: token.tag_,
    "DEP": lambda token: token.dep_,
    "IS_SPACE": lambda token: token.is_space,
}

#: The attributes patterns are filed under, the most selective first.
SELECTIVE = ["ORTH", "TEXT", "LOWER", "TAG", "DEP", "IS_SPACE"]

Test = tuple[str, str, object]  # attribute, predicate ("==", "IN", "NOT_IN", "REGEX"), value


class Unsupported(ValueError):
    """A pattern this matcher does not read."""


def _tests(spec: dict) -> list[Test]:
    tests: list[Test] = []
    for attribute, value in spec.items():
        if attribute not in READERS:
            raise Unsupported(attribute)
        if isinstance(value, dict):
            if len(value) != 1:
                raise Unsupported(str(value))
            ((predicate, argument),) = value.items()
            if predicate in {"IN", "NOT_IN"}:
                tests.append((attribute, predicate, frozenset(argument)))
            elif predicate == "REGEX":
                tests.append((attribute, predicate, re.compile(argument)))
            else:
                raise Unsupported(predicate)
        else:
            tests.append((attribute, "==", value))
    return tests


def _passes(values: dict[str, list], i: int, tests: list[Test]) -> bool:
    for attribute, predicate, value in tests:
        actual = values[attribute][i]
        if predicate == "==":
            if actual != value:
                return False
        elif predicate == "IN":
            if actual not in value:
                return False
        elif predicate == "NOT_IN":
            if actual in value:
                return False
        elif not value.search(actual):  # REGEX, as the Matcher applies it: re.search
            return False
    return True


class LookupMatch:
    """Stands in for AttributeRuler.match and set_annotations: the same (rule, key, start, end) matches, sorted
    the same way, applied the same way."""

    def __init__(self, patterns: list[dict], strings: StringStore, attrs: list[dict], indices: list[int]) -> None:
        self.attrs = attrs  # the ruler's own, normalised as it applies them
        self.indices = indices
        # Rule number n was added to the ruler's Matcher under the key str(n), in the order of `patterns`.
        self.keys: list[int] = []
        self.by_value: dict[tuple[str, object], list[tuple[int, list[list[Test]]]]] = defaultdict(list)
        self.anywhere: list[tuple[int, list[list[Test]]]] = []  # patterns whose first token no value picks out
        self.read: set[str] = set()  # the attributes any pattern tests
        for number, rule in enumerate(patterns):
            self.keys.append(strings.add(str(number)))
            for pattern in rule["patterns"]:
                if not pattern or any(not isinstance(spec, dict) or "OP" in spec for spec in pattern):
                    raise Unsupported(str(pattern))
                entry = (number, [_tests(spec) for spec in pattern])
                self.read.update(attribute for tests in entry[1] for attribute, _, _ in tests)
                # Filed under a value the first token must have: one exact value, or each of an IN list.
                # The rarest kind of value first: a word picks out fewer tokens than a tag.
                firsts = sorted(
                    (SELECTIVE.index(a), p != "==", a, [v] if p == "==" else sorted(v, key=str))
                    for a, p, v in entry[1][0]
                    if p in {"==", "IN"}
                )
                if firsts:
                    *_, attribute, values = firsts[0]
                    for value in values:
                        self.by_value[(attribute, value)].append(entry)
                else:
                    self.anywhere.append(entry)
        self.indexed = sorted({attribute for attribute, _ in self.by_value})

    def annotate(self, doc: Doc, matches: list[tuple[int, int, int, int]]) -> None:
        """AttributeRuler.set_annotations without a Span for each match: every token is matched at least once."""
        for number, _, start, end in matches:
            index = self.indices[number]
            position = start + index if index >= 0 else end + index
            if not start <= position < end:
                raise ValueError(f"attribute_ruler: index {index} is outside the {end - start} token(s) matched")
            set_token_attrs(doc[position], self.attrs[number])

    def __call__(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        tokens = list(doc)
        values = {attribute: [READERS[attribute](token) for token in tokens] for attribute in self.read}
        length = len(tokens)
        spans: set[tuple[int, int, int]] = set()
        for i in range(length):
            candidates = [entry for a in self.indexed for entry in self.by_value.get((a, values[a][i]), ())]
            for number, specs in candidates + self.anywhere:
                end = i + len(specs)
                if end <= length and all(_passes(values, i + k, tests) for k, tests in enumerate(specs)):
                    spans.add((number, i, end))
        matches = [(number, self.keys[number], start, end) for number, start, end in spans]
        matches.sort()
        return matches


def speed_up(nlp: Language) -> bool:
    """Matches the pipeline's attribute_ruler by lookup when every pattern allows it; whether it does."""
    if "attribute_ruler" not in nlp.pipe_names:
        return False
    ruler = nlp.get_pipe("attribute_ruler")
    try:
        lookup = LookupMatch(ruler.patterns, ruler.vocab.strings, ruler.attrs, ruler.indices)
    except Unsupported:
        return False
    ruler.match, ruler.set_annotations = lookup, lookup.annotate  # picklable: worker processes get them
    return True

"""The attribution rules read article text in linear time: a run of blanks cannot stall extraction."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimtrack.nlp.named_lines import _named_lines, _signed_line
from claimtrack.nlp.pipeline import Extractor

#: The two inputs random-text fuzzing found: 116 s and 103 s with the regular expressions these rules were.
SLOW = {
    "unclosed quote, then blanks": '"We will stay in Valmore.\n' + " " * 1000 + "x",
    "a line of blanks": " " * 8000,
}


@pytest.mark.timeout(30)  # a guard against the old cubic time (minutes), not a speed assertion
@pytest.mark.parametrize("name", sorted(SLOW))
def test_blank_runs_do_not_stall_extraction(nlp, name):
    text = SLOW[name]
    found = Extractor(nlp, 100_000, 256)(text)
    assert all(0 <= statement.start < statement.end <= len(text) for statement in found)


#: The regular expressions the two rules were, to check the hand-written readers against on short lines.
SIGNED = re.compile('[ \t\xa0]*([^\n,]{2,80}?)[ \t\xa0.]*(?:,[^\n]{0,120}?)?[ \t\xa0.]*["\u201d][ \t\xa0]*')
NAMED = re.compile(r"^[ \t]*([^\n:]+?)[ \t]*:[ \t\xa0]+(\S[^\n]*?)[ \t]*$", re.M)
PIECES = st.sampled_from(["a", "Jo", " ", "\t", "\xa0", ".", ",", '"', "\u201d", ":", "\r", "\u2003", "b" * 79])
LINE = st.lists(PIECES, max_size=12).map("".join)


@settings(max_examples=300, deadline=None)
@given(LINE)
def test_signed_line_reads_as_the_expression_did(line):
    match = SIGNED.fullmatch(line)
    assert _signed_line(line, 0, len(line)) == (match.span(1) if match else None)


@settings(max_examples=300, deadline=None)
@given(st.lists(LINE, max_size=4).map("\n".join))
def test_named_lines_read_as_the_expression_did(text):
    assert list(_named_lines(text)) == [(m.span(1), m.span(2)) for m in NAMED.finditer(text)]

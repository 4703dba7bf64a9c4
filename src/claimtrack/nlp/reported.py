"""Reported speech -> statements: 'X said (that) ...', parenthetical 'X said,' and 'according to X'."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc

from claimtrack.nlp.content import clause_end, content_of, is_reference
from claimtrack.nlp.cues import attach_cue, cited_source, is_cue, subject_mention, subject_of
from claimtrack.nlp.doccache import text_of
from claimtrack.nlp.quotes import Quote, find_quotes
from claimtrack.nlp.speakers import spaced_dash, speaker_mention
from claimtrack.nlp.statement import RawStatement
from claimtrack.nlp.tokens import ASIDE_MARKS, char_range, coverage, is_worded, trim


def reported_speech(doc: Doc, quotes: list[Quote] | None = None) -> Iterator[RawStatement]:
    """'X said (that) ...', parenthetical 'X said,' and 'according to X, ...'."""
    quotes = find_quotes(text_of(doc)) if quotes is None else quotes
    quote_chars = [(q.open_start, q.close_end) for q in quotes]
    in_quote = coverage(quote_chars)
    for token in doc:
        if in_quote(token.idx):
            continue
        if is_cue(token):
            subject = subject_of(token)
            content = content_of(token)
            if subject is None or content is None or content[1] - content[0] < 1:
                continue
            kind = "reference" if is_reference(doc[content[0] : content[1]], token) else "indirect"
            statement = RawStatement(*char_range(doc, *content), pieces=[], kind=kind)
            attach_cue(statement, token)
            statement.speaker = subject_mention(cited_source(token) or subject)
            yield statement
        elif token.lower_ == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
            to = doc[token.i + 1]
            source = next((child for child in to.children if child.dep_ == "pobj"), None)
            if source is None:
                continue
            phrase = (token.i, max(source.right_edge.i, to.i) + 1)
            sentence = token.sent
            clause = token.head
            if clause.pos_ in {"VERB", "AUX"} and clause.i < token.i and clause_end(clause) > phrase[1]:
                # "Trump has won 758 delegates, according to a CNN tally, but his path is narrowing": the
                # clause the phrase belongs to, not the one conjoined after it.
                sentence = doc[sentence.start : clause_end(clause)]
            before = [t.i for t in sentence if t.i < phrase[0]]
            after = [t.i for t in sentence if t.i >= phrase[1]]
            # "X rose 20 percent, according to a poll last week - about the same as Y": what follows a dash
            # after the phrase is the writer's aside, and a date there says when the source spoke. Not when a
            # dash before opened an aside that the phrase is in ("most Americans - 63 percent, according to Y -").
            dash = next((i for i in after if spaced_dash(doc[i])), None)
            opened = any(spaced_dash(doc[i]) for i in before)
            if dash is not None and not opened and not any(is_worded(doc[i]) for i in after if i < dash):
                after = []
            # "X will go, according to Y." is X will go: the words on one side only, when the other has none.
            if not any(doc[i].is_alpha or doc[i].is_digit for i in after):
                tokens = before
            elif not any(doc[i].is_alpha or doc[i].is_digit for i in before):
                tokens = after
            else:
                tokens = before + after
            if not tokens:
                continue
            start, end = trim(doc, min(tokens), max(tokens) + 1)
            if end - start < 3:
                continue
            pieces: list[tuple[int, int]] = []
            if phrase[0] > start and phrase[1] < end:
                # "At the heart of the trouble, according to Ross, was a decision by Mr. Obama": set off before
                # the verb of its clause, the phrase attributes the words on both sides. Elsewhere in the middle
                # it is rarely attribution of the whole ("X rose 20 percent, according to Y, more than Z").
                set_off = doc[phrase[0] - 1].text in ASIDE_MARKS and doc[phrase[1]].text in ASIDE_MARKS
                if not (set_off and clause.pos_ in {"VERB", "AUX"} and clause.i >= phrase[1]):
                    continue
                head = trim(doc, max(start, clause.left_edge.i), phrase[0])  # not a clause before this one
                tail = trim(doc, phrase[1], end)
                if head[0] < head[1]:
                    start, pieces = head[0], [char_range(doc, *head), char_range(doc, *tail)]
                else:
                    start = tail[0]
            statement = RawStatement(*char_range(doc, start, end), pieces=pieces, kind="indirect")
            attach_cue(statement, token)
            statement.cue, statement.cue_start, statement.cue_end = "according to", token.idx, to.idx + len(to)
            statement.speaker = speaker_mention(source)
            yield statement

"""Statements -> claims: one statement reported by several outlets becomes one claim with several appearances."""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Iterable

from rapidfuzz import fuzz, utils

from .config import ConflictSettings
from .identity import Affiliation
from .models import Appearance, Claim, SpeakerRef, Stance, Statement, StatementDate, assembled
from .topics import Topic

#: How far a date can be trusted to order statements, best first.
_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3, "unknown": 4}
_BASIS_RANK = {"explicit": 0, "relative": 0, "inherited": 1, "publication": 2, "unknown": 3}


def voice_of(speaker: SpeakerRef) -> str | None:
    """The country or organisation a speaker speaks for: 'Russia (Kremlin)' -> 'Russia'."""
    return _voice(speaker.affiliation) if speaker.affiliation else None


@functools.lru_cache(maxsize=4096)
def _voice(affiliation: str) -> str | None:
    return Affiliation.parse(affiliation).country_or_org or None


def span_of(date: StatementDate, settings: ConflictSettings) -> tuple[dt.date, dt.date] | None:
    """The first and last day the statement can have been made on, or None when nothing is known.

    A date that is only the article's publication (an upper bound) is taken to cover the days before it
    in which news reports a statement (settings.reported_within_days)."""
    value = date.value
    if value is None:
        return None
    if date.upper_bound:
        return value - dt.timedelta(days=settings.reported_within_days), value
    if date.precision == "week":
        return value, value + dt.timedelta(days=6)
    if date.precision == "month":
        following = dt.date(value.year + (value.month == 12), value.month % 12 + 1, 1)
        return value, following - dt.timedelta(days=1)
    if date.precision == "year":
        return value, dt.date(value.year, 12, 31)
    return value, value


def date_rank(statement: Statement) -> tuple:
    date = statement.date
    return (
        date.value is None,
        date.upper_bound,
        _BASIS_RANK.get(date.basis, 3),
        _PRECISION_RANK.get(date.precision, 4),
    )


class _Groups:
    """Union-find that keeps each group to one statement per document."""

    def __init__(self, statements: list[Statement]) -> None:
        self.parent = list(range(len(statements)))
        self.documents = [{statement.document.id} for statement in statements]

    def root(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, i: int, j: int) -> None:
        a, b = self.root(i), self.root(j)
        if a == b or self.documents[a] & self.documents[b]:
            return  # two statements of one article are two statements, however alike
        if b < a:
            a, b = b, a
        self.parent[b] = a
        self.documents[a] |= self.documents[b]


def _same_statement_pairs(block: list[Statement], topic: Topic, settings: ConflictSettings) -> list[tuple]:
    """Pairs in one speaker's statements that read as the same statement: dates compatible, different
    documents, no opposed positions, and alike text. Dates are looked at first (statements sorted by date,
    each compared only with those close enough), so a speaker quoted a thousand times over years costs
    little more than one quoted on a few days."""
    if len(block) < 2:
        return []
    spans = [span_of(statement.date, settings) for statement in block]
    dated = sorted((i for i, span in enumerate(spans) if span is not None), key=lambda i: spans[i])
    undated = [i for i, span in enumerate(spans) if span is None]
    candidates: list[tuple[int, int]] = []
    for position, i in enumerate(dated):
        reach = spans[i][1].toordinal() + settings.same_days
        for j in dated[position + 1 :]:
            if spans[j][0].toordinal() > reach:
                break
            candidates.append((i, j))
    unknown = set(undated)
    candidates.extend((u, k) for u in undated for k in range(len(block)) if k not in unknown or u < k)
    texts: dict[int, str] = {}
    pairs = []
    for i, j in candidates:
        a, b = block[i], block[j]
        if a.document.id == b.document.id or topic.opposed(_position(a, topic), _position(b, topic)):
            continue
        for k in (i, j):
            if k not in texts:
                texts[k] = utils.default_process(block[k].text)
        score = fuzz.token_set_ratio(texts[i], texts[j], score_cutoff=settings.same_text)
        if score:
            first, second = (i, j) if a.id < b.id else (j, i)
            pairs.append((-int(score), block[first].id, block[second].id, first, second))
    return pairs


def _position(statement: Statement, topic: Topic) -> str | None:
    stance = statement.stances.get(topic.name)
    return stance.position if stance is not None else None


def _appearance(statement: Statement, position: str | None) -> Appearance:
    return assembled(
        Appearance,
        {
            "statement_id": statement.id,
            "document": statement.document,
            "start": statement.start,
            "end": statement.end,
            "text": statement.text,
            "position": position,
        },
    )


def _claim(members: list[Statement], topic: Topic) -> Claim:
    """The claim of one group: fields of its best-dated appearance, the position most of its weight takes.

    Built without validation: every part comes from validated statements, and this runs for every claim."""
    if len(members) == 1:  # most claims: nothing to weigh or order
        (best,) = members
        stances = dict(best.stances)
        appearances = [_appearance(best, _position(best, topic))]
    else:
        members = sorted(
            members,
            key=lambda s: (date_rank(s), s.document.published or dt.date.max, s.document.path, s.start, s.id),
        )
        best = members[0]
        stances = dict(best.stances)
        chosen = _chosen_stance(members, topic)
        if chosen is not None:
            stances[topic.name] = chosen
        appearances = [
            _appearance(member, _position(member, topic))
            for member in sorted(members, key=lambda s: (s.document.published or dt.date.max, s.document.path, s.start))
        ]
    return assembled(
        Claim,
        {
            **best.__dict__,
            "stances": stances,
            "appearances": appearances,
            "appearance_count": len({member.document.id for member in members}),
            "voice": voice_of(best.speaker),
        },
    )


def _chosen_stance(members: list[Statement], topic: Topic) -> Stance | None:
    """The stance of a group: the position most of its members' confidence takes, its confidence scaled by
    that share when members disagree."""
    weights: dict[str, float] = defaultdict(float)
    for member in members:
        stance = member.stances.get(topic.name)
        if stance is not None and stance.position is not None:
            weights[stance.position] += stance.confidence
    if not weights:
        return None
    position = max(sorted(weights), key=lambda name: weights[name])
    chosen = max(
        (m.stances[topic.name] for m in members if _position(m, topic) == position),
        key=lambda stance: stance.confidence,
    )
    share = weights[position] / sum(weights.values())
    if share < 1:
        agreeing = sum(1 for m in members if _position(m, topic) == position)
        evidence = f"{chosen.evidence or ''}; {agreeing} of {len(members)} appearances read as '{position}'"
        chosen = Stance.model_construct(
            position=position, confidence=round(chosen.confidence * share, 2), evidence=evidence
        )
    return chosen


def group(statements: Iterable[Statement], topic: Topic, settings: ConflictSettings | None = None) -> list[Claim]:
    """Claims on the topic: each statement with a position on it, reports of one statement merged.

    Two statements are one when they have the same resolved speaker, dates no more than
    settings.same_days apart (or unknown), text alike by settings.same_text, come from different
    documents and do not take opposed positions. The result does not depend on the input order."""
    settings = settings or ConflictSettings()
    positioned = sorted((s for s in statements if _position(s, topic) is not None), key=lambda s: s.id)
    blocks: dict[str, list[Statement]] = defaultdict(list)
    claims: list[Claim] = []
    for statement in positioned:
        if statement.speaker.id:
            blocks[statement.speaker.id].append(statement)
        else:
            claims.append(_claim([statement], topic))  # nobody to compare with: never merged
    for block in blocks.values():
        groups = _Groups(block)
        for *_, i, j in sorted(_same_statement_pairs(block, topic, settings)):
            groups.join(i, j)
        members: dict[int, list[Statement]] = defaultdict(list)
        for i, statement in enumerate(block):
            members[groups.root(i)].append(statement)
        claims.extend(_claim(found, topic) for found in members.values())
    claims.sort(key=lambda claim: (date_rank(claim), claim.date.value or dt.date.max, claim.id))
    return claims

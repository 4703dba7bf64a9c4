"""Statements -> claims: one statement reported by several outlets becomes one claim with several appearances."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from operator import attrgetter

from rapidfuzz import fuzz, utils

from claimtrack.config import GroupingSettings
from claimtrack.dates.periods import date_rank, date_rank_of, span_days
from claimtrack.models import Appearance, Claim, SpeakerRef, Stance, Statement, StatementDate, assembled
from claimtrack.people.identity import SpeakerObservation, SpeakerResolver
from claimtrack.stance.statements import affiliation_voice, voice_of
from claimtrack.stance.topics import Topic


class _Groups:
    """Union-find over one speaker's statements that keeps each group to one statement per document. Only
    statements that are joined are recorded: most statements are reported once."""

    def __init__(self, rows: list[Draft]) -> None:
        self.rows = rows
        self.parent: dict[int, int] = {}
        self.documents: dict[int, set[str]] = {}

    def root(self, i: int) -> int:
        parent = self.parent
        while (up := parent.get(i, i)) != i:
            parent[i] = i = parent.get(up, up)
        return i

    def _documents(self, root: int) -> set[str]:
        documents = self.documents.get(root)
        return documents if documents is not None else {self.rows[root].document}

    def join(self, i: int, j: int) -> None:
        a, b = self.root(i), self.root(j)
        if a == b:
            return
        documents_a, documents_b = self._documents(a), self._documents(b)
        if documents_a & documents_b:
            return  # two statements of one article are two statements, however alike
        if b < a:
            a, b = b, a
        self.parent[b] = a
        self.documents[a] = documents_a | documents_b
        self.documents.pop(b, None)

    def mark(self) -> None:
        """Each row of a group of several gets the group's rows, in the order given."""
        groups: dict[int, list[Draft]] = defaultdict(list)
        joined = set(self.parent)  # the rows joined to another, and those they were joined to: no others
        joined.update([self.root(i) for i in self.parent])
        for i in sorted(joined):
            groups[self.root(i)].append(self.rows[i])
        for members in groups.values():
            for row in members:
                row.group = members


@dataclass(slots=True)
class _Context:
    """What every draft of one grouping shares."""

    topic: Topic
    speakers: SpeakerResolver | None
    window: int  # settings.reported_within_days


@dataclass(slots=True, eq=False)
class _Speaker:
    """One distinct way a speaker is named (a statement's SpeakerRef, as the first of them), how many statements
    name it so, and once the speakers are resolved, its id and voice."""

    ref: SpeakerRef
    count: int = 0
    id: str | None = None
    voice: str | None = None


class Draft:
    """A claim before it is built: its statements, and what conflict finding reads of it, plain. Finding the
    conflicts of 100,000 statements needs every claim's position, speaker, voice, date and documents, but shows
    50 conflicts: building all 80,000 claims as models was half of the work. `claim` builds it (once).

    A draft is made for each statement as it is read, in the order the statements are held, with what grouping
    and placing need of it: reading a hundred thousand statements in any other order (by id, by speaker) costs
    three times as much, each then away from the last in memory. Most claims are one statement: its draft is
    the claim's. Reports of one statement merged are the draft of the best of them (`merge`)."""

    __slots__ = (
        "_built",
        "_context",
        "_documents",
        "_speaker",
        "best",
        "date",
        "dated",
        "document",
        "group",
        "id",
        "members",
        "position",
        "span",
        "speaker_id",
        "stance",
        "text",
        "voice",
        "when",
    )

    def __init__(
        self, statement: Statement, stance: Stance, speaker: _Speaker, parts: tuple, context: _Context
    ) -> None:
        self.best, self.id, self.document = statement, statement.id, statement.document.id
        self.text, self.date = statement.text, statement.date
        self.stance, self.position = stance, stance.position  # the statement's own (a group's stance may differ)
        self._speaker = speaker  # how it is named: its id and voice are set from it once speakers are resolved
        self.speaker_id: str | None = None  # the resolved speaker's id (ref(best.speaker).id): one per group
        self.voice: str | None = None  # the claim's voice: that of its speaker as resolved
        self.when, self.span, self.dated = parts  # the best appearance's date fields, days and key part
        self._context = context
        self.members: list[Statement] | None = None  # a merged claim's statements, best first
        self._documents: frozenset[str] | None = None
        self.group: list[Draft] | None = None  # set on each member of a group of several (and left set)
        self._built: Claim | None = None

    @property
    def topic(self) -> Topic:
        return self._context.topic

    @property
    def speakers(self) -> SpeakerResolver | None:
        return self._context.speakers

    @property
    def window(self) -> int:
        """The reported_within_days the span was worked out with."""
        return self._context.window

    def merge(self) -> Draft:
        """The claim of the group this draft is in (of several): its best-dated member's draft, made to hold every
        member's statement and the stance most of their weight takes. The other members' drafts are dropped."""
        drafts = sorted(self.group, key=_best_draft_first)  # as _claim weighs them
        best = drafts[0]
        best.members = [draft.best for draft in drafts]
        chosen = _chosen([draft.stance for draft in drafts])  # each the statement's own stance, on the topic
        if chosen is not None:
            best.stance = chosen
        best._documents = frozenset(draft.document for draft in drafts)
        return best

    @property
    def documents(self) -> frozenset[str]:
        """The documents the claim appears in."""
        return self._documents if self._documents is not None else frozenset((self.document,))

    @property
    def key(self) -> tuple:
        """What claims are ordered by: fields of the best-dated appearance."""
        best = self.best
        return (*date_rank(best), best.date.value or dt.date.max, best.id)

    @property
    def claim(self) -> Claim:
        if self._built is None:
            self._built = _claim(self.members or [self.best], self.topic, self.speakers)
        return self._built


def _who(speaker: SpeakerRef, speakers: SpeakerResolver | None) -> tuple[str | None, str | None]:
    """The id and voice of a speaker as resolved (as stored, without `speakers`)."""
    if speakers is None:
        return speaker.id, voice_of(speaker)
    return speakers.id_of(speaker), affiliation_voice(speakers.affiliation_of(speaker))


def _in_order(made: list[Draft]) -> list[Draft]:
    """Drafts sorted by their key: by id, then (a stable sort) by the rank of the date part among the few
    thousand distinct ones, which compares plain ints and strings instead of tuples."""
    rank = {dated: number for number, dated in enumerate(sorted({draft.dated for draft in made}))}
    made.sort(key=attrgetter("id"))
    made.sort(key=lambda draft: rank[draft.dated])
    return made


def _date_parts(
    when: tuple, date: StatementDate, settings: GroupingSettings
) -> tuple[tuple, tuple[int, int] | None, tuple]:
    """A statement date's fields (`when`), its span of days, and its part of a claim's key."""
    return when, span_days(date, settings), (*date_rank_of(date), date.value or dt.date.max)


def _best_draft_first(draft: Draft) -> tuple:
    """_best_first, with the date rank the draft has read."""
    statement = draft.best
    return (
        draft.dated[:4],
        statement.document.published or dt.date.max,
        statement.document.path,
        statement.start,
        statement.id,
    )


def _best_first(statement: Statement) -> tuple:
    """The order a claim's appearances are weighed in: its best-dated first."""
    return (
        date_rank(statement),
        statement.document.published or dt.date.max,
        statement.document.path,
        statement.start,
        statement.id,
    )


def _same_statement_pairs(block: list[Draft], topic: Topic, settings: GroupingSettings) -> list[tuple]:
    """Pairs in one speaker's statements that read as the same statement: dates compatible, different
    documents, no opposed positions, and alike text. Dates are looked at first (statements sorted by date,
    each compared only with those close enough), so a speaker quoted a thousand times over years costs
    little more than one quoted on a few days."""
    if len(block) < 2:
        return []
    spans = [row.span for row in block]
    dated = sorted((i for i, span in enumerate(spans) if span is not None), key=spans.__getitem__)
    undated = [i for i, span in enumerate(spans) if span is None]
    candidates: list[tuple[int, int]] = []
    same_days = settings.same_days
    for position, i in enumerate(dated):
        reach = spans[i][1] + same_days
        for j in itertools.islice(dated, position + 1, None):
            if spans[j][0] > reach:
                break
            candidates.append((i, j))
    unknown = set(undated)
    candidates.extend((u, k) for u in undated for k in range(len(block)) if k not in unknown or u < k)
    texts: dict[str, str] = {}  # each distinct text, as compared (processed once)
    pairs = []
    for i, j in candidates:
        a, b = block[i], block[j]
        if a.document == b.document or topic.opposed(a.position, b.position):
            continue
        for text in (a.text, b.text):
            if text not in texts:
                texts[text] = utils.default_process(text)
        first_text, second_text = texts[a.text], texts[b.text]
        if first_text == second_text and first_text:  # one text reported again: all its words shared
            score = 100.0
        else:
            score = fuzz.token_set_ratio(first_text, second_text, score_cutoff=settings.same_text)
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


def _claim(members: list[Statement], topic: Topic, speakers: SpeakerResolver | None = None) -> Claim:
    """The claim of one group: fields of its best-dated appearance, the position most of its weight takes, the
    speaker made canonical by `speakers` when given.

    Built without validation: every part comes from validated statements, and this runs for every claim."""
    if len(members) == 1:  # most claims: nothing to weigh or order
        (best,) = members
        stances = dict(best.stances)
        appearances = [_appearance(best, stances[topic.name].position)]
    else:
        members = sorted(members, key=_best_first)
        best = members[0]
        stances = dict(best.stances)
        chosen = _chosen_stance(members, topic)
        if chosen is not None:
            stances[topic.name] = chosen
        appearances = [
            _appearance(member, _position(member, topic))
            for member in sorted(members, key=lambda s: (s.document.published or dt.date.max, s.document.path, s.start))
        ]
    speaker = best.speaker if speakers is None else speakers.ref(best.speaker)
    return assembled(
        Claim,
        {
            **best.__dict__,
            "speaker": speaker,
            "stances": stances,
            "appearances": appearances,
            "appearance_count": 1 if len(members) == 1 else len({member.document.id for member in members}),
            "voice": voice_of(speaker),
        },
    )


def _chosen_stance(members: list[Statement], topic: Topic) -> Stance | None:
    """The stance of a group: the position most of its members' confidence takes, its confidence scaled by
    that share when members disagree."""
    return _chosen([member.stances.get(topic.name) for member in members])


def _chosen(stances: list[Stance | None]) -> Stance | None:
    """_chosen_stance, of the members' stances on the topic (in the members' order)."""
    first = stances[0]
    if first is not None and first.position is not None:
        position = first.position
        if all(stance is not None and stance.position == position for stance in stances):
            chosen = max(stances, key=lambda stance: stance.confidence)
            if chosen.confidence > 0:  # all agree: the most confident, unscaled (a share of 1)
                return chosen
    weights: dict[str, float] = defaultdict(float)
    for stance in stances:
        if stance is not None and stance.position is not None:
            weights[stance.position] += stance.confidence
    if not weights:
        return None
    position = max(sorted(weights), key=lambda name: weights[name])
    agreeing = [stance for stance in stances if stance is not None and stance.position == position]
    chosen = max(agreeing, key=lambda stance: stance.confidence)
    share = weights[position] / sum(weights.values())
    if share < 1:
        evidence = f"{chosen.evidence or ''}; {len(agreeing)} of {len(stances)} appearances read as '{position}'"
        chosen = Stance.model_construct(
            position=position, confidence=round(chosen.confidence * share, 2), evidence=evidence
        )
    return chosen


def group(
    statements: Iterable[Statement],
    topic: Topic,
    settings: GroupingSettings | None = None,
    speakers: SpeakerResolver | None = None,
) -> list[Claim]:
    """Claims on the topic: each statement with a position on it, reports of one statement merged (see drafts)."""
    return [draft.claim for draft in drafts(statements, topic, settings, speakers)]


def drafts(
    statements: Iterable[Statement],
    topic: Topic,
    settings: GroupingSettings | None = None,
    speakers: SpeakerResolver | None = None,
    *,
    identities: Callable[[Counter[SpeakerObservation]], SpeakerResolver] | None = None,
) -> list[Draft]:
    """Claims on the topic, not yet built: each statement with a position on it, reports of one statement merged.

    Two statements are one when they have the same resolved speaker, dates no more than
    settings.same_days apart (or unknown), text alike by settings.same_text, come from different
    documents and do not take opposed positions. With `speakers`, speakers are resolved by it (the
    statements are not copied); with `identities`, by the resolver it makes of the speakers of all the
    statements given (with or without a position, but a reference only with one), counted while they are read:
    the statements are then read once, not once for speakers and again here. Without either, speakers are taken
    as stored. The result does not depend on the input order."""
    settings = settings or GroupingSettings()
    context = _Context(topic, speakers, settings.reported_within_days)
    name = topic.name
    rows: list[Draft] = []
    named: dict[tuple, _Speaker] = {}  # each distinct way a speaker is named: resolved once
    dates: dict[tuple, tuple] = {}  # and each distinct date
    for statement in statements:
        stance = statement.stances.get(name)
        position = stance.position if stance is not None else None
        if position is None and statement.kind == "reference":
            continue  # a reference ('denied the report') is a claim, and a speaker, only through its position
        speaker = statement.speaker
        said = (speaker.name, speaker.kind, speaker.title, speaker.mention, speaker.affiliation, speaker.id)
        seen = named.get(said)
        if seen is None:
            seen = named[said] = _Speaker(speaker)
        seen.count += 1
        if position is None:
            continue
        date = statement.date
        when = (date.value, date.precision, date.upper_bound, date.basis, date.background)
        parts = dates.get(when)
        if parts is None:
            parts = dates[when] = _date_parts(when, date, settings)
        row = Draft(statement, stance, seen, parts, context)
        rows.append(row)
    if identities is not None:
        observed: Counter[SpeakerObservation] = Counter()
        for seen in named.values():
            observed[SpeakerObservation.from_ref(seen.ref)] += seen.count
        context.speakers = identities(observed)
    for seen in named.values():
        seen.id, seen.voice = _who(seen.ref, context.speakers)
    blocks: dict[str, list[Draft]] = defaultdict(list)
    for row in rows:  # in the order read, as a block's statements of one id are (a stable sort by id)
        row.speaker_id = speaker_id = row._speaker.id
        row.voice = row._speaker.voice
        if speaker_id:  # else nobody to compare with: never merged
            blocks[speaker_id].append(row)
    for block in blocks.values():
        block.sort(key=attrgetter("id"))
        pairs = _same_statement_pairs(block, topic, settings)
        if pairs:
            groups = _Groups(block)
            for *_, i, j in sorted(pairs):
                groups.join(i, j)
            groups.mark()
    made: list[Draft] = []
    for row in rows:  # claims are made in the order the statements are held, for the same reason
        if row.group is None:
            made.append(row)
        elif row.group[0] is row:  # once per group: its best draft is never group[0] unless it is this one
            made.append(row.merge())
    return _in_order(made)

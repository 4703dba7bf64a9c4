"""A topic's claims, conflicts and timeline, read from the store: stances not stored are worked out in memory."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from claimtrack.api import loading
from claimtrack.api.reading import beside_claims, collector_paused, no_store, speaker_identities_of, streamed_claims
from claimtrack.api.stances import StanceReport
from claimtrack.claims import grouping
from claimtrack.config import Settings
from claimtrack.conflicts import finder
from claimtrack.errors import ClaimtrackError, StoreError, UsageError
from claimtrack.models import Claim, ConflictReport, Statement, Timeline
from claimtrack.people import identity
from claimtrack.stance import topics
from claimtrack.stance.statements import with_stances


def resolve_topic(name_or_path: str) -> topics.Topic:
    """A topic file's path, or the name of a shipped topic."""
    path = Path(name_or_path)
    if path.suffix == ".toml" or path.exists():
        if not path.is_file():
            raise UsageError(f"{path}: no such topic file; check the path")
        return topics.load_topic(path)
    shipped = topics.shipped_topics()
    if name_or_path not in shipped:
        known = ", ".join(sorted(shipped)) or "none"
        raise UsageError(f"no topic named '{name_or_path}' (shipped: {known}); pass the path of a topic file")
    return shipped[name_or_path]


def topic_if_known(name_or_path: str) -> topics.Topic | None:
    """The topic, or None when its file is not at hand (a listing then colours the positions it sees)."""
    try:
        return resolve_topic(name_or_path)
    except ClaimtrackError:
        return None


def topic_position(pair: str, option: str) -> tuple[str, str]:
    """TOPIC=POSITION (an editor's stance) as the topic's name and one of its positions."""
    topic, sep, position = pair.rpartition("=")
    if not sep or not topic or not position:
        raise UsageError(f"{option}: use TOPIC=POSITION, e.g. peacekeepers=leave")
    chosen = resolve_topic(topic)
    if position not in chosen.positions:
        known = ", ".join(chosen.positions)
        raise UsageError(f"topic '{chosen.name}' has no position '{position}' (its positions: {known})")
    return chosen.name, position


@dataclass
class TopicView:
    """A topic's claims across the store, and what was done to get them. The claims are built when first asked
    for: conflicts are found on the drafts, and build only the claims of the conflicts they show."""

    topic: topics.Topic
    drafts: list[grouping.Draft]
    stance: StanceReport

    @functools.cached_property
    def claims(self) -> list[Claim]:
        with collector_paused():
            return [draft.claim for draft in self.drafts]

    @property
    def errors(self) -> list[StoreError]:
        return self.stance.errors


def stances_read(
    claims_dir: Path, topic: topics.Topic, settings: Settings, on_file: Callable[[], None] | None = None
) -> StanceReport:
    """Each stored statement's position on the topic, as stance would store it, without writing: files judged
    with this topic file and model are read as they are, the others judged in memory (counted as
    computed_in_memory; the model is loaded only for them). A reading command can run on a read-only store."""
    if not claims_dir.is_dir():
        raise no_store(claims_dir)
    report = StanceReport(topic=topic.name)
    fingerprint = topic.fingerprint(settings.model)
    model = functools.cache(partial(loading.load, settings.model, "stance"))
    for _, claims in streamed_claims(claims_dir):
        if isinstance(claims, StoreError):
            report.errors.append(claims)
            continue
        statements = claims.statements
        if claims.topics.get(topic.name) != fingerprint:
            statements = with_stances(statements, topic, model())
            report.computed_in_memory += 1
        report.count(statements)
        report.positioned.extend(s for s in statements if topic.name in s.stances)
        if on_file is not None:
            on_file()
    return report


def with_positions_of(view: TopicView, statements: Iterable[Statement]) -> Iterator[Statement]:
    """Statements read again from the store, given the positions the view holds (stored or worked out in memory),
    as if stance had stored them: what a reading command shows beside the view agrees with it."""
    topic = view.topic.name
    positions = {statement.id: statement.stances[topic] for statement in view.stance.positioned}
    for statement in statements:
        if statement.id in positions:
            statement.stances[topic] = positions[statement.id]
        else:
            statement.stances.pop(topic, None)
        yield statement


def topic_claims(
    topic: topics.Topic, settings: Settings | None = None, on_file: Callable[[], None] | None = None
) -> TopicView:
    """The topic's claims: stances as stored, or worked out in memory where the topic or model changed (the
    store is not written), speakers as identities across documents, and reports of one statement by several
    outlets merged."""
    settings = settings or Settings()
    return view_of(stances_read(settings.claims_dir, topic, settings, on_file=on_file), topic, settings)


def view_of(report: StanceReport, topic: topics.Topic, settings: Settings | None = None) -> TopicView:
    """The topic's claims from statements whose stances are up to date: speakers as identities across documents,
    reports of one statement merged."""
    settings = settings or Settings()
    # Speakers are counted while grouping reads the statements, and resolved then. A reference ('denied the
    # report') is a claim, and a speaker, only through the position it takes on the topic: grouping leaves out one
    # without a position.
    with collector_paused():
        drafts = grouping.drafts(
            report.positioned, topic, settings.conflicts, identities=speaker_identities_of(settings)
        )
        return TopicView(topic, drafts, report)


def conflicts(view: TopicView, settings: Settings | None = None, kinds: Iterable[str] | None = None) -> ConflictReport:
    """Reversals, shifts and disagreements among the topic's claims, most telling first."""
    ranked = ranked_conflicts(view, settings, kinds)
    with collector_paused():
        return ranked.report()


def ranked_conflicts(
    view: TopicView, settings: Settings | None = None, kinds: Iterable[str] | None = None
) -> finder.Ranked:
    """The conflicts in order, as plain tuples: `.report(limit)` builds the `limit` most telling (a table's)."""
    settings = settings or Settings()
    with collector_paused():
        return finder.ranked(view.drafts, view.topic, settings.conflicts, kinds)


def timeline(view: TopicView, settings: Settings | None = None, voice: str | None = None) -> Timeline:
    """The topic's positions over time, per voice (country, organisation or speaker); undated claims apart."""
    settings = settings or Settings()
    return finder.timeline(view.claims, view.topic, settings.conflicts, voice)


def organisations(settings: Settings | None = None) -> Callable[[str], bool]:
    """Whether a speaker's name is a country, institution or capital (so an Organization, not a Person)."""
    settings = settings or Settings()
    table = identity.load_institutions(beside_claims(settings.institutions_file, settings, "institutions.toml"))
    return table.is_known

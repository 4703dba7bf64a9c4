"""Speakers across documents: one identity (id, name shown, aliases, title, affiliation) per person or body, and
statements' speakers resolved to them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from claimtrack.config import IdentitySettings
from claimtrack.models import SpeakerRef, Statement, assembled
from claimtrack.nlp.offices import same_office
from claimtrack.people.clustering import Cluster, PersonClusterer, cluster_organisations
from claimtrack.people.institutions import Affiliation, Institutions, affiliation, load_institutions
from claimtrack.people.names import slug, strip_name
from claimtrack.people.pins import Pins, load_pins

Kind = Literal["person", "organisation"]


@dataclass(frozen=True)
class SpeakerObservation:
    """One speaker of one statement, as the extractor saw it."""

    name: str | None
    mention: str | None = None
    title: str | None = None
    affiliation: str | None = None
    kind: str | None = None  # "person", "organisation" or None; the extractor's other kinds count as None

    @classmethod
    def from_ref(cls, ref: SpeakerRef, kind: str | None = None) -> SpeakerObservation:
        return cls(ref.name, ref.mention, ref.title, ref.affiliation, kind)


class SpeakerIdentity(BaseModel):
    """One person or body across all documents."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(description="ASCII slug of the name shown, e.g. 'mikhail-galuzin'.")
    name: str = Field(description="The name shown: pinned, else the most frequent of the longest forms.")
    aliases: list[str] = Field(default_factory=list, description="The other names observed for this speaker.")
    title: str | None = None
    affiliation: str | None = Field(None, description="Rendered Affiliation, e.g. 'Russia (Foreign Ministry)'.")
    kind: Kind = "person"
    titles: list[str] = Field(default_factory=list, description="Every title observed, most frequent first.")


@dataclass(frozen=True)
class SpeakerIndex:
    """Every observed name -> its speaker identity."""

    identities: list[SpeakerIdentity] = field(default_factory=list)
    by_name: dict[str, SpeakerIdentity] = field(default_factory=dict)

    def get(self, name: str | None) -> SpeakerIdentity | None:
        return self.by_name.get(name.strip()) if name else None

    def __getitem__(self, name: str) -> SpeakerIdentity:
        return self.by_name[name.strip()]

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.strip() in self.by_name

    def __iter__(self) -> Iterator[SpeakerIdentity]:
        return iter(self.identities)

    def __len__(self) -> int:
        return len(self.identities)


@dataclass
class _Seen:
    """What the observations say about one name."""

    count: int = 0
    kinds: Counter[str] = field(default_factory=Counter)
    titles: Counter[str] = field(default_factory=Counter)
    affiliations: Counter[Affiliation] = field(default_factory=Counter)


def _kind_hint(kind: str | None) -> str | None:
    if kind == "person":
        return "person"
    if kind and kind.startswith(("organisation", "organization")):
        return "organisation"
    return None


def _most_common(counts: Counter[str]) -> str | None:
    """The commonest value; ties go to the longer, then the alphabetically first, whatever the input order."""
    if not counts:
        return None
    return min(counts, key=lambda value: (-counts[value], -len(value), value))


def _combined_affiliation(counts: Counter[Affiliation]) -> str | None:
    """The commonest country or organisation, with the commonest body any observation gave it."""
    if not counts:
        return None
    by_owner: Counter[str] = Counter()
    for seen_affiliation, count in counts.items():
        by_owner[seen_affiliation.country_or_org] += count
    owner = min(by_owner, key=lambda value: (-by_owner[value], value))
    bodies: Counter[str] = Counter()
    for seen_affiliation, count in counts.items():
        if seen_affiliation.country_or_org == owner and seen_affiliation.body:
            bodies[seen_affiliation.body] += count
    body = min(bodies, key=lambda value: (-bodies[value], value)) if bodies else None
    return str(Affiliation(owner, body))


def build_index(
    speakers: Iterable[SpeakerObservation] | Counter[SpeakerObservation],
    settings: IdentitySettings | None = None,
    pins: Pins | None = None,
    *,
    institutions: Institutions | None = None,
) -> SpeakerIndex:
    """One identity per person or body across documents, whatever order the observations come in.

    People: a surname alone or with initials joins the one full name that fits it ("Galuzin", "M. Galuzin"
    -> "Mikhail Galuzin") and stays apart when several do ("Clinton" with Hillary and Bill); spellings of
    one name join when rapidfuzz finds them alike ("Pashinyan"/"Pashinian"), unless the given names clash.
    Bodies: one when they are one entry of the institutions table or the same name up to case and article.
    Pins come first: merged names are one speaker, split names never are, and overrides replace what the
    observations say. The observations may come counted (a Counter, as observations_of gives them).
    """
    settings = settings or IdentitySettings()
    pins = pins or Pins()
    table = institutions or load_institutions()

    seen: dict[str, _Seen] = {}
    resolved: dict[tuple[str, str | None, str | None], Affiliation | None] = {}
    counted = speakers if isinstance(speakers, Counter) else Counter(speakers)
    for observation, times in counted.items():  # a speaker quoted 1,000 times is looked at once
        name = (observation.name or "").strip()
        if not name:
            continue
        record = seen.setdefault(name, _Seen())
        record.count += times
        if hint := _kind_hint(observation.kind):
            record.kinds[hint] += times
        if observation.title and observation.title.strip():
            record.titles[observation.title.strip()] += times
        said = (observation.mention or name, observation.title, observation.affiliation)
        if said not in resolved:
            resolved[said] = affiliation(*said, table)
        if resolved[said] is not None:
            record.affiliations[resolved[said]] += times

    def kind_of(name: str) -> Kind:
        if table.is_known(name):
            return "organisation"
        kinds = seen[name].kinds
        return "organisation" if kinds["organisation"] > kinds["person"] else "person"

    cannot = pins.cannot_link()
    clusters = [
        Cluster(set(), {name for name in pin.members}, pin.canonical.strip() if pin.canonical else None)
        for pin in pins.merge
    ]
    pinned_names = {name for cluster in clusters for name in cluster.pinned}
    free = sorted(name for name in seen if name not in pinned_names)
    people = PersonClusterer(settings.name_similarity, cannot)
    people.cluster([name for name in free if kind_of(name) == "person"], clusters)
    cluster_organisations([name for name in free if kind_of(name) == "organisation"], clusters, table, cannot)

    identities: list[tuple[SpeakerIdentity, list[str]]] = []
    for cluster in clusters:
        observed = sorted(name for name in cluster.members if name in seen)
        if not observed:
            continue
        kind = Counter(kind_of(name) for name in observed)
        cluster_kind: Kind = "organisation" if kind["organisation"] > kind["person"] else "person"
        if cluster.shown_name:
            shown = cluster.shown_name
        elif cluster_kind == "person":
            shown = min(
                observed,
                key=lambda n: (-people.parse(n).shape, -seen[n].count, -len(people.parse(n).given), -len(n), n),
            )
        else:
            shown = strip_name(min(observed, key=lambda n: (-seen[n].count, -len(strip_name(n)), n)))
        titles: Counter[str] = Counter()
        affiliations: Counter[Affiliation] = Counter()
        for name in observed:
            titles.update(seen[name].titles)
            affiliations.update(seen[name].affiliations)
        identity = SpeakerIdentity(
            id=slug(shown),
            name=shown,
            aliases=[name for name in observed if name != shown],
            title=_most_common(titles),
            affiliation=_combined_affiliation(affiliations),
            kind=cluster_kind,
            titles=[title for title, _ in titles.most_common()],
        )
        overrides = [key for key in sorted(pins.speaker) if key.strip() in cluster.members | {shown}]
        overrides.sort(key=lambda key: key.strip() == shown)  # the shown name's entry is applied last
        for key in overrides:
            override = pins.speaker[key]
            if override.title is not None:
                identity.title = override.title
            if override.affiliation is not None:
                identity.affiliation = override.affiliation
        identities.append((identity, observed))

    identities.sort(key=lambda item: (item[0].id, item[0].name, item[1]))
    taken: set[str] = set()
    by_name: dict[str, SpeakerIdentity] = {}
    for identity, observed in identities:
        base, number = identity.id, 1
        while identity.id in taken:  # two speakers whose names fold to one slug keep apart ids
            number += 1
            identity.id = f"{base}-{number}"
        taken.add(identity.id)
        for name in observed:
            by_name[name] = identity
    return SpeakerIndex([identity for identity, _ in identities], by_name)


def observations_of(refs: Iterable[SpeakerRef]) -> Counter[SpeakerObservation]:
    """The observations build_index needs, from the speakers of stored statements, each with how often it was
    made. Counted as plain tuples first: a hundred thousand statements name a few thousand speakers."""
    counts = Counter((ref.name, ref.mention, ref.title, ref.affiliation) for ref in refs)
    return Counter({SpeakerObservation(*said): times for said, times in counts.items()})


class SpeakerResolver:
    """Statements' speakers resolved to their identities across documents: the identity's name, id and kind, and
    the affiliation the statement's own mention gives, else the identity's.

    Each distinct way a speaker was named is resolved once; a statement's own mention, offsets and title are
    kept, and a speaker the index does not know is left as it is."""

    def __init__(self, index: SpeakerIndex, table: Institutions) -> None:
        self.index = index
        self.table = table
        self._affiliations: dict[tuple[str | None, str | None, str | None], str | None] = {}
        self._holders: dict[str | None, SpeakerIdentity | None] = {}

    def _identity(self, speaker: SpeakerRef) -> SpeakerIdentity | None:
        if speaker.name is None and speaker.kind == "office":
            return self._holder(speaker.title)
        return self.index.get(speaker.name)

    def _holder(self, office: str | None) -> SpeakerIdentity | None:
        """The one person of the store whose title is this office ('The Prime Minister' where only 'Prime
        Minister Boris Johnson' holds it), or None when nobody or several do."""
        if office not in self._holders:
            holders = [i for i in self.index if i.kind == "person" and any(same_office(office, t) for t in i.titles)]
            self._holders[office] = holders[0] if len(holders) == 1 else None
        return self._holders[office]

    def id_of(self, speaker: SpeakerRef) -> str | None:
        """The speaker id the resolved speaker will have."""
        identity = self._identity(speaker)
        return speaker.id if identity is None else identity.id

    def ref(self, speaker: SpeakerRef) -> SpeakerRef:
        """The speaker resolved to its identity: a new SpeakerRef, or the one given when the index does not know it."""
        identity = self._identity(speaker)
        if identity is None:
            return speaker
        return assembled(
            SpeakerRef,
            {
                **speaker.__dict__,
                "name": identity.name,
                "id": identity.id,
                "title": speaker.title or identity.title,
                "affiliation": self._own_affiliation(speaker) or identity.affiliation,
                "kind": identity.kind,  # one mention's NER may take a person for an organisation; the identity decides
            },
        )

    def affiliation_of(self, speaker: SpeakerRef) -> str | None:
        """The affiliation the resolved speaker will have (ref(speaker).affiliation), without making it."""
        identity = self._identity(speaker)
        if identity is None:
            return speaker.affiliation
        return self._own_affiliation(speaker) or identity.affiliation

    def _own_affiliation(self, speaker: SpeakerRef) -> str | None:
        key = (speaker.mention, speaker.title, speaker.affiliation)
        own = self._affiliations.get(key, self)
        if own is self:
            resolved = affiliation(speaker.mention, speaker.title, speaker.affiliation, self.table)
            own = self._affiliations[key] = str(resolved) if resolved is not None else None
        return own


def resolver_for(
    speakers: Iterable[SpeakerRef] | Counter[SpeakerObservation],
    settings: IdentitySettings | None = None,
    *,
    institutions_file: Path | None = None,
    pins_file: Path | None = None,
) -> SpeakerResolver:
    """A resolver for these speakers (every statement's, across all documents, or their observations counted as
    observations_of gives them): the shipped institutions table extended by the user's file, and the editor's
    pins, when given."""
    table = load_institutions(institutions_file)
    pins = load_pins(pins_file) if pins_file is not None else None
    observed = speakers if isinstance(speakers, Counter) else observations_of(speakers)
    return SpeakerResolver(build_index(observed, settings, pins, institutions=table), table)


def with_resolved_speakers(statements: list[Statement], speakers: SpeakerResolver) -> list[Statement]:
    """Each statement's speaker resolved to its identity across documents (name, id and affiliation) by `speakers`.

    The statements given are not changed: each result with a known speaker is a shallow copy with a new
    speaker (the rest is shared, so treat the results as read-only)."""
    result = []
    for statement in statements:
        resolved = speakers.ref(statement.speaker)
        if resolved is statement.speaker:
            result.append(statement)
        else:
            result.append(assembled(type(statement), {**statement.__dict__, "speaker": resolved}))
    return result

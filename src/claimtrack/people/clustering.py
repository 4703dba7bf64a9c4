"""Names grouped into speakers: person names by surname and given names (rapidfuzz), bodies by the institutions
table; pinned merges and splits respected."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process, utils

from claimtrack.people.institutions import Institutions
from claimtrack.people.names import PersonName, bare, parse_person


def _ratio(a: str, b: str) -> float:
    return fuzz.ratio(a, b, processor=utils.default_process)


def _surname_score(a: PersonName, b: PersonName, alike: Mapping[str, float]) -> float | None:
    """How alike two surnames are, from alike (surname -> score of each surname alike enough), or None."""
    if not a.surname or not b.surname:
        return None
    if a.surname == b.surname:
        return 100.0
    if a.surname + "a" == b.surname or b.surname + "a" == a.surname:
        return None  # Lavrov / Lavrova: a man and a woman far more often than a misspelling
    return alike.get(b.surname)


def _given_compatible(a: PersonName, b: PersonName, threshold: float) -> bool:
    # Given names compare place by place; a missing middle name is no clash ("George Bush" fits
    # "George W. Bush"), a different one is ("George W. Bush" is not "George H. W. Bush").
    for a_given, a_initial, b_given, b_initial in zip(a.given, a.initial, b.given, b.initial, strict=False):
        if a_initial or b_initial:
            if a_given[:1] != b_given[:1]:
                return False
        elif _ratio(a_given, b_given) < threshold:
            return False
    return True


@dataclass
class Cluster:
    """One speaker in the making: the names the rules joined, and the names of the [[merge]] pin it grew from."""

    names: set[str]  # observed names that joined by the rules
    pinned: set[str] = field(default_factory=set)  # every name of one [[merge]] pin
    shown_name: str | None = None  # the name a [[merge]] pin gives to show

    @property
    def members(self) -> set[str]:
        return self.names | self.pinned


class PersonClusterer:
    """Person names grouped into people, most informative names first."""

    def __init__(self, threshold: float, cannot: set[frozenset[str]]) -> None:
        self.threshold = threshold
        self.cannot = cannot
        self._parsed: dict[str, PersonName] = {}
        self._scores: dict[tuple[str, str], float | None] = {}
        self._alike: dict[str, dict[str, float]] = {}

    def parse(self, name: str) -> PersonName:
        if name not in self._parsed:
            self._parsed[name] = parse_person(name)
        return self._parsed[name]

    def surname(self, name: str) -> str:
        return self.parse(name).surname

    def alike(self, surname: str) -> dict[str, float]:
        """The surnames alike enough to this one to be one person's, with their rapidfuzz ratio."""
        if surname not in self._alike:
            self._index_surnames([surname])
        return self._alike[surname]

    def _index_surnames(self, surnames: Iterable[str]) -> None:
        # Only surnames sharing the first letter or the last two are compared: two spellings of one name
        # nearly always keep one or the other, and comparing every pair would grow with the square of a corpus.
        new = sorted(set(surnames) - set(self._alike))
        blocks: dict[str, set[str]] = defaultdict(set)
        for surname in {*self._alike, *new}:
            if surname:
                blocks["^" + surname[0]].add(surname)
                blocks["$" + surname[-2:]].add(surname)
        # Each surname is processed (utils.default_process) once, not once per comparison, and surnames that share
        # both blocks share their sorted choices.
        processed = {surname: utils.default_process(surname) for surname in {*self._alike, *new} if surname}
        shared: dict[tuple[str, str], tuple[list[str], list[str]]] = {}
        for surname in new:
            self._alike.setdefault(surname, {})
            if not surname:
                continue
            key = (surname[0], surname[-2:])
            if key not in shared:
                choices = sorted(blocks["^" + surname[0]] | blocks["$" + surname[-2:]])
                shared[key] = (choices, [processed[choice] for choice in choices])
            choices, processed_choices = shared[key]
            alike_surnames = process.extract(
                processed[surname], processed_choices, scorer=fuzz.ratio, score_cutoff=self.threshold, limit=None
            )
            for _, score, index in alike_surnames:
                choice = choices[index]
                self._alike[surname][choice] = score
                self._alike.setdefault(choice, {})[surname] = score

    def score(self, a: str, b: str) -> float | None:
        """How alike two names are, or None when they cannot be one person."""
        key = (a, b) if a <= b else (b, a)
        if key not in self._scores:
            if frozenset(key) in self.cannot:
                self._scores[key] = None
            elif a == b:
                self._scores[key] = 100.0
            else:
                first, second = self.parse(a), self.parse(b)
                score = _surname_score(first, second, self.alike(first.surname))
                if score is not None and not _given_compatible(first, second, self.threshold):
                    score = None
                self._scores[key] = score
        return self._scores[key]

    def fits(self, group: set[str], cluster: Cluster) -> bool:
        """Every name of the group fits every name that joined the cluster by the rules, and some pinned name."""
        if any(frozenset((name, other)) in self.cannot for name in group for other in cluster.members):
            return False
        for name in group:
            if any(self.score(name, other) is None for other in cluster.names):
                return False
            if cluster.pinned and all(self.score(name, other) is None for other in cluster.pinned):
                return False
        return True

    def exact(self, group: set[str], cluster: Cluster) -> bool:
        surnames = {self.surname(other) for other in cluster.members}
        return all(self.surname(name) in surnames for name in group)

    def cluster(self, names: Iterable[str], clusters: list[Cluster]) -> None:
        """Add the names to the clusters: variants of one level group together, then join a unique match."""
        names = sorted(names)
        self._index_surnames({self.surname(name) for name in [*names, *(m for c in clusters for m in c.members)]})
        holding: dict[str, dict[int, Cluster]] = defaultdict(dict)  # surname -> clusters with a name of it
        for cluster in clusters:
            for member in cluster.members:
                holding[self.surname(member)][id(cluster)] = cluster
        by_level: dict[tuple[int, int], list[str]] = defaultdict(list)
        for name in names:
            by_level[self.parse(name).level].append(name)
        for level in sorted(by_level, reverse=True):
            before = {id(cluster) for cluster in clusters}  # a level joins fuller names only, in any order
            for group in self._groups(by_level[level]):
                pool = {
                    key: cluster
                    for surname in self.alike(self.surname(min(group)))
                    for key, cluster in holding[surname].items()
                    if key in before
                }
                candidates = [cluster for cluster in pool.values() if self.fits(group, cluster)]
                if len(candidates) > 1:  # "Lavrov" is Sergey Lavrov before it is anyone spelt alike
                    candidates = [cluster for cluster in candidates if self.exact(group, cluster)] or candidates
                if len(candidates) == 1:
                    target = candidates[0]
                    target.names |= group
                else:  # no fuller name, or several ("Clinton" with Hillary and Bill): a speaker of its own
                    target = Cluster(set(group))
                    clusters.append(target)
                for name in group:
                    holding[self.surname(name)][id(target)] = target

    def _groups(self, names: list[str]) -> list[set[str]]:
        """Complete linkage: two groups merge only if every name of one fits every name of the other."""
        by_surname: dict[str, list[str]] = defaultdict(list)
        for name in names:
            by_surname[self.surname(name)].append(name)
        pairs = []
        for a in names:
            for surname in self.alike(self.surname(a)):
                for b in by_surname.get(surname, ()):
                    if a < b and (score := self.score(a, b)) is not None:
                        pairs.append((-score, a, b))
        # A dict of sets rather than scipy's DisjointSet: the same groups in the same time on 11,000 names, without
        # a 143 MB dependency that takes 0.3-0.45 s to import.
        group_of = {name: {name} for name in names}
        for _, a, b in sorted(pairs):
            first, second = group_of[a], group_of[b]
            if first is second or any(self.score(x, y) is None for x in first for y in second):
                continue
            first |= second
            for name in second:
                group_of[name] = first
        unique = {id(group): group for group in group_of.values()}
        return sorted(unique.values(), key=sorted)


def _org_key(name: str, table: Institutions) -> str:
    return table.entity_key(name) or "name:" + " ".join(re.findall(r"\w+", bare(name).casefold()))


def cluster_organisations(
    names: Iterable[str], clusters: list[Cluster], table: Institutions, cannot: set[frozenset[str]]
) -> None:
    """Bodies are one speaker when they are one entry of the table, or one name up to case and article."""
    pinned_by_key: dict[str, Cluster] = {}
    for cluster in sorted((c for c in clusters if c.pinned), key=lambda cluster: sorted(cluster.members)):
        for member in sorted(cluster.members):
            pinned_by_key.setdefault(_org_key(member, table), cluster)
    by_key: dict[str, list[str]] = defaultdict(list)
    for name in sorted(names):
        by_key[_org_key(name, table)].append(name)
    for key in sorted(by_key):
        groups: list[set[str]] = []
        for name in by_key[key]:  # a split pin divides a key's names; each goes to the first group it may join
            group = next((g for g in groups if all(frozenset((name, o)) not in cannot for o in g)), None)
            if group is None:
                groups.append({name})
            else:
                group.add(name)
        for group in groups:
            pinned = pinned_by_key.get(key)
            if pinned is not None and all(frozenset((n, o)) not in cannot for n in group for o in pinned.members):
                pinned.names |= group
            else:
                clusters.append(Cluster(set(group)))

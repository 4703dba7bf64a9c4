"""Speakers across documents: who each one speaks for, and which names are one person or one body."""

from __future__ import annotations

import itertools
import re
import tomllib
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from rapidfuzz import fuzz, process, utils

from claimtrack.errors import InputError
from claimtrack.models import SpeakerRef, assembled
from claimtrack.nlp.offices import same_office
from claimtrack.people.names import slug

Kind = Literal["person", "organisation"]

SHIPPED_TABLE = "institutions.toml"

# --------------------------------------------------------------------------------------------------------
# Text folding shared by both halves
# --------------------------------------------------------------------------------------------------------

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})
_ARTICLE = re.compile(r"^(?:the)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"'s?$")


def _fold(text: str) -> str:
    """Accents off, one kind of apostrophe: 'Élysée’s' -> "Elysee's". Case is kept."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _strip_name(text: str) -> str:
    """A name without its article, possessive and edge punctuation: "The Kremlin's" -> "Kremlin"."""
    text = text.translate(_APOSTROPHES).strip().strip(',;:!?"()[]')  # not ".": "U.S." keeps its dots
    text = _POSSESSIVE.sub("", _ARTICLE.sub("", text)).strip()
    return re.sub(r"\s+", " ", text)


def _bare(text: str) -> str:
    """The stripped name, accents off, for comparing: "the Élysée" -> "Elysee"."""
    return _strip_name(_fold(text))


# --------------------------------------------------------------------------------------------------------
# Affiliations: the institutions table
# --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Affiliation:
    """Who a speaker speaks for: a country or organisation and, if known, the body within it."""

    country_or_org: str
    body: str | None = None

    def __str__(self) -> str:
        return f"{self.country_or_org} ({self.body})" if self.body else self.country_or_org

    @classmethod
    def parse(cls, text: str) -> Affiliation:
        """The inverse of str(): 'Russia (Kremlin)' -> Affiliation('Russia', 'Kremlin')."""
        match = re.fullmatch(r"\s*(.*?)\s*\(\s*([^()]*?)\s*\)\s*", text)
        if match and match.group(1):
            return cls(match.group(1), match.group(2) or None)
        return cls(text.strip())


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CountryEntry(_Entry):
    names: list[str] = Field(default_factory=list, description="Other names; the table key is a name too.")
    demonyms: list[str] = Field(default_factory=list, description="'Armenian' in 'Armenian Prime Minister'.")
    capitals: list[str] = Field(default_factory=list, description="Metonyms, used when the speaker is the capital.")
    bodies: dict[str, str] = Field(
        default_factory=dict, description="Country-specific names of generic bodies from the title rules."
    )


class InstitutionEntry(_Entry):
    names: list[str] = Field(default_factory=list)
    of: str | None = Field(None, description="The country or organisation the institution belongs to.")
    body: str | None = Field(None, description="Shown in brackets after the country or organisation.")


class TitleRule(_Entry):
    body: str
    phrases: list[str] = Field(min_length=1)


class InstitutionsFile(_Entry):
    """The format of institutions.toml and of a user's own table."""

    country: dict[str, CountryEntry] = Field(default_factory=dict)
    institution: dict[str, InstitutionEntry] = Field(default_factory=dict)
    title: list[TitleRule] = Field(default_factory=list)


@dataclass(frozen=True)
class _Entity:
    """What a name in the table stands for."""

    key: str  # "country:Russia" or "institution:kremlin": names with one key are one speaker
    of: str
    body: str | None
    country: str | None  # the country whose bodies and title rules apply, if any


@dataclass(frozen=True)
class _Found:
    start: int
    end: int
    entity: _Entity


class Institutions:
    """The institutions table, compiled for matching. Build it with load_institutions()."""

    def __init__(self, table: InstitutionsFile, user_keys: frozenset[str] = frozenset()) -> None:
        self.table = table
        anywhere: dict[str, _Entity] = {}  # alias as written -> entity; names, demonyms, institutions
        exact: dict[str, _Entity] = {}  # alias -> entity, for a whole speaker name: casefolded unless "US"-like
        self._capitals: dict[str, _Entity] = {}
        # Speakers of an archive are named the same few thousand ways a hundred thousand times: each way is
        # looked up once.
        self._found: dict[str, tuple[_Found, ...]] = {}
        self._known: dict[str, bool] = {}

        def ordered(kind: str, keys: Iterable[str]) -> list[str]:
            # The user's entries come last so that their names win over ours.
            return sorted(keys, key=lambda key: f"{kind}:{key}" in user_keys)

        for name in ordered("country", table.country):
            entry = table.country[name]
            entity = _Entity(f"country:{name}", name, None, name)
            for alias in [name, *entry.names]:
                anywhere[_fold(alias)] = exact[_exact_key(_fold(alias))] = entity
            for demonym in entry.demonyms:
                anywhere[_fold(demonym)] = entity
                if not _fold(demonym).endswith(("s", "sh", "ch", "ese")):
                    anywhere[_fold(demonym) + "s"] = entity  # "Armenians said"
            for capital in entry.capitals:
                self._capitals[_fold(capital).casefold()] = entity
        for key in ordered("institution", table.institution):
            entry = table.institution[key]
            assert entry.of is not None  # checked by load_institutions
            country = entry.of if entry.of in table.country else None
            body = entry.body if entry.body != entry.of else None
            entity = _Entity(f"institution:{key}", entry.of, body, country)
            for alias in entry.names:
                anywhere[_fold(alias)] = exact[_exact_key(_fold(alias))] = entity

        self._exact = exact
        # Capitals-only aliases ("US", "EU") match exactly; the rest ignore case, but one written with a
        # capital must start with a capital in the text too.
        self._sensitive = {alias: entity for alias, entity in anywhere.items() if alias.isupper()}
        self._insensitive = {alias.casefold(): entity for alias, entity in anywhere.items() if not alias.isupper()}
        self._capitalised = {alias.casefold() for alias in anywhere if alias[:1].isupper()}
        self._sensitive_pattern = _alternation(self._sensitive, 0)
        self._insensitive_pattern = _alternation(self._insensitive, re.IGNORECASE)
        self._title_rules = [(rule.body, _alternation(rule.phrases, re.IGNORECASE)) for rule in table.title]

    def entity_key(self, name: str) -> str | None:
        """The key shared by every name of one country or institution: 'UN refugee agency' and 'UNHCR'."""
        bare = _bare(name)
        entity = self._exact.get(bare) if bare.isupper() else self._exact.get(bare.casefold())
        return entity.key if entity else None

    def is_known(self, name: str) -> bool:
        """Whether a speaker's name is a country, institution or capital in the table (so not a person)."""
        known = self._known.get(name)
        if known is None:
            known = self._known[name] = self.entity_key(name) is not None or _bare(name).casefold() in self._capitals
        return known

    def find(self, text: str) -> list[_Found]:
        """Countries and institutions named in a text, in text order, the longest at each place."""
        found = self._found.get(text)
        if found is None:
            found = self._found[text] = tuple(self._find(text))
        return list(found)

    def _find(self, text: str) -> list[_Found]:
        folded = _fold(text)
        found = [
            _Found(match.start(), match.end(), self._sensitive[match.group()])
            for match in _finditer(self._sensitive_pattern, folded)
        ]
        for match in _finditer(self._insensitive_pattern, folded):
            alias = match.group().casefold()
            if match.group()[0].isupper() or alias not in self._capitalised:  # "turkey" and "polish" are not countries
                found.append(_Found(match.start(), match.end(), self._insensitive[alias]))
        capital = self._capital_speaker(folded)
        if capital is not None:
            found.append(capital)
        found.sort(key=lambda hit: (hit.start, -(hit.end - hit.start), hit.entity.key))
        return found

    def _capital_speaker(self, folded: str) -> _Found | None:
        """'Moscow' or "Moscow's envoy" stand for Russia; 'the Moscow metro' and 'Washington Post' do not."""
        text = _ARTICLE.sub("", folded.strip())
        whole = _bare(text)
        if whole and whole[0].isupper() and whole.casefold() in self._capitals:
            return _Found(0, len(whole), self._capitals[whole.casefold()])
        possessive = re.match(r"([^']+)'s?(?:\s|$)", text)
        if possessive and possessive.group(1)[0].isupper():
            entity = self._capitals.get(possessive.group(1).strip().casefold())
            if entity is not None:
                return _Found(0, possessive.end(1), entity)
        return None

    def title_body(self, texts: Iterable[str]) -> str | None:
        """The generic body the first matching title rule names ('Deputy Foreign Minister' -> Foreign Ministry)."""
        folded = [_fold(text) for text in texts]
        for body, pattern in self._title_rules:
            if any(pattern is not None and pattern.search(text) for text in folded):
                return body
        return None

    def country_body(self, country: str, body: str | None) -> str | None:
        """What a generic body is called in one country: Presidential Administration -> Kremlin in Russia."""
        if body is None or country not in self.table.country:
            return body
        return self.table.country[country].bodies.get(body, body)


def _exact_key(folded_alias: str) -> str:
    return folded_alias if folded_alias.isupper() else folded_alias.casefold()


def _alternation(aliases: Iterable[str], flags: int) -> re.Pattern[str] | None:
    # Longest first, so that at any one place "UN refugee agency" wins over "UN".
    ordered = sorted({_fold(alias) for alias in aliases}, key=lambda alias: (-len(alias), alias))
    if not ordered:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, ordered)) + r")(?!\w)", flags)


def _finditer(pattern: re.Pattern[str] | None, text: str) -> Iterator[re.Match[str]]:
    return pattern.finditer(text) if pattern is not None else iter(())


def _read_toml(path: Path | str, text: str | None = None) -> dict[str, Any]:
    try:
        source = Path(path).read_text(encoding="utf-8") if text is None else text
    except OSError as error:
        raise InputError(str(path), f"cannot be read ({error.strerror or error})", "check the path") from error
    except UnicodeDecodeError as error:
        raise InputError(str(path), "is not UTF-8 text", "save it as UTF-8") from error
    try:
        return tomllib.loads(source)
    except tomllib.TOMLDecodeError as error:
        raise InputError(str(path), f"is not valid TOML ({error})", "fix the syntax at the place shown") from error


def _validation_problem(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"])
    message = first["msg"].removeprefix("Value error, ")
    more = f" (and {error.error_count() - 1} more)" if error.error_count() > 1 else ""
    return (f"{where}: {message}" if where else message) + more


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Tables merge key by key; anything else in the override replaces the base."""
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


@cache
def _shipped() -> dict[str, Any]:
    text = resources.files("claimtrack.data").joinpath(SHIPPED_TABLE).read_text(encoding="utf-8")
    return _read_toml(f"claimtrack/data/{SHIPPED_TABLE}", text)


@cache
def _shipped_institutions() -> Institutions:
    return _build_institutions(_shipped(), None, {})


def load_institutions(extra: Path | str | None = None) -> Institutions:
    """The shipped institutions table, extended and overridden by the user's own file of the same format."""
    if extra is None:
        return _shipped_institutions()
    user = _read_toml(extra)
    return _build_institutions(_shipped(), extra, user)


def _build_institutions(shipped: dict[str, Any], extra: Path | str | None, user: dict[str, Any]) -> Institutions:
    where = str(extra) if extra is not None else f"claimtrack/data/{SHIPPED_TABLE}"
    fix = "see the comments at the top of claimtrack/data/institutions.toml for the format"
    try:
        InstitutionsFile.model_validate(user)  # the user's file alone, so that its errors name it
        merged = _merge(
            {k: v for k, v in shipped.items() if k != "title"}, {k: v for k, v in user.items() if k != "title"}
        )
        merged["title"] = [*user.get("title", []), *shipped.get("title", [])]  # the user's rules are tried first
        table = InstitutionsFile.model_validate(merged)
    except ValidationError as error:
        raise InputError(where, _validation_problem(error), fix) from error
    for key, entry in table.institution.items():
        if not entry.of:
            raise InputError(where, f'[institution.{key}] has no "of"', 'add of = "<country or organisation>"')
        if not entry.names:
            raise InputError(where, f"[institution.{key}] has no names", 'add names = ["<how it is written>"]')
    user_keys = frozenset(
        f"{kind}:{key}" for kind in ("country", "institution") for key in (user.get(kind) or {}) if isinstance(key, str)
    )
    return Institutions(table, user_keys)


def affiliation(
    mention: str | None, title: str | None, affiliation_hint: str | None, table: Institutions
) -> Affiliation | None:
    """Who a speaker speaks for, from how the speaker was mentioned.

    The mention is read first, then the extractor's hint, then the title; in the first of them that names a
    country or institution, the earliest one named wins ("Russia's ambassador to the UN" -> Russia). For a
    country, the body is an institution of that country named alongside ("US State Department"), else the
    one a title rule finds, renamed for the country ("President of Russia" -> Kremlin). A hint the table
    does not know is kept as it is; with no hint and nothing found, the affiliation is unknown.
    """
    texts = [text for text in (mention, affiliation_hint, title) if text and text.strip()]
    found = next((hits for hits in map(table.find, texts) if hits), [])
    if not found:
        hint = _strip_name(affiliation_hint) if affiliation_hint else ""
        return Affiliation(hint) if hint else None
    entity = found[0].entity
    if entity.body is not None or entity.country is None:
        return Affiliation(entity.of, entity.body)
    for text in texts:
        for hit in table.find(text):
            if hit.entity.body is not None and hit.entity.country == entity.country:
                return Affiliation(entity.of, hit.entity.body)
    rule_texts = [text for text in (title, mention, affiliation_hint) if text and text.strip()]
    return Affiliation(entity.of, table.country_body(entity.country, table.title_body(rule_texts)))


# --------------------------------------------------------------------------------------------------------
# One person, one speaker: names -> identities
# --------------------------------------------------------------------------------------------------------


class IdentitySettings(BaseModel):
    """How readily two spellings of a name are taken for one person."""

    model_config = ConfigDict(extra="forbid")

    name_similarity: float = Field(
        88.0,
        ge=0,
        le=100,
        description=(
            "rapidfuzz ratio (0-100) two surnames, and two full given names, must reach after transliteration "
            "folding to be one person: 88 merges Pashinyan/Pashinian and Rieck/Riek, not Rieck/Ried or Bill/Jill."
        ),
    )


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

    id: str = Field(description="ASCII slug of the canonical name, e.g. 'mikhail-galuzin'.")
    name: str = Field(description="Canonical name: pinned, else the most frequent of the longest forms.")
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


# Pins: an editor's word beats the rules ------------------------------------------------------------------


class _Pin(BaseModel):
    model_config = ConfigDict(extra="forbid")


class MergePin(_Pin):
    names: list[str] = Field(min_length=1)
    canonical: str | None = Field(None, description="The name to show; one of names, or a new spelling.")

    @property
    def members(self) -> set[str]:
        return {name.strip() for name in self.names} | ({self.canonical.strip()} if self.canonical else set())

    @model_validator(mode="after")
    def _two_names(self) -> MergePin:
        if len(self.members) < 2:
            raise ValueError("a [[merge]] needs two different names (or one name and a canonical)")
        return self


class SplitPin(_Pin):
    names: list[str] = Field(min_length=2, description="Names never to merge with one another.")


class SpeakerPin(_Pin):
    title: str | None = None
    affiliation: str | None = None


class Pins(_Pin):
    """An editor's speakers file: merges and splits that beat the rules, and titles or affiliations to use."""

    merge: list[MergePin] = Field(default_factory=list)
    split: list[SplitPin] = Field(default_factory=list)
    speaker: dict[str, SpeakerPin] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _consistent(self) -> Pins:
        seen: dict[str, int] = {}
        for number, pin in enumerate(self.merge, 1):
            for name in sorted(pin.members):
                if name in seen:
                    raise ValueError(f"{name!r} is in [[merge]] {seen[name]} and {number}; put its names in one")
                seen[name] = number
        for a, b in self._split_pairs():
            if a in seen and seen[a] == seen.get(b):
                raise ValueError(f"{a!r} and {b!r} are both merged and split; keep one of the two pins")
        return self

    def _split_pairs(self) -> Iterator[tuple[str, str]]:
        for pin in self.split:
            yield from itertools.combinations(sorted({name.strip() for name in pin.names}), 2)

    def cannot_link(self) -> set[frozenset[str]]:
        """Pairs of names that must never be one speaker."""
        return {frozenset(pair) for pair in self._split_pairs()}


def load_pins(path: Path | str) -> Pins:
    """An editor's speakers file (e.g. speakers.toml beside claims/)."""
    data = _read_toml(path)
    try:
        return Pins.model_validate(data)
    except ValidationError as error:
        raise InputError(
            str(path),
            _validation_problem(error),
            'write [[merge]] names = [...] canonical = "...", [[split]] names = [...], '
            '[speaker."Name"] title = "..." affiliation = "..."',
        ) from error


# Person names ------------------------------------------------------------------------------------------

_HONORIFICS = frozenset("mr mrs ms miss dr prof sir dame madam".split())
_SUFFIXES = frozenset("jr sr ii iii iv".split())
_PARTICLES = frozenset("al el bin ibn ben bint da de del della der den di dos du la le van von ter".split())
_INITIAL = re.compile(r"(?:[^\W\d_]\.?-?){1,3}")


def _skeleton(token: str) -> str:
    """A spelling-tolerant key: 'Zelenskyy', 'Zelenskiy' -> 'zelenski'; 'Hajiyev', 'Hajiev' -> 'haiev'.

    Folds the transliteration choices that differ most between outlets (y/i/j, w/v, ck/k, doubled letters)
    before rapidfuzz compares what is left.
    """
    text = "".join(char for char in _fold(token).casefold() if char.isalnum())
    text = text.replace("ck", "k").replace("w", "v").replace("y", "i").replace("j", "i")
    return re.sub(r"(.)\1+", r"\1", text)


@dataclass(frozen=True)
class _PersonName:
    given: tuple[str, ...]  # skeletons of the given names; an initial is its one letter
    initial: tuple[bool, ...]
    surname: str  # skeleton of the surname proper: "al-Assad" -> "asad", "von der Leyen" -> "leien"

    @property
    def level(self) -> tuple[int, int]:
        """How much the name says: more given names first, a written-out first name before an initial."""
        return (len(self.given), int(bool(self.given) and not self.initial[0]))

    @property
    def shape(self) -> int:
        """2 for a full name, 1 for 'M. Galuzin', 0 for a surname alone: canonical names prefer the fullest."""
        return 0 if not self.given else 1 if self.initial[0] else 2


def _parse_person(name: str) -> _PersonName:
    tokens = [token.strip(",") for token in _fold(name).split()]
    tokens = [token for token in tokens if token]
    while len(tokens) > 1 and tokens[0].casefold().rstrip(".") in _HONORIFICS:
        tokens.pop(0)
    while len(tokens) > 1 and tokens[-1].casefold().rstrip(".") in _SUFFIXES:
        tokens.pop()
    if not tokens:
        return _PersonName((), (), _skeleton(name))
    start = len(tokens) - 1
    while start > 0 and tokens[start - 1] in _PARTICLES:  # lower-case particles only: "Al Gore" keeps his Al
        start -= 1
    surname = re.sub(r"^(?:al|el|ad|as|ash|ar)-", "", tokens[-1], flags=re.IGNORECASE)
    given = tokens[:start]
    initial = tuple(bool(_INITIAL.fullmatch(token)) and (len(token) == 1 or "." in token) for token in given)
    return _PersonName(tuple(_skeleton(token) for token in given), initial, _skeleton(surname))


def _ratio(a: str, b: str) -> float:
    return fuzz.ratio(a, b, processor=utils.default_process)


def _surname_score(a: _PersonName, b: _PersonName, alike: Mapping[str, float]) -> float | None:
    """How alike two surnames are, from alike (surname -> score of each surname alike enough), or None."""
    if not a.surname or not b.surname:
        return None
    if a.surname == b.surname:
        return 100.0
    if a.surname + "a" == b.surname or b.surname + "a" == a.surname:
        return None  # Lavrov / Lavrova: a man and a woman far more often than a misspelling
    return alike.get(b.surname)


def _given_compatible(a: _PersonName, b: _PersonName, threshold: float) -> bool:
    # Given names compare place by place; a missing middle name is no clash ("George Bush" fits
    # "George W. Bush"), a different one is ("George W. Bush" is not "George H. W. Bush").
    for a_given, a_initial, b_given, b_initial in zip(a.given, a.initial, b.given, b.initial, strict=False):
        if a_initial or b_initial:
            if a_given[:1] != b_given[:1]:
                return False
        elif _ratio(a_given, b_given) < threshold:
            return False
    return True


# Clustering ---------------------------------------------------------------------------------------------


@dataclass
class _Cluster:
    names: set[str]  # observed names that joined by the rules
    pinned: set[str] = field(default_factory=set)  # every name of one [[merge]] pin
    canonical: str | None = None

    @property
    def members(self) -> set[str]:
        return self.names | self.pinned


class _People:
    """Person names grouped into people, most informative names first."""

    def __init__(self, threshold: float, cannot: set[frozenset[str]]) -> None:
        self.threshold = threshold
        self.cannot = cannot
        self._parsed: dict[str, _PersonName] = {}
        self._scores: dict[tuple[str, str], float | None] = {}
        self._alike: dict[str, dict[str, float]] = {}

    def parse(self, name: str) -> _PersonName:
        if name not in self._parsed:
            self._parsed[name] = _parse_person(name)
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
        for surname in new:
            self._alike.setdefault(surname, {})
            if not surname:
                continue
            choices = sorted(blocks["^" + surname[0]] | blocks["$" + surname[-2:]])
            found = process.extract(
                surname,
                choices,
                scorer=fuzz.ratio,
                processor=utils.default_process,
                score_cutoff=self.threshold,
                limit=None,
            )
            for choice, score, _ in found:
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

    def fits(self, group: set[str], cluster: _Cluster) -> bool:
        """Every name of the group fits every name that joined the cluster by the rules, and some pinned name."""
        if any(frozenset((name, other)) in self.cannot for name in group for other in cluster.members):
            return False
        for name in group:
            if any(self.score(name, other) is None for other in cluster.names):
                return False
            if cluster.pinned and all(self.score(name, other) is None for other in cluster.pinned):
                return False
        return True

    def exact(self, group: set[str], cluster: _Cluster) -> bool:
        surnames = {self.surname(other) for other in cluster.members}
        return all(self.surname(name) in surnames for name in group)

    def cluster(self, names: Iterable[str], clusters: list[_Cluster]) -> None:
        """Add the names to the clusters: variants of one level group together, then join a unique match."""
        names = sorted(names)
        self._index_surnames({self.surname(name) for name in [*names, *(m for c in clusters for m in c.members)]})
        holding: dict[str, dict[int, _Cluster]] = defaultdict(dict)  # surname -> clusters with a name of it
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
                    target = _Cluster(set(group))
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
    return table.entity_key(name) or "name:" + " ".join(re.findall(r"\w+", _bare(name).casefold()))


def _cluster_organisations(
    names: Iterable[str], clusters: list[_Cluster], table: Institutions, cannot: set[frozenset[str]]
) -> None:
    """Bodies are one speaker when they are one entry of the table, or one name up to case and article."""
    pinned_by_key: dict[str, _Cluster] = {}
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
                clusters.append(_Cluster(set(group)))


# The index ----------------------------------------------------------------------------------------------


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
    for found, count in counts.items():
        by_owner[found.country_or_org] += count
    owner = min(by_owner, key=lambda value: (-by_owner[value], value))
    bodies: Counter[str] = Counter()
    for found, count in counts.items():
        if found.country_or_org == owner and found.body:
            bodies[found.body] += count
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
        _Cluster(set(), {name for name in pin.members}, pin.canonical.strip() if pin.canonical else None)
        for pin in pins.merge
    ]
    pinned_names = {name for cluster in clusters for name in cluster.pinned}
    free = sorted(name for name in seen if name not in pinned_names)
    people = _People(settings.name_similarity, cannot)
    people.cluster([name for name in free if kind_of(name) == "person"], clusters)
    _cluster_organisations([name for name in free if kind_of(name) == "organisation"], clusters, table, cannot)

    identities: list[tuple[SpeakerIdentity, list[str]]] = []
    for cluster in clusters:
        observed = sorted(name for name in cluster.members if name in seen)
        if not observed:
            continue
        kind = Counter(kind_of(name) for name in observed)
        cluster_kind: Kind = "organisation" if kind["organisation"] > kind["person"] else "person"
        if cluster.canonical:
            canonical = cluster.canonical
        elif cluster_kind == "person":
            canonical = min(
                observed,
                key=lambda n: (-people.parse(n).shape, -seen[n].count, -len(people.parse(n).given), -len(n), n),
            )
        else:
            canonical = _strip_name(min(observed, key=lambda n: (-seen[n].count, -len(_strip_name(n)), n)))
        titles: Counter[str] = Counter()
        found: Counter[Affiliation] = Counter()
        for name in observed:
            titles.update(seen[name].titles)
            found.update(seen[name].affiliations)
        identity = SpeakerIdentity(
            id=slug(canonical),
            name=canonical,
            aliases=[name for name in observed if name != canonical],
            title=_most_common(titles),
            affiliation=_combined_affiliation(found),
            kind=cluster_kind,
            titles=[title for title, _ in titles.most_common()],
        )
        overrides = [key for key in sorted(pins.speaker) if key.strip() in cluster.members | {canonical}]
        overrides.sort(key=lambda key: key.strip() == canonical)  # the canonical name's entry is applied last
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


class CanonicalSpeakers:
    """Statements' speakers as identities across documents: canonical name, id and affiliation.

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
        """The speaker id the canonical speaker will have."""
        found = self._identity(speaker)
        return speaker.id if found is None else found.id

    def ref(self, speaker: SpeakerRef) -> SpeakerRef:
        """The canonical speaker: a new SpeakerRef, or the one given when the index does not know it."""
        found = self._identity(speaker)
        if found is None:
            return speaker
        key = (speaker.mention, speaker.title, speaker.affiliation)
        own = self._affiliations.get(key, self)
        if own is self:
            resolved = affiliation(speaker.mention, speaker.title, speaker.affiliation, self.table)
            own = self._affiliations[key] = str(resolved) if resolved is not None else None
        return assembled(
            SpeakerRef,
            {
                **speaker.__dict__,
                "name": found.name,
                "id": found.id,
                "title": speaker.title or found.title,
                "affiliation": own or found.affiliation,
                "kind": found.kind,  # one mention's NER may take a person for an organisation; the identity decides
            },
        )

"""Who a speaker speaks for: the institutions table (countries, institutions, title rules) and affiliation()."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from claimtrack.errors import InputError
from claimtrack.people.names import ARTICLE, bare, fold, strip_name
from claimtrack.people.toml_files import read_toml, validation_problem

SHIPPED_TABLE = "institutions.toml"


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
class _TableHit:
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
        self._hits: dict[str, tuple[_TableHit, ...]] = {}
        self._known: dict[str, bool] = {}

        def ordered(kind: str, keys: Iterable[str]) -> list[str]:
            # The user's entries come last so that their names win over ours.
            return sorted(keys, key=lambda key: f"{kind}:{key}" in user_keys)

        for name in ordered("country", table.country):
            entry = table.country[name]
            entity = _Entity(f"country:{name}", name, None, name)
            for alias in [name, *entry.names]:
                anywhere[fold(alias)] = exact[_exact_key(fold(alias))] = entity
            for demonym in entry.demonyms:
                anywhere[fold(demonym)] = entity
                if not fold(demonym).endswith(("s", "sh", "ch", "ese")):
                    anywhere[fold(demonym) + "s"] = entity  # "Armenians said"
            for capital in entry.capitals:
                self._capitals[fold(capital).casefold()] = entity
        for key in ordered("institution", table.institution):
            entry = table.institution[key]
            assert entry.of is not None  # checked by load_institutions
            country = entry.of if entry.of in table.country else None
            body = entry.body if entry.body != entry.of else None
            entity = _Entity(f"institution:{key}", entry.of, body, country)
            for alias in entry.names:
                anywhere[fold(alias)] = exact[_exact_key(fold(alias))] = entity

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
        compared = bare(name)
        entity = self._exact.get(compared) if compared.isupper() else self._exact.get(compared.casefold())
        return entity.key if entity else None

    def is_known(self, name: str) -> bool:
        """Whether a speaker's name is a country, institution or capital in the table (so not a person)."""
        known = self._known.get(name)
        if known is None:
            known = self._known[name] = self.entity_key(name) is not None or bare(name).casefold() in self._capitals
        return known

    def find(self, text: str) -> list[_TableHit]:
        """Countries and institutions named in a text, in text order, the longest at each place."""
        hits = self._hits.get(text)
        if hits is None:
            hits = self._hits[text] = tuple(self._find(text))
        return list(hits)

    def _find(self, text: str) -> list[_TableHit]:
        folded = fold(text)
        hits = [
            _TableHit(match.start(), match.end(), self._sensitive[match.group()])
            for match in _finditer(self._sensitive_pattern, folded)
        ]
        for match in _finditer(self._insensitive_pattern, folded):
            alias = match.group().casefold()
            if match.group()[0].isupper() or alias not in self._capitalised:  # "turkey" and "polish" are not countries
                hits.append(_TableHit(match.start(), match.end(), self._insensitive[alias]))
        capital = self._capital_speaker(folded)
        if capital is not None:
            hits.append(capital)
        hits.sort(key=lambda hit: (hit.start, -(hit.end - hit.start), hit.entity.key))
        return hits

    def _capital_speaker(self, folded: str) -> _TableHit | None:
        """'Moscow' or "Moscow's envoy" stand for Russia; 'the Moscow metro' and 'Washington Post' do not."""
        text = ARTICLE.sub("", folded.strip())
        whole = bare(text)
        if whole and whole[0].isupper() and whole.casefold() in self._capitals:
            return _TableHit(0, len(whole), self._capitals[whole.casefold()])
        possessive = re.match(r"([^']+)'s?(?:\s|$)", text)
        if possessive and possessive.group(1)[0].isupper():
            entity = self._capitals.get(possessive.group(1).strip().casefold())
            if entity is not None:
                return _TableHit(0, possessive.end(1), entity)
        return None

    def title_body(self, texts: Iterable[str]) -> str | None:
        """The generic body the first matching title rule names ('Deputy Foreign Minister' -> Foreign Ministry)."""
        folded = [fold(text) for text in texts]
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
    ordered = sorted({fold(alias) for alias in aliases}, key=lambda alias: (-len(alias), alias))
    if not ordered:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, ordered)) + r")(?!\w)", flags)


def _finditer(pattern: re.Pattern[str] | None, text: str) -> Iterator[re.Match[str]]:
    return pattern.finditer(text) if pattern is not None else iter(())


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
    return read_toml(f"claimtrack/data/{SHIPPED_TABLE}", text)


@cache
def _shipped_institutions() -> Institutions:
    return _build_institutions(_shipped(), None, {})


def load_institutions(extra: Path | str | None = None) -> Institutions:
    """The shipped institutions table, extended and overridden by the user's own file of the same format."""
    if extra is None:
        return _shipped_institutions()
    user = read_toml(extra)
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
        raise InputError(where, validation_problem(error), fix) from error
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
    first_hits = next((hits for hits in map(table.find, texts) if hits), [])
    if not first_hits:
        hint = strip_name(affiliation_hint) if affiliation_hint else ""
        return Affiliation(hint) if hint else None
    entity = first_hits[0].entity
    if entity.body is not None or entity.country is None:
        return Affiliation(entity.of, entity.body)
    for text in texts:
        for hit in table.find(text):
            if hit.entity.body is not None and hit.entity.country == entity.country:
                return Affiliation(entity.of, hit.entity.body)
    rule_texts = [text for text in (title, mention, affiliation_hint) if text and text.strip()]
    return Affiliation(entity.of, table.country_body(entity.country, table.title_body(rule_texts)))

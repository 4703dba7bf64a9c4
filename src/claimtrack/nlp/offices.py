"""Offices as words, without spaCy: whether a bare office ('the Prime Minister') is the title a person was given."""

from __future__ import annotations

import re

#: Offices written as abbreviations, and what they stand for when matched against a full title.
OFFICE_ABBREVIATIONS = {"pm": ("prime", "minister"), "mp": ("mp",), "fm": ("foreign", "minister")}


def _office_words(title: str | None) -> list[str]:
    """The words of a title that say which office it is, lower case, abbreviations spelled out."""
    words: list[str] = []
    for word in re.findall(r"[\w'-]+", title or ""):
        lower = word.lower()
        if lower in {"the", "of", "for", "and", "to", "a", "an"}:
            continue
        words.extend(OFFICE_ABBREVIATIONS.get(lower, (lower,)))
    return words


def same_office(title: str | None, holder: str | None) -> bool:
    """Whether a bare office ('the Housing Secretary', 'UK PM') is the title a named person was given ('Housing
    Secretary Michael Gove', 'Prime Minister Boris Johnson'): its main word is in that title, and so is every
    other word but a place it is of ('UK', 'British')."""
    wanted, held = _office_words(title), set(_office_words(holder))
    if not wanted or wanted[-1] not in held:
        return False
    return all(word in held or _place_like(word, title or "") for word in wanted[:-1])


def _place_like(word: str, title: str) -> bool:
    """'UK' in 'UK PM', 'British' in 'British Prime Minister': a place the title is of, not part of the office."""
    original = next((w for w in re.findall(r"[\w'-]+", title) if w.lower() == word), word)
    return original.isupper() or original.lower().endswith(("ish", "ian", "ese", "an")) and original[:1].isupper()

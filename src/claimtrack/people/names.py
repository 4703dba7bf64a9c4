"""Names as text, without spaCy: folding accents and apostrophes, articles and possessives off, ids (slugs) from
names, and person names parsed into given names and a surname for comparing."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})
ARTICLE = re.compile(r"^(?:the)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"'s?$")


def fold(text: str) -> str:
    """Accents off, one kind of apostrophe: 'Élysée’s' -> "Elysee's". Case is kept."""
    # Not anyascii: it transliterates all it meets (quotes, dashes, 'ß', other scripts), and 7 of 1,284 speaker
    # names, mentions and titles of the seeds, the dev set and PolNeAR dev would fold differently.
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def strip_name(text: str) -> str:
    """A name without its article, possessive and edge punctuation: "The Kremlin's" -> "Kremlin"."""
    text = text.translate(_APOSTROPHES).strip().strip(',;:!?"()[]')  # not ".": "U.S." keeps its dots
    text = _POSSESSIVE.sub("", ARTICLE.sub("", text)).strip()
    return re.sub(r"\s+", " ", text)


def bare(text: str) -> str:
    """The stripped name, accents off, for comparing: "the Élysée" -> "Elysee"."""
    return strip_name(fold(text))


def slug(name: str) -> str:
    """Speaker id from a speaker's name: 'Mikhail Galuzin' -> 'mikhail-galuzin'."""
    # Not python-slugify or anyascii: both transliterate ('Łukasz' -> 'lukasz', '’' -> "'"), which changes ids
    # already in stores (33 of PolNeAR dev's 1,016 source mentions with their defaults, 2 even when tuned).
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-") or "speaker"


_HONORIFICS = frozenset("mr mrs ms miss dr prof sir dame madam".split())
_SUFFIXES = frozenset("jr sr ii iii iv".split())
_PARTICLES = frozenset("al el bin ibn ben bint da de del della der den di dos du la le van von ter".split())
_INITIAL = re.compile(r"(?:[^\W\d_]\.?-?){1,3}")


def _skeleton(token: str) -> str:
    """A spelling-tolerant key: 'Zelenskyy', 'Zelenskiy' -> 'zelenski'; 'Hajiyev', 'Hajiev' -> 'haiev'.

    Folds the transliteration choices that differ most between outlets (y/i/j, w/v, ck/k, doubled letters)
    before rapidfuzz compares what is left.
    """
    text = "".join(char for char in fold(token).casefold() if char.isalnum())
    text = text.replace("ck", "k").replace("w", "v").replace("y", "i").replace("j", "i")
    return re.sub(r"(.)\1+", r"\1", text)


@dataclass(frozen=True)
class PersonName:
    given: tuple[str, ...]  # skeletons of the given names; an initial is its one letter
    initial: tuple[bool, ...]
    surname: str  # skeleton of the surname proper: "al-Assad" -> "asad", "von der Leyen" -> "leien"

    @property
    def level(self) -> tuple[int, int]:
        """How much the name says: more given names first, a written-out first name before an initial."""
        return (len(self.given), int(bool(self.given) and not self.initial[0]))

    @property
    def shape(self) -> int:
        """2 for a full name, 1 for 'M. Galuzin', 0 for a surname alone: the name shown prefers the fullest."""
        return 0 if not self.given else 1 if self.initial[0] else 2


def parse_person(name: str) -> PersonName:
    """The given names and surname of a person's name, as spelling-tolerant skeletons."""
    # Not nameparser: it takes a surname alone for a first name ('Galuzin said') and splits 'von der Leyen' and
    # 'bin Salman' wrongly; worked around, it still failed two identity tests, at 7x the time per name.
    tokens = [token.strip(",") for token in fold(name).split()]
    tokens = [token for token in tokens if token]
    while len(tokens) > 1 and tokens[0].casefold().rstrip(".") in _HONORIFICS:
        tokens.pop(0)
    while len(tokens) > 1 and tokens[-1].casefold().rstrip(".") in _SUFFIXES:
        tokens.pop()
    if not tokens:
        return PersonName((), (), _skeleton(name))
    start = len(tokens) - 1
    while start > 0 and tokens[start - 1] in _PARTICLES:  # lower-case particles only: "Al Gore" keeps his Al
        start -= 1
    surname = re.sub(r"^(?:al|el|ad|as|ash|ar)-", "", tokens[-1], flags=re.IGNORECASE)
    given = tokens[:start]
    initial = tuple(bool(_INITIAL.fullmatch(token)) and (len(token) == 1 or "." in token) for token in given)
    return PersonName(tuple(_skeleton(token) for token in given), initial, _skeleton(surname))

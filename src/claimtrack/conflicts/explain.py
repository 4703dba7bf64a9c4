"""Conflicts in words an editor can paste: who said what, when, where it was reported."""

from __future__ import annotations

from claimtrack.dates.wording import in_words
from claimtrack.models import Claim
from claimtrack.stance.topics import Topic


def when(claim: Claim) -> str:
    """A date as an editor writes it, saying how well it is known."""
    return in_words(claim.date)


def who(claim: Claim) -> str:
    speaker = claim.speaker
    name = speaker.name or speaker.mention or "an unnamed speaker"
    return f"{speaker.title} {name}" if speaker.title and speaker.title.casefold() not in name.casefold() else name


def _quote(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return "\u201c" + (text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026") + "\u201d"


def _described(claim: Claim) -> str:
    """'Mara Kell (chief executive, Valmore Holdings)'."""
    speaker = claim.speaker
    details = ", ".join(part for part in (speaker.title, claim.voice) if part)
    name = speaker.name or speaker.mention or "an unnamed speaker"
    return f"{name} ({details})" if details else name


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


class Explainer:
    """Explanations for one topic's conflicts. A claim in many conflicts has its words written once."""

    def __init__(self, topic: Topic) -> None:
        self.topic = topic
        self.question = f"\u201c{topic.question}\u201d"
        self.words: dict[str, str] = {}
        self.whos: dict[str, str] = {}

    def said(self, claim: Claim, *, speaker: bool = True) -> str:
        words = self.words.get(claim.id)
        if words is None:
            position = claim.stances[self.topic.name].position
            count = claim.appearance_count
            seen = f"{claim.document.source}" + (f" and {count - 1} more" if count > 1 else "")
            words = self.words[claim.id] = f"{_quote(claim.text)} ({position}, {when(claim)}, {seen})"
        return f"{self.who(claim)} said {words}" if speaker else words

    def who(self, claim: Claim) -> str:
        name = self.whos.get(claim.id)
        if name is None:
            name = self.whos[claim.id] = who(claim)
        return name

    def explain(self, kind: str, same: str, earlier: Claim, later: Claim) -> str:
        topic, question = self.topic, self.question
        before, after = earlier.stances[topic.name].position, later.stances[topic.name].position
        if same == "person":
            subject = _described(earlier)
            both = f"{self.said(earlier, speaker=False)}, then {self.said(later, speaker=False)}"
        else:
            subject = earlier.voice or self.who(earlier)
            both = f"{self.said(earlier)}, then {self.said(later)}"
        if kind == "reversal":
            return _sentence(f"{subject} reversed on {question}: {both}.")
        if kind == "forecast":
            return _sentence(f"{subject}'s forecast on {question} was overtaken: {both}.")
        if kind == "shift":
            return _sentence(f"{subject} moved from {before} to {after} on {question}: {both}.")
        if same == "none":
            voices = f"{earlier.voice or self.who(earlier)} and {later.voice or self.who(later)}"
            return _sentence(
                f"{voices} took opposite positions on {question} at about the same time: "
                f"{self.said(earlier)}; {self.said(later)}."
            )
        return _sentence(f"{subject} took both positions on {question} at times that cannot be told apart: {both}.")


def explain(kind: str, same: str, earlier: Claim, later: Claim, topic: Topic) -> str:
    """One sentence an editor can paste: who, what each time, when, where it was reported."""
    return Explainer(topic).explain(kind, same, earlier, later)


def voice_name(claim: Claim) -> str:
    """The name of the voice a claim speaks for, on a timeline and in a conflict: its country or
    organisation, else its speaker."""
    return claim.voice or claim.speaker.name or claim.speaker.id or ""

"""Fixed colours for positions and speakers, shared by the terminal and the HTML report."""

from __future__ import annotations

from collections.abc import Iterable

from claimtrack.stance.topics import Topic

#: Okabe and Ito's palette, told apart by colour-blind readers: positions with an opposite take these in
#: the order the topic file names them ('stay' blue, 'leave' vermilion for the shipped peacekeepers topic).
DECIDED = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#56B4E9", "#E69F00"]
#: A position that answers nothing yet ('undecided'), or one the topic does not define.
OPEN = "#7F7F7F"
#: Light backgrounds for speakers in an article, cycled in the order speakers are listed.
SPEAKERS = ["#FFE8A3", "#CDE7FF", "#D7F5D0", "#F9D3E6", "#E4DAFF", "#FFD9C2", "#D1F2F0", "#EDEDC8"]

#: Conflict kinds, drawn as links on the timeline.
KINDS = {"reversal": "#C0392B", "shift": "#E69F00", "disagreement": "#6A3D9A"}


def position_colours(topic: Topic) -> dict[str, str]:
    """Each of the topic's positions and its colour: the same on every run and in every view."""
    colours: dict[str, str] = {}
    decided = iter(DECIDED * 4)
    for name in topic.positions:
        colours[name] = OPEN if topic.is_open(name) else next(decided)
    return colours


def colours_of(positions: Iterable[str]) -> dict[str, str]:
    """Colours for positions seen without their topic file: decided and open cannot be told apart, so every
    position takes the next colour in sorted order."""
    return {name: DECIDED[number % len(DECIDED)] for number, name in enumerate(sorted(set(positions)))}


def colour_of(position: str | None, colours: dict[str, str]) -> str:
    return colours.get(position or "", OPEN)

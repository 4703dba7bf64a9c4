"""Topic files: a question, its target, the cues of each position, and the built-in frames lexicons they draw on."""

from __future__ import annotations

import functools
import hashlib
import tomllib
from importlib import resources
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from claimtrack.errors import InputError

#: Bump when stance_of's results change, so that stored stances are redone.
STANCE_VERSION = "4"

NO_FRAMES = "none"
INFERRED_FRAME_CUES = 2  # cues a position shares with a frame for the frame to be taken as its, unasked
DECIDED_FRAMES = ("stay", "go")  # both must fit a position for a lexicon to be taken unasked


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PositionCues(_Model):
    cues: list[str] = Field(description="Words or phrases that express this position when they hold of the target.")
    against: list[str] = Field(
        default_factory=list,
        description="Phrases that mean the opposite of this position ('outlived its usefulness' against 'stay').",
    )
    opposite: str | None = Field(
        None, description="The position a negated cue of this one means ('not withdraw' -> 'stay'); none if unset."
    )
    frame: str | None = Field(
        None,
        description="The part of the topic's built-in frames lexicon this position stands for ('stay', 'go', "
        "'undecided' in 'stay-go'): its phrases count as this position's cues.",
    )


class Topic(_Model):
    name: str
    question: str
    target: list[str] = Field(min_length=1, description="The thing the question is about, with its aliases.")
    positions: dict[str, PositionCues] = Field(min_length=1)
    frames: str | None = Field(
        None,
        description="A built-in lexicon of frames the positions draw on ('stay-go'; see data/frames), or 'none'. "
        "Unset, a lexicon is used when each of its frames fits one position's cues (two cues or more in common).",
    )
    first_person: list[str] = Field(
        default_factory=list,
        description="Speakers or voices who are the target when they speak: their 'I', 'we', 'our troops' "
        "are the target (a person's name, or a country such as 'Russia').",
    )
    confirm: list[str] = Field(
        default_factory=lambda: ["yes", "true", "confirm", "correct"],
        description="Answers that take the position of the context they answer.",
    )
    deny: list[str] = Field(
        default_factory=lambda: ["deny", "false", "untrue", "refute"],
        description="Answers that take the opposite position of the context they answer.",
    )

    @model_validator(mode="after")
    def _opposites_exist(self) -> Topic:
        for name, cues in self.positions.items():
            if cues.opposite is not None and cues.opposite not in self.positions:
                raise ValueError(f"positions.{name}.opposite names unknown position {cues.opposite!r}")
            if cues.against and cues.opposite is None:
                raise ValueError(f"positions.{name} has 'against' cues but no 'opposite' position")
        if self.frames is not None and self.frames != NO_FRAMES:
            known = shipped_frames()
            if self.frames not in known:
                raise ValueError(f"frames names unknown lexicon {self.frames!r} (shipped: {', '.join(known)})")
            parts = known[self.frames].frames
            for name, cues in self.positions.items():
                if cues.frame is not None and cues.frame not in parts:
                    raise ValueError(f"positions.{name}.frame is not a part of {self.frames!r} ({', '.join(parts)})")
            if all(cues.frame is None for cues in self.positions.values()):
                raise ValueError(f"frames = {self.frames!r} but no position says which frame it is (frame = ...)")
        elif any(cues.frame is not None for cues in self.positions.values()):
            raise ValueError("a position names a frame but the topic names no frames lexicon (frames = ...)")
        return self

    def frame_map(self) -> tuple[str | None, dict[str, str]]:
        """The frames lexicon the topic draws on and the frame each position stands for: as the file says, or,
        when it says nothing, the lexicon whose every frame shares two cues or more with exactly one position."""
        if self.frames == NO_FRAMES:
            return None, {}
        if self.frames is not None:
            return self.frames, {name: cues.frame for name, cues in self.positions.items() if cues.frame}
        for lexicon_name, lexicon in shipped_frames().items():
            mapping: dict[str, str] = {}
            for frame, phrases in lexicon.frames.items():
                known = {phrase.casefold() for phrase in phrases.phrases}
                fitting = [
                    name
                    for name, cues in self.positions.items()
                    if sum(cue.casefold() in known for cue in cues.cues) >= INFERRED_FRAME_CUES
                ]
                if len(fitting) == 1 and fitting[0] not in mapping:
                    mapping[fitting[0]] = frame
            decided = [frame for frame in mapping.values() if frame in DECIDED_FRAMES]
            if len(decided) == len(DECIDED_FRAMES):
                return lexicon_name, mapping
        return None, {}

    def hints_of(self, position: str) -> list[str]:
        """The hints of the frame the position stands for, if any."""
        lexicon, mapping = self.frame_map()
        if lexicon is None or position not in mapping:
            return []
        return shipped_frames()[lexicon].frames[mapping[position]].hints

    def cues_of(self, position: str) -> list[str]:
        """The position's own cues, then the phrases of the frame it stands for."""
        lexicon, mapping = self.frame_map()
        if lexicon is None or position not in mapping:
            return self.positions[position].cues
        return [*self.positions[position].cues, *shipped_frames()[lexicon].frames[mapping[position]].phrases]

    def opposed(self, a: str | None, b: str | None) -> bool:
        """Two positions that contradict each other: one names the other as its opposite."""
        if a is None or b is None or a == b:
            return False
        first, second = self.positions.get(a), self.positions.get(b)
        return (first is not None and first.opposite == b) or (second is not None and second.opposite == a)

    def is_open(self, position: str | None) -> bool:
        """A position that answers nothing yet ('undecided'): it has no opposite and is nobody's opposite.
        A position an editor typed that the topic does not define counts as open too."""
        if position is None:
            return False
        if position not in self.positions:
            return True
        return self.positions[position].opposite is None and all(
            cues.opposite != position for cues in self.positions.values()
        )

    def fingerprint(self, model: str) -> str:
        """Changes when the topic file, its frames lexicon or the model changes: stances worked out before are
        then redone."""
        name, _ = self.frame_map()
        lexicon = shipped_frames()[name].model_dump_json() if name else ""
        key = f"{STANCE_VERSION}\n{model}\n{self.model_dump_json()}\n{lexicon}"
        return hashlib.sha256(key.encode()).hexdigest()[:16]


#: A topic is a question with some dozens of cues; each phrase is looked for in every statement, so a topic file
#: of 200,000 cues took over 300 s on five articles. Larger files are refused.
MAX_TOPIC_BYTES = 256 * 1024
MAX_TOPIC_PHRASES = 2_000


def load_topic(path: Path) -> Topic:
    try:
        if path.stat().st_size > MAX_TOPIC_BYTES:
            raise InputError(
                str(path), f"topic file is over {MAX_TOPIC_BYTES // 1024} KB", "a topic needs some dozens of cues"
            )
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise InputError(str(path), f"cannot read topic file ({err.strerror})") from err
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise InputError(str(path), f"not valid TOML ({err})", "fix the syntax; see data/topics/*.toml") from err
    except RecursionError:
        raise InputError(str(path), "not readable TOML (nested too deeply)", "see data/topics/*.toml") from None
    try:
        topic = Topic.model_validate(raw)
    except ValidationError as err:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'file'}: {e['msg']}" for e in err.errors())
        fix = "a topic needs name, question, target = [...] and [positions.NAME] tables with cues = [...]"
        raise InputError(str(path), f"not a valid topic ({problems})", fix) from err
    phrases = len(topic.target) + len(topic.confirm) + len(topic.deny)
    phrases += sum(len(cues.cues) + len(cues.against) for cues in topic.positions.values())
    if phrases > MAX_TOPIC_PHRASES:
        raise InputError(
            str(path), f"topic has {phrases:,} phrases, over {MAX_TOPIC_PHRASES:,}", "a topic needs some dozens of cues"
        )
    return topic


class FramePhrases(_Model):
    phrases: list[str] = Field(min_length=1)
    hints: list[str] = Field(
        default_factory=list, description="Phrases that lean towards the frame without stating it; they count less."
    )


class Frames(_Model):
    """A built-in lexicon: the phrases of each frame, and what it needs to find the target without its name."""

    description: str
    presence_verbs: list[str] = Field(
        default_factory=list, description="'continue to serve' is a presence; 'continued to dismantle' is not."
    )
    self_moving: list[str] = Field(
        default_factory=list, description="Verbs whose subject goes or stays: the target must be that subject."
    )
    turning: list[str] = Field(
        default_factory=list, description="Words that turn around what they govern: 'refused to withdraw'."
    )
    kinds: list[list[str]] = Field(
        default_factory=list, description="Nouns of one kind: one of them describes a target named by another."
    )
    frames: dict[str, FramePhrases] = Field(min_length=1)


@functools.cache
def shipped_frames() -> dict[str, Frames]:
    folder = resources.files("claimtrack.data") / "frames"
    lexicons: dict[str, Frames] = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            lexicons[entry.name.removesuffix(".toml")] = Frames.model_validate(tomllib.loads(entry.read_text("utf-8")))
    return lexicons


def shipped_topics() -> dict[str, Topic]:
    folder = resources.files("claimtrack.data") / "topics"
    topics: dict[str, Topic] = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            with resources.as_file(entry) as path:
                topic = load_topic(path)
            topics[topic.name] = topic
    return topics

"""Claims store -> one self-contained HTML file: a timeline chart, the conflicts, each article with its
statements marked in place, and the speakers.

Everything article-derived reaches the page through Jinja2 with autoescaping on; the page loads nothing
(no script, no font, no image from anywhere), and its Content-Security-Policy says so to the browser too.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import jinja2

from claimtrack.config import Settings
from claimtrack.conflicts.explain import voice_name, when
from claimtrack.dates.periods import span_days
from claimtrack.errors import ClaimtrackError, InputError
from claimtrack.ingest.sources import SourceText, read_sources
from claimtrack.models import Claim, ConflictReport, Document, Speaker, SpeakerRef, Statement, Timeline
from claimtrack.report import palette
from claimtrack.report.export import speakers_of
from claimtrack.stance.statements import voice_of
from claimtrack.stance.topics import Topic
from claimtrack.store import write_atomic

#: The chart's geometry, in SVG user units (the chart scales to the page's width).
WIDTH = 1200
LABEL_WIDTH = 190
LANE_HEIGHT = 44
AXIS_HEIGHT = 34
RIGHT_MARGIN = 24
#: Conflicts drawn as links on the chart: the most telling; all of them are listed below it.
DRAWN_CONFLICTS = 100
SHORT_ID = 8


def short(identifier: str) -> str:
    """A statement id as tables show it; `claimtrack review` takes it as a unique prefix."""
    return identifier[:SHORT_ID]


def safe_url(url: str | None) -> str | None:
    """The url when it is http(s), else None: a `javascript:` or `data:` url in metadata is shown, never linked."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in {"http", "https"} else None


# -- articles with their statements in place ----------------------------------------------------------------


@dataclass
class Segment:
    """A stretch of article text with the same marks: which statement's content it is, whether it is a cue or
    a speaker mention, and the anchors and badges placed at it."""

    text: str
    statement: Statement | None = None
    cue: bool = False
    speaker: bool = False
    speaker_colour: int | None = None
    anchors: list[str] = field(default_factory=list)  # statement ids whose content starts here
    badges: list[Statement] = field(default_factory=list)  # statements that end here


@dataclass
class Article:
    document: Document
    statements: list[Statement]
    segments: list[Segment] | None  # None when the text could not be read again
    problem: str | None = None


def _spans(statement: Statement) -> list[tuple[int, int]]:
    return [(piece.start, piece.end) for piece in statement.pieces] or [(statement.start, statement.end)]


def segments_of(text: str, statements: list[Statement], speaker_colour: Callable[[Statement], int]) -> list[Segment]:
    """The text cut where any statement's content, cue or speaker mention begins or ends."""
    marks: list[tuple[int, int, str, Statement]] = []
    for statement in statements:
        for start, end in _spans(statement):
            marks.append((start, end, "content", statement))
        if statement.cue_start is not None and statement.cue_end is not None:
            marks.append((statement.cue_start, statement.cue_end, "cue", statement))
        if statement.speaker.start is not None and statement.speaker.end is not None:
            marks.append((statement.speaker.start, statement.speaker.end, "speaker", statement))
    marks = [(max(0, start), min(len(text), end), role, s) for start, end, role, s in marks if 0 <= start < end]
    marks = [mark for mark in marks if mark[0] < mark[1]]
    cuts = sorted({0, len(text), *(mark[0] for mark in marks), *(mark[1] for mark in marks)})
    starts: dict[int, list[str]] = {}
    ends: dict[int, list[Statement]] = {}
    for statement in statements:
        spans = _spans(statement)
        if spans[0][0] < len(text):
            starts.setdefault(max(0, spans[0][0]), []).append(statement.id)
        ends.setdefault(min(len(text), spans[-1][1]), []).append(statement)
    by_start = sorted(marks, key=lambda mark: mark[0])
    active: list[tuple[int, int, str, Statement]] = []
    index = 0
    segments = []
    for start, end in itertools.pairwise(cuts):
        while index < len(by_start) and by_start[index][0] <= start:
            active.append(by_start[index])
            index += 1
        active = [mark for mark in active if mark[1] > start]
        segment = Segment(text[start:end], anchors=starts.get(start, []))
        for _, _, role, statement in active:
            if role == "content" and segment.statement is None:
                segment.statement = statement
            elif role == "cue":
                segment.cue = True
            elif role == "speaker":
                segment.speaker = True
                segment.speaker_colour = speaker_colour(statement)
        segment.badges = ends.get(end, [])
        segments.append(segment)
    return segments


def _source_text(document: Document, root: Path) -> tuple[str | None, str | None]:
    """The article's text as extract read it, or None and why not (moved, changed since extraction)."""

    def located(path: str) -> Path:
        return Path(path) if Path(path).is_absolute() else root / path

    candidate = located(document.path)
    if not candidate.is_file() and "#" in document.path:  # a record of a JSON Lines file: 'news.jsonl#7'
        candidate = located(document.path.rpartition("#")[0])
    if not candidate.is_file():
        return None, f"{document.path} is not at {candidate}; statements are listed without their article"
    for found in read_sources([candidate], root=root):
        if isinstance(found, SourceText) and found.path == document.path:
            if found.sha256 != document.sha256:
                return None, f"{document.path} changed since it was extracted; run 'claimtrack extract' again"
            return found.text, None
        if isinstance(found, InputError):
            return None, str(found)
    return None, f"{document.path} could not be read again from {candidate}"


# -- the timeline chart -------------------------------------------------------------------------------------


@dataclass
class Mark:
    claim: Claim
    x: float
    y: float
    x_lo: float
    x_hi: float
    colour: str
    position: str
    label: str
    days: int  # how many days it can have been made on: more than one draws a bar over them


@dataclass
class Lane:
    voice: str
    y: float
    marks: list[Mark]


@dataclass
class Link:
    path: str
    colour: str
    kind: str
    number: int
    explanation: str


@dataclass
class Tick:
    x: float
    label: str


@dataclass
class Break:
    """Where the axis skips a stretch of time in which nobody spoke, and how long it was."""

    x: float
    label: str


#: A stretch of this many days or more with no claim is cut out of the axis (drawn as a break), so that one
#: statement months away does not squeeze the rest of the story into a corner.
GAP_DAYS = 21
GAP_WIDTH = 36


@dataclass
class Axis:
    """Time across the plot: the stretches with claims, each at a width in proportion to its days, and fixed
    narrow breaks between them."""

    pieces: list[tuple[int, int, float, float]]  # first day, last day, x from, x to

    @classmethod
    def of(cls, spans, left: float, right: float) -> Axis:
        merged: list[list[int]] = []
        for lo, hi in sorted(spans):
            if merged and lo - merged[-1][1] < GAP_DAYS:
                merged[-1][1] = max(merged[-1][1], hi)
            else:
                merged.append([lo, hi])
        stretches = [(lo - 1, hi + 1) for lo, hi in merged]
        days = sum(hi - lo for lo, hi in stretches)
        # A short stretch still gets room enough to tell its claims apart.
        weights = [max(hi - lo, days / 10) for lo, hi in stretches]
        room = right - left - GAP_WIDTH * (len(stretches) - 1)
        pieces, x = [], left
        for (lo, hi), weight in zip(stretches, weights, strict=True):
            width = room * weight / sum(weights)
            pieces.append((lo, hi, x, x + width))
            x += width + GAP_WIDTH
        return cls(pieces)

    def x(self, day: float) -> float:
        for lo, hi, start, end in self.pieces:
            if day <= hi:
                return round(start + (max(day, lo) - lo) / (hi - lo) * (end - start), 1)
        lo, hi, start, end = self.pieces[-1]
        return round(end, 1)

    def ticks(self) -> list[Tick]:
        found = []
        for lo, hi, start, end in self.pieces:
            wanted = max(1, int((end - start) // 90))  # a label every 90 units or more
            for day, label in _ticks(lo + 1, max(lo + 1, hi - 1), wanted):
                found.append(Tick(self.x(day), label))
        return found

    def breaks(self) -> list[Break]:
        return [
            Break(round(end + GAP_WIDTH / 2, 1), _duration(following[0] - hi))
            for (lo, hi, start, end), following in itertools.pairwise(self.pieces)
        ]


def _duration(days: int) -> str:
    if days < 60:
        return f"{days} days"
    if days < 730:
        return f"{round(days / 30.4)} months"
    return f"{round(days / 365.25)} years"


@dataclass
class Chart:
    width: int
    height: int
    plot_left: int
    plot_right: int
    lanes: list[Lane]
    links: list[Link]
    ticks: list[Tick]
    undrawn_links: int = 0
    breaks: list[Break] = field(default_factory=list)


def _ticks(first: int, last: int, most: int = 10) -> list[tuple[int, str]]:
    """Day ordinals for axis labels: days, weeks, months or years, whichever step gives `most` labels or fewer."""
    days = last - first
    for step in (1, 2, 7, 14):
        if days / step <= most:
            return [(day, f"{dt.date.fromordinal(day):%-d %b %Y}") for day in range(first, last + 1, step)]
    start = dt.date.fromordinal(first)
    for months in (1, 2, 3, 6, 12, 24, 60, 120):
        if days / (30.4 * months) > most:
            continue
        index = -(-(start.year * 12 + start.month - 1) // months) * months  # the first month boundary on a step
        ticks = []
        while (day := dt.date(index // 12, index % 12 + 1, 1)).toordinal() <= last:
            if day.toordinal() >= first:
                ticks.append((day.toordinal(), f"{day:%b %Y}" if months < 12 else str(day.year)))
            index += months
        return ticks
    return [(first, str(start.year)), (last, str(dt.date.fromordinal(last).year))]


def chart_of(
    timeline: Timeline, report: ConflictReport, colours: dict[str, str], settings: Settings, mark_label
) -> Chart | None:
    """One lane per voice, time across; each claim a mark at the middle of the days it can have been made on,
    with a bar over those days when there are several; conflicts as arcs between their two claims."""
    spans = {}
    for entry in timeline.voices:
        for claim in entry.claims:
            spans[claim.id] = span_days(claim.date, settings.conflicts)
    if not spans:
        return None
    plot_left, plot_right = LABEL_WIDTH, WIDTH - RIGHT_MARGIN
    axis = Axis.of(spans.values(), plot_left, plot_right)
    x_of = axis.x

    lanes, by_claim = [], {}
    for number, entry in enumerate(timeline.voices):
        y = AXIS_HEIGHT + LANE_HEIGHT * number + LANE_HEIGHT / 2
        marks, crowd = [], {}
        for claim in entry.claims:
            lo, hi = spans[claim.id]
            x = x_of((lo + hi) / 2)
            # Claims on one day are set a little apart so that each can be seen and clicked.
            nudge = crowd.get(round(x), 0)
            crowd[round(x)] = nudge + 1
            offset = (-1) ** nudge * 7 * ((nudge + 1) // 2)
            position = claim.stances[timeline.topic].position or ""
            mark = Mark(
                claim,
                x,
                y + offset,
                x_of(lo),
                x_of(hi + 1),
                palette.colour_of(position, colours),
                position,
                mark_label(claim),
                hi - lo + 1,
            )
            marks.append(mark)
            by_claim[claim.id] = mark
        lanes.append(Lane(entry.voice, y, marks))
    links = []
    drawable = [c for c in report.conflicts if c.earlier.id in by_claim and c.later.id in by_claim]
    for number, conflict in enumerate(drawable[:DRAWN_CONFLICTS], 1):
        a, b = by_claim[conflict.earlier.id], by_claim[conflict.later.id]
        lift = LANE_HEIGHT * 0.8 if a.y == b.y else 0
        bend = max(12.0, abs(b.x - a.x) / 3)
        path = (
            f"M {a.x} {a.y} C {round(a.x + bend, 1)} {round(a.y - lift, 1)} "
            f"{round(b.x - bend, 1)} {round(b.y - lift, 1)} {b.x} {b.y}"
        )
        links.append(Link(path, palette.KINDS[conflict.kind], conflict.kind, number, conflict.explanation))
    height = AXIS_HEIGHT + LANE_HEIGHT * len(lanes) + 10
    return Chart(
        WIDTH,
        int(height),
        plot_left,
        plot_right,
        lanes,
        links,
        axis.ticks(),
        max(0, len(drawable) - len(links)),
        axis.breaks(),
    )


# -- the report ---------------------------------------------------------------------------------------------


@dataclass
class Report:
    """What the page shows; `render` turns it into HTML."""

    title: str
    store: str
    generated: str
    articles: list[Article]
    speakers: list[Speaker]
    voices: dict[str, str | None]  # speaker id -> the voice they speak for
    speaker_colours: dict[str, int]
    topic: Topic | None = None
    conflicts: ConflictReport | None = None
    timeline: Timeline | None = None
    chart: Chart | None = None
    colours: dict[str, str] = field(default_factory=dict)
    #: statement id -> id of the article it is marked in (absent when its article could not be read)
    placed: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    stances_computed_in_memory: int = 0  # claims files whose stances on the topic were not stored

    def position(self, statement: Statement) -> str | None:
        if self.topic is None:
            return None
        stance = statement.stances.get(self.topic.name)
        return stance.position if stance else None

    def colour(self, position: str | None) -> str:
        return palette.colour_of(position, self.colours)


def _claim_label(topic: Topic) -> Callable[[Claim], str]:
    def label(claim: Claim) -> str:
        position = claim.stances[topic.name].position
        name = claim.speaker.name or claim.speaker.mention or "?"
        return f"{name}, {when(claim)}: {position}. \u201c{claim.text}\u201d ({claim.document.source})"

    return label


def build(
    settings: Settings,
    documents: list[Document],
    statements: list[Statement],
    topic: Topic | None = None,
    on_file: Callable[[], None] | None = None,
) -> Report:
    """The page of the store's documents and their statements (speakers as identities across documents, positions
    on the topic given); with_topic adds the topic's conflicts, timeline and chart. The articles' text is read
    again from the files they were extracted from (api.html_report reads the store and calls both)."""
    speakers = speakers_of(statements)
    speaker_colours = {speaker.id: number % len(palette.SPEAKERS) for number, speaker in enumerate(speakers)}
    by_document: dict[str, list[Statement]] = {}
    for statement in statements:
        by_document.setdefault(statement.document.id, []).append(statement)
    root = settings.claims_dir.parent

    def colour(statement: Statement) -> int:
        return speaker_colours.get(statement.speaker.id or "", len(palette.SPEAKERS) - 1)

    articles, problems, placed = [], [], {}
    for document in sorted(documents, key=lambda document: (document.published or dt.date.max, document.path)):
        own = sorted(by_document.get(document.id, []), key=lambda s: (s.start, s.end))
        text, problem = _source_text(document, root)
        if problem is not None:
            problems.append(problem)
        segments = segments_of(text, own, colour) if text is not None else None
        if segments is not None:
            placed.update((anchor, document.id) for segment in segments for anchor in segment.anchors)
        articles.append(Article(document, own, segments, problem))
        if on_file is not None:
            on_file()
    report = Report(
        title=f"claimtrack: {topic.question}" if topic is not None else "claimtrack: articles and speakers",
        store=str(settings.claims_dir),
        generated=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        articles=articles,
        speakers=speakers,
        voices={speaker.id: voice_of_speaker(speaker) for speaker in speakers},
        speaker_colours=speaker_colours,
        placed=placed,
        problems=problems,
    )
    if topic is not None:
        report.topic = topic
        report.colours = palette.position_colours(topic)
    return report


def with_topic(report: Report, conflicts: ConflictReport, timeline: Timeline, settings: Settings) -> Report:
    """The page with its topic's conflicts, timeline and the chart of both (build was given the topic)."""
    assert report.topic is not None, "build the page with its topic first"
    report.conflicts = conflicts
    report.timeline = timeline
    report.chart = chart_of(timeline, conflicts, report.colours, settings, _claim_label(report.topic))
    return report


def voice_of_speaker(speaker: Speaker) -> str | None:
    return voice_of(SpeakerRef(name=speaker.name, affiliation=speaker.affiliation, id=speaker.id))


def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("claimtrack.report", "templates"),
        autoescape=True,  # every value is escaped unless a template says otherwise, and none does
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["short"] = short
    environment.filters["safe_url"] = safe_url
    environment.globals["when"] = when
    environment.globals["voice_name"] = voice_name
    return environment


def render(report: Report) -> str:
    """The report as one HTML page."""
    return _environment().get_template("report.html.j2").render(report=report, palette=palette)


def write(report: Report, out: Path) -> None:
    """The page written atomically: a reader never sees half a report."""
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(out, render(report))
        out.chmod(0o644)  # a page to share, not a private temporary file
    except OSError as exc:
        raise ClaimtrackError(
            f"{out}: cannot write the report ({exc.strerror}); check the folder exists and is writable"
        ) from None

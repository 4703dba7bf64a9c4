"""spaCy Doc -> attributed statements: direct quotes and reported speech, with cue and speaker mention.

A first extractor: quote spans found from the characters (so unbalanced marks stay inside one
paragraph), cues from lemmas and the dependency parse. Plain functions over a Doc, so each rule can be
tested on a sentence; the spaCy component only stores the result on the Doc.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from claimtrack.nlp.dates import is_background, is_future, statement_date_phrases
from claimtrack.nlp.doccache import ents_of, forget, text_of
from claimtrack.nlp.speakers import SpeakerMention, mention_of, resolve_speakers, spaced_dash, speaker_mention
from claimtrack.spans import union

#: Lemmas of verbs that report speech. Beliefs ("think", "believe") are not here: nobody voiced them.
SPEECH_CUES = frozenset(
    """say tell add state confirm deny warn insist explain note stress claim announce declare report
    argue reply respond comment conclude emphasize emphasise indicate acknowledge admit assert write
    tweet reiterate suggest predict promise vow urge maintain recall remark allege mention observe
    testify answer caution contend concede complain pledge estimate continue exclaim echo criticize criticise
    ask call describe praise blast slam accuse thank defend demand question challenge propose recommend
    threaten apologize apologise blame reveal disclose inform boast brag joke lament discuss talk speak
    tout dismiss reject retort snap shout yell scream chant mouth recount plead beg counter rebut
    interject concur affirm proclaim whisper inquire opine grumble mutter sneer scoff agree confess muse quip
    marvel fume sigh laugh gush rave mock wonder press interrupt charge bark thunder tease repeat post read
    assure clarify reaffirm underline underscore hint brand dub label""".split()
)
#: Cues whose content may be a noun phrase or infinitive, not only a clause: "criticized Clinton",
#: "vowed to compete", "talked about immigration". Others ("said goodbye", "continues to grow",
#: "called them") report nothing without a clause or a quote.
NOMINAL_CONTENT_CUES = frozenset(
    """criticize criticise vow pledge promise urge ask announce deny confirm reject dismiss praise blast slam
    defend demand propose recommend threaten blame mention tweet discuss talk warn describe question
    challenge predict apologize apologise disclose reveal tout speak comment recall repeat tell reiterate reaffirm
    stress acknowledge admit clarify underline underscore note rule brush affirm report""".split()
)
#: Cues that name what someone or something is ('called him "a total stiff"') and that charge someone with
#: something ('accused the ministry of hiding the report'): the content is the object with its complement.
NAMING_CUES = frozenset({"call", "brand", "dub", "label"})
CHARGING_CUES = frozenset({"accuse"})
#: Cues that, with an infinitive, tell that something goes on, not what was said: 'continues to battle'.
ASPECTUAL_CUES = frozenset({"continue"})
#: Cues that say something only of a claim they contest, not of a person or a ruling they take on.
CONTESTING_CUES = frozenset({"challenge"})
#: Cues whose direct object is whom they address, not what they say ("told reporters", "urged voters").
ADDRESSEE_CUES = frozenset("tell ask urge inform remind warn assure thank brief".split())
#: Prepositions that introduce what was said ("talked about immigration", "warned of a crisis").
TOPIC_PREPOSITIONS = frozenset("about on over of".split())
OPENERS = {"\u201c": "\u201d", '"': '"', "\u00ab": "\u00bb", "\u201e": "\u201c"}
CLOSERS = {"\u201d", '"', "\u00bb", "\u201c"}
MIN_QUOTE_WORDS = 4
#: What ends an attribution before the next piece of a split quote: '"A," she said, "B."', '... said: "B."'.
PIECE_OPENERS = frozenset(",.:;\u2014-")
#: Quotes shorter than this inside reported speech are phrases of it, not statements of their own.
PHRASE_WORDS = 6

EXTENSION = "claimtrack_statements"


@dataclass
class Quote:
    start: int  # first character inside the marks
    end: int  # last character inside the marks + 1
    open_start: int  # the opening mark
    close_end: int  # after the closing mark (or the paragraph end when unclosed)
    paragraph: int  # line number of the opening mark
    closed: bool = True


@dataclass
class RawStatement:
    start: int
    end: int
    pieces: list[tuple[int, int]]
    kind: str
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    speaker: SpeakerMention = field(default_factory=SpeakerMention)
    date_phrase: str | None = None  # a date expression attached to the cue ("on Monday")
    date_start: int | None = None
    date_end: int | None = None
    future: bool = False  # the cue itself is in the future tense ("will say on Friday")
    background: bool = False  # reported as said before the news, on no day given ("had claimed", "have already said")
    cue_lemma: str | None = None
    context: str | None = None  # the sentence before the statement: what a "Yes, this is true" answers


def find_quotes(text: str) -> list[Quote]:
    """Quoted stretches of text. A quote left open at a line break ends there, so one stray mark
    cannot swallow the rest of an article.

    Marks: \u201c\u201d, straight double quotes, \u00ab\u00bb, \u201e\u201c, two apostrophes ('' as the New York
    Times writes them), and single curly quotes \u2018\u2019 when they cannot be apostrophes (the closing
    one followed by no letter: not "Trump\u2019s"). A straight mark and a curly one may close each other.
    """
    quotes: list[Quote] = []
    line = 0
    opened: int | None = None
    closer = ""
    index = 0
    while index < len(text):
        char = text[index]
        pair = text.startswith("''", index)
        step = 2 if pair else 1
        if char == "\n":
            if opened is not None:
                quotes.append(Quote(opened + len(closer), index, opened, index, line, closed=False))
                opened = None
            line += 1
        elif opened is None:
            if pair:
                opened, closer = index, "''"
            elif char in OPENERS:
                opened, closer = index, OPENERS[char]
            elif char == "\u2018" and (index == 0 or not text[index - 1].isalnum()):
                opened, closer = index, "\u2019"
        elif closer == "''":
            if pair:
                quotes.append(Quote(opened + 2, index, opened, index + 2, line))
                opened = None
        elif closer == "\u2019":
            if char == "\u2019" and not text[index + 1 : index + 2].isalpha():
                quotes.append(Quote(opened + 1, index, opened, index + 1, line))
                opened = None
        elif char == closer or _closes(closer, char):
            quotes.append(Quote(opened + 1, index, opened, index + 1, line))
            opened = None
        index += step
    if opened is not None:
        quotes.append(Quote(opened + len(closer), len(text), opened, len(text), line, closed=False))
    return [_strip(q, text) for q in quotes if text[q.start : q.end].strip()]


def _closes(closer: str, char: str) -> bool:
    """A closing mark other than the expected one that still ends the quote: curly and guillemet marks typed
    inconsistently, and a straight mark and a curly one mixed in one quote, as scraped articles have them
    ('"The administration is going after every target it can find,\u201d he added.')."""
    if char in CLOSERS and '"' not in (closer, char):
        return True
    return {closer, char} == {'"', "\u201d"}


class Lines:
    """Line number of a character position, by bisecting the newline positions once per text."""

    def __init__(self, text: str) -> None:
        self._breaks = [match.start() for match in re.finditer("\n", text)]

    def __call__(self, position: int) -> int:
        return bisect.bisect_left(self._breaks, position)


def _strip(quote: Quote, text: str) -> Quote:
    start, end = quote.start, quote.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    quote.start, quote.end = start, end
    return quote


def _words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def is_cue(token: Token) -> bool:
    """A reporting verb used as a verb: not 'the said agreement'."""
    if token.lemma_.lower() not in SPEECH_CUES and not _phrasal_cue(token):
        return False
    if token.pos_ not in {"VERB", "AUX"}:
        return False
    return token.dep_ not in {"amod", "compound", "acl"} or token.lemma_.lower() != "say" or token.tag_ != "VBN"


#: Verbs that speak only with their particle or object: 'Trump went on', 'Bennett shot back', 'as she put it'.
PHRASAL_CUES = frozenset(
    {
        ("go", "on"),
        ("shoot", "back"),
        ("fire", "back"),
        ("hit", "back"),
        ("chime", "in"),
        ("point", "out"),
        ("put", "it"),
        ("rule", "out"),
        ("brush", "aside"),
        ("brush", "off"),
    }
)


def _made_clear(token: Token) -> Token | None:
    """'clear' right after a form of 'make' ('allies made clear he would remain'), wherever the parser hung it."""
    doc = token.doc
    if token.lemma_.lower() != "make" or token.i + 1 >= len(doc) or doc[token.i + 1].lower_ != "clear":
        return None
    return doc[token.i + 1]


def _phrasal_cue(token: Token) -> bool:
    """'"But you gotta get over it," Trump went on', '"...," Bennett shot back': a verb and its particle, or
    'put it' with nothing saying where it was put."""
    lemma = token.lemma_.lower()
    if _made_clear(token) is not None:
        return True
    if not any(
        (lemma, c.lower_) in PHRASAL_CUES
        for c in token.children
        if c.dep_ in {"prt", "advmod", "dobj", "oprd", "acomp", "ccomp"}
    ):
        return False
    # 'As Cornyn put it (bluntly): "..."', not 'put it on the table', 'put it away'.
    return lemma != "put" or not any(
        c.dep_ in {"prep", "prt"} or c.dep_ == "advmod" and c.lower_ in PLACING_ADVERBS for c in token.children
    )


#: Adverbs that say where something was put, not how it was worded.
PLACING_ADVERBS = frozenset("away down back aside off up out together forward there here".split())


def _is_according(token: Token) -> bool:
    doc = token.doc
    return token.lower_ == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to"


def _speaker_token(cue: Token) -> Token | None:
    """Who a cue attributes to: the subject of a verb, or X in 'according to X'."""
    if _is_according(cue):
        return next((child for child in cue.doc[cue.i + 1].children if child.dep_ == "pobj"), None)
    return _subject(cue)


def _subject(cue: Token, *, passive: bool = False) -> Token | None:
    """Who speaks through a cue. A passive subject with no 'by' agent speaks only when `passive` (the verb
    is not itself the cue: 'Peskov was asked about it and said ...')."""
    # 'LONDON (Reuters) - Donald Trump said': of two subjects the parser gave, the one next to the cue.
    for child in sorted(cue.children, key=lambda c: (c.i > cue.i, -c.i if c.i < cue.i else c.i)):
        if child.dep_ in {"nsubj", "nsubjpass"}:
            if child.dep_ == "nsubjpass":
                for agent in cue.children:
                    if agent.dep_ == "agent":
                        for pobj in agent.children:
                            if pobj.dep_ == "pobj":
                                return pobj
                # 'she was told that ...', 'she was announced the winner': the passive subject heard it or
                # is what was announced; nobody is named as speaking.
                return child if passive else None
            return child
    if (agent := _agent(cue)) is not None:
        return agent  # '..., as reported by gazeta.ru': a passive with no subject but its agent
    # "Peskov told reporters and added ...", "..., saying that ...": the subject of the verb this one
    # is conjoined to, controlled by, or a participle of.
    if cue.dep_ == "advcl" and cue.tag_ == "VBG" and (absolute := _absolute_subject(cue)) is not None:
        return absolute
    if cue.dep_ == "xcomp" and (controller := _object_controller(cue)) is not None:
        return controller
    if cue.head.i != cue.i and (cue.dep_ in {"conj", "xcomp"} or cue.dep_ == "advcl" and cue.tag_ == "VBG"):
        return _subject(cue.head, passive=True)
    # "Emanuel stood up at the event to say he was leaning toward Trump": an infinitive of purpose.
    if cue.dep_ == "advcl" and cue.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in cue.children):
        return _subject(cue.head, passive=True)
    # "Majorities of voters going to the polls said ...": the parser made the participle the subject.
    for child in cue.children:
        if child.dep_ == "csubj" and child.i < cue.i and (found := _own_subject(child)) is not None:
            return found
    # "About 4 in 10 say ...": a share of people the parser hung on the cue as a number.
    for child in cue.children:
        if child.i < cue.i and child.dep_ in {"nummod", "npadvmod"} and child.like_num and not _dated(child):
            return child
    # "His office put out a statement saying ...": a participle describing what the subject produced or did.
    if cue.dep_ == "acl" and cue.tag_ == "VBG" and cue.head.dep_ == "dobj" and cue.head.head.pos_ == "VERB":
        return _subject(cue.head.head, passive=True)
    # "Obama ended by saying ...", "quoted the president as saying ...": through the preposition.
    if cue.dep_ == "pcomp" and cue.head.dep_ == "prep" and cue.head.head.pos_ in {"VERB", "AUX"}:
        return _subject(cue.head.head, passive=True)
    # "Holt criticized the board, then said the strike would go on": the parser made the first verb a clause
    # of "said". With a clause on each side, the subject of the one before is the speaker.
    clauses = [child for child in cue.children if child.dep_ == "ccomp"]
    if len(clauses) >= 2 and clauses[0].i < cue.i < clauses[-1].i:
        return _own_subject(clauses[0])
    return None


def _absolute_subject(cue: Token) -> Token | None:
    """'..., with State Department spokesman Vedant Patel reminding of ..., saying that ...': a participle set
    off after a 'with' phrase that names a person speaks for that person, not for the sentence's subject."""
    doc = cue.doc
    if cue.i == 0 or doc[cue.i - 1].text != ",":
        return None
    sentence = cue.sent
    for with_ in (t for t in doc[sentence.start : cue.i] if t.lower_ == "with" and t.dep_ == "prep"):
        people = [ent for ent in ents_of(doc) if ent.label_ == "PERSON" and with_.i < ent.start < cue.i]
        people = [ent for ent in people if with_.is_ancestor(ent.root)]
        # The phrase has a participle of its own ('with X reminding of ...', which the parser may tag as a noun);
        # 'campaigned with X for the first time, accusing ...' is the subject's.
        acting = people and any(
            t.i >= people[-1].end and (t.tag_ in {"VBG", "VBN"} or t.lower_.endswith("ing")) for t in with_.subtree
        )
        if acting:
            return people[-1].root
    return None


#: Verbs whose object does what their infinitive says: 'led Yerevan to accuse Moscow', 'urged Peskov to deny it'.
OBJECT_CONTROL = frozenset("lead prompt cause force push drive ask urge persuade encourage allow".split())


def _object_controller(cue: Token) -> Token | None:
    """The object of an object-control verb is who speaks through its infinitive: in 'The absence of such
    intervention led Yerevan to accuse Moscow', Yerevan accuses."""
    head = cue.head
    if head.lemma_.lower() not in OBJECT_CONTROL:
        return None
    return next((c for c in head.children if c.dep_ == "dobj" and c.i < cue.i), None)


def _agent(verb: Token) -> Token | None:
    """X in a passive 'reported by X'."""
    for agent in (c for c in verb.children if c.dep_ == "agent"):
        return next((c for c in agent.children if c.dep_ == "pobj"), None)
    return None


#: Participles that name the source a report relies on: 'the agency reported, citing spokesman Ian Holt'.
CITING = frozenset({"cite", "quote"})


def _cited(cue: Token) -> Token | None:
    """'Russia has made no statement, the Interfax news agency reported on Friday, citing Kremlin spokesman Dmitry
    Peskov': the words are the cited person's, the outlet only carries them."""
    for child in cue.children:
        if child.lemma_.lower() in CITING and child.tag_ == "VBG" and child.dep_ in {"advcl", "xcomp", "conj"}:
            cited = next((c for c in child.children if c.dep_ == "dobj"), None)
            if cited is not None and (cited.ent_type_ == "PERSON" or cited.pos_ == "PROPN"):
                return cited
    return None


def _own_subject(verb: Token) -> Token | None:
    return next((child for child in verb.children if child.dep_ in {"nsubj", "nsubjpass"}), None)


def _worded(token: Token) -> bool:
    """A word or number that says something, not a date."""
    return (token.is_alpha or token.is_digit) and not _dated(token)


def _dated(token: Token) -> bool:
    return token.ent_type_ in {"DATE", "TIME"}


#: Words that open a relative clause; a clause opened by none of them after an addressee is what was told.
RELATIVE_WORDS = frozenset("who whom whose which that where when why".split())
#: Relative pronouns: the subject of a relative clause stands for the noun the clause is about.
RELATIVE = frozenset({"who", "that", "which"})


def _mention(subject: Token) -> SpeakerMention:
    """The speaker mention of a subject. 'Trump, who pledged to ...': the mention is 'who', as written, and
    the name, title and affiliation are those of the person the relative clause is about."""
    mention = speaker_mention(subject)
    verb = subject.head
    if subject.lower_ in RELATIVE and verb.dep_ == "relcl" and verb.head.i != verb.i:
        about = speaker_mention(verb.head)
        if about.name:
            mention.name, mention.title, mention.affiliation = about.name, about.title, about.affiliation
            mention.kind, mention.via = about.kind, "relative"
        elif about.start is not None and about.start < mention.start:
            # 'senior ministers who urged him to go': the speaker is the ministers, not 'who'. The mention runs
            # from the noun phrase to the relative pronoun, so it still holds the word that is the subject.
            text = text_of(subject.doc)
            about.mention, about.end, about.via = text[about.start : mention.end], mention.end, "relative"
            return about
    return mention


def _in_any(position: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in spans)


def _covered(spans: Iterable[tuple[int, int]]) -> Callable[[int], bool]:
    """_in_any(position, spans) as a function of position, in log time: asked of every token of a long paragraph
    with hundreds of quotes, the scan was most of the time."""
    ordered = sorted(spans)
    starts = [start for start, _ in ordered]
    reach: list[int] = []  # the furthest end of the spans starting at or before each
    for _, end in ordered:
        reach.append(max(end, reach[-1]) if reach else end)

    def covered(position: int) -> bool:
        index = bisect.bisect_right(starts, position) - 1
        return index >= 0 and reach[index] > position

    return covered


def _token_span(doc: Doc, start: int, end: int) -> Span | None:
    return doc.char_span(start, end, alignment_mode="expand")


def _chars(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Character offsets of a token range."""
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1])


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Trim punctuation and 'that' from the edges of a content span (token indices)."""
    while start < end and (
        doc[start].is_punct or doc[start].is_space or doc[start].lower_ == "that" and doc[start].dep_ == "mark"
    ):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space or doc[end - 1].dep_ == "cc"):
        end -= 1  # and a dangling 'but' or 'and' whose other half the parser gave the cue
    return start, end


#: Longest attribution between two pieces of one quote: '"A," said Simon Rosenberg, president of NDN, a
#: policy and advocacy group. "B."'
ATTRIBUTION_WORDS = 40


def _group_split_quotes(doc: Doc, quotes: list[Quote]) -> list[list[Quote]]:
    """'"A," he said. "B."' is one statement: join quotes separated only by a short attribution."""
    groups: list[list[Quote]] = []
    text = text_of(doc)
    for number, quote in enumerate(quotes):
        if groups:
            previous = groups[-1][-1]
            between = text_of(doc)[previous.close_end : quote.open_start]
            continues_paragraph = (
                quote.paragraph > previous.paragraph
                and not previous.closed  # left open at the break: the quote runs on (AP style)
                and not between.strip()
            )
            # Up to the next quote or line end: '"B," Rieck said.' has its own speaker, so it is not
            # the rest of '"A," Brandt said.'
            after_end = min(
                text.find("\n", quote.close_end) % (len(text) + 1),
                quotes[number + 1].open_start if number + 1 < len(quotes) else len(text),
            )
            short_attribution = (
                quote.paragraph == previous.paragraph
                and 0 < _words(between) <= ATTRIBUTION_WORDS
                # '"...," Trump said on NBC's "Meet the Press."': a quote run into the attribution's words is
                # a title or phrase of it; the rest of the quote comes after a comma, colon or full stop.
                and not _run_in(text, quote.start)
                and _cues_between(doc, previous.close_end, quote.open_start) == 1
                and _cues_between(doc, quote.close_end, after_end) == 0
            )
            if continues_paragraph or short_attribution:
                groups[-1].append(quote)
                continue
            if (
                quote.paragraph == previous.paragraph
                and _words(text[quote.start : quote.end]) < PHRASE_WORDS
                and _run_in(text, quote.start)
                and _cues_between(doc, previous.close_end, quote.open_start) == 1
                and number + 1 < len(quotes)
                and quotes[number + 1].paragraph == quote.paragraph
                and not _run_in(text, quotes[number + 1].start)
            ):
                # '"A," he said on NBC's "Meet the Press." "B."': the title is part of the attribution, and
                # the quote after it is the rest of A.
                continue
        groups.append([quote])
    return groups


def _cues_between(doc: Doc, start: int, end: int) -> int:
    """Cues between two character offsets, not counting one that sets the scene of another there: in 'she
    said, speaking by phone' only 'said' attributes."""
    span = _token_span(doc, start, end) if end > start else None
    if span is None:
        return 0
    cues = [token for token in span if is_cue(token)]
    inside = {token.i for token in cues}
    return sum(1 for token in cues if not (_setting(token) and any(a.i in inside for a in token.ancestors)))


#: Verbs that, hung on another cue, tell where or how the words were said, not more words: 'speaking by phone'.
SETTING_CUES = frozenset({"speak", "talk"})


def _setting(cue: Token) -> bool:
    """A cue that describes the scene of another: 'speaking by phone', 'who spoke at the rally', 'after
    Smith stated an interest'. 'adding', 'going on to say' bring words of their own."""
    if cue.lemma_.lower() in SETTING_CUES:
        return True
    clause = next((t for t in [cue, *cue.ancestors] if t.dep_ in {"relcl", "acl", "advcl"}), None)
    return clause is not None and (clause.dep_ != "advcl" or any(c.dep_ == "mark" for c in clause.children))


def _is_statement_quote(doc: Doc, group: list[Quote]) -> bool:
    """Scare quotes ('a "huge role" in') are not statements; quoted sentences and clauses are."""
    words = sum(_words(text_of(doc)[q.start : q.end]) for q in group)
    if words >= MIN_QUOTE_WORDS:
        return True
    first = group[0]
    before = text_of(doc)[max(0, first.open_start - 3) : first.open_start].strip()
    if before.endswith(":"):
        return True
    inner = " ".join(text_of(doc)[q.start : q.end] for q in group).strip()
    capitalised = [word[:1].isupper() for word in re.findall(r"[^\W\d_][\w'\u2019-]*", inner)]
    if len(capitalised) >= 2 and all(capitalised):
        return False  # 'on "Morning Joe."', 'told "Opening Bell,"': a title, its comma or stop inside the marks
    return inner[-1:] in {",", ".", "?", "!"}


#: Tokens of a subject between a quote and its cue, when the parser ends the sentence at the quote.
FOLLOWING_SUBJECT_TOKENS = 12


def _cue_for_quote(doc: Doc, group: list[Quote], quote_chars: list[tuple[int, int]], lines: Lines) -> Token | None:
    """The reporting verb outside the quote marks, in the quote's sentences, nearest to the quote."""
    start, end = group[0].open_start, group[-1].close_end
    first = _token_span(doc, start, max(start + 1, end))
    if first is None:
        return None
    # Every sentence the quote spans: in '"A. B," she said. "C. D."' the cue is in neither the first nor the last.
    tokens: list[Token] = list(doc[first[0].sent.start : first[-1].sent.end])
    lowest_line = group[0].paragraph
    introduced = _colon_introduction(doc, group[0], lines)
    if introduced is not None:
        tokens.extend(introduced)
        lowest_line = lines(introduced.start_char)
    # A quote at the end of a sentence may be followed by "said X" parsed as its own sentence.
    last_sent = first[-1].sent
    if last_sent.end < len(doc):
        following = doc[last_sent.end].sent
        tokens.extend(following[:4])
        # '"...!" the opposition leader, Tomas Rieck, tweeted Sunday.': a longer subject before the cue, when
        # the cue is the sentence's first verb and reports nothing of its own.
        verb = next((t for t in following[:FOLLOWING_SUBJECT_TOKENS] if t.pos_ in {"VERB", "AUX"}), None)
        if verb is not None and verb.i >= following.start + 4 and is_cue(verb) and _content_of(verb) is None:
            tokens.append(verb)
    candidates = [
        token
        for token in tokens
        if (is_cue(token) or _is_according(token))
        and not _in_any(token.idx, quote_chars)
        and lowest_line <= lines(token.idx) <= group[-1].paragraph
    ]
    if not candidates:
        return None

    def distance(token: Token) -> int:
        if token.idx < start:
            return start - token.idx
        if token.idx >= end:
            return token.idx - end
        return 0

    # A cue in the quote's own sentences before one in the sentence after: in 'Trump says "it's over"
    # because "it's soft." He says ...' the second quote is Trump's, however near 'He says' is.
    own = [token for token in candidates if token.i < last_sent.end]
    tiers = [[token for token in found if _speaker_token(token) is not None] for found in (own, candidates)]
    return min(tiers[0] or tiers[1] or candidates, key=distance)


def _colon_introduction(doc: Doc, quote: Quote, lines: Lines) -> Span | None:
    """'Murphy wrote on Twitter:' on the line before a quote that opens its own paragraph."""
    before = text_of(doc)[: quote.open_start]
    line_start = before.rfind("\n") + 1
    if before[line_start:].strip():
        return None  # the quote does not open its line
    previous = before[:line_start].rstrip()
    if not previous.endswith(":"):
        return None
    span = _token_span(doc, previous.rfind("\n") + 1, len(previous))
    if span is None or not len(span):
        return None
    # 'X have already stated that ... . The position of Yerevan was formulated by Y:': only the sentence that
    # ends in the colon introduces the quote.
    return doc[max(span.start, span[-1].sent.start) : span.end]


def _colon_before(doc: Doc, quote: Quote) -> int | None:
    """Offset of a colon right before the quote, on the same line: 'Ted Cruz: "..."', 'He was defiant: "..."'."""
    text = text_of(doc)
    before = text[: quote.open_start].rstrip()
    if not before.endswith(":") or "\n" in text[len(before) : quote.open_start]:
        return None
    return len(before) - 1


def _clause_before_colon(doc: Doc, quote: Quote) -> Span | None:
    """'His first questioners ranged from skeptical to hostile: "Is it time ...?"': the words of the sentence
    before a colon that opens the quote on the same line."""
    colon = _colon_before(doc, quote)
    token = _token_span(doc, colon, colon + 1) if colon is not None else None
    if token is None:
        return None
    span = doc[token[0].sent.start : token[0].i]
    return span if len(span) else None


def _name_beside(cue: Token, quote_chars: list[tuple[int, int]], reach: int = 4) -> Token | None:
    """A named person or organisation next to a cue the parser gave no subject: '..." Bozell answers.',
    '"...," Trump, in Kentucky, said'. The nearest within `reach` tokens, outside the quotes."""
    doc = cue.doc
    best: tuple[int, Token] | None = None
    for ent in ents_of(doc):
        distance = cue.i - ent.end + 1 if ent.end <= cue.i else ent.start - cue.i
        if not 0 < distance <= max(reach, APPOSITION_REACH):
            continue  # far from the cue: looked at no further (the text between was the whole of a long paragraph)
        if _in_any(ent.start_char, quote_chars) or ent.root.dep_ in {"compound", "poss", "nmod"}:
            continue  # 'Flynn, a top Trump surrogate, said': a name that qualifies another noun
        if not (ent.label_ == "PERSON" or ent.label_ == "ORG" and ent.end <= cue.i):
            continue  # a name the model took for an organisation's, before the cue ('Ramos, 58, told')
        if ent.start > cue.i and cue.lemma_.lower() in ADDRESSEE_CUES:
            continue  # '..., Cohen told Mr. Obama': whom it was told to
        between = doc[min(ent.end, cue.i) : max(ent.start, cue.i + 1)]
        if between.text.count('"') or any(_overlap((between.start_char, between.end_char), q) for q in quote_chars):
            continue
        beside = 0 < distance <= reach or (0 < distance <= APPOSITION_REACH and _apposition(between))
        if beside and (best is None or distance < best[0]):
            best = (distance, ent.root)
    return best[1] if best else None


def _subject_after(cue: Token, quote_chars: list[tuple[int, int]]) -> Token | None:
    """'"...," added a South Carolina Democrat', '"Meh," wrote a Trump supporter who runs ...': a cue right after
    the quote it attributes, its subject after it. The parser often takes that subject for an object."""
    if cue.lemma_.lower() in ADDRESSEE_CUES:
        return None  # '"...," told reporters': whom it was told to
    text = text_of(cue.doc)
    if not any(end <= cue.idx and not text[end : cue.idx].strip(" ,\u00a0") for _, end in quote_chars):
        return None
    return next((c for c in cue.children if c.i > cue.i and c.dep_ in {"nsubj", "dobj", "attr"}), None)


#: How far before its cue a name may stand when an apposition comes between: 'Mr. Daniloff, now 81 and
#: retired in Cambridge, Mass., said'.
APPOSITION_REACH = 16


def _apposition(between: Span) -> bool:
    """Name, apposition, cue: a comma right after the name and no finite verb of another clause."""
    return (
        len(between) > 1
        and between[0].text == ","
        and not any(_finite(t) and t.pos_ in {"VERB", "AUX"} for t in between[:-1])
    )


def _name_before_colon(doc: Doc, quote: Quote) -> Token | None:
    """The root of a name that ends, followed by a colon, right before the quote on the same line."""
    colon = _colon_before(doc, quote)
    if colon is None:
        return None
    for ent in ents_of(doc):
        if ent.end_char == colon and ent.label_ in {"PERSON", "ORG", "GPE", "NORP"}:
            return ent.root
    return None


@dataclass
class _Signature:
    dash: str
    name: Span


_SIGNATURE = re.compile("[ \t\xa0]*(\u2015|\u2014|\u2013|--)[ \t\xa0]*([^\n,]{2,80}?)[ \t\xa0.]*(?:,[^\n]*)?$")


def _name_after_dash(doc: Doc, quote: Quote) -> _Signature | None:
    """A name after a dash that ends the quote's line: '"..." ― Julie A. Diaz Martinez.', '"..." — Jane Roe,
    a teacher in Valmore'. Every word of the name is capitalised."""
    text = text_of(doc)
    line_end = text.find("\n", quote.close_end)
    line_end = len(text) if line_end < 0 else line_end
    match = _SIGNATURE.match(text, quote.close_end, line_end)
    if match is None:
        return None
    name = _token_span(doc, match.start(2), match.end(2))
    if not _capitalised_words(name):
        return None
    return _Signature(match.group(1), name)


def _capitalised_words(name: Span | None) -> list[Token]:
    """The words of a short name (up to LINE_NAME_TOKENS tokens) whose every word is capitalised, else []."""
    if name is None or not 1 <= len(name) <= LINE_NAME_TOKENS:
        return []
    words = [t for t in name if not t.is_punct]
    return words if all(t.text[:1].isupper() for t in words) else []


#: What the last character of a sentence can be, closing quote marks included.
SENTENCE_ENDS = frozenset(".!?\u2026\"'\u201d\u2019")
#: Blanks around the names of signed and named lines; the dot too after a signing name ('Jane Roe."').
_BLANKS = " \t\xa0"
_BLANKS_AND_DOTS = " \t\xa0."


def _signed_line(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The line that signs a quote left open on the line before, text[start:end]: 'Josh Bivens, Economic Policy
    Institute."'. A name (2 to 80 characters, no comma), maybe a comma and who they are (120 at most), then the
    closing mark: (start, end) of the name, or None.

    Read by hand, in one pass: the regular expression this was took cubic time on a line of blanks."""
    line = text[start:end]
    body = line.rstrip(_BLANKS)
    if body[-1:] not in {'"', "\u201d"}:
        return None
    body = body[:-1]
    lead = len(body) - len(body.lstrip(_BLANKS))
    lead -= max(0, 2 - len(body[lead:].partition(",")[0]))  # blanks make up a name of two characters, as before
    if lead < 0:
        return None
    before, comma, rest = body[lead:].partition(",")
    length = max(2, len(before.rstrip(_BLANKS_AND_DOTS)))
    if length > min(80, len(before)) or (comma and len(rest.rstrip(_BLANKS_AND_DOTS)) > 120):
        return None
    return start + lead, start + lead + length


def _name_on_next_line(doc: Doc, quote: Quote) -> Span | None:
    """A quoted paragraph signed on its own last line, inside the marks (pull quotes, lists of reactions):
    '"We are going to enter the next recession ... stimulus.\nJosh Bivens, Economic Policy Institute."'. The
    quote, open at its line break, ends a sentence there; the next line is a name the text knows as a person
    or organisation, and closes the quote."""
    text = text_of(doc)
    if quote.closed or text[quote.end - 1 : quote.end] not in SENTENCE_ENDS or text[quote.close_end :][:1] != "\n":
        return None
    line_end = text.find("\n", quote.close_end + 1)
    found = _signed_line(text, quote.close_end + 1, len(text) if line_end < 0 else line_end)
    if found is None:
        return None
    name = _token_span(doc, *found)
    return name if _known_name(name, _speaker_names(doc)) else None


def _speaker_names(doc: Doc) -> set[str]:
    """The last words of the people and organisations the model found in the text, lower case."""
    return {ent[-1].lower_ for ent in ents_of(doc) if ent.label_ in {"PERSON", "ORG", "NORP"}}


def _known_name(name: Span | None, speakers: set[str]) -> bool:
    """A short name in capitals, no verb or pronoun in it, that ends like a person or organisation of the text."""
    words = _capitalised_words(name)
    return bool(words) and words[-1].lower_ in speakers and not any(t.pos_ in {"VERB", "AUX", "PRON"} for t in words)


def _embedded(doc: Doc, quote: Quote) -> bool:
    """Words of the same sentence and line stand before the quote: a title or phrase quoted in narration."""
    span = _token_span(doc, quote.open_start, quote.close_end)
    if span is None or not len(span):
        return False
    line_start = text_of(doc).rfind("\n", 0, quote.open_start) + 1
    sentence = span[0].sent
    return any(token.is_alpha and token.idx >= line_start for token in doc[sentence.start : span.start])


def _governing_verb(doc: Doc, quote: Quote, quote_chars: list[tuple[int, int]]) -> Token | None:
    span = _token_span(doc, quote.start, quote.end)
    if span is None or not len(span):
        return None
    token = span.root
    while token.head.i != token.i:
        token = token.head
        if token.pos_ == "VERB" and not _in_any(token.idx, quote_chars):
            subject = _subject(token)
            if subject is None or _in_any(subject.idx, quote_chars):
                return None
            # A verb that is not a speech cue lends its subject only when that names someone: "Trump
            # called it ...", not "the choir sang ...".
            names = subject.pos_ in {"PROPN", "PRON"} or subject.ent_type_ in {"PERSON", "ORG", "GPE", "NORP"}
            return token if names else None
    return None


def direct_quotations(doc: Doc, quotes: list[Quote] | None = None) -> Iterator[RawStatement]:
    """Quoted statements, split quotes joined, each with its cue and speaker mention if any."""
    quotes = find_quotes(text_of(doc)) if quotes is None else quotes
    quote_chars = [(q.open_start, q.close_end) for q in quotes]
    lines = Lines(text_of(doc))
    for group in _group_split_quotes(doc, quotes):
        if not _is_statement_quote(doc, group):
            continue
        pieces = [(q.start, q.end) for q in group]
        statement = RawStatement(start=pieces[0][0], end=pieces[-1][1], pieces=pieces, kind="direct")
        cue = _cue_for_quote(doc, group, quote_chars, lines)
        if cue is None and (
            introduction := _colon_introduction(doc, group[0], lines) or _clause_before_colon(doc, group[0])
        ):
            # 'President Clinton released the following statement:' then the quote on its own line.
            verbs = [t for t in introduction if t.pos_ == "VERB" and _subject(t) is not None]
            cue = verbs[0] if verbs else None
        if cue is None and (named := _name_before_colon(doc, group[0])) is not None:
            # 'Ted Cruz: "Assaulting a reporter is a fireable offense."' (headlines, transcripts).
            colon = text_of(doc).rindex(":", 0, group[0].open_start)
            statement.cue, statement.cue_start, statement.cue_end = ":", colon, colon + 1
            statement.speaker = speaker_mention(named)
            yield statement
            continue
        if cue is None and (signed := _name_after_dash(doc, group[-1])) is not None:
            # '"The most unqualified candidate ever." ― Oscar P. Quintero' (pull quotes, lists of reactions).
            dash = text_of(doc).index(signed.dash, group[-1].close_end)
            statement.cue, statement.cue_start, statement.cue_end = signed.dash, dash, dash + len(signed.dash)
            statement.speaker = mention_of(signed.name, signed.name.root)
            yield statement
            continue
        if cue is None and (name := _name_on_next_line(doc, group[-1])) is not None:
            statement.speaker = mention_of(name, name.root)
            yield statement
            continue
        if cue is None and _embedded(doc, group[0]):
            # 'Trump called the deal "a total disaster"': the quote is the words of the subject of the
            # verb that governs it; with no such subject ('sang "Silent Night."') it is nobody's statement.
            cue = _governing_verb(doc, group[0], quote_chars)
            if cue is None:
                continue
        if cue is not None:
            _attach_cue(statement, cue)
            subject = _speaker_token(cue)
            if subject is None or _in_any(subject.idx, quote_chars):
                # The parser found no subject, or one inside the quote ('"..., Mr. President," Cohen told').
                subject = _subject_after(cue, quote_chars) or _name_beside(cue, quote_chars)
            if subject is not None and not _in_any(subject.idx, quote_chars):
                statement.speaker = _mention(subject)
        yield statement


def _attach_cue(statement: RawStatement, cue: Token) -> None:
    """The cue's text and offsets, and the date expression that modifies it, if any."""
    statement.cue, statement.cue_start, statement.cue_end = _cue_text(cue)
    phrases = statement_date_phrases(cue)
    if phrases:
        statement.date_phrase, statement.date_start, statement.date_end = phrases[0]
    statement.cue_lemma = cue.lemma_.lower()
    statement.future = is_future(cue)
    statement.background = is_background(cue)


def _cue_text(cue: Token) -> tuple[str, int, int]:
    # Keep a phrasal particle with its verb: "pointed out", "shot back".
    end_token = cue
    for child in cue.children:
        if child.i == cue.i + 1 and (child.dep_ == "prt" or (cue.lemma_.lower(), child.lower_) in PHRASAL_CUES):
            end_token = child
    end_token = _made_clear(cue) or end_token
    doc = cue.doc
    return text_of(doc)[cue.idx : end_token.idx + len(end_token)], cue.idx, end_token.idx + len(end_token)


#: What sets an aside off from the words around it: a comma or a dash (not a hyphen, which joins words).
ASIDE_MARKS = frozenset({",", "\u2014", "\u2013", "--"})


def _without_trailing_aside(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Drop ', conceding the race', ', which votes on March 1' and ' \u2014 a modest boost for Obama' from the end
    of reported content: the reporter's asides, not what was said."""
    for token in doc[start:end]:
        opens_aside = (
            token.dep_ == "advcl"
            and token.tag_ == "VBG"
            or token.dep_ == "relcl"
            and token.left_edge.lower_ in {"which", "who"}
            or token.dep_ == "appos"
        )
        if opens_aside and token.right_edge.i >= end - 1:
            first = token.left_edge.i
            if first - 1 > start and doc[first - 1].text in ASIDE_MARKS:
                return start, first - 1
    return start, end


#: What opens a clause that sets someone else's words against the reported ones.
CONTRASTING = frozenset({"while", "whereas", "but", "though", "although"})


def _clause_end(root: Token) -> int:
    """End of a reported clause, before a conjoined clause that has a subject or cue of its own:
    'half said they prefer X | and about the same numbers would rather see Y', and before a clause in which
    someone else reports: 'they are set on voting for him | , while 22 percent said they might change'."""
    end = root.right_edge.i + 1
    under_that = _marked_that(root)
    for child in _conjoined_clauses(root):
        if (_marked_that(child) or under_that) and not is_cue(child):
            # 'announced that A, and that B', 'arguing that A and B': both are under the one 'that'
            continue
        if _own_subject(child) is not None or is_cue(child):
            coordinator = [t.i for t in root.children if t.dep_ == "cc" and t.i < child.i]
            cut = coordinator[-1] if coordinator else child.left_edge.i
            end = min(end, cut)
    for child in root.children:
        contrast = child.dep_ == "advcl" and child.left_edge.lower_ in CONTRASTING
        if contrast and child.i > root.i and _own_subject(child) is not None:
            opener = child.left_edge
            set_apart = opener.i > 0 and opener.doc[opener.i - 1].text in ASIDE_MARKS
            if is_cue(child) or set_apart and opener.lower_ in {"while", "whereas"}:
                end = min(end, opener.i)
    # "she is going to vote for him and kept quiet", "vowed to keep abortion legal and celebrated the ruling":
    # a past-tense verb with no subject cannot go on a present or infinitive clause; it goes on the cue's.
    if root.tag_ in {"VB", "VBZ", "VBP"}:
        for child in _conjoined_clauses(root):
            if child.tag_ == "VBD" and _own_subject(child) is None:
                coordinator = [t.i for t in root.children if t.dep_ == "cc" and t.i < child.i]
                end = min(end, coordinator[-1] if coordinator else child.left_edge.i)
    return end


def _marked_that(clause: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children)


def _last_conjunct_start(root: Token) -> int:
    """Start of the last clause conjoined to `root` with a subject of its own, or of `root` itself."""
    own = [child for child in _conjoined_clauses(root) if _own_subject(child) is not None]
    # '... 70-90,000 refugees but that needs updating, she added': a last clause whose subject points back at
    # the one before cannot stand alone; both are what was said.
    if own and _own_subject(own[-1]).lower_ in DEMONSTRATIVES:
        return root.left_edge.i
    return own[-1].left_edge.i if own else root.left_edge.i


DEMONSTRATIVES = frozenset({"that", "this", "these", "those"})


def _conjoined_clauses(root: Token) -> list[Token]:
    return [child for child in root.children if child.dep_ == "conj" and child.pos_ in {"VERB", "AUX"}]


def _is_clause(child: Token) -> bool:
    """An open complement the parser made of a whole clause ("said [legalizing it could put ...]"): after
    the cue, and with a finite verb and subject of its own inside."""
    return (
        child.dep_ == "xcomp"
        and child.i > child.head.i
        and any(t.dep_ in {"nsubj", "nsubjpass"} and _finite(t.head) for t in child.subtree)
    )


def _question(child: Token) -> bool:
    """'asked workers if they planned to attend': the parser made the question a conditional clause."""
    return (
        child.dep_ == "advcl"
        and child.i > child.head.i
        and child.head.lemma_.lower() in QUESTION_CUES
        and any(c.dep_ == "mark" and c.lower_ in {"if", "whether"} for c in child.children)
    )


def _stray_clause(child: Token) -> bool:
    """'announced his readiness to sign peace on the principles already agreed upon': a subjectless verb after
    the cue's object, which the parser hung on the cue as its clause, belongs to the object's phrase."""
    cue = child.head
    return (
        child.i > cue.i
        and not any(c.dep_ in {"nsubj", "nsubjpass", "csubj", "expl"} for c in child.children)
        and any(c.dep_ == "dobj" and cue.i < c.i < child.i for c in cue.children)
    )


def _that_clause(child: Token) -> bool:
    """'confirmed this week that the troops will leave': with a time phrase between the cue and 'that', the
    parser often makes the reported clause an adverbial one. A clause after the cue opened by 'that' is what
    the cue reports all the same (an adverbial clause is never opened by 'that')."""
    return (
        child.dep_ == "advcl"
        and child.i > child.head.i
        and _finite(child)
        and _marked_that(child)
        and not any(c.lower_ in {"so", "such", "now", "given"} for c in child.children)  # 'so that', 'now that'
    )


#: Cues whose content may be a question: 'asked whether ...'.
QUESTION_CUES = frozenset("ask inquire question".split())


def _finite(verb: Token) -> bool:
    return verb.tag_ in FINITE or any(c.dep_ in {"aux", "auxpass"} and c.tag_ in FINITE for c in verb.children)


#: Tags of finite verbs and modals.
FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})


#: Words that answer a question on their own, and the cues that report such an answer.
ANSWERS = frozenset({"yes", "no", "so"})
ANSWERING_CUES = frozenset({"say", "answer", "reply", "respond"})


def _set_off(cue: Token) -> bool:
    """The cue's clause stands apart, between commas or after one, with no 'as'/'when'/'if' that would make
    it a subordinate clause: 'Moscow, Galuzin said, still believes', not 'aides cheered as she was announced'."""
    doc = cue.doc
    first = cue.left_edge.i
    return first > 0 and doc[first - 1].text in ASIDE_MARKS and not any(c.dep_ == "mark" for c in cue.children)


def _interrupting(cue: Token) -> bool:
    """'There is no clear cause, Peskov told reporters, so ...': a set-off clause with a subject of its own. The
    parser may also join it to the clause before as a conjunct ('Russia has agreed to renew the deal, Deputy
    Minister Vershinin announced following talks'): with no 'and' or 'but' and nothing said of its own, it is
    the same parenthetical."""
    subject = _own_subject(cue)
    if cue.i <= cue.head.i or subject is None:
        return False
    if cue.dep_ in {"advcl", "ccomp"}:
        return _set_off(cue)
    # Set off by a comma right before its subject, so no 'and' or 'but' joins it.
    first = subject.left_edge.i
    return (
        cue.dep_ == "conj"
        and first > 0
        and cue.doc[first - 1].text in ASIDE_MARKS
        and not any(c.dep_ in {"ccomp", "dobj", "xcomp"} for c in cue.children)
    )


def _as_aside(cue: Token) -> bool:
    """'As Comey noted, people involved could still be sanctioned', '..., as the Times reported.': an 'as' clause
    whose cue says nothing of its own, set off by a comma, attributes the clause it is set in."""
    doc = cue.doc
    if cue.dep_ != "advcl" or cue.lemma_.lower() in SETTING_CUES or cue.tag_ == "VBG":
        return False
    if _own_subject(cue) is None and _agent(cue) is None:  # '..., as reported by gazeta.ru' names its source
        return False
    if not any(child.dep_ == "mark" and child.lower_ == "as" for child in cue.children):
        return False
    addressee = cue.lemma_.lower() in ADDRESSEE_CUES
    if any(c.dep_ in {"ccomp", "xcomp"} or c.dep_ == "dobj" and not addressee for c in cue.children):
        return False  # 'as she said goodbye', 'as he explained the plan': the clause has its own object
    if cue.i < cue.head.i:
        after = cue.right_edge.i + 1
        return after < len(doc) and doc[after].text in ASIDE_MARKS
    return cue.left_edge.i > 0 and doc[cue.left_edge.i - 1].text in ASIDE_MARKS


def _content_of(cue: Token) -> tuple[int, int] | None:
    """Token range of what a reporting verb reports: its clausal complement, or the clause it interrupts."""
    doc = cue.doc
    lemma = cue.lemma_.lower()
    clear = _made_clear(cue)
    if clear is not None:
        # 'made clear he would remain': the parser hangs the clause on 'clear', or 'clear' on the clause.
        clause = next((c for c in clear.children if c.dep_ in {"advcl", "ccomp"} and c.i > clear.i), None)
        if clause is None and clear.head.dep_ == "ccomp" and clear.head.head.i == cue.i:
            clause = clear.head
        if clause is not None:
            return _without_trailing_aside(doc, *_trim(doc, max(clause.left_edge.i, clear.i + 1), _clause_end(clause)))
    clauses = [
        child
        for child in cue.children
        if child.dep_ == "ccomp"
        and not _stray_clause(child)
        and (clear is None or child.i != clear.i)
        or (_is_clause(child) and lemma not in ASPECTUAL_CUES)
        or _question(child)
        or _that_clause(child)
    ]
    if clauses:
        # "Canova ripped Schultz: He said he has raised $100,000": with a clause on each side the one after
        # the cue is what it reports; the one before is narration the parser hung on it.
        child = next((clause for clause in clauses if clause.i > cue.i), clauses[-1])
        if child.i < cue.i:
            # "The pay is good, but it wasn't just the money that kept her, Shanklin said": of clauses
            # before the cue, conjoined or made two by the parser, the one next to it is what it reports.
            return _trim(doc, _last_conjunct_start(child), child.right_edge.i + 1)
        return _without_trailing_aside(doc, *_trim(doc, child.left_edge.i, _clause_end(child)))
    # What someone was called or accused of, with whom: 'calling him "a total stiff"', 'accused the
    # ministry of hiding the report'.
    after = [child for child in cue.children if child.i > cue.i]
    if lemma in NAMING_CUES and any(child.dep_ == "oprd" for child in after):
        named = [child for child in after if child.dep_ in {"dobj", "oprd"}]
        return _trim(doc, min(c.left_edge.i for c in named), max(c.right_edge.i for c in named) + 1)
    if lemma in CHARGING_CUES:
        accused = next((child for child in after if child.dep_ == "dobj"), None)
        charge = next((child for child in after if child.dep_ == "prep" and child.lower_ == "of"), None)
        if accused is not None and charge is not None and accused.i < charge.i:
            return _trim(doc, accused.left_edge.i, charge.right_edge.i + 1)
    if cue.dep_ == "parataxis" or _interrupting(cue) or _as_aside(cue):
        # "There is no clear cause, Peskov told reporters, so ...": the cue interrupts its content. A participle
        # with no subject of its own does not ("Clinton celebrated with supporters, declaring it ...").
        head = cue.head
        tokens = [t.i for t in head.subtree if not (cue.left_edge.i <= t.i <= cue.right_edge.i)]
        if cue.i < head.i:  # 'But as the Times reported, ...': what is said starts after the aside
            tokens = [i for i in tokens if i > cue.right_edge.i]
        if tokens:
            start, end = _without_trailing_aside(doc, *_trim(doc, min(tokens), max(tokens) + 1))
            if start < cue.left_edge.i and end <= cue.right_edge.i + 1:
                end = _trim(doc, start, cue.left_edge.i)[1]  # nothing said after the cue once its aside is gone
            return start, end
    # 'told the delegation he plans to fight on': the parser made the clause a relative one of the addressee; with
    # no relative word opening it and a subject of its own, it is what was told.
    if lemma in ADDRESSEE_CUES:
        for addressee in (child for child in cue.children if child.dep_ == "dobj" and child.i > cue.i):
            for clause in (c for c in addressee.children if c.dep_ == "relcl" and c.i > addressee.i):
                subject = _own_subject(clause)
                opener = clause.left_edge
                if subject is not None and subject.lower_ not in RELATIVE_WORDS and opener.lower_ not in RELATIVE_WORDS:
                    return _without_trailing_aside(doc, *_trim(doc, opener.i, _clause_end(clause)))
    # A one-word answer: "75 percent of Democrats said yes", "half said so"; "64 percent say the same of X".
    if lemma in ANSWERING_CUES:
        for child in cue.children:
            if child.i > cue.i and child.lower_ in ANSWERS:
                return child.i, child.i + 1
            if child.i > cue.i and child.dep_ == "dobj" and child.lower_ == "same":
                return _trim(doc, child.left_edge.i, child.right_edge.i + 1)
    # "Adelson said during a news conference that he may wait": a 'that' clause the parser hung on the
    # noun before it, as if it were a relative clause.
    for prep in (child for child in cue.children if child.dep_ == "prep" and child.i > cue.i):
        for clause in (t for t in prep.subtree if t.dep_ == "relcl"):
            first = clause.left_edge
            if first.lower_ == "that" and first.dep_ == "mark" and _finite(clause):
                return _trim(doc, first.i + 1, _clause_end(clause))
    # Content that is not a clause: "vowing to compete", "criticized Clinton", "talked about immigration".
    if lemma not in NOMINAL_CONTENT_CUES:
        return None
    children = list(cue.children)
    speak = lemma == "speak"  # 'spoke Hebrew', 'spoke on Fox News', 'spoke over boos': only 'about'
    for wanted in ("prep",) if speak else ("xcomp", "dobj", "prep"):
        for child in children:
            if child.dep_ != wanted or child.i < cue.i:
                continue
            if wanted == "dobj" and lemma in ADDRESSEE_CUES:
                continue
            if lemma in CONTESTING_CUES and not any(t.dep_ in {"acl", "relcl", "ccomp"} for t in child.subtree):
                continue  # 'challenging the mayor in the primary': an act; 'challenged the claim that ...': words
            if wanted == "prep":
                if child.lower_ not in TOPIC_PREPOSITIONS or speak and child.lower_ != "about":
                    continue
                child = next((grandchild for grandchild in child.children if grandchild.dep_ == "pobj"), None)
                if child is None or _dated(child) or child.lemma_ == "condition":
                    continue  # 'talked on Monday', 'on condition of anonymity': when and how, not what
            end = _clause_end(child) if wanted == "xcomp" else child.right_edge.i + 1
            return _without_trailing_aside(doc, *_trim(doc, child.left_edge.i, end))
    return None


#: Nouns that point at words said elsewhere rather than say anything: 'denied the report', 'rejected the charges'.
REFERENCE_NOUNS = frozenset(
    """report information news criticism charge accusation allegation claim statement remark comment rumour rumor
    speculation suggestion assertion story article account version notion idea it this that these those them
    reporting""".split()
)
#: Cues whose object is whom or what they judge, not a claim: 'criticized Russia', 'praised the team'.
TARGET_CUES = frozenset("criticize criticise praise blast slam thank defend attack condemn mock dismiss reject".split())


def _reference(content: Span, cue: Token) -> bool:
    """Content that is a noun phrase naming words said elsewhere ('denied the report', 'commented briefly on
    the information') or whom a cue judges ('criticized Russia'): it says no claim of its own. A clause, a
    noun phrase with a clause in it ('reports that the base would close') or one that states what it is about
    ('the authenticity of earlier reports about the withdrawal') is a claim."""
    if not len(content) or any(t.pos_ in {"VERB", "AUX"} for t in content):
        return False
    root = content.root
    if cue.lemma_.lower() in TARGET_CUES:
        return True
    return root.lemma_.lower() in REFERENCE_NOUNS and not any(t.dep_ == "prep" for t in root.children)


def reported_speech(doc: Doc, quotes: list[Quote] | None = None) -> Iterator[RawStatement]:
    """'X said (that) ...', parenthetical 'X said,' and 'according to X, ...'."""
    quotes = find_quotes(text_of(doc)) if quotes is None else quotes
    quote_chars = [(q.open_start, q.close_end) for q in quotes]
    in_quote = _covered(quote_chars)
    for token in doc:
        if in_quote(token.idx):
            continue
        if is_cue(token):
            subject = _subject(token)
            content = _content_of(token)
            if subject is None or content is None or content[1] - content[0] < 1:
                continue
            kind = "reference" if _reference(doc[content[0] : content[1]], token) else "indirect"
            statement = RawStatement(*_chars(doc, *content), pieces=[], kind=kind)
            _attach_cue(statement, token)
            statement.speaker = _mention(_cited(token) or subject)
            yield statement
        elif token.lower_ == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
            to = doc[token.i + 1]
            source = next((child for child in to.children if child.dep_ == "pobj"), None)
            if source is None:
                continue
            phrase = (token.i, max(source.right_edge.i, to.i) + 1)
            sentence = token.sent
            clause = token.head
            if clause.pos_ in {"VERB", "AUX"} and clause.i < token.i and _clause_end(clause) > phrase[1]:
                # "Trump has won 758 delegates, according to a CNN tally, but his path is narrowing": the
                # clause the phrase belongs to, not the one conjoined after it.
                sentence = doc[sentence.start : _clause_end(clause)]
            before = [t.i for t in sentence if t.i < phrase[0]]
            after = [t.i for t in sentence if t.i >= phrase[1]]
            # "X rose 20 percent, according to a poll last week - about the same as Y": what follows a dash
            # after the phrase is the writer's aside, and a date there says when the source spoke. Not when a
            # dash before opened an aside that the phrase is in ("most Americans - 63 percent, according to Y -").
            dash = next((i for i in after if spaced_dash(doc[i])), None)
            opened = any(spaced_dash(doc[i]) for i in before)
            if dash is not None and not opened and not any(_worded(doc[i]) for i in after if i < dash):
                after = []
            # "X will go, according to Y." is X will go: the words on one side only, when the other has none.
            if not any(doc[i].is_alpha or doc[i].is_digit for i in after):
                tokens = before
            elif not any(doc[i].is_alpha or doc[i].is_digit for i in before):
                tokens = after
            else:
                tokens = before + after
            if not tokens:
                continue
            start, end = _trim(doc, min(tokens), max(tokens) + 1)
            if end - start < 3:
                continue
            pieces: list[tuple[int, int]] = []
            if phrase[0] > start and phrase[1] < end:
                # "At the heart of the trouble, according to Ross, was a decision by Mr. Obama": set off before
                # the verb of its clause, the phrase attributes the words on both sides. Elsewhere in the middle
                # it is rarely attribution of the whole ("X rose 20 percent, according to Y, more than Z").
                set_off = doc[phrase[0] - 1].text in ASIDE_MARKS and doc[phrase[1]].text in ASIDE_MARKS
                if not (set_off and clause.pos_ in {"VERB", "AUX"} and clause.i >= phrase[1]):
                    continue
                head = _trim(doc, max(start, clause.left_edge.i), phrase[0])  # not a clause before this one
                tail = _trim(doc, phrase[1], end)
                if head[0] < head[1]:
                    start, pieces = head[0], [_chars(doc, *head), _chars(doc, *tail)]
                else:
                    start = tail[0]
            statement = RawStatement(*_chars(doc, start, end), pieces=pieces, kind="indirect")
            _attach_cue(statement, token)
            statement.cue, statement.cue_start, statement.cue_end = "according to", token.idx, to.idx + len(to)
            statement.speaker = speaker_mention(source)
            yield statement


#: 'Name: what they said' on a line of its own (a headline, a pull quote): the longest name, in tokens, and
#: the fewest words said.
LINE_NAME_TOKENS = 6
LINE_CONTENT_WORDS = 3


def _named_lines(text: str) -> Iterator[tuple[tuple[int, int], tuple[int, int]]]:
    """Each line 'Name: what was said': ((start, end) of the name, (start, end) of what was said). The name runs
    to the line's first colon; a blank, then something said, follow it.

    Read by hand, in one pass per line: the regular expression this was took cubic time on a line of blanks."""
    start = 0
    while start <= len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        colon = text.find(":", start, end)
        if colon > start:
            name_start = start + len(text[start:colon]) - len(text[start:colon].lstrip(" \t"))
            name_end = start + len(text[start:colon].rstrip(" \t"))
            if name_start >= name_end:  # only blanks before the colon: the last of them, as before
                name_start, name_end = colon - 1, colon
            said_start = colon + 1
            while said_start < end and text[said_start] in _BLANKS:
                said_start += 1
            said_end = start + len(text[start:end].rstrip(" \t"))
            if said_start > colon + 1 and said_start < end and not text[said_start].isspace():
                yield (name_start, name_end), (said_start, said_end)
        start = end + 1


def named_lines(doc: Doc) -> Iterator[RawStatement]:
    """'John McCain: Republican Populist Anger Appeals to Bad Angels': a line that opens with a name in
    capitals and a colon reports what that name said. Datelines ('WASHINGTON:'), labels ('Update:') and
    sentences that merely end in a colon ('Here is what he said:') are not names."""
    speakers = _speaker_names(doc)
    for (name_start, name_end), (said_start, said_end) in _named_lines(text_of(doc)):
        name = _token_span(doc, name_start, name_end)
        said = _token_span(doc, said_start, said_end)
        if said is None or not _known_name(name, speakers):
            continue
        if name.text.isupper() or any(e.label_ in {"GPE", "LOC", "DATE", "TIME"} for e in name.ents):
            continue  # a dateline
        if any(spaced_dash(t) and t.i > name.start for t in name):
            continue  # 'HARBOUR NEWS - Helena Brandt:' a heading and a name
        if sum(1 for t in said if t.is_alpha) < LINE_CONTENT_WORDS:
            continue
        statement = RawStatement(start=said.start_char, end=said.end_char, pieces=[], kind="indirect")
        statement.cue, statement.cue_start, statement.cue_end = ":", name_end, name_end + 1
        statement.speaker = mention_of(name, name.root)
        yield statement


#: Longest context kept with a statement, in characters.
CONTEXT_CHARS = 400


def _context_before(doc: Doc, start: int) -> str | None:
    """The sentence before the one a statement starts in: the report or question it may answer."""
    sentence = _sentence_of(doc, start)
    if sentence is None or sentence.start == 0:
        return None
    previous = doc[sentence.start - 1].sent
    context = text_of(doc)[previous.start_char : sentence.start_char].strip()
    return context[-CONTEXT_CHARS:] or None


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _quoted_sentence(text: str, statement: RawStatement) -> bool:
    """A quote that is a sentence of its own, not a phrase woven into reported speech ('said that we should
    "set the same standard for everybody."'): long enough, and opening with a capital."""
    quoted = text[statement.start : statement.end]
    return _words(quoted) >= PHRASE_WORDS and quoted.lstrip(" \u2018'\"([")[:1].isupper()


def _run_in(text: str, quote_start: int) -> bool:
    """Words run straight into the quote that starts here ('said on NBC's "Meet the Press"'): it is a title
    or phrase of the sentence, not the next piece of a split quote."""
    i = quote_start
    while i > 0 and (text[i - 1].isspace() or text[i - 1] in QUOTE_MARKS):  # '...Press." "She' ends in '.'
        if text[i - 1] == "\n":
            return False  # the quote opens its line
        i -= 1
    return i > 0 and text[i - 1] not in PIECE_OPENERS


#: Every opening and closing quote mark, of any house style.
QUOTE_MARKS = frozenset(OPENERS) | CLOSERS | {"'", "\u2018", "\u2019"}


def _one_per_cue(direct: list[RawStatement], text: str) -> list[RawStatement]:
    """Quotes attributed by one and the same cue are pieces of one statement: '"A," Brandt, who has led
    the city for twelve years and ..., said on Monday, "B."', where the attribution between them was too
    long to join them as a split quote."""
    kept: list[RawStatement] = []
    for statement in direct:
        previous = kept[-1] if kept else None
        if previous is not None and statement.cue_start is not None and statement.cue_start == previous.cue_start:
            if _run_in(text, statement.start):
                continue  # '"...," Trump said on NBC's "Meet the Press."': a title in the attribution
            previous.pieces.extend(statement.pieces)
            previous.end = statement.end
            continue
        kept.append(statement)
    return kept


def _phrases_joined(doc: Doc, statements: list[RawStatement]) -> list[RawStatement]:
    """'he said he was not advocating violence, only a "loud voice."': a quoted phrase after the cue of a
    reported statement in the same sentence, and attributed by it, is part of that statement."""
    text = text_of(doc)
    reported = {s.cue_start: s for s in statements if s.kind != "direct" and s.cue_start is not None}
    kept: list[RawStatement] = []
    for statement in statements:
        owner = reported.get(statement.cue_start) if statement.kind == "direct" else None
        if (
            owner is None
            or statement.start < owner.cue_start  # a quote before the cue may be what another word reports
            or _quoted_sentence(text, statement)
            or _sentence_of(doc, statement.start) != _sentence_of(doc, owner.cue_start)
        ):
            kept.append(statement)
            continue
        owner.pieces = union([*(owner.pieces or [(owner.start, owner.end)]), *statement.pieces])
        owner.start, owner.end = min(owner.start, statement.start), max(owner.end, statement.end)
        owner.kind = "mixed"
    return kept


#: Cues that report an act as much as words ('agreed to extend'); inside another's report they are that report's.
ACT_CUES = frozenset({"agree", "decide", "promise", "pledge", "vow", "threaten", "refuse"})


def _act_reported_within(statement: RawStatement, statements: list[RawStatement]) -> bool:
    if statement.kind == "direct" or statement.cue_start is None or statement.cue_lemma not in ACT_CUES:
        return False
    return any(
        other is not statement and other.kind != "direct" and other.start <= statement.cue_start < other.end
        for other in statements
    )


def _sentence_of(doc: Doc, char: int) -> Span | None:
    """The sentence holding the character at `char`."""
    span = doc.char_span(char, min(char + 1, len(text_of(doc))), alignment_mode="expand")
    return span[0].sent if span is not None and len(span) else None


def extract_statements(doc: Doc) -> list[RawStatement]:
    """All statements of a Doc in text order, speakers resolved within the Doc."""
    quotes = find_quotes(text_of(doc))
    direct = _one_per_cue(list(direct_quotations(doc, quotes)), text_of(doc))
    statements = list(direct)
    for indirect in [*reported_speech(doc, quotes), *named_lines(doc)]:
        span = (indirect.start, indirect.end)
        length = span[1] - span[0]
        quoted = sum(_overlap(span, piece) for quote in direct for piece in quote.pieces)
        # 'Penwell said the world lost a voice that said "love ..."': a quote whose own cue is inside this
        # content is nested in it and does not stand for it.
        nested = sum(
            _overlap(span, piece)
            for quote in direct
            if quote.cue_start is not None and span[0] <= quote.cue_start < span[1]
            for piece in quote.pieces
        )
        if (quoted - nested) * 2 >= length:
            continue  # the quote already is this statement
        if any(
            _overlap(span, (other.start, other.end)) * 2 >= length for other in statements if other.kind != "direct"
        ):
            continue  # nested cues ("X said Y told ...") keep the outer statement
        if quoted:
            indirect.kind = "mixed"
        statements.append(indirect)
    # 'Erdogan said Putin has agreed to extend the deal': an act reported inside someone else's words is theirs to
    # report, not a statement of its own (whoever came first in token order).
    statements = [s for s in statements if not _act_reported_within(s, statements)]
    # 'Sanders is mounting a "phony attack."': a quoted phrase inside reported speech is part of that
    # statement; a quoted sentence stays a statement of its own.
    mixed = [(s.start, s.end) for s in statements if s.kind == "mixed"]
    statements = [
        s
        for s in statements
        if s.kind != "direct"
        or _quoted_sentence(text_of(doc), s)
        or not any(_overlap((s.start, s.end), span) * 2 >= s.end - s.start for span in mixed)
    ]
    statements = _phrases_joined(doc, statements)
    statements = [s for s in statements if not _on_breadcrumb(text_of(doc), s.start)]
    for statement in statements:
        _without_dateline(text_of(doc), statement)
    statements.sort(key=lambda s: (s.start, s.end))
    resolve_speakers(doc, statements)
    statements = _once_each(text_of(doc), statements)
    for statement in statements:
        statement.context = _context_before(doc, statement.start)
    forget(doc)  # the Doc may be changed later; never serve a stale text
    return statements


#: A site's navigation trail: 'Home » World » Russia Says ...', 'News › Politics › ...'.
_BREADCRUMB = re.compile(r"[^\n]*\s[\u00bb\u203a]\s[^\n]*")


def _on_breadcrumb(text: str, position: int) -> bool:
    """The statement starts on a line of page navigation, which repeats a headline the page shows anyway."""
    line_start = text.rfind("\n", 0, position) + 1
    line_end = text.find("\n", position)
    return _BREADCRUMB.fullmatch(text, line_start, len(text) if line_end < 0 else line_end) is not None


#: A dateline that opens a paragraph: 'YEREVAN (Azatutyun.am)—', 'MOSCOW, October 9. /TASS/. ', 'LONDON (Reuters) - '.
_DATELINE = re.compile(
    r"[A-Z][A-Z .'\-]{1,40}(?:,[^\n.]{1,30}\.)?"  # the place, maybe its date
    r"\s*(?:\([^)\n]{1,40}\)|/[^/\n]{1,20}/\.?)?"  # the agency
    r"\s*(?:\u2014|\u2013|--| - |\.\s)\s*"
)


def _without_dateline(text: str, statement: RawStatement) -> None:
    """Content that opens its paragraph starts after the dateline (the parser may begin it inside one): the place
    and agency are not what was said."""
    line_start = text.rfind("\n", 0, statement.start) + 1
    match = _DATELINE.match(text, line_start, statement.end)
    if match is None or not line_start <= statement.start < match.end() < statement.end:
        return  # no dateline, or the content starts after it (or is all dateline)
    if not text[match.end()].isalnum():
        return
    if statement.pieces:
        statement.pieces[0] = (match.end(), statement.pieces[0][1])
    statement.start = match.end()


def _once_each(text: str, statements: list[RawStatement]) -> list[RawStatement]:
    """One statement once: a teaser or standfirst that repeats a sentence of the body word for word, with the
    same speaker, is the body's statement. The body's copy is kept (its date and context are the article's)."""
    last: dict[tuple[str, str | None], int] = {}
    for number, statement in enumerate(statements):
        words = " ".join(re.findall(r"\w+", text[statement.start : statement.end].lower()))
        last[(words, statement.speaker.name or statement.speaker.mention)] = number
    kept = set(last.values())
    return [statement for number, statement in enumerate(statements) if number in kept]


@Language.factory(
    "claimtrack_attribution",
    requires=["token.dep", "token.lemma", "doc.ents"],
    assigns=[f"doc._.{EXTENSION}"],
    default_config={},
)
def make_attribution(nlp: Language, name: str) -> AttributionComponent:
    return AttributionComponent()


class AttributionComponent:
    """Stores the statements of each Doc in doc._.claimtrack_statements, as plain dicts."""

    def __init__(self) -> None:
        if not Doc.has_extension(EXTENSION):
            Doc.set_extension(EXTENSION, default=None)

    def __call__(self, doc: Doc) -> Doc:
        doc._.set(EXTENSION, [asdict(statement) for statement in extract_statements(doc)])
        return doc

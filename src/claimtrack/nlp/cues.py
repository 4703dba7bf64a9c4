"""Cues -> speakers: which tokens report speech (verbs, phrasal verbs, 'according to') and who speaks through them."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from claimtrack.nlp.dates import is_background, is_future, statement_date_phrases
from claimtrack.nlp.doccache import ents_of, text_of
from claimtrack.nlp.speakers import speaker_mention
from claimtrack.nlp.statement import RawStatement, SpeakerMention
from claimtrack.nlp.tokens import is_dated, own_subject, token_span
from claimtrack.nlp.words import active_words


def is_cue(token: Token) -> bool:
    """A reporting verb used as a verb: not 'the said agreement'."""
    if token.lemma_.lower() not in active_words().speech_cues and not _phrasal_cue(token):
        return False
    if token.pos_ not in {"VERB", "AUX"}:
        return False
    return token.dep_ not in {"amod", "compound", "acl"} or token.lemma_.lower() != "say" or token.tag_ != "VBN"


def made_clear(token: Token) -> Token | None:
    """'clear' right after a form of 'make' ('allies made clear he would remain'), wherever the parser hung it."""
    doc = token.doc
    if token.lemma_.lower() != "make" or token.i + 1 >= len(doc) or doc[token.i + 1].lower_ != "clear":
        return None
    return doc[token.i + 1]


def _phrasal_cue(token: Token) -> bool:
    """'"But you gotta get over it," Trump went on', '"...," Bennett shot back': a verb and its particle, or
    'put it' with nothing saying where it was put."""
    lemma = token.lemma_.lower()
    if made_clear(token) is not None:
        return True
    if not any(
        (lemma, c.lower_) in active_words().phrasal_cues
        for c in token.children
        if c.dep_ in {"prt", "advmod", "dobj", "oprd", "acomp", "ccomp"}
    ):
        return False
    # 'As Cornyn put it (bluntly): "..."', not 'put it on the table', 'put it away'.
    return lemma != "put" or not any(
        c.dep_ in {"prep", "prt"} or c.dep_ == "advmod" and c.lower_ in active_words().placing_adverbs
        for c in token.children
    )


def is_according(token: Token) -> bool:
    doc = token.doc
    return token.lower_ == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to"


def speaker_token(cue: Token) -> Token | None:
    """Who a cue attributes to: the subject of a verb, or X in 'according to X'."""
    if is_according(cue):
        return next((child for child in cue.doc[cue.i + 1].children if child.dep_ == "pobj"), None)
    return subject_of(cue)


def subject_of(cue: Token, *, passive: bool = False) -> Token | None:
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
    if (agent := agent_of(cue)) is not None:
        return agent  # '..., as reported by gazeta.ru': a passive with no subject but its agent
    # "Peskov told reporters and added ...", "..., saying that ...": the subject of the verb this one
    # is conjoined to, controlled by, or a participle of.
    if cue.dep_ == "advcl" and cue.tag_ == "VBG" and (absolute := _absolute_subject(cue)) is not None:
        return absolute
    if cue.dep_ == "xcomp" and (controller := _object_controller(cue)) is not None:
        return controller
    if cue.head.i != cue.i and (cue.dep_ in {"conj", "xcomp"} or cue.dep_ == "advcl" and cue.tag_ == "VBG"):
        return subject_of(cue.head, passive=True)
    # "Emanuel stood up at the event to say he was leaning toward Trump": an infinitive of purpose.
    if cue.dep_ == "advcl" and cue.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in cue.children):
        return subject_of(cue.head, passive=True)
    # "Majorities of voters going to the polls said ...": the parser made the participle the subject.
    for child in cue.children:
        if child.dep_ == "csubj" and child.i < cue.i and (participle_subject := own_subject(child)) is not None:
            return participle_subject
    # "About 4 in 10 say ...": a share of people the parser hung on the cue as a number.
    for child in cue.children:
        if child.i < cue.i and child.dep_ in {"nummod", "npadvmod"} and child.like_num and not is_dated(child):
            return child
    # "His office put out a statement saying ...": a participle describing what the subject produced or did.
    if cue.dep_ == "acl" and cue.tag_ == "VBG" and cue.head.dep_ == "dobj" and cue.head.head.pos_ == "VERB":
        return subject_of(cue.head.head, passive=True)
    # "Obama ended by saying ...", "quoted the president as saying ...": through the preposition.
    if cue.dep_ == "pcomp" and cue.head.dep_ == "prep" and cue.head.head.pos_ in {"VERB", "AUX"}:
        return subject_of(cue.head.head, passive=True)
    # "Holt criticized the board, then said the strike would go on": the parser made the first verb a clause
    # of "said". With a clause on each side, the subject of the one before is the speaker.
    clauses = [child for child in cue.children if child.dep_ == "ccomp"]
    if len(clauses) >= 2 and clauses[0].i < cue.i < clauses[-1].i:
        return own_subject(clauses[0])
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


def _object_controller(cue: Token) -> Token | None:
    """The object of an object-control verb is who speaks through its infinitive: in 'The absence of such
    intervention led Yerevan to accuse Moscow', Yerevan accuses."""
    head = cue.head
    if head.lemma_.lower() not in active_words().object_control:
        return None
    return next((c for c in head.children if c.dep_ == "dobj" and c.i < cue.i), None)


def agent_of(verb: Token) -> Token | None:
    """X in a passive 'reported by X'."""
    for agent in (c for c in verb.children if c.dep_ == "agent"):
        return next((c for c in agent.children if c.dep_ == "pobj"), None)
    return None


def cited_source(cue: Token) -> Token | None:
    """'Russia has made no statement, the Interfax news agency reported on Friday, citing Kremlin spokesman Dmitry
    Peskov': the words are the cited person's, the outlet only carries them."""
    for child in cue.children:
        if (
            child.lemma_.lower() in active_words().citing
            and child.tag_ == "VBG"
            and child.dep_ in {"advcl", "xcomp", "conj"}
        ):
            cited = next((c for c in child.children if c.dep_ == "dobj"), None)
            if cited is not None and (cited.ent_type_ == "PERSON" or cited.pos_ == "PROPN"):
                return cited
    return None


def subject_mention(subject: Token) -> SpeakerMention:
    """The speaker mention of a subject. 'Trump, who pledged to ...': the mention is 'who', as written, and
    the name, title and affiliation are those of the person the relative clause is about."""
    mention = speaker_mention(subject)
    verb = subject.head
    if subject.lower_ in active_words().relative and verb.dep_ == "relcl" and verb.head.i != verb.i:
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


def cues_between(doc: Doc, start: int, end: int) -> int:
    """Cues between two character offsets, not counting one that sets the scene of another there: in 'she
    said, speaking by phone' only 'said' attributes."""
    span = token_span(doc, start, end) if end > start else None
    if span is None:
        return 0
    cues = [token for token in span if is_cue(token)]
    inside = {token.i for token in cues}
    return sum(1 for token in cues if not (_setting(token) and any(a.i in inside for a in token.ancestors)))


def _setting(cue: Token) -> bool:
    """A cue that describes the scene of another: 'speaking by phone', 'who spoke at the rally', 'after
    Smith stated an interest'. 'adding', 'going on to say' bring words of their own."""
    if cue.lemma_.lower() in active_words().setting_cues:
        return True
    clause = next((t for t in [cue, *cue.ancestors] if t.dep_ in {"relcl", "acl", "advcl"}), None)
    return clause is not None and (clause.dep_ != "advcl" or any(c.dep_ == "mark" for c in clause.children))


def attach_cue(statement: RawStatement, cue: Token) -> None:
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
        if child.i == cue.i + 1 and (
            child.dep_ == "prt" or (cue.lemma_.lower(), child.lower_) in active_words().phrasal_cues
        ):
            end_token = child
    end_token = made_clear(cue) or end_token
    doc = cue.doc
    return text_of(doc)[cue.idx : end_token.idx + len(end_token)], cue.idx, end_token.idx + len(end_token)

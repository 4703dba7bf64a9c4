"""Speaker mentions -> names, titles and affiliations, resolved within one document.

First version: the named entity inside the mention, pronouns and descriptions ("the senior
diplomat") resolved to the most recent compatible speaker, surnames expanded to the full name seen
earlier in the same document. Never across documents.
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from claimtrack.nlp.doccache import ents_of, ents_within
from claimtrack.nlp.offices import OFFICE_ABBREVIATIONS, same_office
from claimtrack.nlp.statement import RawStatement, SpeakerMention

PERSON_PRONOUNS = frozenset("he she him her i me".split())
GROUP_PRONOUNS = frozenset("they we it them us".split())
#: Head nouns of descriptions that stand for an organisation rather than a person.
ORG_NOUNS = frozenset(
    "agency ministry government office department kremlin administration committee council "
    "service commission organization organisation company spokesperson's".split()
)
DROP_FROM_MENTION = frozenset({"relcl", "acl", "advcl", "parataxis"})
#: Head nouns of descriptions that stand for a person: "the senior diplomat", "the minister".
PERSON_NOUNS = frozenset(
    """diplomat minister official spokesman spokeswoman spokesperson president leader chief aide adviser
    advisor senator governor mayor secretary ambassador envoy deputy assistant lawyer attorney judge
    candidate nominee analyst expert economist scientist professor director chairman chairwoman chair
    executive founder owner manager officer commander general colonel soldier politician lawmaker
    legislator congressman congresswoman representative premier king queen prince pope cleric bishop
    priest activist journalist reporter editor author writer witness resident voter supporter critic
    opponent rival host anchor moderator student teacher doctor nurse worker employee president-elect
    source woman man father mother son daughter wife husband brother sister friend neighbour neighbor ally
    commentator colleague backbencher mp insider""".split()
)
#: Words that begin or make up titles, never given names: where a name's extension stops.
TITLE_WORDS = frozenset(
    """president vice prime minister deputy foreign defense defence interior secretary general senator sen
    rep representative gov governor mayor spokesman spokeswoman spokesperson press chairman chairwoman chair
    chief director head leader ambassador envoy minister's king queen prince pope judge justice attorney
    mr mrs ms dr gen general col colonel lt adm admiral commander officer professor prof sir lord lady
    st saint candidate nominee speaker assistant adviser advisor aide analyst expert state house senate
    national federal party opposition former acting""".split()
)


#: Words of an institution's name, never of a person's: where a name read backwards from a surname stops, and
#: what marks the words before a name as an institution ('the Committee on CIS Affairs Konstantin Zatulin').
INSTITUTION_WORDS = frozenset(
    """affairs committee council ministry department agency office service commission relations security forces
    union assembly parliament duma court bank institute university party foundation center centre republic
    federation kingdom states administration government authority authorities board bureau
    directorate""".split()
)
#: Heads of descriptions that name a news organisation ('the official TASS news agency'): the outlet is the name.
MEDIA_NOUNS = frozenset("agency newspaper daily broadcaster channel outlet network wire website portal paper".split())
#: Determiners and numbers that make a description indefinite: 'a US official', 'two people familiar with ...'.
INDEFINITE = frozenset("a an one two three four several some many other another".split())
#: Heads of descriptions that never name one known person: 'sources', 'people familiar with the talks'.
SOURCE_NOUNS = frozenset("source insider people person".split())


def _clean_name(text: str) -> str:
    text = re.sub(r"(['\u2019]s|['\u2019])$", "", text.strip())
    return re.sub(r"^(the|The)\s+", "", text).strip()


DASHES = frozenset({"-", "\u2013", "\u2014", "--"})


def spaced_dash(token: Token) -> bool:
    """A dash with a space before it ends a dateline or heading ('LONDON (Reuters) - ...'); in a name or a
    compound word ('Al-Assad', 'anti-war') it has none."""
    return token.text in DASHES and token.i > 0 and bool(token.doc[token.i - 1].whitespace_)


def speaker_mention(subject: Token) -> SpeakerMention:
    """The mention around a subject token, with the name, title and affiliation it states itself."""
    doc = subject.doc
    dropped: set[int] = set()
    for child in subject.children:
        if child.dep_ in DROP_FROM_MENTION:
            dropped.update(t.i for t in child.subtree)
    indices = [t.i for t in subject.subtree if t.i not in dropped]
    start, end = min(indices), max(indices) + 1
    # 'BERLIN (Reuters) - Ines Varga said': a dateline the parser hung on the subject is not part of it; and
    # in 'New York (AFP) - Vice President Joe Biden hit ...' the subject is the dateline, the name after it.
    for token in doc[start:end]:
        if spaced_dash(token) and token.i < subject.i:
            start = token.i + 1
        elif spaced_dash(token) and _dateline(subject):
            named = next((c for c in subject.children if c.i > token.i and c.dep_ == "appos"), None)
            if named is not None:
                start, subject = token.i + 1, named
                break
    while start < end and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return mention_of(doc[start:end], subject)


def _dateline(token: Token) -> bool:
    """A place in capitals or a place name that opens its line: 'NEW YORK (AP) -', 'Rangoon, Burma -'."""
    first = token.left_edge
    opens_line = first.i == 0 or "\n" in first.doc[first.i - 1].text + first.doc[first.i - 1].whitespace_
    return opens_line and (token.ent_type_ in {"GPE", "LOC"} or token.is_upper and len(token) > 1)


def mention_of(span: Span, head: Token) -> SpeakerMention:
    """The mention a span of words makes, `head` its main word: name, title and affiliation it states."""
    mention = SpeakerMention(mention=span.text, start=span.start_char, end=span.end_char)
    entities = ents_within(span)
    people = [ent for ent in entities if ent.label_ == "PERSON"]
    organisations = [ent for ent in entities if ent.label_ in {"ORG", "GPE", "NORP", "FAC", "LOC"}]
    # The person the mention is about: the name its main word is in, not one named in a clause about them
    # ('Christie, who campaigned for Donald Trump'); else the last name before it, else the last.
    # 'The MP for Carmarthen West', 'the spokesman for Mr. Johnson': a name in a phrase of the main word is whom
    # or what the office is for, not who speaks.
    people = [ent for ent in people if not _object_of_office(ent, head)]
    containing = next((ent for ent in people if ent.start <= head.i < ent.end), None)
    if containing is None and head.tag_ in {"NNS", "NNPS"}:
        people = []  # 'advisers to Mr. Obama', 'Clinton supporters': a group, not the person named in it
    if people:
        chosen = containing or next((ent for ent in reversed(people) if ent.end <= head.i), people[-1])
        person = _whole_name(span, chosen)
        mention.name, mention.kind, mention.via = _clean_name(person.text), "person", "entity"
        if span.start <= head.i < person.start:  # 'A top strategist, John Weaver, said': the main word's phrase
            end = next((t.i for t in span.doc[head.i + 1 : person.start] if _ends_title(t)), person.start)
            mention.title = _title(span, organisations, head.i, end)
        elif head.i < person.end:  # "Russia's Deputy Foreign Minister Mikhail Galuzin" (or a dateline's subject)
            mention.title = _title(span, organisations, person.start, person.start)
        # else the mention is of something of the person's ('Mrs. Clinton's campaign'): no title of theirs
        affiliations = [ent for ent in organisations if ent.end <= person.start or ent.start >= person.end]
        if affiliations:
            mention.affiliation = _clean_name(affiliations[0].text)
    elif head.lower_ in PERSON_PRONOUNS:
        mention.kind = "pronoun"
    elif head.lower_ in GROUP_PRONOUNS:
        mention.kind = "group-pronoun"
    elif (person := _person_after_title(span, head, organisations)) is not None:
        # 'the assistant to the President of Azerbaijan Hikmet Hajiyev': NER ran the name into the country's.
        mention.name, mention.kind, mention.via = person.text, "person", "entity"
        holder = next((ent for ent in organisations if ent.start < person.start < ent.end), None)
        if holder is not None and any(_title_word(t) for t in span.doc[holder.start : person.start]):
            # 'Presidential Spokesman Dmitry Peskov' taken whole for an organisation: its words are the title.
            mention.title = " ".join(t.text for t in span.doc[holder.start : person.start] if t.dep_ != "det")
        else:
            mention.title = _title(span, organisations, person.start, person.start)
            body = _clean_name(span.doc[organisations[0].start : person.start].text) if organisations else ""
            mention.affiliation = body if body and body.lower() not in INSTITUTION_WORDS else None  # not 'Republic'
    elif head.pos_ == "PROPN" and _office(span, head):
        # 'The Prime Minister replied', 'the Housing Secretary urged', 'The MP for Valmore said': an office, not a
        # name; it stands for the person met earlier who holds it.
        mention.kind, mention.title = "title", _office_title(span)
    elif organisations and any(ent.start <= head.i < ent.end for ent in organisations):
        organisation = next(ent for ent in organisations if ent.start <= head.i < ent.end)
        mention.name, mention.kind, mention.via = _clean_name(organisation.text), "organisation", "entity"
    elif head.pos_ == "PROPN":
        mention.name = _clean_name(_proper_name(span, head).text)
        mention.kind, mention.via = "organisation", "proper noun"
    elif head.pos_ == "NOUN" and (appos := _proper_apposition(head)) is not None:
        # "the mayor, Helena Brandt" / "the assistant to the mayor, Lena Vogt": the apposition names.
        mention.name, mention.via = _clean_name(appos.text), "apposition"
        mention.kind = "organisation" if head.lower_ in ORG_NOUNS else "person"
        title = [t.text for t in span if not (appos.start <= t.i < appos.end) and not t.is_punct and t.dep_ != "det"]
        mention.title = " ".join(title) or None
    elif head.pos_ == "NOUN":
        # "the senior diplomat" stands for a person met earlier, "the ministry" for an organisation;
        # "Reports", "a poll" or "the document" for nobody that can be named.
        noun = head.lemma_.lower()
        named = _named_organisation(span, head, organisations)
        if named is not None:
            # "the official TASS news agency", "The Armenian government": the description names the body.
            mention.name, mention.kind, mention.via = named, "organisation", "description"
        elif _anonymous(span, head):
            mention.kind = "anonymous"
        elif noun in ORG_NOUNS:
            mention.kind = "organisation-description"
        elif noun in PERSON_NOUNS and noun != "source":
            # 'the senior diplomat' is one person met earlier; 'experts', 'officials' are not.
            mention.kind = "people" if head.tag_ in {"NNS", "NNPS"} else "description"
            mention.title = _office_title(span) if mention.kind == "description" else None
        else:
            mention.kind = "thing"
        if organisations:
            mention.affiliation = _clean_name(organisations[0].text)
    return mention


def _office(span: Span, head: Token) -> bool:
    """A capitalised office with no name in it: 'The Prime Minister', 'the Housing Secretary', 'UK PM', 'The MP
    for Carmarthen West'. Its main word is a title word; the words before it are titles, places or qualifiers."""
    word = head.lower_.rstrip(".")
    if word not in OFFICE_ABBREVIATIONS and not _title_word(head):
        return False
    before = [t for t in span if t.i < head.i and t.is_alpha and t.dep_ != "det"]
    return all(t.is_title or t.is_upper for t in before) and not any(t.ent_type_ == "PERSON" for t in span)


def _office_title(span: Span) -> str | None:
    words = [t.text for t in span if not t.is_punct and t.dep_ not in {"det", "relcl", "acl"}]
    return " ".join(words) or None


def _named_organisation(span: Span, head: Token, organisations: list[Span]) -> str | None:
    """The name of the body a description is of, when a country, organisation or proper noun qualifies its
    head: "the official TASS news agency" -> "TASS", "The UN refugee agency" -> "UN refugee agency", "The
    Armenian government" -> "Armenian government". "the ministry" alone names nothing: it stands for a body
    met earlier."""
    if head.lemma_.lower() not in ORG_NOUNS | MEDIA_NOUNS or head.tag_ in {"NNS", "NNPS"}:
        return None
    modifiers = [t for t in head.lefts if t.dep_ in {"compound", "amod", "nmod", "poss"} and t.i >= span.start]
    words = [t for m in modifiers for t in m.subtree if t.i < head.i]
    named = [t for t in words if t.pos_ == "PROPN" or t.ent_type_ in {"ORG", "GPE", "NORP"}]
    if not named:
        return None
    media = head.lemma_.lower() in MEDIA_NOUNS - {"agency"} or any(t.lower_ in {"news", "press"} for t in words)
    if media:  # 'the TASS news agency' is TASS; 'the UN refugee agency' is not the UN
        outlets = [e for e in organisations if e.label_ == "ORG" and e.start >= named[0].i and e.end <= head.i]
        if outlets:  # the name next to the head: 'the Kremlin-controlled Izvestia newspaper' is Izvestia
            return _clean_name(outlets[-1].text)
    return _clean_name(span.doc[named[0].i : head.i + 1].text)


def _person_after_title(span: Span, head: Token, organisations: list[Span]) -> Span | None:
    """A given name and surname at the end of a mention with a title, which NER missed or ran into the country or
    body before them: 'the Prime Minister of the Republic Nikol Pashinyan', 'the assistant to the President of
    Azerbaijan Hikmet Hajiyev'. Not a place ('the mayor of New York', 'the President of the United States'), and
    without a title word an organisation's name stays whole ('Bank of America Merrill Lynch said')."""
    doc = span.doc
    if len(span) < 4:
        return None
    given, surname = doc[span.end - 2], doc[span.end - 1]

    def name_word(token: Token) -> bool:
        word = token.lower_.rstrip(".")
        return token.pos_ == "PROPN" and token.is_title and word not in TITLE_WORDS | INSTITUTION_WORDS

    if not (name_word(given) and name_word(surname)) or given.ent_type_ == "PERSON":
        return None
    if doc[given.i - 1].pos_ == "ADP":
        return None  # 'The MP for Carmarthen West': what the office is for
    holder = next((ent for ent in ents_of(doc) if ent.start <= surname.i < ent.end), None)
    if holder is not None:
        if holder.end != surname.i + 1 or holder.start == given.i:
            return None  # a place or body of two words, or a name that goes on
        if holder.start < given.i and doc[given.i - 1].pos_ != "PROPN":
            return None  # 'the United States'
    elif given.ent_type_:
        return None
    titled = any(_title_word(t) for t in doc[span.start : given.i])
    return doc[given.i : surname.i + 1] if titled else None


def _title_word(token: Token) -> bool:
    return token.lower_.rstrip(".") in TITLE_WORDS or token.lemma_.lower() in PERSON_NOUNS


#: What a text says of a source that asked not to be named.
_UNNAMED = re.compile(r"anonymity|not to be (?:named|identified)|declined to be (?:named|identified)|not authori[sz]ed")


def _anonymous(span: Span, head: Token) -> bool:
    """An unnamed source: 'a US official', 'two people familiar with the meeting', 'the sources', 'officials
    who asked not to be named'. Never the last person named: nobody in the text is meant."""
    noun = head.lemma_.lower()
    if noun not in PERSON_NOUNS | SOURCE_NOUNS:
        return False
    if _UNNAMED.search(span.text):
        return True  # 'the spokesman, speaking on condition of anonymity'
    determiner = next((t.lower_ for t in head.lefts if t.dep_ in {"det", "nummod", "quantmod"}), None)
    if noun in SOURCE_NOUNS or head.tag_ in {"NNS", "NNPS"} and determiner in {None, *INDEFINITE}:
        return determiner not in {"these", "those", "both"}
    return determiner in INDEFINITE or determiner is not None and determiner.isdigit()


def _object_of_office(person: Span, head: Token) -> bool:
    """A name right after a preposition of the mention's main word: 'the spokesman for Mr. Johnson'. Not a name
    that ends the phrase after a body ('the director of the Caucasus Institute Alexander Iskandaryan')."""
    preposition = person.root.head
    return (
        person.root.dep_ == "pobj"
        and preposition.head.i == head.i
        and all(
            t.lower_.rstrip(".") in TITLE_WORDS or t.dep_ == "det" and not t.ent_type_
            for t in person.doc[preposition.i + 1 : person.start]
        )
    )


def _title(span: Span, organisations: list[Span], start: int, end: int) -> str | None:
    """The title in the words from before `start` up to `end`: read backwards to a comma, verb or pronoun, so
    that a clause before it is left out ('Christie, who campaigned for nominee Donald Trump')."""
    doc = span.doc
    in_organisation = {i for ent in organisations for i in range(ent.start, ent.end)}
    while start > span.start and not _ends_title(doc[start - 1]):
        start -= 1
    # 'Russia's Deputy Foreign Minister': the body before the title is the affiliation; in 'first deputy chairman
    # of the State Duma Committee on CIS Affairs' the body after 'of' is part of the title.
    linked = next((t.i for t in doc[start:end] if t.lower_ in TITLE_LINKS), end)
    kept = [
        t
        for t in doc[start:end]
        if (t.i not in in_organisation or t.i > linked) and not t.is_punct and t.lower_.rstrip(".") not in HONORIFICS
    ]
    words = [t.text for t in kept if t.dep_ not in {"det", "case"}]
    while words and words[0].lower() in TITLE_LINKS:
        words.pop(0)
    while words and words[-1].lower() in TITLE_LINKS:
        words.pop()
    return " ".join(words) or None


#: Forms of address, not titles: 'Mr Johnson' has no title ('Sir Keir Starmer' neither).
HONORIFICS = frozenset("mr mrs ms miss mx sir dame messrs".split())
#: Words that join the parts of a title ('Secretary of State') but cannot begin or end one.
TITLE_LINKS = frozenset({"of", "to", "for", "and"})


def _ends_title(token: Token) -> bool:
    """Where a title, read backwards from the name, stops: a clause, a comma, a verb or a pronoun."""
    return token.text in {",", ";", ":", "(", ")"} or token.pos_ in {"VERB", "AUX", "PRON", "SCONJ"}


#: What ends a name and opens what is said of it: 'Sanders, who had said ...', 'Politifact (which ...'.
NAME_ENDS = frozenset({",", "(", "\u2014", "\u2013", "--"})


def _proper_name(span: Span, head: Token) -> Span:
    """The name in a mention whose main word is a proper noun, without the apposition or relative clause
    after it ('Zimmerman, 32', 'Sanders, who had said ...') or a dangling 'of'."""
    end = next((t.i for t in span if t.i > head.i and t.text in NAME_ENDS), span.end)
    while end > head.i + 1 and span.doc[end - 1].pos_ in {"ADP", "CCONJ", "DET", "PUNCT"}:
        end -= 1
    return span.doc[span.start : end]


def _position(statement: RawStatement) -> int:
    speaker = statement.speaker
    return speaker.start if speaker.start is not None else statement.start


def _people_in_text(doc) -> list[tuple[int, SpeakerMention]]:
    """People the text makes the subject of a sentence ("Tomas Rieck disputed the figures"): the
    likely antecedents of a later "he" or "the politician", even when they said nothing quoted."""
    mentions = []
    for ent in ents_of(doc):
        if ent.label_ == "PERSON" and ent.root.dep_ in {"nsubj", "nsubjpass"}:
            # The whole subject, so that "Opposition leader Tomas Rieck" brings his title along.
            mention = speaker_mention(ent.root)
            if mention.kind != "person" or not mention.name:
                mention = SpeakerMention(name=_clean_name(ent.text), kind="person", via="entity")
            mentions.append((ent.start_char, mention))
    return mentions


def _whole_name(span, person):
    """NER sometimes keeps only the surname ('Ana [Lopes]'): take in the given names before it, but
    never a title word ('Deputy Foreign Minister Mikhail Galuzin' stays 'Mikhail Galuzin')."""
    start = person.start
    while (
        start - 1 >= span.start
        and span.doc[start - 1].pos_ == "PROPN"
        and span.doc[start - 1].is_title
        and span.doc[start - 1].lower_.rstrip(".") not in TITLE_WORDS | INSTITUTION_WORDS
        and span.doc[start - 1].tag_ != "NNPS"  # 'Committee on CIS Affairs Konstantin Zatulin'
        and span.doc[start - 1].ent_type_ not in {"ORG", "GPE", "NORP"}
    ):
        start -= 1
    return span.doc[start : person.end]


def _proper_apposition(head: Token):
    for child in head.children:
        if child.dep_ == "appos" and child.pos_ == "PROPN":
            return child.doc[child.left_edge.i : child.right_edge.i + 1]
    return None


def resolve_speakers(doc, statements: list[RawStatement]) -> None:
    """Fill in names from earlier speakers and sentence subjects of the same document, in text order."""
    people = _people_in_text(doc)  # (position, mention): named people, in text order once sorted
    full_names = {mention.name for _, mention in people if mention.name and " " in mention.name}
    organisations: list[tuple[int, SpeakerMention]] = []
    known: dict[str, SpeakerMention] = {}
    previous: SpeakerMention | None = None
    for statement in statements:
        speaker = statement.speaker
        position = _position(statement)
        earlier_people = [mention for at, mention in sorted(people, key=lambda item: item[0]) if at < position]
        surname_of = [name for name in full_names if speaker.name and name.split()[-1] == speaker.name]
        if speaker.kind in {"person", "organisation"} and len(surname_of) == 1:
            # "Brandt told reporters" after "Mayor Helena Brandt", whatever NER made of the surname.
            speaker.name, speaker.kind, speaker.via = surname_of[0], "person", "surname"
        elif speaker.kind in {"description", "title"} and (
            holders := [m for m in earlier_people if m.name and same_office(speaker.title, m.title)]
        ):
            # 'the Housing Secretary' after 'Housing Secretary Michael Gove': the person who holds the office.
            _copy(holders[-1], speaker, "description")
        elif speaker.kind in {"pronoun", "description"} and earlier_people:
            _copy(earlier_people[-1], speaker, speaker.kind)
        elif speaker.kind == "pronoun" and (
            unsure := [
                m
                for at, m in organisations
                if at < position and m.mention and m.mention.split()[0].lower() != "the" and len(m.name.split()) <= 3
            ]
        ):
            # "Brandt said ... she added": NER took the person for an organisation, but a bare name that a
            # he or she refers back to is a person ("the Kremlin" is never one).
            _copy(unsure[-1], speaker, speaker.kind)
        elif speaker.kind in {"group-pronoun", "organisation-description"}:
            # 'they', 'we', 'it' stand for an organisation met earlier, never for one person.
            pool = organisations if speaker.kind == "group-pronoun" else organisations + people
            earlier = [(at, mention) for at, mention in pool if at < position]
            if earlier:
                _copy(max(earlier, key=lambda item: item[0])[1], speaker, speaker.kind)
        elif speaker.mention is None and statement.cue is None and previous is not None and previous.name:
            # A bare quote with no cue of its own continues the previous speaker.
            _copy(previous, speaker, "continuation")
        if speaker.name:
            # What one mention says of a speaker ("Mayor Helena Brandt") holds for the later ones.
            best = known.setdefault(speaker.name, SpeakerMention(name=speaker.name))
            best.title = best.title or speaker.title
            best.affiliation = best.affiliation or speaker.affiliation
            speaker.title = speaker.title or best.title
            speaker.affiliation = speaker.affiliation or best.affiliation
        if speaker.name:
            if speaker.kind == "person" or speaker.via in {"pronoun", "description", "continuation", "surname"}:
                people.append((position, speaker))
                if " " in speaker.name:
                    full_names.add(speaker.name)
            else:
                organisations.append((position, speaker))
            previous = speaker


def _copy(source: SpeakerMention, target: SpeakerMention, via: str) -> None:
    if target.mention is None:
        # No mention of its own (a continuation quote): point at the mention that named the speaker.
        target.mention, target.start, target.end = source.mention, source.start, source.end
    target.name = source.name
    target.title = target.title or source.title
    target.affiliation = target.affiliation or source.affiliation
    target.via = via

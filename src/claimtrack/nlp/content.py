"""Cue -> content span: the clause, interrupted sentence or noun phrase a reporting verb reports."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from claimtrack.nlp.cues import (
    agent_of,
    is_cue,
    made_clear,
)
from claimtrack.nlp.tokens import ASIDE_MARKS, is_dated, is_finite, marked_that, own_subject, trim
from claimtrack.nlp.words import active_words


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


def clause_end(root: Token) -> int:
    """End of a reported clause, before a conjoined clause that has a subject or cue of its own:
    'half said they prefer X | and about the same numbers would rather see Y', and before a clause in which
    someone else reports: 'they are set on voting for him | , while 22 percent said they might change'."""
    end = root.right_edge.i + 1
    under_that = marked_that(root)
    for child in _conjoined_clauses(root):
        if (marked_that(child) or under_that) and not is_cue(child):
            # 'announced that A, and that B', 'arguing that A and B': both are under the one 'that'
            continue
        if own_subject(child) is not None or is_cue(child):
            coordinator = [t.i for t in root.children if t.dep_ == "cc" and t.i < child.i]
            cut = coordinator[-1] if coordinator else child.left_edge.i
            end = min(end, cut)
    for child in root.children:
        contrast = child.dep_ == "advcl" and child.left_edge.lower_ in active_words().contrasting
        if contrast and child.i > root.i and own_subject(child) is not None:
            opener = child.left_edge
            set_apart = opener.i > 0 and opener.doc[opener.i - 1].text in ASIDE_MARKS
            if is_cue(child) or set_apart and opener.lower_ in {"while", "whereas"}:
                end = min(end, opener.i)
    # "she is going to vote for him and kept quiet", "vowed to keep abortion legal and celebrated the ruling":
    # a past-tense verb with no subject cannot go on a present or infinitive clause; it goes on the cue's.
    if root.tag_ in {"VB", "VBZ", "VBP"}:
        for child in _conjoined_clauses(root):
            if child.tag_ == "VBD" and own_subject(child) is None:
                coordinator = [t.i for t in root.children if t.dep_ == "cc" and t.i < child.i]
                end = min(end, coordinator[-1] if coordinator else child.left_edge.i)
    return end


def _last_conjunct_start(root: Token) -> int:
    """Start of the last clause conjoined to `root` with a subject of its own, or of `root` itself."""
    own = [child for child in _conjoined_clauses(root) if own_subject(child) is not None]
    # '... 70-90,000 refugees but that needs updating, she added': a last clause whose subject points back at
    # the one before cannot stand alone; both are what was said.
    if own and own_subject(own[-1]).lower_ in active_words().demonstratives:
        return root.left_edge.i
    return own[-1].left_edge.i if own else root.left_edge.i


def _conjoined_clauses(root: Token) -> list[Token]:
    return [child for child in root.children if child.dep_ == "conj" and child.pos_ in {"VERB", "AUX"}]


def _is_clause(child: Token) -> bool:
    """An open complement the parser made of a whole clause ("said [legalizing it could put ...]"): after
    the cue, and with a finite verb and subject of its own inside."""
    return (
        child.dep_ == "xcomp"
        and child.i > child.head.i
        and any(t.dep_ in {"nsubj", "nsubjpass"} and is_finite(t.head) for t in child.subtree)
    )


def _question(child: Token) -> bool:
    """'asked workers if they planned to attend': the parser made the question a conditional clause."""
    return (
        child.dep_ == "advcl"
        and child.i > child.head.i
        and child.head.lemma_.lower() in active_words().question_cues
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
        and is_finite(child)
        and marked_that(child)
        and not any(c.lower_ in {"so", "such", "now", "given"} for c in child.children)  # 'so that', 'now that'
    )


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
    subject = own_subject(cue)
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
    if cue.dep_ != "advcl" or cue.lemma_.lower() in active_words().setting_cues or cue.tag_ == "VBG":
        return False
    if own_subject(cue) is None and agent_of(cue) is None:  # '..., as reported by gazeta.ru' names its source
        return False
    if not any(child.dep_ == "mark" and child.lower_ == "as" for child in cue.children):
        return False
    addressee = cue.lemma_.lower() in active_words().addressee_cues
    if any(c.dep_ in {"ccomp", "xcomp"} or c.dep_ == "dobj" and not addressee for c in cue.children):
        return False  # 'as she said goodbye', 'as he explained the plan': the clause has its own object
    if cue.i < cue.head.i:
        after = cue.right_edge.i + 1
        return after < len(doc) and doc[after].text in ASIDE_MARKS
    return cue.left_edge.i > 0 and doc[cue.left_edge.i - 1].text in ASIDE_MARKS


def content_of(cue: Token) -> tuple[int, int] | None:
    """Token range of what a reporting verb reports: its clausal complement, or the clause it interrupts."""
    doc = cue.doc
    lemma = cue.lemma_.lower()
    clear = made_clear(cue)
    if clear is not None:
        # 'made clear he would remain': the parser hangs the clause on 'clear', or 'clear' on the clause.
        clause = next((c for c in clear.children if c.dep_ in {"advcl", "ccomp"} and c.i > clear.i), None)
        if clause is None and clear.head.dep_ == "ccomp" and clear.head.head.i == cue.i:
            clause = clear.head
        if clause is not None:
            return _without_trailing_aside(doc, *trim(doc, max(clause.left_edge.i, clear.i + 1), clause_end(clause)))
    clauses = [
        child
        for child in cue.children
        if child.dep_ == "ccomp"
        and not _stray_clause(child)
        and (clear is None or child.i != clear.i)
        or (_is_clause(child) and lemma not in active_words().aspectual_cues)
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
            return trim(doc, _last_conjunct_start(child), child.right_edge.i + 1)
        return _without_trailing_aside(doc, *trim(doc, child.left_edge.i, clause_end(child)))
    # What someone was called or accused of, with whom: 'calling him "a total stiff"', 'accused the
    # ministry of hiding the report'.
    after = [child for child in cue.children if child.i > cue.i]
    if lemma in active_words().naming_cues and any(child.dep_ == "oprd" for child in after):
        named = [child for child in after if child.dep_ in {"dobj", "oprd"}]
        return trim(doc, min(c.left_edge.i for c in named), max(c.right_edge.i for c in named) + 1)
    if lemma in active_words().charging_cues:
        accused = next((child for child in after if child.dep_ == "dobj"), None)
        charge = next((child for child in after if child.dep_ == "prep" and child.lower_ == "of"), None)
        if accused is not None and charge is not None and accused.i < charge.i:
            return trim(doc, accused.left_edge.i, charge.right_edge.i + 1)
    if cue.dep_ == "parataxis" or _interrupting(cue) or _as_aside(cue):
        # "There is no clear cause, Peskov told reporters, so ...": the cue interrupts its content. A participle
        # with no subject of its own does not ("Clinton celebrated with supporters, declaring it ...").
        head = cue.head
        tokens = [t.i for t in head.subtree if not (cue.left_edge.i <= t.i <= cue.right_edge.i)]
        if cue.i < head.i:  # 'But as the Times reported, ...': what is said starts after the aside
            tokens = [i for i in tokens if i > cue.right_edge.i]
        if tokens:
            start, end = _without_trailing_aside(doc, *trim(doc, min(tokens), max(tokens) + 1))
            if start < cue.left_edge.i and end <= cue.right_edge.i + 1:
                end = trim(doc, start, cue.left_edge.i)[1]  # nothing said after the cue once its aside is gone
            return start, end
    # 'told the delegation he plans to fight on': the parser made the clause a relative one of the addressee; with
    # no relative word opening it and a subject of its own, it is what was told.
    if lemma in active_words().addressee_cues:
        for addressee in (child for child in cue.children if child.dep_ == "dobj" and child.i > cue.i):
            for clause in (c for c in addressee.children if c.dep_ == "relcl" and c.i > addressee.i):
                subject = own_subject(clause)
                opener = clause.left_edge
                if (
                    subject is not None
                    and subject.lower_ not in active_words().relative_words
                    and opener.lower_ not in active_words().relative_words
                ):
                    return _without_trailing_aside(doc, *trim(doc, opener.i, clause_end(clause)))
    # A one-word answer: "75 percent of Democrats said yes", "half said so"; "64 percent say the same of X".
    if lemma in active_words().answering_cues:
        for child in cue.children:
            if child.i > cue.i and child.lower_ in active_words().answers:
                return child.i, child.i + 1
            if child.i > cue.i and child.dep_ == "dobj" and child.lower_ == "same":
                return trim(doc, child.left_edge.i, child.right_edge.i + 1)
    # "Adelson said during a news conference that he may wait": a 'that' clause the parser hung on the
    # noun before it, as if it were a relative clause.
    for prep in (child for child in cue.children if child.dep_ == "prep" and child.i > cue.i):
        for clause in (t for t in prep.subtree if t.dep_ == "relcl"):
            first = clause.left_edge
            if first.lower_ == "that" and first.dep_ == "mark" and is_finite(clause):
                return trim(doc, first.i + 1, clause_end(clause))
    # Content that is not a clause: "vowing to compete", "criticized Clinton", "talked about immigration".
    if lemma not in active_words().nominal_content_cues:
        return None
    children = list(cue.children)
    speak = lemma == "speak"  # 'spoke Hebrew', 'spoke on Fox News', 'spoke over boos': only 'about'
    for wanted in ("prep",) if speak else ("xcomp", "dobj", "prep"):
        for child in children:
            if child.dep_ != wanted or child.i < cue.i:
                continue
            if wanted == "dobj" and lemma in active_words().addressee_cues:
                continue
            if lemma in active_words().contesting_cues and not any(
                t.dep_ in {"acl", "relcl", "ccomp"} for t in child.subtree
            ):
                continue  # 'challenging the mayor in the primary': an act; 'challenged the claim that ...': words
            if wanted == "prep":
                if child.lower_ not in active_words().topic_prepositions or speak and child.lower_ != "about":
                    continue
                child = next((grandchild for grandchild in child.children if grandchild.dep_ == "pobj"), None)
                if child is None or is_dated(child) or child.lemma_ == "condition":
                    continue  # 'talked on Monday', 'on condition of anonymity': when and how, not what
            end = clause_end(child) if wanted == "xcomp" else child.right_edge.i + 1
            return _without_trailing_aside(doc, *trim(doc, child.left_edge.i, end))
    return None


def is_reference(content: Span, cue: Token) -> bool:
    """Content that is a noun phrase naming words said elsewhere ('denied the report', 'commented briefly on
    the information') or whom a cue judges ('criticized Russia'): it says no claim of its own. A clause, a
    noun phrase with a clause in it ('reports that the base would close') or one that states what it is about
    ('the authenticity of earlier reports about the withdrawal') is a claim."""
    if not len(content) or any(t.pos_ in {"VERB", "AUX"} for t in content):
        return False
    root = content.root
    if cue.lemma_.lower() in active_words().target_cues:
        return True
    return root.lemma_.lower() in active_words().reference_nouns and not any(t.dep_ == "prep" for t in root.children)

"""Failure classes found on real news (wire copy, ministry briefings, regional outlets), each pinned with
sentences made up for the test: cues with a time phrase before 'that', named bodies and outlets as speakers,
unnamed sources, titles that run into names, references that say no claim of their own."""

from __future__ import annotations

import pytest

from claimtrack.nlp.attribution import extract_statements


def found(nlp, text: str) -> list[tuple[str, str | None, str, str | None]]:
    """(content, speaker name, kind, speaker kind) of each statement."""
    return [(text[s.start : s.end], s.speaker.name, s.kind, s.speaker.kind) for s in extract_statements(nlp(text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Harbour spokesperson Lena Vogt confirmed this week that the ferries will be leaving Valmore.",
            [("the ferries will be leaving Valmore", "Lena Vogt", "indirect", "person")],
        ),
        (
            "Mayor Helena Brandt reiterated the authenticity of earlier reports about the closure.",
            [("the authenticity of earlier reports about the closure", "Helena Brandt", "indirect", "person")],
        ),
        (
            "He clarified that the council is talking about a merger of the two ports.",
            [("the council is talking about a merger of the two ports", None, "indirect", "pronoun")],
        ),
        (
            "The minister ruled out a withdrawal of the garrison.",
            [("a withdrawal of the garrison", None, "indirect", "description")],
        ),
        (
            "Port chief Ana Lopes brushed aside reports that the terminal would close.",
            [("reports that the terminal would close", "Ana Lopes", "indirect", "person")],
        ),
    ],
    ids=["time phrase before that", "reiterated with an object", "clarified", "ruled out", "brushed aside"],
)
def test_cues_of_real_news(nlp, text, expected):
    assert found(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("In particular, the official Valmore News agency said on Friday that the port will close.", "Valmore News"),
        ("The UN refugee agency on Friday said 8,000 people had crossed the border.", "UN refugee agency"),
        ("The Brennish government urged the garrison to step in.", "Brennish government"),
    ],
    ids=["news agency is the outlet", "a body named by its parts", "a country's government"],
)
def test_a_named_body_speaks_for_itself(nlp, text, speaker):
    """A description that names its body is that body, never the person named before it."""
    statements = extract_statements(nlp("Mayor Helena Brandt said the port would stay open. " + text))
    assert statements[-1].speaker.name == speaker
    assert statements[-1].speaker.kind == "organisation"


@pytest.mark.parametrize(
    "text",
    [
        "A US official said the garrison would leave by September.",
        "Two people familiar with the meeting said the talks had failed.",
        "Officials said the base would close.",
        "The sources said the base would close.",
    ],
)
def test_unnamed_sources_are_anonymous_never_the_last_person_named(nlp, text):
    statements = extract_statements(nlp("Mayor Helena Brandt said the port would stay open. " + text))
    assert statements[-1].speaker.kind == "anonymous"
    assert statements[-1].speaker.name is None


def test_an_unnamed_source_keeps_its_country(nlp):
    [statement] = extract_statements(nlp("A US official said the garrison would leave by September."))
    assert statement.speaker.affiliation == "US"


@pytest.mark.parametrize(
    ("text", "name", "title"),
    [
        (
            "Back on April 16, the first deputy chairman of the Harbour Committee on Port Affairs Tomas Rieck "
            "reported that the ferries are not yet leaving.",
            "Tomas Rieck",
            "first deputy chairman of Harbour Committee on Port Affairs",
        ),
        (
            "\u201cThe process has already begun.\u201dsaid the assistant to the President of Brennland Karl Weiss.",
            "Karl Weiss",
            "assistant to President of Brennland",
        ),
    ],
    ids=["institution words are not a given name", "a name that NER ran into the country"],
)
def test_titles_that_run_into_names(nlp, text, name, title):
    [statement] = extract_statements(nlp(text))
    assert statement.speaker.name == name
    assert statement.speaker.title == title


def test_a_participle_after_a_with_phrase_speaks_for_its_person(nlp):
    text = (
        "The council remained quiet on the closure, with harbour spokesman Karl Weiss reminding of the costs, "
        "saying that the port has not paid its way."
    )
    assert found(nlp, text)[-1][:2] == ("the port has not paid its way", "Karl Weiss")


def test_the_object_of_prompted_to_speaks_through_the_infinitive(nlp):
    """The object of 'led', 'prompted', 'urged' does what the infinitive says; the subject ('the delay') does not."""
    text = "The delay prompted Helena Brandt to say that the port would close."
    assert found(nlp, text)[0][:2] == ("the port would close", "Helena Brandt")


def test_only_the_sentence_that_ends_in_the_colon_introduces_the_quote(nlp):
    text = (
        "The council has already stated that the ferries should not be moved. The position of Valmore was "
        "put forward by the mayor of the city Helena Brandt:\n\u201cThese are our ferries. If they go, they go "
        "to Brennport.\u201d"
    )
    [*_, quote] = extract_statements(nlp(text))
    assert (quote.cue, quote.speaker.mention) == ("put", "the mayor of the city Helena Brandt")


@pytest.mark.parametrize(
    ("text", "content"),
    [
        (
            "Initial figures were for 9,000 people but that needs updating, she added.",
            "Initial figures were for 9,000 people but that needs updating",
        ),
        (
            "Mayor Helena Brandt announced her readiness to sign the deal on the terms already agreed upon.",
            "her readiness to sign the deal on the terms",
        ),
    ],
    ids=["a clause that points back is said with the one before", "a stray clause after the object"],
)
def test_content_is_not_cut(nlp, text, content):
    assert found(nlp, text)[-1][0] == content


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("The Defence Ministry denied the report hours later.", "reference"),
        ("The council commented briefly on the information.", "reference"),
        ("Helena Brandt criticized Brennland.", "reference"),
        ("Helena Brandt rejected the charges.", "reference"),
        ("Helena Brandt denied reports of a closure.", "indirect"),
        ("Helena Brandt announced the closure of the northern terminal.", "indirect"),
    ],
)
def test_references_say_no_claim_of_their_own(nlp, text, kind):
    assert found(nlp, text)[-1][2] == kind


def test_wire_copy_credits_the_speaker_not_the_agency_of_the_dateline(nlp):
    text = (
        "VALMORE, April 22. /VNA/. The ferries left the port because no work was left for them there, "
        "Presidential Spokesman Karl Weiss said on Monday."
    )
    [statement] = extract_statements(nlp(text))
    assert statement.speaker.name == "Karl Weiss"
    assert statement.date_phrase == "on Monday"


def test_a_source_speaking_on_condition_of_anonymity_is_anonymous(nlp):
    text = (
        "Mayor Helena Brandt said the port would stay open. The spokesman for the ministry, speaking on "
        "condition of anonymity, said the base would close."
    )
    assert extract_statements(nlp(text))[-1].speaker.kind == "anonymous"


@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [
        (
            "Valmoria has agreed to renew the lease but only for another 60 days, Deputy Minister Ola Berg "
            "announced following talks with the council.",
            "Valmoria has agreed to renew the lease",
            "Ola Berg",
        ),
        (
            "The mayor told the delegation she plans to fight on despite the collapse in support.",
            "she plans to fight on despite the collapse in support",
            None,
        ),
        (
            "Mayor Helena Brandt announced that the envoy will return to Valmore, and that the garrison will "
            "fully withdraw from the port.",
            "the envoy will return to Valmore, and that the garrison will fully withdraw from the port",
            "Helena Brandt",
        ),
        ("The mayor made clear she would remain in place.", "she would remain in place", None),
        (
            "Talks on extending the lease are taking place today, as reported by the Valmore Courier.",
            "Talks on extending the lease are taking place today",
            None,
        ),
    ],
    ids=[
        "a parenthetical the parser joined as a conjunct",
        "told X she plans",
        "and that",
        "made clear",
        "as reported by",
    ],
)
def test_more_frames_of_reported_speech(nlp, text, content, speaker):
    [statement] = [s for s in extract_statements(nlp(text)) if text[s.start : s.end] == content]
    assert statement.speaker.name == speaker or speaker is None


def test_a_relative_pronoun_speaks_for_the_group_it_follows(nlp):
    text = "It came after senior ministers who urged her to resign were rebuffed."
    [statement] = extract_statements(nlp(text))
    assert statement.speaker.mention == "senior ministers who"
    assert statement.speaker.kind == "anonymous"


@pytest.mark.parametrize(
    ("office", "holder"),
    [("The Prime Minister", "Boris Johnson"), ("The Housing Secretary", "Michael Gove"), ("UK PM", "Boris Johnson")],
)
def test_a_bare_office_is_the_person_met_earlier_who_holds_it(nlp, office, holder):
    text = (
        "Prime Minister Boris Johnson said he would stay. Housing Secretary Michael Gove said he should quit. "
        f"{office} said the government would go on."
    )
    assert extract_statements(nlp(text))[-1].speaker.name == holder


def test_an_office_nobody_in_the_text_holds_names_nobody(nlp):
    text = "Housing Secretary Michael Gove said he should quit. The MP for Carmarthen West said it was over."
    last = extract_statements(nlp(text))[-1]
    assert last.speaker.name is None and last.speaker.title == "MP for Carmarthen West"


@pytest.mark.parametrize(
    ("text", "background"),
    [
        ("The council had threatened to pull out of the deal.", True),
        ("Mayor Helena Brandt said earlier that the port would not stay open forever.", True),
        ("The mayor has repeatedly threatened not to renew the lease.", True),
        ("The council had been saying for months that its conditions were not met.", True),
        ("The ferries remained, the council having long claimed they would stay until 2025.", True),
        ("The ferries will stay in port, the council said on Friday.", False),
        ("Valmoria has agreed to renew the lease, Deputy Minister Ola Berg announced.", False),
        ("Mayor Helena Brandt said on Monday that the port would close.", False),
    ],
)
def test_background_reports_are_marked(nlp, text, background):
    """Background is said some time before the article's news: it is never dated at publication (dating.py)."""
    assert extract_statements(nlp(text))[-1].background is background


@pytest.mark.parametrize(
    ("text", "content"),
    [
        (
            "Most critics disagreed, arguing that her authority has been undermined and her days are numbered.",
            "her authority has been undermined and her days are numbered",
        ),
        (
            "The Courier called it a rout while the Gazette branded it "
            "\u201ca hollow victory that splits the council\u201d.",
            "a hollow victory that splits the council",
        ),
        (
            "The channel reports the establishment of contacts between the council and the rebels.",
            "the establishment of contacts between the council and the rebels",
        ),
    ],
    ids=["two clauses under one that", "branded", "reports with an object"],
)
def test_content_of_more_cues(nlp, text, content):
    assert content in [text[s.start : s.end] for s in extract_statements(nlp(text))]


@pytest.mark.parametrize(
    "text",
    [
        "VALMORE (Courier.vm)\u2014The ferries should stay in port, Mayor Helena Brandt said on Monday.",
        "VALMORE, October 9. /VNA/. The ferries should stay in port, Mayor Helena Brandt said.",
        "VALMORE (Reuters) - The ferries should stay in port, Mayor Helena Brandt said.",
    ],
)
def test_content_opening_a_paragraph_starts_after_its_dateline(nlp, text):
    [statement] = extract_statements(nlp(text))
    assert text[statement.start : statement.end] == "The ferries should stay in port"


@pytest.mark.parametrize(
    "text",
    [
        "Mayor Helena Brandt has agreed to extend the lease, council leader Ulla Ek said on Friday.",
        "Council leader Ulla Ek said on Friday that Mayor Helena Brandt has agreed to extend the lease.",
    ],
)
def test_an_agreement_reported_by_another_is_one_statement_of_the_reporter(nlp, text):
    """Brandt made no statement here; Ek reported her act."""
    statements = extract_statements(nlp(text))
    assert [s.speaker.name for s in statements] == ["Ulla Ek"]

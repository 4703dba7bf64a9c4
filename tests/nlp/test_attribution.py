"""The first extractor on sentences written for these tests: what is a statement, and who said it."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimtrack.nlp.attribution import extract_statements, find_quotes
from claimtrack.nlp.speakers import mention_of


def statements(nlp, text: str) -> list[tuple[str, str | None, str]]:
    """(content, speaker name, kind) for each statement, content pieces joined by ' | '."""
    doc = nlp(text)
    found = []
    for statement in extract_statements(doc):
        pieces = statement.pieces or [(statement.start, statement.end)]
        found.append((" | ".join(text[a:b] for a, b in pieces), statement.speaker.name, statement.kind))
    return found


CASES = [
    (
        "reported speech with that",
        "Mayor Helena Brandt said on Tuesday that the harbour offices would stay in Valmore.",
        [("the harbour offices would stay in Valmore", "Helena Brandt", "indirect")],
    ),
    (
        "split quote is one statement",
        '"We have no plans to move," Brandt told reporters. "The offices will stay here."',
        [("We have no plans to move, | The offices will stay here.", "Brandt", "direct")],
    ),
    (
        "quote after a colon",
        "Asked about the move, spokesman Karl Weiss stated: \u201cYes this is true.\u201d",
        [("Yes this is true.", "Karl Weiss", "direct")],
    ),
    (
        "quote glued to the cue",
        "\u201cThe council has taken its decision.\u201dsaid the assistant to the mayor, Lena Vogt.",
        [("The council has taken its decision.", "Lena Vogt", "direct")],
    ),
    (
        "quote glued to the comma after the cue",
        "Tomas Rieck said,\u201cLook, the harbour will stay open.\u201d",
        [("Look, the harbour will stay open.", "Tomas Rieck", "direct")],
    ),
    (
        "according to",
        "According to the regional transport ministry, the port handled four million tonnes last year.",
        [("the port handled four million tonnes last year", "regional transport ministry", "indirect")],
    ),
    (
        "organisation speaks",
        "The Port Workers Union stated that its members had not been consulted.",
        [("its members had not been consulted", "Port Workers Union", "indirect")],
    ),
    (
        "pronoun takes the person the text is about",
        'Opposition leader Tomas Rieck disputed the figures. "These numbers are inflated," he said.',
        [("These numbers are inflated,", "Tomas Rieck", "direct")],
    ),
    (
        "description takes the most recent person",
        'Minister Ana Lopes met the press. "The reform will pass this year," the minister said.',
        [("The reform will pass this year,", "Ana Lopes", "direct")],
    ),
    (
        "bare quoted paragraph continues the previous speaker",
        'Ana Lopes said the reform was ready.\n\n"We have waited long enough for this."',
        [
            ("the reform was ready", "Ana Lopes", "indirect"),
            ("We have waited long enough for this.", "Ana Lopes", "direct"),
        ],
    ),
    (
        "split quote with a long attribution is one statement",
        '"The offices will stay," said Karl Weiss, a spokesman for the harbour authority of Valmore. '
        '"Nobody has asked us to move."',
        [("The offices will stay, | Nobody has asked us to move.", "Karl Weiss", "direct")],
    ),
    (
        "cue in the middle of a quote of several sentences",
        '"There are other people in the union who are worried. I am one of them," Mara Holt said. '
        '"But we will not strike. We will negotiate. And we will win."',
        [
            (
                "There are other people in the union who are worried. I am one of them, | "
                "But we will not strike. We will negotiate. And we will win.",
                "Mara Holt",
                "direct",
            )
        ],
    ),
    (
        "according to at the end is left out of the content",
        "The harbour will stay open until 2030, according to Mayor Helena Brandt.",
        [("The harbour will stay open until 2030", "Helena Brandt", "indirect")],
    ),
    (
        "with a clause on each side of the cue, the one after is what was said",
        "Opposition leader Tomas Rieck has attacked the plan because it is failing: "
        "He said the harbour has lost 300 jobs since May.",
        [("the harbour has lost 300 jobs since May", "Tomas Rieck", "indirect")],
    ),
    (
        "the subject of the clause before speaks when the cue has none",
        "Union leader Mara Holt criticized the board repeatedly, then said the strike would go on.",
        [("the board", "Mara Holt", "reference"), ("the strike would go on", "Mara Holt", "indirect")],
    ),
    (
        "a subordinate clause with a cue is not an aside that interrupts a statement",
        "Back at the harbour offices, the workers cheered as Mayor Helena Brandt spoke to the crowd.",
        [],
    ),
    (
        "the passive subject of a cue heard it, and did not say it",
        "The minister was told that the port would close.",
        [],
    ),
    (
        "the passive subject of another verb speaks through the cue conjoined to it",
        "Karl Weiss was asked whether the offices were moving and said that this was true.",
        [("this was true", "Karl Weiss", "indirect")],
    ),
    (
        "a relative pronoun speaks for the person its clause is about",
        "The crowd cheered Mayor Helena Brandt, who said that the harbour would stay open.",
        [("the harbour would stay open", "Helena Brandt", "indirect")],
    ),
    (
        "two quotes with an attribution each stay two statements",
        '"I hope the harbour stays," Ana Lopes said. Then she added warily, "We will see what the board decides."',
        [
            ("I hope the harbour stays,", "Ana Lopes", "direct"),
            ("We will see what the board decides.", "Ana Lopes", "direct"),
        ],
    ),
    (
        "quotes attributed by one cue are one statement, however long the attribution between them",
        '"We will stay," Mayor Helena Brandt, who has led the city for twelve years and who knows the harbour '
        'and its workers better than anyone else in Valmore, said on Monday, "and nobody will make us move."',
        [("We will stay, | and nobody will make us move.", "Helena Brandt", "direct")],
    ),
    (
        "a quoted phrase woven into reported speech is part of it, not a statement of its own",
        "Mayor Helena Brandt said that after the long dispute about the port fees in the spring the council "
        'should "set the same standard for every harbour."',
        [
            (
                'after the long dispute about the port fees in the spring the council should "set the same '
                "standard for every harbour",
                "Helena Brandt",
                "mixed",
            )
        ],
    ),
    (
        "a statement saying: who issued it speaks",
        "The Port Workers Union issued a statement saying that the offices would stay in Valmore.",
        [("the offices would stay in Valmore", "Port Workers Union", "indirect")],
    ),
    (
        "a one-word answer is a statement",
        "Asked whether the offices would stay, Mayor Helena Brandt said yes.",
        [("yes", "Helena Brandt", "indirect")],
    ),
    (
        "an infinitive of purpose: who came to say it says it",
        "Tomas Rieck stood up at the harbour meeting to say he was leaning toward the union's plan.",
        [("he was leaning toward the union's plan", "Tomas Rieck", "indirect")],
    ),
    (
        "of two conjoined clauses before the cue, the one next to it is what it reports",
        "The pay and the pension plan are good, but it was not just the money that kept her at the harbour, "
        "Ana Lopes said.",
        [("it was not just the money that kept her at the harbour", "Ana Lopes", "indirect")],
    ),
    (
        "a title quoted in the attribution is not the rest of the quote",
        '"It is nonsense," Ana Lopes said on Valmore Radio\'s "Morning Show."',
        [("It is nonsense,", "Ana Lopes", "direct")],
    ),
    (
        "a share of people the parser made a number is who speaks",
        "About 4 in 10 say they want the harbour to stay open.",
        [("they want the harbour to stay open", None, "indirect")],
    ),
    (
        "saying the same of someone is a statement",
        "Seventy percent of the workers backed the plan, compared with 40 percent who say the same of the council.",
        [("the same of the council", None, "indirect")],
    ),
    (
        "a that-clause the parser hung on a noun is still what was said",
        "Brandt said on Friday during a news conference that she may wait until the March vote to decide who to back.",
        [("she may wait until the March vote to decide who to back", "Brandt", "indirect")],
    ),
    (
        "a subject the parser made a clause of its own still speaks",
        "Large majorities of the workers going to the meeting on Tuesday said they support the plan.",
        [("they support the plan", None, "indirect")],
    ),
    (
        "a question the parser made a conditional clause",
        "Helena Brandt shook hands and asked the workers if they planned to attend the meeting.",
        [("if they planned to attend the meeting", "Helena Brandt", "indirect")],
    ),
    (
        "according to attributes the clause it belongs to, not the one conjoined after it",
        "Brandt so far has won 758 votes, compared to Rieck's 538, according to a Valmore Gazette tally, but her "
        "path to a majority is narrowing.",
        [("Brandt so far has won 758 votes, compared to Rieck's 538", "Valmore Gazette", "indirect")],
    ),
    (
        "a short quote in title case is a title, whatever punctuation sits inside the marks",
        '"The harbour stays," Ana Lopes said. Later she appeared on "Morning Show." and on "Valmore Today,"',
        [("The harbour stays,", "Ana Lopes", "direct")],
    ),
    (
        "a split quote runs on across a title quoted in its attribution",
        '"It is nonsense," Ana Lopes said on Valmore Radio\'s "Morning Show." "The harbour will stay where it is."',
        [("It is nonsense, | The harbour will stay where it is.", "Ana Lopes", "direct")],
    ),
    (
        "a participle with no subject of its own does not interrupt the clause it follows",
        "Brandt celebrated in Valmore with supporters, declaring it \u201canother super Tuesday for our campaign\u201d "
        "and said it was another step closer to winning the White House.",
        [
            ("another super Tuesday for our campaign", "Brandt", "direct"),
            ("it was another step closer to winning the White House", "Brandt", "indirect"),
        ],
    ),
    (
        "what a reporter adds after an interrupting cue is not what was said",
        "Sales were great, he said, wiping sweat off his face.",
        [("Sales were great", None, "indirect")],
    ),
    (
        "a share of voters who say otherwise, set against the first, is a statement of its own",
        "Seventy percent said they are set on voting for the real estate mogul, while 22 percent said they might "
        "change their mind.",
        [
            ("they are set on voting for the real estate mogul", None, "indirect"),
            ("they might change their mind", None, "indirect"),
        ],
    ),
    (
        "a 'though' clause with a cue and subject of its own is a statement apart (PolNeAR keeps negated cues)",
        "Gill said all staffers sign NDAs, though she did not discuss their terms.",
        [("all staffers sign NDAs", "Gill", "indirect"), ("their terms", "Gill", "indirect")],
    ),
    (
        "'pointed out that', 'comment on', 'recalled' and 'repeated' report",
        "Ana Lopes pointed out that the harbour had never closed in winter. Tomas Rieck went off script to "
        "comment on the harbour plan and its backers.\n\nHelena Brandt recalled the long strike of 1963. "
        "Tomas Rieck repeated his promise to keep the harbour open.",
        [
            ("the harbour had never closed in winter", "Ana Lopes", "indirect"),
            ("the harbour plan and its backers", "Tomas Rieck", "indirect"),
            ("the long strike of 1963", "Helena Brandt", "indirect"),
            ("his promise to keep the harbour open", "Tomas Rieck", "indirect"),
        ],
    ),
    (
        "what someone was told to do, and what reporters were told about",
        "Protesters chanted at the rally, telling Rieck to get on a plane and go home. Ana Lopes told reporters "
        "about the harbour plan.",
        [
            ("to get on a plane and go home", None, "indirect"),
            ("the harbour plan", "Ana Lopes", "indirect"),
        ],
    ),
    (
        "verbs of manner and carrying on attribute quotes too",
        '"This is a big win for me," Ana Lopes confessed. "You know, it happens," Tomas Rieck went on.',
        [("This is a big win for me,", "Ana Lopes", "direct"), ("You know, it happens,", "Tomas Rieck", "direct")],
    ),
    (
        "a reply fired back, a question pressed, a jibe mocked",
        '"The harbour plan is a lie," Ana Lopes fired back.\n\n'
        '"Are you saying that the harbour will close?" Tomas Rieck pressed.\n\n'
        '"You will never see that plan again," Helena Brandt mocked.',
        [
            ("The harbour plan is a lie,", "Ana Lopes", "direct"),
            ("Are you saying that the harbour will close?", "Tomas Rieck", "direct"),
            ("You will never see that plan again,", "Helena Brandt", "direct"),
        ],
    ),
    (
        "a name signed after a dash at the end of the quote's line speaks",
        "\u201cThe harbour must stay where it is.\u201d \u2015\u00a0Julie A. Diaz Martinez.\n\n"
        "\u201cNo plan, no vision, a real fiasco for the city.\u201d \u2014 Oscar Quintero, a teacher in Valmore",
        [
            ("The harbour must stay where it is.", "Julie A. Diaz Martinez", "direct"),
            ("No plan, no vision, a real fiasco for the city.", "Oscar Quintero", "direct"),
        ],
    ),
    (
        "a name on a line of its own closes and signs the quote",
        "Ines Varga runs the Valmore Port Authority.\n\n"
        '"We will keep the harbour open for as long as the ships come.\nInes Varga, Valmore Port Authority."\n\n'
        "\u201cThe move to Porto would cost the town its jobs.\nHelena Brandt.\u201d",
        [
            ("We will keep the harbour open for as long as the ships come.", "Ines Varga", "direct"),
            ("The move to Porto would cost the town its jobs.", "Helena Brandt", "direct"),
        ],
    ),
    (
        "a closing line that names nobody the text knows signs nothing",
        '"The harbour will stay open.\nYes To Safe Jobs."',
        [("The harbour will stay open.", None, "direct")],
    ),
    (
        "a one-word quote is still a statement",
        '"Absolutely," Ana Lopes said.',
        [("Absolutely,", "Ana Lopes", "direct")],
    ),
    (
        "'according to' set off before its clause's verb attributes the words on both sides",
        "At the heart of the dispute, according to Helena Brandt, was the mayor's decision to close the harbour.",
        [("At the heart of the dispute | was the mayor's decision to close the harbour", "Helena Brandt", "indirect")],
    ),
    (
        "'according to' set off after its clause's verb attributes no run-on words",
        "Port traffic rose 20 percent, according to the ministry, more than twice the rise of last year.",
        [],
    ),
    (
        "a past-tense verb with no subject goes on the cue, not on a present-tense content",
        "Brandt said she admires his determination and highlighted their shared commitment to the harbour.",
        [("she admires his determination", "Brandt", "indirect")],
    ),
    (
        "a past-tense verb with no subject goes on the cue, not on an infinitive content",
        "The union vowed to keep the harbour open and celebrated the ruling on Monday.",
        [("to keep the harbour open", None, "indirect")],
    ),
    (
        "a 'while' clause with its own subject, set off by a comma, is somebody else's",
        "About half of the residents said they prefer a new harbour, while about 4 in 10 want the old one repaired.",
        [("they prefer a new harbour", None, "indirect")],
    ),
    (
        "a split quote runs on across a participle that tells where it was said",
        '"The harbour will stay open," Brandt said, speaking by phone from Valmore. "We have the money for it."',
        [("The harbour will stay open, | We have the money for it.", "Brandt", "direct")],
    ),
    (
        "a participle that brings words of its own ends the split quote",
        '"The harbour will stay open," Brandt said, adding that the city had the money. "We will not move."',
        [
            ("The harbour will stay open,", "Brandt", "direct"),
            ("the city had the money", "Brandt", "indirect"),
            ("We will not move.", "Brandt", "direct"),
        ],
    ),
    (
        "a split quote runs on across a long description of the speaker",
        '"The harbour will stay open," said Helena Brandt, the mayor of Valmore, who has led the city for twelve '
        'years and has twice fought plans to close the old harbour. "We have the money for it."',
        [("The harbour will stay open, | We have the money for it.", "Helena Brandt", "direct")],
    ),
    (
        "a quoted phrase after reported speech, under the same cue, ends that statement",
        'Brandt said the harbour would not close, only "move a little."',
        [("the harbour would not close | move a little.", "Brandt", "mixed")],
    ),
    (
        "a long subject between a quote and its cue, when the parser ends the sentence at the quote",
        '"Is the mayor going to finally mention the harbour? If she doesn\'t she should resign!" the opposition '
        "leader, Tomas Rieck, tweeted Sunday after the storm.",
        [
            (
                "Is the mayor going to finally mention the harbour? If she doesn't she should resign!",
                "Tomas Rieck",
                "direct",
            )
        ],
    ),
    (
        "posted is a cue",
        '"The harbour will stay open, and the ferries will run," Brandt posted.',
        [("The harbour will stay open, and the ferries will run,", "Brandt", "direct")],
    ),
    (
        "an 'as' clause set off by a comma attributes the clause it is set in",
        "As Brandt noted, the harbour will need new cranes before the winter.",
        [("the harbour will need new cranes before the winter", "Brandt", "indirect")],
    ),
    (
        "an 'as' clause after what it attributes, and after a conjunction",
        "The ferries will not run on Sundays, as the Valmore Herald reported. "
        "But as Rieck told reporters, the port has never lost money.",
        [
            ("The ferries will not run on Sundays", "Valmore Herald", "indirect"),
            ("the port has never lost money", "Rieck", "indirect"),
        ],
    ),
    ("an 'as' clause that tells when attributes nothing", "As Brandt spoke, protesters gathered outside.", []),
    (
        "a quote whose own cue is inside reported speech is part of it",
        'Rieck said the town lost a voice that said "the harbour belongs to everyone who works in it."',
        [('the town lost a voice that said "the harbour belongs to everyone who works in it', "Rieck", "mixed")],
    ),
    (
        "challenging a person is an act, not words",
        "Tomas Rieck, who is challenging the mayor in the primary, raised $250,000 from small donors.",
        [],
    ),
    (
        "challenging a claim reports what the claim says",
        "Rieck challenged the claim that the harbour was losing money.",
        [("the claim that the harbour was losing money", "Rieck", "indirect")],
    ),
    (
        "a dateline the parser makes a second subject is not the speaker",
        "PARIS (AFP) - Helena Brandt said she was unlikely to have a good relationship with Tomas Rieck.",
        [("she was unlikely to have a good relationship with Tomas Rieck", "Helena Brandt", "indirect")],
    ),
    (
        "a dateline the parser hangs on the subject is not part of the speaker's name",
        "BERLIN (Reuters) - Ines Varga said she was unlikely to keep the harbour open after the storm.",
        [("she was unlikely to keep the harbour open after the storm", "Ines Varga", "indirect")],
    ),
    (
        "'continues to' tells that something goes on, not what was said",
        "While Brandt continues to be the candidate who is most liked in the harbour district, Rieck is gaining.",
        [],
    ),
    (
        "a quote's cue is found in its own sentence before the next sentence's",
        "Brandt said the ferries will run \u201cas long as the money lasts, and not a day longer.\u201d She also "
        "says the council agrees.",
        [
            ("as long as the money lasts, and not a day longer.", "Brandt", "direct"),
            ("the council agrees", "Brandt", "indirect"),
        ],
    ),
    (
        "the next sentence's nearer cue ('She thanked') does not take the quote before it",
        "Helena Brandt says the port has \u201ctreated us so well.\u201d She thanked the workers, particularly in "
        "Valmore, which she describes as her home.",
        [("treated us so well.", "Helena Brandt", "direct")],
    ),
    (
        "'as X put it' attributes",
        'As John Rieck, the leader of the opposition, put it: "This plan will not pass the council this year."',
        [("This plan will not pass the council this year.", "John Rieck", "direct")],
    ),
    (
        "'put it' somewhere says nothing",
        '"This plan will not pass the council this year." Ines Varga put it in a drawer.',
        [("This plan will not pass the council this year.", None, "direct")],
    ),
    (
        "'put it away' says nothing",
        '"This plan will not pass the council this year." Ines Varga put it away.',
        [("This plan will not pass the council this year.", None, "direct")],
    ),
    (
        "a clause before a colon introduces the quote after it on the same line",
        'Helena Brandt ended her speech on a defiant note: "No one is closing this harbour. We are going forward."',
        [("No one is closing this harbour. We are going forward.", "Helena Brandt", "direct")],
    ),
    (
        "a colon after a clause with no verb of saying or doing introduces nobody's words",
        'The rules of the port are simple: "No ship leaves without a pilot on board."',
        [],
    ),
    (
        "a dash after 'according to X' opens the writer's aside",
        "Port traffic rose 20 percent, according to Helena Brandt last week - about the same as in Porto.",
        [("Port traffic rose 20 percent", "Helena Brandt", "indirect")],
    ),
    (
        "'according to X' inside an aside set off by dashes attributes nothing around it",
        "Most ferries - 63 percent in 2024, according to the harbour authority - still run on diesel.",
        [],
    ),
    (
        "a name the model does not know ends before what is said of it",
        "Kessling, who has run the ferries since 2010, said the fares would not rise.",
        [("the fares would not rise", "Kessling", "indirect")],
    ),
    (
        "a name the model does not know ends before a parenthesis",
        "Politifact (which is not known as Republican-leaning) said the claim was false.",
        [("the claim was false", "Politifact", "indirect")],
    ),
    (
        "plural people are not the person met before",
        "Mayor Helena Brandt opened the new pier on Monday. Some experts said the harbour was not safe.",
        [("the harbour was not safe", None, "indirect")],
    ),
    (
        "'they' is not the person met before",
        "Mayor Helena Brandt opened the new pier on Monday. They said the harbour was not safe.",
        [("the harbour was not safe", None, "indirect")],
    ),
    (
        "a group named after a person is not that person",
        "Mayor Helena Brandt opened the new pier. Advisers to Mayor Helena Brandt said the harbour was safe.",
        [("the harbour was safe", None, "indirect")],
    ),
    ("adjectival said is no cue", "The said agreement was signed in 2020 by both parties.", []),
    ("beliefs nobody voiced", 'Burton thinks that cats are "cuties".', []),
    ("narration without a source", "The harbour handled four million tonnes of cargo last year.", []),
    ("scare quotes are not statements", 'The troops played a "huge role" in the ceasefire.', []),
]


@pytest.mark.parametrize(("text", "expected"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_statements_of_a_sentence(nlp, text, expected):
    assert statements(nlp, text) == expected


def test_unbalanced_quote_mark_stays_inside_its_paragraph():
    text = 'He said "this never closes.\n\nA new paragraph "with a real quote" here.'
    quotes = find_quotes(text)
    assert [text[q.start : q.end] for q in quotes] == ["this never closes.", "with a real quote"]


def test_quote_spanning_paragraphs_is_one_statement(nlp):
    text = (
        '"The first part of the quote goes on here.\n\n'
        '"And the second paragraph ends it," the mayor, Helena Brandt, said.'
    )
    ((content, speaker, kind),) = statements(nlp, text)
    assert content.startswith("The first part") and content.endswith("ends it,") and kind == "direct"
    assert speaker == "Helena Brandt"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(st.sampled_from(list('ab "\u201c\u201d.,:\n') + ["said", "He ", "Mr Smith ", "according to"]), max_size=60)
)
def test_arbitrary_text_never_breaks_extraction(nlp, parts):
    text = "".join(parts)
    for statement in extract_statements(nlp(text)):
        assert 0 <= statement.start <= statement.end <= len(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'Ana Lopes called the plan "a danger to every worker in the harbour".',
            [("a danger to every worker in the harbour", "Ana Lopes", "direct")],
        ),
        ('The choir sang "Silent Night, Holy Night" for the guests.', []),
        (
            "Mayor Helena Brandt released the following statement:\n\n\u201cWe will keep the offices here.\u201d",
            [("We will keep the offices here.", "Helena Brandt", "direct")],
        ),
        (
            "According to the Interior Ministry, \u201cthe port will stay open all winter.\u201d",
            [("the port will stay open all winter.", "Interior Ministry", "direct")],
        ),
        (
            "Brandt criticized the plan, saying that the harbour would lose jobs.",
            [("the plan", "Brandt", "reference"), ("the harbour would lose jobs", "Brandt", "indirect")],
        ),
    ],
    ids=["partial quote of the subject", "quoted title", "colon introduction", "according to a quote", "participle"],
)
def test_quotes_in_narration(nlp, text, expected):
    assert statements(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ana Lopes vowed to keep the harbour open.", [("to keep the harbour open", "Ana Lopes", "indirect")]),
        ("Tomas Rieck criticized the mayor.", [("the mayor", "Tomas Rieck", "reference")]),
        ("Ana Lopes talked about the harbour.", [("the harbour", "Ana Lopes", "indirect")]),
        ("Ana Lopes urged voters to back the plan.", [("to back the plan", "Ana Lopes", "indirect")]),
        ("Ana Lopes said goodbye to the crowd.", []),
        ("Exports continued to grow last year.", []),
        (
            "Half said they preferred the old plan and a third would rather see a new one.",
            [("they preferred the old plan", "Half", "indirect")],
        ),
        ('Tomas Rieck attacked the mayor, calling her "a total failure."', [("a total failure.", "", "direct")]),
        ("Ana Lopes called the plan a disaster.", [("the plan a disaster", "", "indirect")]),
        ("Ana Lopes called the harbour office on Monday.", []),
        (
            "Tomas Rieck accused the council of hiding the report.",
            [("the council of hiding the report", "", "indirect")],
        ),
        ("Tomas Rieck agreed that the harbour should stay.", [("the harbour should stay", "", "indirect")]),
        ("Ana Lopes spoke about the harbour.", [("the harbour", "", "indirect")]),
        ("Ana Lopes spoke on Monday.", []),
        ("Ana Lopes spoke Hebrew with the visitors on the condition of anonymity.", []),
    ],
    ids=[
        "infinitive",
        "object",
        "about",
        "addressee is not content",
        "say needs a clause",
        "not speech",
        "conjoined clause",
        "what someone was called, in quotes",
        "what something was called",
        "a phone call",
        "what someone was accused of",
        "agreed that",
        "spoke about",
        "spoke on a day",
        "spoke a language, on a condition",
    ],
)
def test_content_that_is_not_a_clause(nlp, text, expected):
    found = statements(nlp, text)
    assert [(content, kind) for content, _, kind in found] == [(content, kind) for content, _, kind in expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Mayor Helena Brandt: \u201cThe offices will stay in Valmore for good.\u201d",
            [("The offices will stay in Valmore for good.", "Helena Brandt", "direct")],
        ),
        (
            "Tomas Rieck said that he would not seek a recount, conceding the race to Brandt.",
            [("he would not seek a recount", "Tomas Rieck", "indirect")],
        ),
        (
            "Ana Lopes predicted a win in Valmore, which votes on Sunday.",
            [("a win in Valmore", "Ana Lopes", "indirect")],
        ),
        (
            "Ana Lopes said she was encouraged by the plan \u2014 a modest boost for Rieck since 2009.",
            [("she was encouraged by the plan", "Ana Lopes", "indirect")],
        ),
    ],
    ids=["name and colon", "trailing participle aside", "trailing relative aside", "trailing apposition after a dash"],
)
def test_speaker_colon_and_reporter_asides(nlp, text, expected):
    assert statements(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Helena Brandt: Harbour Offices Will Stay in Valmore for Good\n\nThe mayor spoke on Monday.",
            [("Harbour Offices Will Stay in Valmore for Good", "Helena Brandt", "indirect")],
        ),
        ("VALMORE: The harbour offices will stay in the city for good.\n\nThe mayor spoke on Monday.", []),
        ("Update: The harbour offices will stay in the city for good.\n\nThe mayor spoke on Monday.", []),
        ("Here is what Helena Brandt said: the harbour offices will stay.\n\nThe mayor spoke on Monday.", []),
        ("HARBOUR NEWS - Helena Brandt: The offices will stay in the city.\n\nThe mayor spoke on Monday.", []),
    ],
    ids=["name and colon open a line", "dateline", "label", "a sentence that ends in a colon", "heading and name"],
)
def test_a_line_opened_by_a_name_and_a_colon(nlp, text, expected):
    assert statements(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ('Ana Lopes ended her speech by saying "the harbour will always stay open here."', "Ana Lopes"),
        (
            '"The harbour will stay open for many years," Tomas Rieck, the opposition leader, tells reporters.',
            "Tomas Rieck",
        ),
        (
            "''That was a good speech you gave last night, Mr. President,'' Representative Steve Cohen, Democrat "
            "of Tennessee, told Mr. Obama.",
            "Steve Cohen",
        ),
        (
            "In a conference call with reporters on Dec. 2, Col. Steven H. Warren, a military spokesman in "
            "Baghdad, said, ''I mean, a raid is a combat operation. There is no way around that.''",
            "Steven H. Warren",
        ),
        (
            "\u201cThere is a severe disconnect between this White House and our military,\u201d Flynn, a top Trump "
            "surrogate, said Thursday morning on Fox News\u2019s \u201cFox and Friends.\u201d",
            "Flynn",
        ),
        (
            "\u201cWe were badly wrong not to have confronted him from the start,\u201d Ramos, 58, told AFP in an "
            "interview in Mexico City on Monday.",
            "Ramos",
        ),
        (
            "\u201cGun owners should leave their weapons at home,\u201d opined Cleveland's Plain Dealer.",
            "Plain Dealer",
        ),
    ],
    ids=[
        "participle after a preposition",
        "name beside a cue the parser left without subject",
        "subject inside the quote: the name before the apposition, not the one told",
        "name, apposition, cue",
        "not a name that qualifies a noun, nor an outlet after the cue",
        "a name the model takes for an organisation's",
        "the subject after a cue that follows its quote, parsed as an object",
    ],
)
def test_speaker_found_where_the_parse_gives_no_subject(nlp, text, speaker):
    ((_, found, kind),) = statements(nlp, text)
    assert (found, kind) == (speaker, "direct")


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("''We will stay,'' Brandt said. Then ''the port is ours.''", ["We will stay,", "the port is ours."]),
        (
            "Ted Cruz: \u2018Assaulting a reporter is a fireable offense.\u2019",
            ["Assaulting a reporter is a fireable offense."],
        ),
        ("Trump\u2019s voters\u2019 anger and the mayor\u2019s plan.", []),
        ("It's the mayor's plan, isn't it?", []),
        (
            '"The port is ours,\u201d he added. \u201cWe will not leave."',
            ["The port is ours,", "We will not leave."],
        ),
    ],
    ids=[
        "two apostrophes",
        "single curly quotes",
        "apostrophes are not quotes",
        "straight apostrophes",
        "straight and curly marks mixed",
    ],
)
def test_quote_marks_of_other_house_styles(text, quoted):
    assert [text[q.start : q.end] for q in find_quotes(text)] == quoted


def test_title_from_a_sentence_that_is_not_a_statement_reaches_the_speaker(nlp):
    text = 'Opposition leader Tomas Rieck disputed the figures. "These numbers are inflated," he said.'
    (statement,) = extract_statements(nlp(text))
    assert (statement.speaker.name, statement.speaker.title) == ("Tomas Rieck", "Opposition leader")


def test_a_mention_names_the_person_it_is_about_not_one_named_in_a_clause_about_them(nlp):
    doc = nlp("Maria Lopez, who has campaigned for John Smith since February, spoke.")
    lopez = next(token for token in doc if token.text == "Lopez")
    mention = mention_of(doc[: len(doc) - 2], lopez)  # the subject with its relative clause
    assert (mention.name, mention.title) == ("Maria Lopez", None)


@pytest.mark.parametrize(
    ("text", "mention", "title"),
    [
        (
            "New York (AFP) \u2013 Vice President Ines Varga on Monday hit the campaign trail with Tomas Rieck for the "
            "first time, accusing him of endangering the harbour.",
            "Vice President Ines Varga",
            "Vice President",
        ),
        ("A top strategist, John Weaver, tells reporters that the harbour will stay open.", None, "top strategist"),
        ("Presidential candidate Marco Rubio's campaign says two dozen supporters switched sides.", None, None),
    ],
    ids=["a dateline that the parser makes the subject", "a title before the name", "a campaign has no title"],
)
def test_speaker_title(nlp, text, mention, title):
    (statement,) = extract_statements(nlp(text))
    assert statement.speaker.title == title
    assert mention is None or statement.speaker.mention == mention

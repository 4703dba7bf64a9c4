"""Affiliations from the institutions table, one identity per speaker across documents, editors' pins."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimtrack.config import IdentitySettings
from claimtrack.errors import InputError
from claimtrack.models import DocumentRef, SpeakerRef, Statement
from claimtrack.people.identity import (
    SpeakerObservation,
    SpeakerResolver,
    build_index,
    resolver_for,
    with_resolved_speakers,
)
from claimtrack.people.institutions import Affiliation, affiliation, load_institutions
from claimtrack.people.pins import Pins, load_pins


@pytest.fixture(scope="module")
def table():
    return load_institutions()


def groups(names: list[str], kind: str | None = None, **options) -> list[list[str]]:
    """The speakers build_index makes of bare names: each as its sorted names, all sorted."""
    index = build_index([SpeakerObservation(name, kind=kind) for name in names], **options)
    return sorted(sorted([identity.name, *identity.aliases]) for identity in index)


# Affiliations -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mention", "title", "hint", "expected"),
    [
        (
            "Russia's Deputy Foreign Minister Mikhail Galuzin",
            "Deputy Foreign Minister",
            "Russia",
            "Russia (Foreign Ministry)",
        ),
        ("Kremlin spokesperson Dmitry Peskov", "spokesperson", "Kremlin", "Russia (Kremlin)"),
        # The President of Russia's office is the Kremlin because the table says so (country.Russia.bodies).
        ("Press Secretary of the President of Russia Dmitry Peskov", "Press Secretary", None, "Russia (Kremlin)"),
        (
            "the assistant to the President of Azerbaijan Hikmet Hajiyev",
            "assistant to the President of",
            "Azerbaijan",
            "Azerbaijan (Presidential Administration)",
        ),
        ("Armenian Prime Minister Nikol Pashinyan", "Prime Minister", "Armenian", "Armenia (Government)"),
        ("The UN refugee agency", None, None, "United Nations (UNHCR)"),
        ("UNHCR", None, None, "United Nations (UNHCR)"),
        ("Moscow", None, None, "Russia"),
        ("Baku", None, None, "Azerbaijan"),
        ("Moscow's ambassador to Paris", None, None, "Russia (Foreign Ministry)"),
        ("Russia's ambassador to the UN Vassily Nebenzia", None, "Russia", "Russia (Foreign Ministry)"),
        ("Russian Foreign Ministry spokeswoman Maria Zakharova", None, "Foreign Ministry", "Russia (Foreign Ministry)"),
        ("Russian President Vladimir Putin", "President", None, "Russia (Kremlin)"),
        ("White House Press Secretary Karine Jean-Pierre", None, "White House", "United States (White House)"),
        ("US Secretary of State Antony Blinken", "Secretary of State", "US", "United States (State Department)"),
        ("the U.S. State Department", None, None, "United States (State Department)"),
        ("a Pentagon spokesman", None, None, "United States (Defense Department)"),
        ("American officials", None, None, "United States"),
        ("French President Emmanuel Macron", None, None, "France (Élysée)"),
        ("the Elysee", None, None, "France (Élysée)"),
        ("Downing Street", None, None, "United Kingdom (Downing Street)"),
        ("British Defence Secretary John Healey", None, None, "United Kingdom (Ministry of Defence)"),
        ("NATO Secretary General Mark Rutte", None, "NATO", "NATO"),
        ("EU foreign policy chief Kaja Kallas", None, "EU", "European Union"),
        ("European Commission President Ursula von der Leyen", None, None, "European Union (European Commission)"),
        ("the European Council", None, None, "European Union (European Council)"),
        ("Ukrainian President Volodymyr Zelensky", None, None, "Ukraine (Office of the President)"),
        ("Georgian Prime Minister Irakli Kobakhidze", None, None, "Georgia (Government)"),
        ("Azerbaijanis", None, None, "Azerbaijan"),
        # A hint the table does not know is kept as the extractor found it.
        ("Mayor Helena Brandt", "Mayor", "Valmore", "Valmore"),
        ("the harbour authority", None, "the Harbour Authority", "Harbour Authority"),
    ],
)
def test_affiliation_from_mention_title_and_hint(table, mention, title, hint, expected):
    assert str(affiliation(mention, title, hint, table)) == expected


@pytest.mark.parametrize(
    ("mention", "title", "hint"),
    [
        ("Opposition leader Tomas Rieck", "Opposition leader", None),
        ("one of us", None, None),  # "us" is not the US
        ("a turkey farmer", None, None),  # nor "turkey" Turkey
        ("Washington Post reporter Jane Doe", None, None),  # a capital stands for a country only as the speaker
        ("the Moscow metro operator", None, None),
        ("he", None, None),
        (None, None, None),
    ],
)
def test_affiliation_unknown(table, mention, title, hint):
    assert affiliation(mention, title, hint, table) is None


@pytest.mark.parametrize(
    "text",
    ["Russia (Foreign Ministry)", "Russia", "United Nations (UNHCR)", "Azerbaijan (Presidential Administration)"],
)
def test_affiliation_renders_and_parses_back(text):
    assert str(Affiliation.parse(text)) == text


def test_user_institutions_extend_and_override_the_shipped_table(tmp_path: Path):
    extra = tmp_path / "institutions.toml"
    extra.write_text(
        """
[institution.harbour_authority]
names = ["Valmore Harbour Authority", "VHA"]
of = "Valmore"
body = "Harbour Authority"

[institution.kremlin]
body = "Presidential Administration"

[country.Russia.bodies]
"Foreign Ministry" = "MID"

[country.Valdoria]
demonyms = ["Valdorian"]
capitals = ["Valmore"]

[[title]]
body = "Port Authority"
phrases = ["harbour master"]
""",
        encoding="utf-8",
    )
    table = load_institutions(extra)
    assert str(affiliation("VHA spokesperson Lena Vogt", None, None, table)) == "Valmore (Harbour Authority)"
    assert (
        str(affiliation("Kremlin spokesperson Dmitry Peskov", None, None, table))
        == "Russia (Presidential Administration)"
    )
    assert str(affiliation("Russian Foreign Minister Sergey Lavrov", None, None, table)) == "Russia (MID)"
    assert (
        str(affiliation("Russian President Vladimir Putin", None, None, table)) == "Russia (Kremlin)"
    )  # bodies merged
    assert str(affiliation("Valdorian harbour master Ivo Lund", None, None, table)) == "Valdoria (Port Authority)"
    assert str(affiliation("Valmore", None, None, table)) == "Valdoria"
    # The shipped table itself is untouched.
    assert str(affiliation("Kremlin spokesperson Dmitry Peskov", None, None, load_institutions())) == "Russia (Kremlin)"


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("[institution.x\nnames = []", "is not valid TOML"),
        ('[institution.city_hall]\nnames = ["City Hall"]', 'has no "of"'),
        ('[country.Valdoria]\ndemonym = ["Valdorian"]', "country.Valdoria.demonym"),
        ('[[title]]\nbody = "Port Authority"', "title.0.phrases"),
    ],
)
def test_malformed_institutions_file_is_named(tmp_path: Path, content, problem):
    extra = tmp_path / "mine.toml"
    extra.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=problem) as raised:
        load_institutions(extra)
    assert raised.value.path == str(extra)
    assert str(extra) in str(raised.value)


# One person, one speaker ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["Galuzin", "Mikhail Galuzin", "M. Galuzin"], [["Galuzin", "M. Galuzin", "Mikhail Galuzin"]]),
        (["Pashinyan", "Pashinian"], [["Pashinian", "Pashinyan"]]),
        (["Nikol Pashinyan", "N. Pashinian", "Pashinian"], [["N. Pashinian", "Nikol Pashinyan", "Pashinian"]]),
        (["Dmitry Peskov", "Dmitriy Peskov"], [["Dmitriy Peskov", "Dmitry Peskov"]]),
        (["Zelensky", "Zelenskyy", "Zelenskiy"], [["Zelenskiy", "Zelensky", "Zelenskyy"]]),
        (["Sergey Lavrov", "Sergei Lavrov", "Lavrov"], [["Lavrov", "Sergei Lavrov", "Sergey Lavrov"]]),
        (["Ararat Mirzoyan", "Mirzoian"], [["Ararat Mirzoyan", "Mirzoian"]]),
        (["Hikmet Hajiyev", "Hajiev"], [["Hajiev", "Hikmet Hajiyev"]]),
        (["Michel", "Charles Michel"], [["Charles Michel", "Michel"]]),
        (["Hillary Rodham Clinton", "Hillary Clinton"], [["Hillary Clinton", "Hillary Rodham Clinton"]]),
        (["Mohammed bin Salman", "bin Salman"], [["Mohammed bin Salman", "bin Salman"]]),
        (["Bashar al-Assad", "Assad"], [["Assad", "Bashar al-Assad"]]),
        (["Ursula von der Leyen", "von der Leyen"], [["Ursula von der Leyen", "von der Leyen"]]),
        (["Mr. Peskov", "Dmitry Peskov"], [["Dmitry Peskov", "Mr. Peskov"]]),
        # One letter apart with the same first name: a typo or transliteration far more often than two people
        # (the harbour article's "Tomas Rieck"). Pin a [[split]] when it really is two.
        (["Tomas Rieck", "Tomas Riek"], [["Tomas Rieck", "Tomas Riek"]]),
    ],
)
def test_names_of_one_person_merge(names, expected):
    assert groups(names) == expected


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        # A surname that fits two people stays a speaker of its own: guessing would merge people.
        (["Hillary Clinton", "Bill Clinton", "Clinton"], [["Bill Clinton"], ["Clinton"], ["Hillary Clinton"]]),
        (["Bill Clinton", "Jill Clinton"], [["Bill Clinton"], ["Jill Clinton"]]),
        (["Kim Jong Un", "Kim Yo Jong", "Kim"], [["Kim"], ["Kim Jong Un"], ["Kim Yo Jong"]]),
        (["Tomas Rieck", "Tomas Ried"], [["Tomas Rieck"], ["Tomas Ried"]]),
        (["A. Galuzin", "Mikhail Galuzin", "Galuzin"], [["A. Galuzin"], ["Galuzin"], ["Mikhail Galuzin"]]),
        (
            ["George W. Bush", "George H. W. Bush", "George Bush"],
            [["George Bush"], ["George H. W. Bush"], ["George W. Bush"]],
        ),
        (["Sergey Lavrov", "Maria Lavrova", "Lavrova"], [["Lavrova", "Maria Lavrova"], ["Sergey Lavrov"]]),
        (["Mikhail Galuzin", "Michael Galuzin"], [["Michael Galuzin"], ["Mikhail Galuzin"]]),
    ],
)
def test_different_people_stay_apart(names, expected):
    assert groups(names) == expected


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["the Kremlin", "Kremlin"], [["Kremlin", "the Kremlin"]]),
        (
            ["UN refugee agency", "UNHCR", "The UN refugee agency"],
            [["The UN refugee agency", "UN refugee agency", "UNHCR"]],
        ),
        (["Port Workers Union", "the port workers union"], [["Port Workers Union", "the port workers union"]]),
        (["US", "United States", "U.S."], [["U.S.", "US", "United States"]]),
        (["Kremlin", "White House"], [["Kremlin"], ["White House"]]),
        (["UN", "UNHCR"], [["UN"], ["UNHCR"]]),
    ],
)
def test_organisations_merge_by_name_and_table(names, expected):
    assert groups(names, kind="organisation") == expected


def test_a_person_and_a_body_never_merge():
    index = build_index(
        [SpeakerObservation("Peskov", kind="person"), SpeakerObservation("Peskov Group", kind="organisation")]
    )
    assert index["Peskov"] is not index["Peskov Group"]
    assert index["Peskov Group"].kind == "organisation"


def test_threshold_comes_from_settings():
    assert groups(["Pashinyan", "Pashinian"], settings=IdentitySettings(name_similarity=100)) == [
        ["Pashinian", "Pashinyan"]  # one skeleton: transliteration folding makes them equal
    ]
    assert groups(["Boris Johnson", "Boris Johnston"]) == [["Boris Johnson", "Boris Johnston"]]
    assert groups(["Boris Johnson", "Boris Johnston"], settings=IdentitySettings(name_similarity=95)) == [
        ["Boris Johnson"],
        ["Boris Johnston"],
    ]


def test_identity_takes_the_commonest_full_form_title_and_affiliation():
    observations = [
        SpeakerObservation("Dmitry Peskov", "Kremlin spokesperson Dmitry Peskov", "spokesperson", "Kremlin"),
        SpeakerObservation("Dmitry Peskov", "Peskov", None, None),
        SpeakerObservation("Dmitriy Peskov", "Dmitriy Peskov, the Kremlin's spokesman", "spokesman", "Kremlin"),
        SpeakerObservation("Peskov", "Peskov", "spokesperson", "Russia"),
        SpeakerObservation("Mikhail Galuzin", "Russia's Deputy Foreign Minister Mikhail Galuzin", None, "Russia"),
        SpeakerObservation("Galuzin", "Galuzin", None, "Russia"),
        SpeakerObservation("Galuzin", "Galuzin", None, "Russia"),
    ]
    index = build_index(observations)
    peskov = index["Peskov"]
    assert (peskov.id, peskov.name) == ("dmitry-peskov", "Dmitry Peskov")
    assert peskov.aliases == ["Dmitriy Peskov", "Peskov"]
    assert peskov.title == "spokesperson"
    assert peskov.affiliation == "Russia (Kremlin)"
    galuzin = index.get("Galuzin")
    assert galuzin is not None and galuzin.id == "mikhail-galuzin"
    assert galuzin.affiliation == "Russia (Foreign Ministry)"  # the commonest country, with the body one mention gave
    assert [identity.id for identity in index] == ["dmitry-peskov", "mikhail-galuzin"]
    assert index.get("Nobody") is None and "Nobody" not in index and len(index) == 2


def test_a_bare_office_is_the_one_person_of_the_store_who_holds_it():
    """'The Prime Minister replied' in an article that never gives the office a name, in a store where one person
    is called Prime Minister; with two holders, or none, the office names nobody."""
    observations = [
        SpeakerObservation("Boris Johnson", "Prime Minister Boris Johnson", "Prime Minister", None),
        SpeakerObservation("Boris Johnson", "Mr Johnson", None, None),
        SpeakerObservation("Michael Gove", "Housing Secretary Michael Gove", "Housing Secretary", None),
    ]
    speakers = SpeakerResolver(build_index(observations), load_institutions())
    office = SpeakerRef(mention="The Prime Minister", title="Prime Minister", kind="office")
    assert speakers.ref(office).name == "Boris Johnson"
    assert speakers.ref(office.model_copy(update={"title": "UK PM"})).name == "Boris Johnson"
    assert speakers.ref(office.model_copy(update={"title": "Foreign Secretary"})).name is None
    two = [*observations, SpeakerObservation("Rishi Sunak", "Prime Minister Rishi Sunak", "Prime Minister", None)]
    assert SpeakerResolver(build_index(two), load_institutions()).ref(office).name is None


def test_statements_get_their_speakers_identity_and_are_left_unchanged():
    document = DocumentRef(id="d", path="a.txt")
    speakers = [
        SpeakerRef(name="Galuzin", mention="Galuzin"),
        SpeakerRef(name="Mikhail Galuzin", title="diplomat"),
        SpeakerRef(name=None, mention="sources"),
    ]
    said = [
        Statement(id=str(n), document=document, text="a", start=0, end=1, kind="indirect", speaker=speaker)
        for n, speaker in enumerate(speakers)
    ]
    observations = [SpeakerObservation.from_ref(statement.speaker) for statement in said]
    before = [statement.model_dump() for statement in said]
    resolved = with_resolved_speakers(said, SpeakerResolver(build_index(observations), load_institutions()))
    assert [(s.speaker.name, s.speaker.id, s.speaker.mention) for s in resolved] == [
        ("Mikhail Galuzin", "mikhail-galuzin", "Galuzin"),
        ("Mikhail Galuzin", "mikhail-galuzin", None),
        (None, None, "sources"),
    ]
    assert resolved[2] is said[2]  # a speaker the index does not know: the statement itself
    assert [statement.model_dump() for statement in said] == before


def test_a_resolver_reads_the_users_table_and_pins(tmp_path: Path):
    pins = '[[merge]]\nnames = ["Galuzin", "Mike G."]\ncanonical = "Mikhail Galuzin"\n'
    (tmp_path / "speakers.toml").write_text(pins, encoding="utf-8")
    (tmp_path / "institutions.toml").write_text(
        '[institution.valmore]\nnames = ["Valmore Holdings"]\nof = "Valmore"\n', encoding="utf-8"
    )
    said = [SpeakerRef(name="Galuzin"), SpeakerRef(name="Mike G."), SpeakerRef(name="Valmore Holdings")]
    speakers = resolver_for(
        said, institutions_file=tmp_path / "institutions.toml", pins_file=tmp_path / "speakers.toml"
    )
    assert [speakers.ref(ref).id for ref in said] == ["mikhail-galuzin", "mikhail-galuzin", "valmore-holdings"]
    assert speakers.ref(said[2]).kind == "organisation"
    assert speakers.ref(said[2]).affiliation == "Valmore"


def test_people_and_config_load_no_spacy():
    """config is a leaf; who said what across documents is worked out without the NLP stack."""
    code = (
        "import sys, claimtrack.config; leaf = sorted(m for m in sys.modules if m.startswith('claimtrack'))\n"
        "import claimtrack.people.identity, claimtrack.people.pins\n"
        "print(leaf, sorted({'spacy', 'dateparser'} & set(sys.modules)))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout == "['claimtrack', 'claimtrack.config'] []\n"


def test_names_that_fold_to_one_slug_keep_apart_ids():
    observations = [
        SpeakerObservation("Zoë Marsh", kind="person"),
        SpeakerObservation("Zoe Marsh", kind="organisation"),
    ]
    index = build_index(observations)
    assert [(identity.id, identity.name) for identity in index] == [
        ("zoe-marsh", "Zoe Marsh"),
        ("zoe-marsh-2", "Zoë Marsh"),
    ]
    assert build_index(reversed(observations)) == index


def test_observation_from_a_stored_speaker():
    ref = SpeakerRef(name="Mikhail Galuzin", mention="Russia's Deputy Foreign Minister Mikhail Galuzin", title="x")
    observation = SpeakerObservation.from_ref(ref)
    assert (observation.name, observation.mention, observation.title, observation.kind) == (
        "Mikhail Galuzin",
        ref.mention,
        "x",
        None,
    )


CORPUS = [
    SpeakerObservation("Hillary Clinton", "Secretary of State Hillary Clinton", "Secretary of State", "US"),
    SpeakerObservation("Bill Clinton", "former President Bill Clinton", "former President", None),
    SpeakerObservation("Clinton", "Clinton", None, None),
    SpeakerObservation("Nikol Pashinyan", "Armenian Prime Minister Nikol Pashinyan", "Prime Minister", "Armenian"),
    SpeakerObservation("Pashinian", "Pashinian", None, None),
    SpeakerObservation("N. Pashinyan", "N. Pashinyan", None, None),
    SpeakerObservation("Dmitry Peskov", "Kremlin spokesperson Dmitry Peskov", "spokesperson", "Kremlin"),
    SpeakerObservation("Dmitriy Peskov", "Dmitriy Peskov", "spokesman", None),
    SpeakerObservation("Kremlin", "the Kremlin", None, None, "organisation"),
    SpeakerObservation("the Kremlin", "the Kremlin", None, None, "organisation"),
    SpeakerObservation("UN refugee agency", "The UN refugee agency", None, None, "organisation"),
    SpeakerObservation("UNHCR", "UNHCR", None, None, "organisation"),
    SpeakerObservation("Moscow", "Moscow", None, None, "organisation"),
    SpeakerObservation("Kim Jong Un", "Kim Jong Un", None, "North Korean"),
    SpeakerObservation("Kim Yo Jong", "Kim Yo Jong", None, None),
    SpeakerObservation("Kim", "Kim", None, None),
    SpeakerObservation("Tomas Rieck", "Opposition leader Tomas Rieck", "Opposition leader", None),
    SpeakerObservation("Tomas Riek", "Tomas Riek", None, None),
    SpeakerObservation("Rieck", "Rieck", None, None),
    SpeakerObservation("Zelensky", "Zelensky", None, None),
    SpeakerObservation("Zelenskyy", "Zelenskyy", "President", "Ukrainian"),
    SpeakerObservation(None, "he", None, None, "pronoun"),
]


@settings(max_examples=60, deadline=None)
@given(st.permutations(CORPUS))
def test_index_does_not_depend_on_input_order(observations):
    assert build_index(observations) == build_index(CORPUS)


# Pins ---------------------------------------------------------------------------------------------------


def write_pins(tmp_path: Path, content: str) -> Path:
    path = tmp_path / "speakers.toml"
    path.write_text(content, encoding="utf-8")
    return path


def test_pinned_merge_beats_the_rules_and_names_the_speaker(tmp_path: Path):
    pins = load_pins(
        write_pins(
            tmp_path,
            """
[[merge]]
names = ["Nikol Pashinyan", "Armenia's prime minister"]
canonical = "Nikol Pashinyan"

[[merge]]
names = ["Peskov", "Dmitry Sergeyevich"]
canonical = "Dmitry Peskov"
""",
        )
    )
    observations = [SpeakerObservation(name) for name in ["Armenia's prime minister", "Pashinian", "Peskov"]]
    index = build_index(observations, pins=pins)
    assert index["Armenia's prime minister"] is index["Pashinian"]  # the rules still attach to a pinned speaker
    assert index["Pashinian"].name == "Nikol Pashinyan"
    assert index["Pashinian"].id == "nikol-pashinyan"
    assert index["Peskov"].name == "Dmitry Peskov"  # a canonical spelling nobody wrote


def test_pinned_split_beats_the_rules(tmp_path: Path):
    pins = load_pins(
        write_pins(
            tmp_path,
            """
[[split]]
names = ["Bill Clinton", "Clinton"]

[[split]]
names = ["Tomas Rieck", "Tomas Riek"]

[[split]]
names = ["UNHCR", "UN refugee agency"]
""",
        )
    )
    names = ["Hillary Clinton", "Bill Clinton", "Clinton", "Tomas Rieck", "Tomas Riek", "UNHCR", "UN refugee agency"]
    assert groups(names, pins=pins) == [
        ["Bill Clinton"],
        ["Clinton", "Hillary Clinton"],  # Bill is ruled out, so "Clinton" is Hillary
        ["Tomas Rieck"],
        ["Tomas Riek"],
        ["UN refugee agency"],
        ["UNHCR"],
    ]


def test_pinned_speaker_overrides_title_and_affiliation(tmp_path: Path):
    pins = load_pins(
        write_pins(
            tmp_path,
            """
[speaker."Dmitry Peskov"]
title = "Kremlin spokesman"
affiliation = "Russia (Kremlin)"

[speaker."Galuzin"]
affiliation = "Russia (MID)"
""",
        )
    )
    observations = [
        SpeakerObservation("Dmitry Peskov", "Peskov", "press secretary", "Russia"),
        SpeakerObservation("Mikhail Galuzin", "Deputy Foreign Minister Mikhail Galuzin", None, "Russia"),
        SpeakerObservation("Galuzin"),
    ]
    index = build_index(observations, pins=pins)
    assert (index["Dmitry Peskov"].title, index["Dmitry Peskov"].affiliation) == (
        "Kremlin spokesman",
        "Russia (Kremlin)",
    )
    assert index["Mikhail Galuzin"].affiliation == "Russia (MID)"  # pinned under an alias, applies to the speaker


def test_no_pins_is_the_same_as_empty_pins():
    assert build_index(CORPUS, pins=Pins()) == build_index(CORPUS)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ('[[merge]\nnames = ["A"]', "is not valid TOML"),
        ('[[merge]]\nnames = "Nikol Pashinyan"', "merge.0.names"),
        ('[[merge]]\nnames = ["Nikol Pashinyan"]', "needs two different names"),
        ('[[split]]\nnames = ["Bill Clinton"]', "split.0.names"),
        ('[speaker."Dmitry Peskov"]\nrole = "spokesman"', "speaker.Dmitry Peskov.role"),
        ('[[merger]]\nnames = ["A", "B"]', "merger"),
        ('[[merge]]\nnames = ["A", "B"]\n[[merge]]\nnames = ["B", "C"]', "'B' is in \\[\\[merge\\]\\] 1 and 2"),
        ('[[merge]]\nnames = ["A", "B"]\n[[split]]\nnames = ["B", "A"]', "both merged and split"),
    ],
)
def test_malformed_pins_file_is_named(tmp_path: Path, content, problem):
    path = write_pins(tmp_path, content)
    with pytest.raises(InputError, match=problem) as raised:
        load_pins(path)
    assert raised.value.path == str(path)
    assert str(raised.value).startswith(f"{path}: ")
    assert raised.value.fix


def test_missing_pins_file_is_named(tmp_path: Path):
    with pytest.raises(InputError, match="cannot be read") as raised:
        load_pins(tmp_path / "speakers.toml")
    assert raised.value.path == str(tmp_path / "speakers.toml")

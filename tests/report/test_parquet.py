"""export --format parquet: datasets partitioned by publication month that DuckDB reads back as the JSON export's
statements, claims and conflicts; and a one-line message naming the extra when pyarrow is missing."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import sys
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimtrack import store
from claimtrack.cli import app
from claimtrack.models import ClaimsFile, Document, DocumentRef, SpeakerRef, Statement, StatementDate
from conftest import DATA, POLNEAR, clean, extracted_valmore

duckdb = pytest.importorskip("duckdb")
parquet = pytest.importorskip("claimtrack.report.parquet")

TOPIC = DATA / "topics" / "headquarters.toml"


def run(*args: str):
    result = CliRunner().invoke(app, list(args))
    assert clean(result), result.exception
    return result


def scalar(query: str):
    return duckdb.sql(query).fetchall()[0][0]


def table(folder: Path) -> str:
    return f"read_parquet('{folder}/*/*.parquet', hive_partitioning = true)"


@pytest.fixture(scope="module")
def valmore(tmp_path_factory) -> Path:
    return extracted_valmore(tmp_path_factory.mktemp("valmore"))


def _document(path: str, published: dt.date | None) -> Document:
    return Document(id=path[:8], path=path, published=published, outlet="The Test", sha256="0" * 64, chars=100)


def _statement(document: Document, number: int, text: str, speaker: str) -> Statement:
    return Statement(
        id=f"{document.id}{number:08d}",
        document=DocumentRef.model_validate(document.model_dump(include=set(DocumentRef.model_fields))),
        text=text,
        start=number * 10,
        end=number * 10 + len(text),
        kind="direct",
        cue="said",
        speaker=SpeakerRef(name=speaker, mention=speaker, id=speaker.lower().replace(" ", "-")),
        date=StatementDate(value=document.published, precision="day", basis="publication", upper_bound=True),
    )


def made_store(folder: Path, documents: dict[str, dt.date | None]) -> Path:
    """A store written by hand: one statement per document, one of them with text a spreadsheet would run."""
    for number, (path, published) in enumerate(documents.items()):
        document = _document(path, published)
        text = '=HYPERLINK("x")\nline two, “curly” and ✓' if number == 0 else f"statement {number}"
        claims = ClaimsFile(
            pipeline="test", document=document, statements=[_statement(document, number, text, "Ana Ruiz")]
        )
        store.save(store.claims_path(folder, path), claims)
    return folder


def _fields(model, prefix: str = "") -> set[str]:
    """The flat names of a model's fields, nested models joined by '_' (lists and dicts stay one column)."""
    names = set()
    for name, info in model.model_fields.items():
        annotation = info.annotation
        nested = [arg for arg in getattr(annotation, "__args__", ()) if isinstance(arg, type)] + [annotation]
        inner = next((kind for kind in nested if isinstance(kind, type) and hasattr(kind, "model_fields")), None)
        if inner is not None and name not in {"pieces", "stances"}:
            names |= _fields(inner, f"{prefix}{name}_")
        else:
            names.add(prefix + name)
    return names


def test_statement_columns_hold_every_field_of_a_statement():
    written = {name for name, _, _ in parquet.STATEMENT_COLUMNS}
    assert written == _fields(Statement)


def test_statements_read_back_by_duckdb_as_the_json_export_has_them(valmore, tmp_path):
    run("export", "--claims", str(valmore), "--format", "parquet", "--out", str(tmp_path / "pq"))
    exported = json.loads(run("export", "--claims", str(valmore), "--format", "json").stdout)["statements"]
    folder = tmp_path / "pq" / "statements"
    assert sorted(p.name for p in folder.iterdir()) == ["published_month=2024-01", "published_month=2024-03"]
    assert scalar(f"SELECT count(*) FROM {table(folder)}") == len(exported) > 0
    by_speaker = duckdb.sql(f"SELECT speaker_name, count(*) FROM {table(folder)} GROUP BY speaker_name").fetchall()
    assert dict(by_speaker) == Counter(s["speaker"]["name"] for s in exported)
    rows = duckdb.sql(f"SELECT id, text, start, document_published, published_month FROM {table(folder)}").fetchall()
    expected = {
        s["id"]: (s["text"], s["start"], s["document"]["published"], s["document"]["published"][:7]) for s in exported
    }
    assert {row[0]: (row[1], row[2], row[3].isoformat(), row[4]) for row in rows} == expected


def test_topic_export_writes_claims_and_conflicts_as_the_json_topic_export_has_them(valmore, tmp_path):
    out = tmp_path / "pq"
    claims = tmp_path / "claims"
    shutil.copytree(valmore, claims)
    # --out beside the store: its claims/ table must not take the claims store's place.
    result = run(
        "export", "--claims", str(claims), "--topic", str(TOPIC), "--format", "parquet", "--out", str(tmp_path)
    )
    assert result.exit_code == 2
    assert "is not a Parquet dataset written by claimtrack" in result.stderr
    assert not (tmp_path / "statements").exists() and any(claims.glob("*.json"))
    result = run("export", "--claims", str(claims), "--topic", str(TOPIC), "--format", "parquet", "--out", str(out))
    assert result.exit_code == 0, result.output
    exported = json.loads(run("export", "--claims", str(claims), "--topic", str(TOPIC), "--format", "json").stdout)
    rows = duckdb.sql(f"SELECT id, position, appearance_count FROM {table(out / 'claims')}").fetchall()
    assert sorted(rows) == sorted(
        (c["id"], c["stances"]["headquarters"]["position"], c["appearance_count"]) for c in exported["claims"]
    )
    conflicts = duckdb.sql(f"SELECT kind, earlier_id, later_id, explanation FROM {table(out / 'conflicts')}").fetchall()
    assert sorted(conflicts) == sorted(
        (c["kind"], c["earlier"]["id"], c["later"]["id"], c["explanation"]) for c in exported["conflicts"]
    )
    assert conflicts
    # The statements written after stance carry their positions on the topic.
    positions = scalar(
        f"SELECT count(*) FROM {table(out / 'statements')}, unnest(stances) AS s(stance) "
        "WHERE stance.topic = 'headquarters'"
    )
    assert positions >= len(exported["claims"])


def test_undated_documents_have_their_own_partition_and_text_round_trips_as_data(tmp_path):
    claims = made_store(
        tmp_path / "claims", {"a.txt": dt.date(2023, 10, 9), "b.txt": None, "c.txt": dt.date(2023, 10, 30)}
    )
    run("export", "--claims", str(claims), "--format", "parquet", "--out", str(tmp_path / "pq"))
    folder = tmp_path / "pq" / "statements"
    assert sorted(p.name for p in folder.iterdir()) == ["published_month=2023-10", "published_month=undated"]
    rows = dict(duckdb.sql(f"SELECT document_path, published_month FROM {table(folder)}").fetchall())
    assert rows == {"a.txt": "2023-10", "b.txt": "undated", "c.txt": "2023-10"}
    text = scalar(f"SELECT text FROM {table(folder)} WHERE document_path = 'a.txt'")
    assert text == '=HYPERLINK("x")\nline two, “curly” and ✓'


def test_a_second_export_replaces_the_first_and_an_empty_store_gives_an_empty_table(tmp_path):
    claims = made_store(tmp_path / "claims", {"a.txt": dt.date(2023, 10, 9), "b.txt": dt.date(2024, 2, 1)})
    out = tmp_path / "pq"
    run("export", "--claims", str(claims), "--format", "parquet", "--out", str(out))
    next(claims.glob("b.txt.*.json")).unlink()
    run("export", "--claims", str(claims), "--format", "parquet", "--out", str(out))
    assert [p.name for p in (out / "statements").iterdir()] == ["published_month=2023-10"]
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no staging folder left behind
    run("export", "--claims", str(claims), "--speaker", "nobody", "--format", "parquet", "--out", str(out))
    assert scalar(f"SELECT count(*) FROM {table(out / 'statements')}") == 0


@pytest.mark.parametrize(
    "args, hint",
    [
        (["--format", "parquet"], "--out DIR"),
        (["--format", "json", "--out", "somewhere"], "only --format parquet"),
    ],
)
def test_parquet_and_out_go_together(args, hint, tmp_path):
    result = run("export", "--claims", str(tmp_path), *args)
    assert result.exit_code == 2
    assert hint in result.output


def test_without_pyarrow_parquet_names_the_extra_in_one_line(valmore, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # what `import pyarrow` meets when it is not installed
    result = run("export", "--claims", str(valmore), "--format", "parquet", "--out", str(tmp_path / "pq"))
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and 'pip install "claimtrack[archive]"' in lines[0] and "pyarrow" in lines[0]
    assert not (tmp_path / "pq").exists()


@pytest.mark.polnear
@pytest.mark.skipif(not (POLNEAR / "dev").is_dir(), reason="../shared/polnear is absent")
def test_polnear_dev_store_as_parquet_counts_as_the_store(tmp_path):
    texts = POLNEAR / "dev" / "text"
    claims = tmp_path / "claims"
    assert run("extract", str(texts), "--out", str(claims), "-q", "--no-table").exit_code == 0
    run("export", "--claims", str(claims), "--format", "parquet", "--out", str(tmp_path / "pq"))
    exported = json.loads(run("export", "--claims", str(claims), "--format", "json").stdout)["statements"]
    folder = tmp_path / "pq" / "statements"
    assert scalar(f"SELECT count(*) FROM {table(folder)}") == len(exported) > 50
    by_speaker = duckdb.sql(
        f"SELECT speaker_name, count(*) FROM {table(folder)} GROUP BY speaker_name ORDER BY 2 DESC"
    ).fetchall()
    assert dict(by_speaker) == Counter(s["speaker"]["name"] for s in exported)


def test_readme_names_every_column_of_every_table():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## The archive: Parquet", 1)[1].split("\n## ", 1)[0]
    named = set(re.findall(r"`([a-z_]+)`", section))
    side_named = {f"{side}_{name}" for side in ("earlier", "later") for name in named}
    side_named |= {
        f"{side}_document_{name}"
        for side in ("earlier", "later")
        for name in ("id", "path", "published", "published_basis", "outlet", "url", "title")
    }
    for schema in (
        parquet.schema_of(parquet.STATEMENT_COLUMNS),
        parquet.claim_schema(),
        parquet.schema_of(parquet.CONFLICT_COLUMNS),
    ):
        missing = [name for name in schema.names if name not in named | side_named]
        assert not missing


def test_an_out_folder_that_cannot_be_written_is_named_in_one_line(tmp_path):
    claims = made_store(tmp_path / "claims", {"a.txt": dt.date(2023, 10, 9)})
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    result = run("export", "--claims", str(claims), "--format", "parquet", "--out", str(blocked / "pq"))
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "cannot write the Parquet datasets" in lines[0] and "--out" in lines[0]

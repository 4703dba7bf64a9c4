"""Ingestion: every supported format, its metadata, and one clear error per bad input."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from claimtrack.errors import InputError
from claimtrack.ingest.sources import SourceText, read_sources


def read(*paths: Path) -> tuple[list[SourceText], list[InputError]]:
    sources, errors = [], []
    for item in read_sources(list(paths)):
        (errors if isinstance(item, InputError) else sources).append(item)
    return sources, errors


def test_plain_text_takes_metadata_from_the_sidecar(articles: Path):
    (source,), errors = read(articles)
    assert errors == []
    assert source.published == dt.date(2026, 3, 4)
    assert source.published_basis == "sources.toml"
    assert source.outlet == "Valmore Courier"
    assert source.text == (articles / "harbour.txt").read_text(encoding="utf-8")


def test_text_without_sidecar_goes_through_with_no_date(tmp_path: Path):
    (tmp_path / "a.txt").write_text("The minister said that taxes would fall.", encoding="utf-8")
    (source,), errors = read(tmp_path)
    assert errors == [] and source.published is None and source.published_basis is None


def test_markdown_front_matter_is_metadata_and_the_rest_is_the_text(tmp_path: Path):
    (tmp_path / "a.md").write_text(
        "---\npublished: 2024-04-18\noutlet: CivilNet\nurl: https://example.org/a\n---\nBody text here.\n",
        encoding="utf-8",
    )
    (source,), errors = read(tmp_path)
    assert errors == []
    assert (source.published, source.outlet, source.text) == (dt.date(2024, 4, 18), "CivilNet", "Body text here.\n")
    assert source.published_basis == "front matter"


def test_sidecar_outranks_the_document_itself(tmp_path: Path):
    (tmp_path / "a.md").write_text("---\npublished: 2024-04-18\n---\nBody.\n", encoding="utf-8")
    (tmp_path / "sources.toml").write_text('["a.md"]\npublished = 2024-04-19\n', encoding="utf-8")
    (source,), _ = read(tmp_path)
    assert source.published == dt.date(2024, 4, 19)


def test_html_gives_main_text_and_original_publication_date(tmp_path: Path):
    html = """<html><head><title>Port stays</title>
    <meta property="article:published_time" content="2024-04-17T09:00:00Z">
    <meta property="article:modified_time" content="2024-05-02T09:00:00Z">
    <meta property="og:site_name" content="Valmore Courier"></head>
    <body><nav>Home | World | Sport</nav><article><h1>Port stays</h1>
    <p>The harbour authority will keep its offices in Valmore, the mayor said on Tuesday, after weeks of talk.</p>
    <p>"We have no plans to move the authority anywhere else," the mayor told reporters at city hall today.</p>
    </article><footer>Copyright</footer></body></html>"""
    (tmp_path / "a.html").write_text(html, encoding="utf-8")
    (source,), errors = read(tmp_path)
    assert errors == []
    assert "keep its offices in Valmore" in source.text and "Home | World" not in source.text
    assert source.published == dt.date(2024, 4, 17) and source.published_basis == "html metadata"


def test_json_and_jsonl_records(tmp_path: Path):
    (tmp_path / "one.json").write_text(
        json.dumps({"text": "A said B.", "published": "2024-01-02", "outlet": "X", "id": "a1"}), encoding="utf-8"
    )
    (tmp_path / "many.jsonl").write_text(
        '{"text": "First.", "url": "https://example.org/1"}\n\n{"text": "Second.", "extra": 1}\n', encoding="utf-8"
    )
    sources, errors = read(tmp_path)
    assert errors == []
    assert [s.path.rsplit("/", 1)[-1] for s in sources] == ["many.jsonl#1", "many.jsonl#3", "one.json#a1"]
    assert sources[2].published == dt.date(2024, 1, 2) and sources[2].published_basis == "json"


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Le ministre a déclaré que l’été serait chaud.", "cp1252"),
        ("Президент заявил, что миротворцы останутся в регионе.", "cp1251"),
    ],
)
def test_non_utf8_text_is_decoded_and_the_user_is_told(tmp_path: Path, text, encoding):
    (tmp_path / "a.txt").write_bytes(text.encode(encoding))
    (source,), errors = read(tmp_path)
    assert errors == []
    assert source.text == text and source.encoding == encoding
    assert "not valid UTF-8" in source.warnings[0] and "a.txt" in source.warnings[0]


BAD_INPUTS = [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"  \n\n ", "empty file"),
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
    ("front.md", b"---\npublished: [2024\n---\nText.\n", "malformed front matter"),
    ("unclosed.md", b"---\npublished: 2024-01-01\nText.\n", "no closing '---'"),
    ("baddate.md", b"---\npublished: next week\n---\nText.\n", "front matter published"),
    ("broken.json", b'{"text": "a",', "not valid JSON"),
    ("notext.json", b'{"title": "no text"}', "record text"),
]


@pytest.mark.parametrize(("name", "content", "message"), BAD_INPUTS, ids=[case[0] for case in BAD_INPUTS])
def test_bad_input_is_one_error_naming_the_file_and_the_rest_goes_on(tmp_path: Path, name, content, message):
    (tmp_path / name).write_bytes(content)
    (tmp_path / "good.txt").write_text("The minister said that taxes would fall.", encoding="utf-8")
    sources, errors = read(tmp_path)
    assert [s.path.rsplit("/", 1)[-1] for s in sources] == ["good.txt"]
    (error,) = errors
    assert name in str(error) and message in str(error) and "\n" not in str(error)


def test_malformed_jsonl_line_is_named_and_other_lines_are_read(tmp_path: Path):
    (tmp_path / "a.jsonl").write_text('{"text": "One."}\n{"text": "Two.",\n{"text": "Three."}\n', encoding="utf-8")
    sources, errors = read(tmp_path)
    assert [s.text for s in sources] == ["One.", "Three."]
    assert len(errors) == 1 and "a.jsonl:2" in str(errors[0]) and "malformed JSON line" in str(errors[0])


def test_repeated_record_id_is_refused(tmp_path: Path):
    (tmp_path / "a.jsonl").write_text('{"text": "One.", "id": 7}\n{"text": "Two.", "id": 7}\n', encoding="utf-8")
    sources, errors = read(tmp_path)
    assert [s.text for s in sources] == ["One."] and "repeats id" in str(errors[0])


def test_malformed_sidecar_is_reported_once_and_documents_still_go_through(tmp_path: Path):
    (tmp_path / "sources.toml").write_text('["a.txt"\npublished = 2024-01-01\n', encoding="utf-8")
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text("Someone said something.", encoding="utf-8")
    sources, errors = read(tmp_path)
    assert len(sources) == 2 and all(s.published is None for s in sources)
    assert len(errors) == 1 and "sources.toml" in str(errors[0]) and "malformed sidecar" in str(errors[0])


def test_sidecar_entry_with_a_wrong_field_is_reported(tmp_path: Path):
    (tmp_path / "sources.toml").write_text('["a.txt"]\npublishd = 2024-01-01\n', encoding="utf-8")
    (tmp_path / "a.txt").write_text("Someone said something.", encoding="utf-8")
    _, errors = read(tmp_path)
    assert "entry 'a.txt'" in str(errors[0]) and "publishd" in str(errors[0])


def test_sidecar_entry_without_its_file_is_reported(tmp_path: Path):
    (tmp_path / "sources.toml").write_text('["gone.txt"]\noutlet = "X"\n', encoding="utf-8")
    (tmp_path / "a.txt").write_text("Someone said something.", encoding="utf-8")
    sources, errors = read(tmp_path)
    assert len(sources) == 1 and "gone.txt" in str(errors[0]) and "not found" in str(errors[0])


def test_missing_path_and_unsupported_file_are_errors(tmp_path: Path):
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4")
    _, errors = read(tmp_path / "nope", tmp_path / "a.pdf")
    assert "no such file or folder" in str(errors[0]) and "unsupported file type '.pdf'" in str(errors[1])


def test_unreadable_file_is_named(tmp_path: Path, monkeypatch):
    target = tmp_path / "locked.txt"
    target.write_text("Someone said something.", encoding="utf-8")
    (tmp_path / "open.txt").write_text("Someone else said something.", encoding="utf-8")
    real = Path.read_bytes

    def read_bytes(self):
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)  # root reads anything; simulate a locked file
    sources, errors = read(tmp_path)
    assert len(sources) == 1 and "locked.txt" in str(errors[0]) and "permission denied" in str(errors[0])


def test_identity_is_path_plus_content(tmp_path: Path):
    one = SourceText(path="a.txt", text="Same text.")
    assert one.doc_id == SourceText(path="a.txt", text="Same text.").doc_id
    assert one.doc_id != SourceText(path="b.txt", text="Same text.").doc_id
    assert one.doc_id != SourceText(path="a.txt", text="Other text.").doc_id

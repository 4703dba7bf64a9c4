"""The HTML report: what the page holds (parsed here), and what a real browser makes of it (headless Chromium).

The browser tests need Debian's `chromium` and the `playwright` package (the test extra); they skip, saying
so, where either is missing. With CLAIMTRACK_SCREENSHOTS=DIR (as `nox -s report` sets it) they save
screenshots there for a person to look at.
"""

from __future__ import annotations

import os
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimtrack.cli import app
from claimtrack.report.html import safe_url, segments_of
from conftest import DATA, clean

ROOT = Path(__file__).resolve().parents[2]
TOPIC = DATA / "topics" / "headquarters.toml"
CHROMIUM = Path(os.environ.get("CLAIMTRACK_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

HOSTILE_TEXT = """VALMORE, January 10. <script>window.pwned = 1; document.title = "pwned"</script> Brennhold chief \
executive Ines Varga said on Tuesday that the company would keep its headquarters in Valmore "><img src=x \
onerror="window.pwned = 2">.

"[bold red]The head office will stay[/] [/] <b onmouseover="window.pwned = 3">here</b>," Varga told reporters.
"""
HOSTILE_SIDECAR = """["hostile.txt"]
outlet = "[red]Gazette[/] <i>"
published = 2024-01-10
url = "javascript:window.pwned = 5"
title = '<script>window.pwned = 4</script>"><img src=x onerror="window.pwned = 6">'
"""


def _extract(folder: Path, out: Path) -> None:
    result = CliRunner().invoke(app, ["extract", str(folder), "--out", str(out), "-q", "--no-table"])
    assert result.exit_code == 0, result.output


def _report(claims: Path, out: Path, *topic: str):
    result = CliRunner().invoke(app, ["report", "--claims", str(claims), "--out", str(out), *topic])
    assert clean(result), result.exception
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, Path]:
    """Reports on the valmore articles (with and without a topic), on the seeds, and on a hostile article."""
    root = tmp_path_factory.mktemp("report")
    valmore = root / "valmore"
    shutil.copytree(DATA / "valmore", valmore / "articles")
    _extract(valmore / "articles", valmore / "claims")
    (valmore / "claims" / "speakers.toml").write_text('[speaker."Jon Holt"]\naffiliation = "Brennhold"\n')
    (valmore / "claims" / "institutions.toml").write_text('[institution.b]\nnames = ["Brennhold"]\nof = "Brennhold"\n')
    hostile = root / "hostile"
    (hostile / "articles").mkdir(parents=True)
    (hostile / "articles" / "hostile.txt").write_text(HOSTILE_TEXT, encoding="utf-8")
    (hostile / "articles" / "sources.toml").write_text(HOSTILE_SIDECAR, encoding="utf-8")
    _extract(hostile / "articles", hostile / "claims")
    seeds = root / "seeds"
    _extract(ROOT / "seeds", seeds / "claims")
    made = {
        "valmore": (valmore / "claims", "--topic", str(TOPIC)),
        "articles": (valmore / "claims",),
        "hostile": (hostile / "claims", "--topic", str(TOPIC)),
        "seeds": (seeds / "claims", "--topic", "peacekeepers"),
    }
    for name, (claims, *topic) in made.items():
        _report(claims, root / f"{name}.html", *topic)
    return {name: root / f"{name}.html" for name in made}


class Page(HTMLParser):
    """The tags, ids, links and text of a page."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.text: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        self.tags.append((tag, found))
        if found.get("id"):
            self.ids.add(found["id"])
        if found.get("href") is not None:
            self.links.append(found["href"])

    def handle_data(self, data):
        self.text.append(data)


def _statement_ids(claims: Path) -> set[str]:
    from claimtrack import api

    return {statement.id for statement in api.load_claims(claims).statements}


def test_report_has_chart_conflicts_articles_and_every_statement_in_place(pages):
    page = Page(pages["valmore"].read_text(encoding="utf-8"))
    tags = [tag for tag, _ in page.tags]
    assert "script" not in tags
    assert {"timeline", "chart", "conflicts", "articles", "speakers", "c-1"} <= page.ids
    reversal_links = [attrs for tag, attrs in page.tags if tag == "path" and "reversal" in (attrs.get("class") or "")]
    assert reversal_links, "the reversal is drawn on the chart"
    statements = _statement_ids(pages["valmore"].parent / "valmore" / "claims")
    assert statements and {f"s-{sid}" for sid in statements} <= page.ids
    internal = [link[1:] for link in page.links if link.startswith("#")]
    assert internal and all(target in page.ids for target in internal), "every link inside the page lands"
    text = " ".join(page.text)
    assert "Ines Varga" in text and "reversed" in text


def test_report_without_topic_has_articles_and_speakers_only(pages):
    page = Page(pages["articles"].read_text(encoding="utf-8"))
    assert {"articles", "speakers"} <= page.ids and not {"timeline", "conflicts"} & page.ids


def test_hostile_article_text_and_metadata_are_shown_as_written(pages):
    html = pages["hostile"].read_text(encoding="utf-8")
    page = Page(html)
    tags = [tag for tag, _ in page.tags]
    assert "script" not in tags and "img" not in tags and "b" not in tags
    assert not any(attrs.get(name) for _, attrs in page.tags for name in attrs if name.startswith("on"))
    assert not any(link.strip().lower().startswith("javascript:") for link in page.links)
    text = "".join(page.text)
    assert '<script>window.pwned = 1; document.title = "pwned"</script>' in text
    assert "[bold red]The head office will stay[/] [/]" in text
    assert "[red]Gazette[/] <i>" in text and "javascript:window.pwned = 5" in text


@pytest.mark.parametrize(
    ("url", "linked"),
    [
        ("https://example.org/a", True),
        ("HTTP://example.org", True),
        ("javascript:alert(1)", False),
        (" JavaScript:alert(1)", False),
        ("data:text/html,<script>", False),
        ("file:///etc/passwd", False),
        ("//example.org", False),
        ("", False),
        (None, False),
    ],
)
def test_only_http_urls_are_linked(url, linked):
    assert (safe_url(url) is not None) is linked


def test_segments_cover_the_text_and_mark_content_cue_and_speaker():
    from claimtrack.models import DocumentRef, SpeakerRef, Statement

    text = 'Varga said "we stay" today.'
    statement = Statement(
        id="0" * 16,
        document=DocumentRef(id="d", path="a.txt"),
        text="we stay",
        start=12,
        end=19,
        kind="direct",
        cue="said",
        cue_start=6,
        cue_end=10,
        speaker=SpeakerRef(name="Ines Varga", mention="Varga", start=0, end=5, id="ines-varga"),
    )
    segments = segments_of(text, [statement], lambda s: 3)
    assert "".join(segment.text for segment in segments) == text
    marked = {segment.text: segment for segment in segments}
    assert marked["Varga"].speaker and marked["Varga"].speaker_colour == 3
    assert marked["said"].cue and marked["we stay"].statement is statement
    assert marked["we stay"].anchors == [statement.id] and marked["we stay"].badges == [statement]
    assert segments_of(text, [], lambda s: 0)[0].text == text


def test_an_article_changed_or_gone_since_extraction_still_lists_its_statements(tmp_path):
    shutil.copytree(DATA / "valmore", tmp_path / "articles")
    _extract(tmp_path / "articles", tmp_path / "claims")
    changed = tmp_path / "articles" / "gazette-0110.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\nA line added later.\n", encoding="utf-8")
    (tmp_path / "articles" / "ledger-0111.txt").unlink()
    result = CliRunner().invoke(
        app, ["report", "--claims", str(tmp_path / "claims"), "--out", str(tmp_path / "r.html")]
    )
    assert result.exit_code == 0 and clean(result)
    assert "gazette-0110.txt changed since it was extracted" in result.stderr
    assert "ledger-0111.txt is not at" in result.stderr
    page = Page((tmp_path / "r.html").read_text(encoding="utf-8"))
    assert {f"s-{sid}" for sid in _statement_ids(tmp_path / "claims")} <= page.ids


def test_report_of_a_missing_store_is_a_one_line_error(tmp_path):
    result = CliRunner().invoke(app, ["report", "--claims", str(tmp_path / "nothing"), "--out", str(tmp_path / "r")])
    assert result.exit_code == 1 and "no claims store here" in result.stderr and clean(result)


# -- in a real browser ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM}: apt-get install chromium (or set CLAIMTRACK_CHROMIUM)")
    playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is in the test extra")
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


class Visit:
    """A page opened from its file: URL, with every console message, request, dialog and page error seen."""

    def __init__(self, browser, path: Path, width: int = 1400) -> None:
        self.url = path.as_uri()
        self.page = browser.new_page(viewport={"width": width, "height": 1000})
        self.console, self.requests, self.dialogs, self.errors = [], [], [], []
        self.page.on("console", lambda message: self.console.append((message.type, message.text)))
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.goto(self.url)

    def quiet(self) -> None:
        assert not [entry for entry in self.console if entry[0] in {"error", "warning"}], self.console
        assert not self.errors and not self.dialogs
        assert self.requests == [self.url], "the page loads nothing but itself"

    def screenshot(self, name: str, **options) -> None:
        folder = os.environ.get("CLAIMTRACK_SCREENSHOTS")
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=str(Path(folder) / f"{name}.png"), **options)


def _links_land(page) -> None:
    broken = page.evaluate(
        """() => [...document.querySelectorAll('a[href^="#"]')]
            .map(a => a.getAttribute('href').slice(1))
            .filter(id => !document.getElementById(id))"""
    )
    assert broken == []


@pytest.mark.parametrize("name", ["valmore", "seeds"])
def test_browser_shows_chart_conflicts_and_articles_with_nothing_loaded(browser, pages, name):
    visit = Visit(browser, pages[name])
    page = visit.page
    visit.screenshot(f"{name}-top")
    assert page.locator("svg#chart").is_visible()
    assert page.locator("svg#chart a.mark").count() > 0
    assert page.locator("ol.conflicts > li").count() > 0
    assert page.locator("article.doc").count() == (3 if name == "valmore" else 5)
    _links_land(page)
    in_articles = page.evaluate("() => document.querySelectorAll('article.doc [id^=\"s-\"]').length")
    assert in_articles == len(_statement_ids(pages[name].parent / name / "claims"))
    if name == "valmore":
        assert page.locator("svg#chart path.link.reversal").count() >= 1
        page.locator("svg#chart a.mark").first.click()  # a mark takes the reader to the statement in its article
        target = page.evaluate("() => document.querySelector(':target')?.closest('article')?.id")
        assert target and target.startswith("d-")
        visit.screenshot(f"{name}-statement")
    visit.quiet()
    page.goto(visit.url + "#articles")
    visit.screenshot(f"{name}-articles")
    page.close()


def test_browser_runs_nothing_from_hostile_text_and_shows_it_as_written(browser, pages):
    visit = Visit(browser, pages["hostile"])
    page = visit.page
    for link in page.locator("a").all():
        link.hover()  # an injected handler would fire here
    assert page.evaluate("() => window.pwned") is None
    assert page.title() != "pwned"
    assert page.evaluate("() => document.querySelectorAll('script, img, iframe, object, embed').length") == 0
    shown = page.locator("main").inner_text()
    assert '<script>window.pwned = 1; document.title = "pwned"</script>' in shown
    assert "[bold red]The head office will stay[/] [/]" in shown
    assert page.locator("a[href^='javascript']").count() == 0
    visit.screenshot("hostile", full_page=True)
    visit.quiet()
    page.close()


def test_browser_page_reads_on_a_phone_width(browser, pages):
    visit = Visit(browser, pages["valmore"], width=420)
    page = visit.page
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, "nothing runs off the side of a narrow screen"
    visit.screenshot("valmore-phone")
    page.close()

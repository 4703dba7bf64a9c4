"""Developer sessions: tests (default), lint, bench (on demand)."""

from __future__ import annotations

import nox

nox.options.sessions = ["tests"]
nox.options.reuse_existing_virtualenvs = True


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite (PolNeAR tests skip when ../shared/polnear is absent)."""
    session.install("-e", ".[test]")
    session.run("pytest", *session.posargs)


@nox.session(default=False)
def lint(session: nox.Session) -> None:
    """ruff over the package, tests and benchmarks."""
    session.install("ruff")
    session.run("ruff", "check", "src", "tests", "benchmarks", "noxfile.py", *session.posargs)


@nox.session(default=False)
def bench(session: nox.Session) -> None:
    """Every figure of issue 22 beside its baseline: extraction against plain nlp.pipe, 2 workers, the Dask
    engine, conflicts on 100,000 statements and memory at 10x (-- --limit 100 --documents 1000 to shorten)."""
    session.install("-e", ".[archive]")
    session.run("python", "benchmarks/bench_all.py", *session.posargs)


@nox.session(default=False)
def bench_store(session: nox.Session) -> None:
    """Loading claims/ and finding conflicts on a generated store (10,000 documents, 100,000 statements)."""
    session.install("-e", ".")
    session.run("python", "benchmarks/bench_store.py", *session.posargs)


@nox.session(default=False)
def report(session: nox.Session) -> None:
    """The HTML report in headless Chromium (Debian's `chromium`), saving screenshots under screenshots/.
    `nox -s report --no-venv` runs it in the environment you are in."""
    if session.venv_backend != "none":
        session.install("-e", ".[test]")
    session.run(
        "pytest",
        "tests/report/test_report.py",
        "-ra",
        *session.posargs,
        env={"CLAIMTRACK_SCREENSHOTS": str(session.invoked_from) + "/screenshots"},
    )


@nox.session(default=False)
def fuzz(session: nox.Session) -> None:
    """Arbitrary article text through extraction, stance, tables, CSV, JSON and the CLI: 10,000 hypothesis cases."""
    session.install("-e", ".[test]")
    session.run(
        "pytest",
        "tests/test_fuzz.py",
        "--timeout=7200",  # the suite's hang guard is 600 s a test; 10,000 cases take about 15 minutes
        *session.posargs,
        env={"CLAIMTRACK_FUZZ_EXAMPLES": "10000"},
    )


@nox.session(default=False)
def component(session: nox.Session) -> None:
    """spacy.load + add_pipe("claimtrack_attribution") against claimtrack extract on all of PolNeAR dev (the suite
    compares every 6th document)."""
    session.install("-e", ".[test]")
    session.run("pytest", "tests/nlp/test_component.py", *session.posargs, env={"CLAIMTRACK_POLNEAR_ALL": "1"})


@nox.session(default=False)
def faults(session: nox.Session) -> None:
    """kill -9 at 30 random points of extract, and ten times the rounds of concurrent writers."""
    session.install("-e", ".[test]")
    session.run(
        "pytest",
        "tests/test_store_faults.py",
        *session.posargs,
        env={"CLAIMTRACK_KILLS": "30", "CLAIMTRACK_STRESS": "10"},
    )

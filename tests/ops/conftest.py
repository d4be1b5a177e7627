"""Fixtures for the operations tests (helpers live in opshelp.py)."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from opshelp import ADDED, AMENDMENT, CHANGED, FIRST_NIGHT, REPO, Nights, PausedRun  # noqa: E402


@pytest.fixture(scope="session")
def nights(tmp_path_factory: pytest.TempPathFactory, prefect_harness: None) -> Nights:
    """The tiny corpus after its second night, and what uninterrupted runs made of both nights."""
    from flows.nightly import nightly

    root = tmp_path_factory.mktemp("nights")
    corpus = root / "corpus"
    corpus.mkdir()
    for name in FIRST_NIGHT:
        shutil.copyfile(REPO / "corpus" / name, corpus / name)
    first = root / "first" / "boardtrace.duckdb"
    nightly(corpus=str(corpus), db=str(first))
    # The day's changes: one new document, one amended.
    shutil.copyfile(REPO / "corpus" / ADDED, corpus / ADDED)
    with (corpus / CHANGED).open("a", encoding="utf-8") as f:
        f.write(AMENDMENT)
    second = root / "second" / "boardtrace.duckdb"
    second.parent.mkdir()
    shutil.copyfile(first, second)
    nightly(corpus=str(corpus), db=str(second))
    return Nights(corpus, first, second)


@pytest.fixture
def paused_runs() -> Iterator[list[PausedRun]]:
    """Collects PausedRuns so that none outlives its test."""
    runs: list[PausedRun] = []
    yield runs
    for run in runs:
        if run.proc.poll() is None:
            run.kill()

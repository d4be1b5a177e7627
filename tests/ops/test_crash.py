"""Kill a real `boardtrace run` with SIGKILL at each stage, run again, and the database must equal
an uninterrupted run's: same documents, records and ids, no duplicates, orphans or half-written
documents."""

from __future__ import annotations

from pathlib import Path

import pytest
from opshelp import Nights, PausedRun, assert_consistent, assert_same_content, copy_db

# The second night processes the new document first, then the amended one, one per batch
# (BOARDTRACE_BATCH_DOCUMENTS=1), so ":2" means "after the first document is fully committed".
KILL_POINTS = {
    "ingest:2": "while reading the second document",
    "extract:1": "while extracting the first document",
    "embed:2": "after embedding the second document, before writing it",
    "write:2": "between a changed document's rows and its file entry (old version not yet superseded)",
    "publish": "after every commit, before the working copy is published",
}


@pytest.mark.slow
@pytest.mark.parametrize("pause_at", list(KILL_POINTS))
def test_killed_run_then_rerun_equals_uninterrupted(
    pause_at: str, nights: Nights, tmp_path: Path, paused_runs: list[PausedRun]
) -> None:
    from flows.nightly import nightly

    db = copy_db(nights.first_db, tmp_path / "db")
    run = PausedRun(nights.corpus, db, pause_at, tmp_path, BOARDTRACE_BATCH_DOCUMENTS="1")
    paused_runs.append(run)
    run.wait_paused()
    run.kill()

    # Readers still see the first night, whole.
    assert_same_content(db, nights.first_db)
    assert db.with_name(db.name + ".next").exists()

    summary = nightly(corpus=str(nights.corpus), db=str(db))
    assert summary["status"] == "completed"
    if pause_at != "publish":  # killed after it recorded its own end: nothing left to resume
        assert summary["resumed_from"], "the re-run should know it resumed a killed run"
    done_before = {"ingest:2": 1, "extract:1": 0, "embed:2": 1, "write:2": 1, "publish": 0}[pause_at]
    assert len(summary["resumed_documents"]) == done_before
    assert len(summary["new"]) + len(summary["changed"]) + done_before == 2 or pause_at == "publish"
    assert_same_content(db, nights.second_db)
    assert_consistent(db)


@pytest.mark.slow
def test_uninterrupted_nights_are_consistent(nights: Nights) -> None:
    assert_consistent(nights.first_db)
    assert_consistent(nights.second_db)

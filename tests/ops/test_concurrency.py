"""While a real run writes: a second run refuses (or waits with --wait), and readers in other
processes answer from the last published state without errors, then see the new one."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import duckdb
import pytest
from opshelp import (
    BOARDTRACE,
    REPO,
    Nights,
    PausedRun,
    assert_consistent,
    assert_same_content,
    boardtrace,
    copy_db,
    subprocess_env,
)


def _export(db: Path) -> list[dict[str, object]]:
    done = boardtrace("export", "--db", str(db))
    assert done.returncode == 0, done.stderr
    return sorted((json.loads(line) for line in done.stdout.splitlines()), key=lambda r: str(r["id"]))


def _record_ids(db: Path) -> set[str]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {r[0] for r in con.execute("SELECT record_id FROM records").fetchall()}
    finally:
        con.close()


@pytest.mark.slow
def test_readers_and_a_second_writer_during_a_run(
    nights: Nights, tmp_path: Path, paused_runs: list[PausedRun]
) -> None:
    db = copy_db(nights.first_db, tmp_path / "db")
    before = _export(db)
    old_record = sorted(_record_ids(nights.first_db))[0]
    new_records = sorted(_record_ids(nights.second_db) - _record_ids(nights.first_db))
    assert new_records

    # A reader that holds its connection across the publish.
    held = duckdb.connect(str(db), read_only=True)
    held_count = held.execute("SELECT count(*) FROM records").fetchone()

    # The first night's second run is paused after writing the new document to its working copy.
    run = PausedRun(nights.corpus, db, "write:1", tmp_path / "first", BOARDTRACE_BATCH_DOCUMENTS="1")
    paused_runs.append(run)
    run.wait_paused()

    # A second writer is refused at once, with a message and exit code 1...
    refused = boardtrace("run", "--corpus", str(nights.corpus), "--db", str(db))
    assert refused.returncode == 1
    assert "another boardtrace run" in refused.stderr and "--wait" in refused.stderr
    # ...or, with --wait, queues behind the first.
    waiting_log = (tmp_path / "waiting.log").open("w")
    waiting = subprocess.Popen(
        [str(BOARDTRACE), "run", "--corpus", str(nights.corpus), "--db", str(db), "--wait"],
        env=subprocess_env(), stdout=waiting_log, stderr=subprocess.STDOUT, start_new_session=True, cwd=REPO,
    )  # fmt: skip

    # Readers in other processes see the last published state, whole, without lock errors.
    assert _export(db) == before
    shown = boardtrace("show", old_record, "--db", str(db), "--json")
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["record_id"] == old_record
    missing = boardtrace("show", new_records[0], "--db", str(db))
    assert missing.returncode == 1 and "Traceback" not in missing.stderr
    stats = boardtrace("stats", "--db", str(db), "--json")
    assert stats.returncode == 0, stats.stderr
    searched = boardtrace("search", "strategy", "--db", str(db))
    assert searched.returncode == 0, searched.stderr
    assert waiting.poll() is None, "the --wait run must still be waiting for the lock"

    run.release()
    assert run.finish() == 0, run.log.read_text()
    assert waiting.wait(timeout=300) == 0, (tmp_path / "waiting.log").read_text()
    waiting_log.close()
    assert "0 new, 0 changed" in (tmp_path / "waiting.log").read_text()

    # New readers see the new state; the held connection still reads its snapshot, without errors.
    assert _export(db) == _export(nights.second_db)
    assert boardtrace("show", new_records[0], "--db", str(db)).returncode == 0
    assert held.execute("SELECT count(*) FROM records").fetchone() == held_count
    held.close()
    assert_same_content(db, nights.second_db)
    assert_consistent(db)

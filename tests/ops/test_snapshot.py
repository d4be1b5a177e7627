"""The writer lock and the working-copy/publish protocol, on small databases without models."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import duckdb
import pytest

from pipeline.errors import LockedError
from pipeline.store.snapshot import (
    check_unlocked,
    prepare_working_copy,
    publish,
    wal_path,
    working_path,
    writer_lock,
    writer_session,
)


def _make_db(path: Path, rows: int) -> None:
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE t (i INTEGER PRIMARY KEY, s VARCHAR)")
    con.execute("INSERT INTO t SELECT range, 'row ' || range FROM range(?)", [rows])
    con.close()


def _count(path: Path) -> int:
    con = duckdb.connect(str(path), read_only=True)
    try:
        row = con.execute("SELECT count(*) FROM t").fetchone()
        return int(row[0]) if row else -1
    finally:
        con.close()


def test_session_publishes_atomically_and_readers_keep_their_snapshot(tmp_path: Path) -> None:
    db = tmp_path / "b.duckdb"
    _make_db(db, 3)
    reader = duckdb.connect(str(db), read_only=True)
    with writer_session(db) as work:
        con = duckdb.connect(str(work))
        con.execute("INSERT INTO t VALUES (10, 'new')")
        con.close()
        assert _count(db) == 3  # nothing visible before publish
    assert not working_path(db).exists() and not wal_path(db).exists()
    row = reader.execute("SELECT count(*) FROM t").fetchone()
    assert row is not None and row[0] == 3  # an open reader keeps the state it opened
    reader.close()
    assert _count(db) == 4


def test_failed_session_leaves_the_working_copy_for_the_next_run(tmp_path: Path) -> None:
    db = tmp_path / "b.duckdb"
    _make_db(db, 3)
    with pytest.raises(RuntimeError), writer_session(db) as work:
        con = duckdb.connect(str(work))
        con.execute("INSERT INTO t VALUES (10, 'committed before the crash')")
        con.close()
        raise RuntimeError("crash")
    assert _count(db) == 3 and working_path(db).exists()
    with writer_session(db) as work:  # resumes: the committed row is there
        assert _count(work) == 4
    assert _count(db) == 4


def test_second_writer_is_refused_or_waits(tmp_path: Path) -> None:
    db = tmp_path / "b.duckdb"
    _make_db(db, 1)
    released = threading.Event()
    got_it: list[float] = []

    def waiter() -> None:
        with writer_lock(db, wait=True):
            got_it.append(time.monotonic())

    with writer_lock(db):
        with pytest.raises(LockedError, match="--wait"):
            check_unlocked(db)
        # flock locks belong to open files: a second open in this process conflicts like another process.
        with pytest.raises(LockedError), writer_lock(db):
            pass
        thread = threading.Thread(target=waiter)
        thread.start()
        time.sleep(0.3)
        assert not got_it  # still waiting
        released.set()
    thread.join(timeout=10)
    assert got_it
    check_unlocked(db)  # free again


def test_lock_dies_with_its_holder(tmp_path: Path) -> None:
    db = tmp_path / "b.duckdb"
    code = textwrap.dedent(
        f"""
        import os, signal
        from pathlib import Path
        from pipeline.store.snapshot import writer_lock
        with writer_lock(Path({str(db)!r})):
            print("locked", flush=True)
            os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == -9 and "locked" in proc.stdout
    check_unlocked(db)


def test_kill_inside_a_transaction_leaves_nothing_half_written(tmp_path: Path) -> None:
    db = tmp_path / "b.duckdb"
    _make_db(db, 5)
    code = textwrap.dedent(
        """
        import os, signal, sys, duckdb
        con = duckdb.connect(sys.argv[1])
        con.execute("INSERT INTO t VALUES (100, 'committed')")
        con.execute("BEGIN TRANSACTION")
        con.execute("DELETE FROM t WHERE i < 5")
        con.execute("INSERT INTO t SELECT range + 200, 'half' FROM range(1000)")
        os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    proc = subprocess.run([sys.executable, "-c", code, str(db)], timeout=60)
    assert proc.returncode == -9
    con = duckdb.connect(str(db))
    assert con.execute("SELECT count(*) FROM t").fetchone() == (6,)
    assert con.execute("SELECT count(*) FROM t WHERE s = 'half'").fetchone() == (0,)
    con.close()


def test_copy_interrupted_midway_is_discarded(tmp_path: Path) -> None:
    db = tmp_path / "b.duckdb"
    _make_db(db, 50)
    copying = db.with_name(db.name + ".copying")
    copying.write_bytes(db.read_bytes()[:4096])  # what a kill in the middle of copying leaves
    with writer_lock(db):
        work = prepare_working_copy(db)
    assert not copying.exists()
    assert _count(work) == 50


def test_a_wal_beside_the_database_is_carried_over_and_never_replayed_onto_the_new_file(
    tmp_path: Path,
) -> None:
    db = tmp_path / "b.duckdb"
    _make_db(db, 2)
    # Someone wrote `db` directly and was killed before a checkpoint: the row lives in the WAL.
    code = textwrap.dedent(
        """
        import os, signal, sys, duckdb
        con = duckdb.connect(sys.argv[1])
        con.execute("PRAGMA disable_checkpoint_on_shutdown")
        con.execute("SET checkpoint_threshold = '1GB'")
        con.execute("INSERT INTO t VALUES (7, 'only in the wal')")
        os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    subprocess.run([sys.executable, "-c", code, str(db)], timeout=60)
    assert wal_path(db).exists()
    with writer_session(db) as work:
        assert _count(work) == 3
        assert not wal_path(work).exists()
    assert not wal_path(db).exists()
    assert _count(db) == 3


def test_unusable_working_copy_is_set_aside(tmp_path: Path) -> None:
    db = tmp_path / "b.duckdb"
    _make_db(db, 4)
    working_path(db).write_bytes(b"not a database")
    with writer_lock(db):
        work = prepare_working_copy(db)
    assert _count(work) == 4
    assert working_path(db).with_name(working_path(db).name + ".unusable").exists()


def test_publish_fsyncs_and_replaces(tmp_path: Path) -> None:
    db = tmp_path / "b.duckdb"
    _make_db(db, 1)
    with writer_lock(db):
        work = prepare_working_copy(db)
        con = duckdb.connect(str(work))
        con.execute("INSERT INTO t VALUES (2, 'x')")
        con.close()
        inode_before = os.stat(db).st_ino
        publish(db)
    assert os.stat(db).st_ino != inode_before and _count(db) == 2

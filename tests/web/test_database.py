"""The server must see the nightly run's swap even while an older request is still reading."""

import os
from pathlib import Path

import duckdb
import pytest

from pipeline.errors import StoreError
from pipeline.web.database import Database


def _make(path: Path, value: int) -> None:
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE t AS SELECT ? AS v", [value])
    con.execute(
        "CREATE TABLE runs (run_id VARCHAR, started_at TIMESTAMP, finished_at TIMESTAMP, corpus VARCHAR, status VARCHAR)"
    )
    con.execute("INSERT INTO runs VALUES (?, now(), now(), 'c', 'completed')", [f"run-{value}"])
    con.close()


def test_a_swapped_file_is_served_while_an_old_reader_is_open(tmp_path: Path) -> None:
    db_file, next_file = tmp_path / "b.duckdb", tmp_path / "b.duckdb.next"
    _make(db_file, 1)
    _make(next_file, 2)
    db = Database(db_file)
    with db.reader() as old:
        assert old.execute("SELECT v FROM t").fetchone() == (1,)
        os.replace(next_file, db_file)  # what the nightly run does
        with db.reader() as new:
            assert new.execute("SELECT v FROM t").fetchone() == (2,)
        assert old.execute("SELECT v FROM t").fetchone() == (1,)  # the old request finishes on its snapshot
    assert db.data_time().run_id == "run-2"
    db.close()


def test_the_app_cannot_write(tmp_path: Path) -> None:
    _make(tmp_path / "c.duckdb", 1)
    db = Database(tmp_path / "c.duckdb")
    with db.reader() as con, pytest.raises(duckdb.Error):
        con.execute("INSERT INTO t VALUES (3)")
    db.close()


def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="database not found"):
        Database(tmp_path / "nope.duckdb")

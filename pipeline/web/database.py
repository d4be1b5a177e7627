"""Read-only access to the database for the web app, safe against the nightly run's file swap.

The nightly run writes a copy and renames it over the database file. DuckDB caches one database
instance per path inside a process: while any connection to the path is open, a fresh
`duckdb.connect(path)` returns the *old* instance, so a busy server would serve yesterday's data
forever. Opening a new instance per request avoids that but costs ~70 ms. So we keep one snapshot
per file identity (device, inode, size, mtime): an in-memory instance that ATTACHes the file
read-only (ATTACH is not shared through the cache). Each request takes a cursor on the current
snapshot (~1 ms); when the file changes the next request opens a new snapshot, and the old one is
closed once its last request has finished.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import duckdb

from pipeline import store
from pipeline.errors import StoreError

CATALOG = "snap"
T = TypeVar("T")


@dataclass
class DataTime:
    """When the data being served was produced."""

    run_id: str | None
    finished_at: str | None
    status: str | None
    file_mtime: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "finished_at": self.finished_at,
            "status": self.status,
            "file_mtime": self.file_mtime,
        }


@dataclass
class _Snapshot:
    identity: tuple[int, int, int, int]
    con: duckdb.DuckDBPyConnection
    data_time: DataTime
    users: int = 0
    retired: bool = False
    memo: dict[str, Any] = field(default_factory=dict)


def _identity(path: Path) -> tuple[int, int, int, int]:
    try:
        st = os.stat(path)
    except FileNotFoundError as e:
        raise StoreError(f"database not found: {path} (run `boardtrace run` first)") from e
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def _open_snapshot(path: Path, identity: tuple[int, int, int, int]) -> _Snapshot:
    con = duckdb.connect(":memory:")
    for extension in ("fts", "vss"):  # search indexes in the file need their extension loaded
        with suppress(StoreError, duckdb.Error):
            store.load_extension(con, extension)
    quoted = str(path).replace("'", "''")  # our own configured path; ATTACH takes no parameters
    try:
        con.execute(f"ATTACH '{quoted}' AS {CATALOG} (READ_ONLY)")
        con.execute(f"USE {CATALOG}")
    except duckdb.Error as e:
        con.close()
        raise StoreError(f"cannot open database {path} read-only: {e}") from e
    return _Snapshot(identity, con, _read_data_time(con, identity))


def _read_data_time(con: duckdb.DuckDBPyConnection, identity: tuple[int, int, int, int]) -> DataTime:
    from datetime import UTC, datetime

    mtime = datetime.fromtimestamp(identity[3] / 1e9, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    try:
        row = con.execute(
            "SELECT run_id, finished_at, status FROM runs WHERE finished_at IS NOT NULL "
            "ORDER BY finished_at DESC LIMIT 1"
        ).fetchone()
    except duckdb.Error:
        row = None
    if row is None:
        return DataTime(None, None, None, mtime)
    finished = row[1].strftime("%Y-%m-%d %H:%M:%S") if hasattr(row[1], "strftime") else str(row[1])
    return DataTime(row[0], finished, row[2], mtime)


class Session:
    """What one request reads through: a cursor on one snapshot, when that data was produced, and
    a memo for answers that cannot change while the snapshot lives."""

    def __init__(self, con: duckdb.DuckDBPyConnection, snap: _Snapshot) -> None:
        self.con = con
        self.data_time = snap.data_time
        self._memo = snap.memo

    def memo(self, key: str, compute: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
        """`compute(con)` once per snapshot; dropped with the snapshot when the file is swapped."""
        if key not in self._memo:
            self._memo[key] = compute(self.con)
        return self._memo[key]


class Database:
    """The database file the app serves. Thread-safe; each request takes a `session()`."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path).resolve()
        self._lock = threading.Lock()
        self._current: _Snapshot | None = None
        _identity(self.path)  # fail early and clearly when the file is missing

    def _acquire(self) -> _Snapshot:
        identity = _identity(self.path)
        with self._lock:
            snap = self._current
            if snap is None or snap.identity != identity:
                fresh = _open_snapshot(self.path, identity)
                if snap is not None:
                    snap.retired = True
                    self._close_if_idle(snap)
                self._current = snap = fresh
            snap.users += 1
            return snap

    def _close_if_idle(self, snap: _Snapshot) -> None:
        if snap.retired and snap.users == 0:
            with suppress(duckdb.Error):
                snap.con.close()

    def _release(self, snap: _Snapshot) -> None:
        with self._lock:
            snap.users -= 1
            self._close_if_idle(snap)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One request's consistent view: a read-only cursor on the newest snapshot of the file,
        that snapshot's data time and its memo."""
        snap = self._acquire()
        try:
            cur = snap.con.cursor()
            try:
                cur.execute(f"USE {CATALOG}")
                yield Session(cur, snap)
            finally:
                cur.close()
        finally:
            self._release(snap)

    @contextmanager
    def reader(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-only cursor on the newest snapshot of the file."""
        with self.session() as session:
            yield session.con

    def data_time(self) -> DataTime:
        snap = self._acquire()
        try:
            return snap.data_time
        finally:
            self._release(snap)

    def close(self) -> None:
        with self._lock:
            if self._current is not None:
                self._current.retired = True
                self._close_if_idle(self._current)
                self._current = None

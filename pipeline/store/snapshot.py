"""One writer at a time, readers never blocked, crashes never half-written.

DuckDB lets one process write a file, and a writing process keeps readers out. So a run writes to
a working copy (`<db>.next`) under an exclusive lock, and when it has finished swaps the copy into
place with an atomic rename. Readers keep the file they opened (the old inode stays valid on POSIX)
and see the new state on their next open. A killed run leaves `<db>.next` behind, consistent to the
last committed document (each document is one transaction), and the next run resumes from it.

Invariants the tests in tests/ops check by killing real runs:
- `<db>` is only ever replaced by `os.replace`, and only with a file that has no WAL beside it
  (the copy is checkpointed first), so a reader never sees a half-written or WAL-less state.
- `<db>.next` only ever appears by `os.replace` of a complete copy, so a run killed while copying
  leaves a `.copying` file the next run throws away, never a truncated working copy.
- The lock is an flock: the kernel drops it when the holder dies, so a killed run never wedges
  the next one, and a second live writer is refused (or waits, if asked to).
"""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from pipeline.errors import LockedError, StoreError


def working_path(db: Path) -> Path:
    return db.with_name(db.name + ".next")


def lock_path(db: Path) -> Path:
    return db.with_name(db.name + ".lock")


def wal_path(db: Path) -> Path:
    return db.with_name(db.name + ".wal")


def _copying_path(db: Path) -> Path:
    return db.with_name(db.name + ".copying")


@contextmanager
def writer_lock(db: Path, wait: bool = False) -> Iterator[None]:
    """Hold the exclusive writer lock of `db`; raise LockedError at once if another process has it
    (or block until it is free when `wait`)."""
    db.parent.mkdir(parents=True, exist_ok=True)
    handle = lock_path(db).open("a+")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError as e:
            handle.seek(0)
            holder = handle.read().strip() or "?"
            raise LockedError(
                f"another boardtrace run (pid {holder}) is writing {db}; "
                f"wait for it to finish or start this one with --wait"
            ) from e
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        yield
    finally:
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()


def check_unlocked(db: Path) -> None:
    """Refuse early (LockedError) when a run holds the lock: lets the CLI fail in milliseconds
    instead of after starting Prefect. Advisory only; the flow's own lock is what counts."""
    if not lock_path(db).exists():
        return
    with writer_lock(db, wait=False):
        pass


def _fsync_file(path: Path) -> None:
    with path.open("rb") as f:
        os.fsync(f.fileno())


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def checkpoint(path: Path) -> None:
    """Fold `path`'s WAL into the file, so the file alone holds every committed transaction."""
    try:
        con = duckdb.connect(str(path))
    except duckdb.Error as e:
        raise StoreError(f"cannot open {path} to checkpoint it: {e}") from e
    try:
        con.execute("CHECKPOINT")
    finally:
        con.close()
    if wal_path(path).exists():
        raise StoreError(f"{wal_path(path)} is still there after a checkpoint; is another process writing?")


def _usable(path: Path) -> bool:
    try:
        duckdb.connect(str(path)).close()
    except duckdb.Error:
        return False
    return True


def prepare_working_copy(db: Path) -> Path:
    """The file a run writes to: a leftover from a killed run, else a fresh copy of `db`.

    Must be called under the writer lock."""
    work = working_path(db)
    copying = _copying_path(db)
    for stale in (copying, wal_path(copying)):
        stale.unlink(missing_ok=True)  # a run killed while copying
    if work.exists():
        if _usable(work):
            return work  # resume: every committed document in it is whole
        # Not a state this module can produce; keep it for a post-mortem and start over.
        os.replace(work, work.with_name(work.name + ".unusable"))
        wal_path(work).unlink(missing_ok=True)
    wal_path(work).unlink(missing_ok=True)  # a WAL without its file belongs to nothing
    if db.exists():
        shutil.copyfile(db, copying)
        if wal_path(db).exists():
            # Someone wrote `db` directly; carry their committed work over, then fold it in.
            shutil.copyfile(wal_path(db), wal_path(copying))
        checkpoint(copying)
        _fsync_file(copying)
        os.replace(copying, work)
        _fsync_dir(db.parent)
    return work


def publish(db: Path) -> None:
    """Atomically make the finished working copy the database readers open."""
    work = working_path(db)
    if not work.exists():
        raise StoreError(f"nothing to publish: {work} does not exist")
    checkpoint(work)
    _fsync_file(work)
    # A WAL beside `db` was folded into the copy when it was made; left in place it would be
    # replayed onto the new file by the next reader.
    wal_path(db).unlink(missing_ok=True)
    os.replace(work, db)
    _fsync_dir(db.parent)


@contextmanager
def writer_session(db: Path, wait: bool = False) -> Iterator[Path]:
    """Hold the lock, yield the working copy's path; publish it if the block ends normally.
    The caller must close its connections before the block ends. If the block raises, the
    working copy stays for the next run to resume from, and readers keep the last published state."""
    with writer_lock(db, wait=wait):
        work = prepare_working_copy(db)
        yield work
        publish(db)

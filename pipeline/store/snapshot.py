"""One writer at a time, readers never blocked, crashes never half-written.

DuckDB lets one process write a file, and a writing process keeps readers out. So a run writes to
a working copy (`<db>.next`) under an exclusive lock, and when it has finished swaps the copy into
place with an atomic rename. Readers keep the file they opened (the old inode stays valid on POSIX)
and see the new state on their next open. A killed run leaves `<db>.next` behind, consistent to the
last committed document (each document is one transaction), and the next run resumes from it.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pipeline.errors import LockedError


def working_path(db: Path) -> Path:
    return db.with_name(db.name + ".next")


def lock_path(db: Path) -> Path:
    return db.with_name(db.name + ".lock")


@contextmanager
def writer_lock(db: Path, wait: bool = False) -> Iterator[None]:
    db.parent.mkdir(parents=True, exist_ok=True)
    handle = lock_path(db).open("a+")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError as e:
            raise LockedError(
                f"another boardtrace run is writing {db} (lock {lock_path(db)}); wait for it or use --wait"
            ) from e
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        yield
    finally:
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def prepare_working_copy(db: Path) -> Path:
    """The file a run writes to: a leftover from a killed run, else a fresh copy of `db`."""
    work = working_path(db)
    wal = work.with_name(work.name + ".wal")
    if work.exists():
        return work  # resume: every committed document in it is whole
    if wal.exists():
        wal.unlink()
    if db.exists():
        partial = db.with_name(db.name + ".copying")
        shutil.copyfile(db, partial)
        db_wal = db.with_name(db.name + ".wal")
        if db_wal.exists():
            shutil.copyfile(db_wal, partial.with_name(partial.name + ".wal"))
        os.replace(partial, work)
        partial_wal = partial.with_name(partial.name + ".wal")
        if partial_wal.exists():
            os.replace(partial_wal, wal)
    return work


def publish(db: Path) -> None:
    """Atomically make the finished working copy the database readers open."""
    work = working_path(db)
    with work.open("rb") as f:
        os.fsync(f.fileno())
    os.replace(work, db)
    _fsync_dir(db.parent)


@contextmanager
def writer_session(db: Path, wait: bool = False) -> Iterator[Path]:
    """Hold the lock, yield the working copy's path; publish it if the block ends normally.
    The caller must close its connection before the block ends (DuckDB checkpoints on close)."""
    with writer_lock(db, wait=wait):
        work = prepare_working_copy(db)
        yield work
        publish(db)

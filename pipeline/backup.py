"""Backup and restore: every table to one Parquet file, and back.

A backup is a folder: `<table>.parquet` per table of the main schema plus `manifest.json` (row
counts, schema version, DuckDB version). Search indexes are not backed up; they are derived, and
`pipeline.search.refresh_indexes` rebuilds them after a restore.

A restore builds a fresh database (all migrations), inserts each table by column name (so a backup
taken before a later migration still loads), checks the counts, and is published with the same
atomic rename a nightly run uses: readers see the old database or the restored one, never a mix.
The same files load with plain DuckDB too (docs/operations.md).
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from pipeline import store
from pipeline.errors import ConfigError, StoreError

MANIFEST = "manifest.json"
# Recorded by `store.migrate` in the target itself; restoring it would clash.
_NOT_RESTORED = {"schema_migrations"}


def tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [
        row[0]
        for row in con.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'main' AND table_type = 'BASE TABLE' ORDER BY table_name"
        ).fetchall()
    ]


def _quote_path(path: Path) -> str:
    return "'" + path.as_posix().replace("'", "''") + "'"


def export_parquet(con: duckdb.DuckDBPyConnection, out_dir: Path) -> dict[str, int]:
    """Write every table of `con` to `out_dir/<table>.parquet`; returns rows per table."""
    out_dir.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    for table in tables(con):
        target = out_dir / f"{table}.parquet"
        tmp = target.with_name(f".{target.name}.tmp")
        # Table names come from the catalogue and paths from the caller; COPY takes no parameters.
        con.execute(f'COPY (SELECT * FROM "{table}") TO {_quote_path(tmp)} (FORMAT parquet)')  # noqa: S608
        os.replace(tmp, target)
        row = con.execute(f'SELECT count(*) FROM "{table}"').fetchone()  # noqa: S608
        counts[table] = int(row[0]) if row else 0
    versions = [
        r[0] for r in con.execute("SELECT version FROM schema_migrations ORDER BY version").fetchall()
    ]
    manifest = {
        "tables": counts,
        "schema_version": max(versions, default=0),
        "duckdb": duckdb.__version__,
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    (out_dir / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return counts


def read_manifest(src: Path) -> dict[str, Any]:
    path = src / MANIFEST
    if not path.exists():
        raise ConfigError(f"{src} is not a boardtrace backup (no {MANIFEST})")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def restore_into(con: duckdb.DuckDBPyConnection, src: Path) -> dict[str, int]:
    """Load a backup into `con`, a freshly migrated database; returns rows per table."""
    manifest = read_manifest(src)
    have = max((v for v, _, _ in store.migrations()), default=0)
    if int(manifest.get("schema_version", 0)) > have:
        raise StoreError(
            f"the backup has schema version {manifest['schema_version']}, newer than this boardtrace ({have})"
        )
    known = set(tables(con))
    counts: dict[str, int] = {}
    con.execute("BEGIN TRANSACTION")
    try:
        for table, expected in manifest["tables"].items():
            if table in _NOT_RESTORED:
                continue
            if table not in known:
                raise StoreError(f"the backup has a table {table!r} this schema does not know")
            parquet = src / f"{table}.parquet"
            con.execute(f'DELETE FROM "{table}"')  # noqa: S608
            con.execute(
                f'INSERT INTO "{table}" BY NAME SELECT * FROM read_parquet({_quote_path(parquet)})'  # noqa: S608
            )
            row = con.execute(f'SELECT count(*) FROM "{table}"').fetchone()  # noqa: S608
            counts[table] = int(row[0]) if row else 0
            if counts[table] != int(expected):
                raise StoreError(f"{table}: restored {counts[table]} rows, the backup says {expected}")
        con.execute("COMMIT")
    except duckdb.Error as e:
        con.execute("ROLLBACK")
        raise StoreError(f"restore from {src} failed: {e}") from e
    except Exception:
        con.execute("ROLLBACK")
        raise
    return counts


def import_parquet(src: Path, db: Path, wait: bool = False) -> dict[str, int]:
    """Replace `db` with the backup in `src`, atomically, under the writer lock."""
    from pipeline.search import refresh_indexes
    from pipeline.store.snapshot import publish, working_path, writer_lock

    read_manifest(src)
    with writer_lock(db, wait=wait):
        work = working_path(db)
        for leftover in (work, work.with_name(work.name + ".wal")):
            leftover.unlink(missing_ok=True)  # a restore replaces everything, a killed run's copy too
        con = store.connect(work)
        try:
            counts = restore_into(con, src)
            refresh_indexes(con)
        finally:
            con.close()
        publish(db)
    return counts

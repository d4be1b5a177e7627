"""DuckDB storage: connection, migrations, and idempotent writes of whole documents.

The connection is passed in (splink-style); every query is parameterised. A document's rows are
written in one transaction after its old rows are deleted, so a crash never leaves half a document
and a re-run writes the same rows again.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from pipeline.config import EMBED_DIM
from pipeline.errors import StoreError
from pipeline.records import Extraction, Failure, SegmentedDocument, text_hash

__all__ = ["connect", "migrate", "load_extension", "write_document", "schema_sql"]

_MIGRATION_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def load_extension(con: duckdb.DuckDBPyConnection, name: str) -> None:
    """LOAD a DuckDB extension from its PyPI package (duckdb-extension-<name>); never downloads."""
    import importlib

    try:
        package = importlib.import_module(f"duckdb_extension_{name}")
    except ImportError as e:
        raise StoreError(f"DuckDB extension package duckdb-extension-{name} is not installed") from e
    base = Path(str(package.__file__)).parent / "extensions"
    candidates = sorted(base.glob(f"v*/{name}.duckdb_extension"))
    version_dir = base / f"v{duckdb.__version__}" / f"{name}.duckdb_extension"
    path = version_dir if version_dir.exists() else (candidates[-1] if candidates else None)
    if path is None:
        raise StoreError(f"no {name} extension file found under {base}")
    con.execute(f"LOAD '{path.as_posix()}'")  # a path from our own package, not user input


def schema_sql() -> str:
    return resources.files("pipeline.store").joinpath("schema.sql").read_text(encoding="utf-8")


def migrations() -> list[tuple[int, str, str]]:
    """(version, name, sql) for every migration file, in order."""
    found = []
    for entry in resources.files("pipeline.store").joinpath("migrations").iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append((int(match.group(1)), match.group(2), entry.read_text(encoding="utf-8")))
    return sorted(found)


def migrate(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Apply the migrations not yet recorded. Returns the versions applied."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        "version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)"
    )
    done = {row[0] for row in con.execute("SELECT version FROM schema_migrations").fetchall()}
    applied = []
    for version, name, sql in migrations():
        if version in done:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(sql)
            con.execute("INSERT INTO schema_migrations VALUES (?, ?, ?)", [version, name, _now()])
            con.execute("COMMIT")
        except duckdb.Error as e:
            con.execute("ROLLBACK")
            raise StoreError(f"migration {version:04d}_{name} failed: {e}") from e
        applied.append(version)
    return applied


def connect(path: Path | str = ":memory:", read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (and for writers, migrate) a database."""
    target = str(path)
    if target != ":memory:":
        p = Path(target)
        if read_only and not p.exists():
            raise StoreError(f"database not found: {p} (run `boardtrace run` first)")
        p.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(target, read_only=read_only)
    except duckdb.Error as e:
        raise StoreError(f"cannot open database {target}: {e}") from e
    if not read_only:
        migrate(con)
    return con


def insert_rows(con: duckdb.DuckDBPyConnection, table: str, rows: Sequence[dict[str, Any]]) -> int:
    """Bulk insert through Arrow (executemany is ~1000x slower for vectors). `table` is ours."""
    if not rows:
        return 0
    arrow = pa.Table.from_pylist(list(rows))
    con.register("_incoming", arrow)
    try:
        cols = ", ".join(arrow.column_names)
        con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM _incoming")  # noqa: S608 (our own names)
    finally:
        con.unregister("_incoming")
    return len(rows)


_DOC_TABLES = ("pages", "agenda_items", "passages", "entities", "records")


def delete_document_rows(con: duckdb.DuckDBPyConnection, doc_id: str) -> None:
    for table in _DOC_TABLES:
        con.execute(f"DELETE FROM {table} WHERE doc_id = ?", [doc_id])  # noqa: S608
    con.execute("DELETE FROM documents WHERE doc_id = ?", [doc_id])


def document_rows(
    seg: SegmentedDocument, extraction: Extraction, run_id: str | None
) -> dict[str, list[dict[str, Any]]]:
    """The rows one document contributes to each table (a pure function, tested on its own)."""
    src, meta = seg.source, seg.meta
    return {
        "documents": [
            {
                "doc_id": src.doc_id, "name": src.name, "path": src.path, "fmt": src.fmt,
                "size_bytes": src.size_bytes, "title": meta.title or src.title, "body": meta.body,
                "meeting_date": meta.meeting_date, "doc_kind": meta.doc_kind or "other",
                "source_url": meta.source_url, "text": src.text, "n_pages": len(src.pages),
                "warnings": list(src.warnings), "superseded_by": None, "superseded_at": None,
                "run_id": run_id, "ingested_at": _now(),
            }
        ],
        "pages": [
            {"doc_id": src.doc_id, "number": p.number, "char_start": p.char_start, "char_end": p.char_end}
            for p in src.pages
        ],
        "agenda_items": [
            {"item_id": a.item_id, "doc_id": a.doc_id, "ordinal": a.ordinal, "number": a.number, "title": a.title,
             "char_start": a.char_start, "char_end": a.char_end, "page": a.page}
            for a in seg.agenda_items
        ],
        "passages": [
            {"passage_id": p.passage_id, "doc_id": p.doc_id, "ordinal": p.ordinal, "kind": p.kind, "text": p.text,
             "text_hash": text_hash(p.text), "char_start": p.char_start, "char_end": p.char_end,
             "agenda_item_id": p.agenda_item_id, "page": p.page, "heading": p.heading}
            for p in seg.passages
        ],
        "entities": [
            {"entity_id": e.entity_id, "doc_id": e.doc_id, "passage_id": e.passage_id, "label": e.label,
             "text": e.text, "char_start": e.char_start, "char_end": e.char_end}
            for e in extraction.entities
        ],
        "records": [
            {"record_id": r.record_id, "doc_id": r.doc_id, "type": r.type, "text": r.text,
             "text_hash": text_hash(r.text), "fields": json.dumps(r.fields, sort_keys=True, default=str),
             "char_start": r.char_start, "char_end": r.char_end, "page": r.page,
             "agenda_item_id": r.agenda_item_id, "passage_id": r.passage_id, "confidence": r.confidence,
             "extractor": r.extractor}
            for r in extraction.records
        ],
    }  # fmt: skip


def write_document(
    con: duckdb.DuckDBPyConnection,
    seg: SegmentedDocument,
    extraction: Extraction,
    vectors: dict[str, list[float]],
    model: str,
    run_id: str | None = None,
) -> None:
    """Replace everything stored for this document, its embeddings and its file entry, atomically."""
    rows = document_rows(seg, extraction, run_id)
    con.execute("BEGIN TRANSACTION")
    try:
        delete_document_rows(con, seg.doc_id)
        for table in ("documents", *_DOC_TABLES):
            insert_rows(con, table, rows[table])
        upsert_embeddings(con, vectors, model)
        con.execute("COMMIT")
    except Exception as e:
        con.execute("ROLLBACK")
        raise StoreError(f"writing {seg.source.name} failed: {e}") from e


def upsert_embeddings(con: duckdb.DuckDBPyConnection, vectors: dict[str, list[float]], model: str) -> int:
    if not vectors:
        return 0
    known = missing_hashes(con, list(vectors), model)
    rows = [{"text_hash": h, "model": model, "vector": vectors[h]} for h in known]
    if not rows:
        return 0
    arrow = pa.Table.from_pylist(
        rows,
        schema=pa.schema([("text_hash", pa.string()), ("model", pa.string()),
                          ("vector", pa.list_(pa.float32(), EMBED_DIM))]),
    )  # fmt: skip
    con.register("_vectors", arrow)
    try:
        con.execute("INSERT INTO embeddings SELECT text_hash, model, vector FROM _vectors")
    finally:
        con.unregister("_vectors")
    return len(rows)


def missing_hashes(con: duckdb.DuckDBPyConnection, hashes: Iterable[str], model: str) -> list[str]:
    """The hashes among `hashes` that have no embedding for `model` yet."""
    wanted = sorted(set(hashes))
    if not wanted:
        return []
    have = {
        row[0]
        for row in con.execute(
            "SELECT text_hash FROM embeddings WHERE model = ? AND list_contains(?, text_hash)",
            [model, wanted],
        ).fetchall()
    }
    return [h for h in wanted if h not in have]


def record_file(
    con: duckdb.DuckDBPyConnection, path: str, doc_id: str, size: int, mtime: float, run_id: str
) -> None:
    """Point `path` at `doc_id`; a previous different version is marked superseded, not deleted."""
    previous = con.execute("SELECT doc_id FROM files WHERE path = ?", [path]).fetchone()
    if previous and previous[0] != doc_id:
        still_used = con.execute(
            "SELECT count(*) FROM files WHERE doc_id = ? AND path <> ?", [previous[0], path]
        ).fetchone()
        if not (still_used and still_used[0]):
            con.execute(
                "UPDATE documents SET superseded_by = ?, superseded_at = ? WHERE doc_id = ? AND superseded_by IS NULL",
                [doc_id, _now(), previous[0]],
            )
    con.execute(
        "INSERT INTO files VALUES (?, ?, ?, ?, ?) ON CONFLICT (path) DO UPDATE SET "
        "doc_id = excluded.doc_id, size_bytes = excluded.size_bytes, mtime = excluded.mtime, "
        "last_run_id = excluded.last_run_id",
        [path, doc_id, size, mtime, run_id],
    )
    con.execute("UPDATE documents SET superseded_by = NULL, superseded_at = NULL WHERE doc_id = ?", [doc_id])


def record_failure(con: duckdb.DuckDBPyConnection, run_id: str, failure: Failure) -> None:
    con.execute(
        "INSERT INTO failures VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET "
        "reason = excluded.reason, message = excluded.message, failed_at = excluded.failed_at",
        [run_id, failure.path, failure.stage, failure.reason, failure.message, failure.doc_id, _now()],
    )


def known_files(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, int, float]]:
    """path → (doc_id, size, mtime) for every file seen before, for change detection."""
    return {
        row[0]: (row[1], row[2], row[3])
        for row in con.execute("SELECT path, doc_id, size_bytes, mtime FROM files").fetchall()
    }


def stored_doc_ids(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {row[0] for row in con.execute("SELECT doc_id FROM documents").fetchall()}


def outdated_doc_ids(con: duckdb.DuckDBPyConnection, extractor: str) -> set[str]:
    """Documents with records made by another extractor version than `extractor`."""
    rows = con.execute("SELECT DISTINCT doc_id FROM records WHERE extractor <> ?", [extractor]).fetchall()
    return {row[0] for row in rows}


def table_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    counts = {}
    for table in (
        "documents",
        "pages",
        "agenda_items",
        "passages",
        "entities",
        "embeddings",
        "records",
        "links",
        "failures",
        "runs",
    ):
        row = con.execute(f"SELECT count(*) FROM {table}").fetchone()  # noqa: S608
        counts[table] = int(row[0]) if row else 0
    return counts

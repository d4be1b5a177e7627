"""Read-side queries shared by the CLI, the web app and notebooks. Parameterised, current data only
(rows of superseded document versions are kept but not shown)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import duckdb

from pipeline.errors import NotFound, QueryError
from pipeline.records import RECORD_TYPES

CONTEXT_CHARS = 300


def _rows(cur: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    names = [d[0] for d in cur.description or []]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def export_records(con: duckdb.DuckDBPyConnection, type_: str | None = None) -> Iterator[dict[str, Any]]:
    """Records in the export format the foundation issue fixed, in document order."""
    if type_ is not None and type_ not in RECORD_TYPES:
        raise QueryError(f"unknown record type {type_!r}; choose from {', '.join(RECORD_TYPES)}")
    cur = con.execute(
        "SELECT r.record_id, d.name, r.doc_id, r.type, r.text, r.fields, r.page, a.title AS agenda_title, "
        "a.number AS agenda_number, r.char_start, r.char_end, r.confidence, r.extractor "
        "FROM records r JOIN documents d USING (doc_id) LEFT JOIN agenda_items a ON a.item_id = r.agenda_item_id "
        "WHERE d.superseded_by IS NULL AND (? IS NULL OR r.type = ?) "
        "ORDER BY d.name, r.char_start, r.type",
        [type_, type_],
    )
    for row in _rows(cur):
        yield {
            "id": row["record_id"],
            "doc": row["name"],
            "doc_id": row["doc_id"],
            "type": row["type"],
            "text": row["text"],
            "fields": json.loads(row["fields"]) if isinstance(row["fields"], str) else row["fields"],
            "page": row["page"],
            "agenda_item": agenda_label(row["agenda_number"], row["agenda_title"]),
            "char_start": row["char_start"],
            "char_end": row["char_end"],
            "confidence": row["confidence"],
            "extractor": row["extractor"],
        }


def agenda_label(number: str | None, title: str | None) -> str | None:
    if title is None:
        return None
    return f"{number}. {title}" if number else title


def stats(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    current = "FROM documents WHERE superseded_by IS NULL"
    one = con.execute(f"SELECT count(*), coalesce(sum(greatest(n_pages, 1)), 0) {current}").fetchone()  # noqa: S608
    assert one is not None
    out: dict[str, Any] = {"documents": int(one[0]), "pages": int(one[1])}
    for table in ("agenda_items", "passages", "entities", "records"):
        row = con.execute(
            f"SELECT count(*) FROM {table} t JOIN documents d USING (doc_id) WHERE d.superseded_by IS NULL"  # noqa: S608
        ).fetchone()
        out[table] = int(row[0]) if row else 0
    out["records_by_type"] = {
        t: n for t, n in con.execute(
            "SELECT r.type, count(*) FROM records r JOIN documents d USING (doc_id) "
            "WHERE d.superseded_by IS NULL GROUP BY 1 ORDER BY 1").fetchall()
    }  # fmt: skip
    out["documents_by_kind"] = dict(
        con.execute(f"SELECT doc_kind, count(*) {current} GROUP BY 1 ORDER BY 1").fetchall()
    )  # noqa: S608
    row = con.execute("SELECT count(*) FROM embeddings").fetchone()
    out["embeddings"] = int(row[0]) if row else 0
    row = con.execute("SELECT count(*) FROM documents WHERE superseded_by IS NOT NULL").fetchone()
    out["superseded_documents"] = int(row[0]) if row else 0
    last = con.execute(
        "SELECT run_id, status, finished_at, n_new, n_changed, n_unchanged, n_failed FROM runs "
        "ORDER BY started_at DESC LIMIT 1"
    ).fetchone()
    out["last_run"] = (
        dict(zip(("run_id", "status", "finished_at", "new", "changed", "unchanged", "failed"), last, strict=True))
        if last else None
    )  # fmt: skip
    failures = con.execute(
        "SELECT path, stage, reason, message FROM failures WHERE run_id = ? ORDER BY path",
        [last[0] if last else None],
    )
    out["failures"] = _rows(failures)
    return out


def _context(con: duckdb.DuckDBPyConnection, doc_id: str, start: int, end: int) -> dict[str, str]:
    row = con.execute(
        "SELECT substr(text, ?, ?), substr(text, ?, ?), substr(text, ?, ?) FROM documents WHERE doc_id = ?",
        [max(start - CONTEXT_CHARS, 0) + 1, start - max(start - CONTEXT_CHARS, 0), start + 1, end - start, end + 1,
         CONTEXT_CHARS, doc_id],
    ).fetchone()  # fmt: skip
    if row is None:
        return {"before": "", "text": "", "after": ""}
    return {"before": row[0], "text": row[1], "after": row[2]}


def show(con: duckdb.DuckDBPyConnection, object_id: str) -> dict[str, Any]:
    """A document, agenda item, passage or record, with its provenance and surrounding text."""
    object_id = object_id.strip()
    lookups = [
        ("record", "SELECT r.*, d.name AS doc, d.body, d.meeting_date, d.doc_kind, d.path FROM records r "
                   "JOIN documents d USING (doc_id) WHERE record_id = ?"),
        ("passage", "SELECT p.*, d.name AS doc, d.body, d.meeting_date, d.path FROM passages p "
                    "JOIN documents d USING (doc_id) WHERE passage_id = ?"),
        ("agenda_item", "SELECT a.*, d.name AS doc, d.body, d.meeting_date, d.path FROM agenda_items a "
                        "JOIN documents d USING (doc_id) WHERE item_id = ?"),
        ("document", "SELECT doc_id, name, path, fmt, size_bytes, title, body, meeting_date, doc_kind, source_url, "
                     "n_pages, warnings, superseded_by, ingested_at FROM documents WHERE doc_id = ? OR name = ?"),
    ]  # fmt: skip
    for kind, sql in lookups:
        params = [object_id, object_id] if kind == "document" else [object_id]
        rows = _rows(con.execute(sql, params))
        if not rows:
            continue
        obj = rows[0]
        obj["kind"] = kind
        if "fields" in obj and isinstance(obj["fields"], str):
            obj["fields"] = json.loads(obj["fields"])
        if kind == "document":
            obj["agenda_items"] = _rows(con.execute(
                "SELECT item_id, number, title, page FROM agenda_items WHERE doc_id = ? ORDER BY ordinal",
                [obj["doc_id"]]))  # fmt: skip
            obj["records"] = _rows(con.execute(
                "SELECT record_id, type, text, page FROM records WHERE doc_id = ? ORDER BY char_start",
                [obj["doc_id"]]))  # fmt: skip
        else:
            obj["context"] = _context(con, obj["doc_id"], obj["char_start"], obj["char_end"])
            if obj.get("agenda_item_id") and kind != "agenda_item":
                item = con.execute("SELECT number, title FROM agenda_items WHERE item_id = ?",
                                   [obj["agenda_item_id"]]).fetchone()  # fmt: skip
                obj["agenda_item"] = agenda_label(item[0], item[1]) if item else None
            if kind in ("passage", "record"):
                obj["entities"] = _rows(con.execute(
                    "SELECT label, text FROM entities WHERE doc_id = ? AND char_start >= ? AND char_end <= ? "
                    "ORDER BY char_start", [obj["doc_id"], obj["char_start"], obj["char_end"]]))  # fmt: skip
        return obj
    raise NotFound(f"no document, agenda item, passage or record has the id {object_id!r}")

import json
from pathlib import Path

import duckdb

from pipeline import store
from pipeline.ingest import ingest_bytes
from pipeline.records import Entity, Extraction, MeetingMeta, Record, stable_id
from pipeline.segment import segment


def _columns(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    return con.execute(
        "SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns "
        "WHERE table_schema = 'main' ORDER BY table_name, ordinal_position"
    ).fetchall()


def _constraints(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    return con.execute(
        "SELECT table_name, constraint_type, constraint_column_names FROM duckdb_constraints() "
        "WHERE schema_name = 'main' ORDER BY ALL"
    ).fetchall()


def test_migrations_build_exactly_schema_sql() -> None:
    migrated = store.connect(":memory:")
    reference = duckdb.connect(":memory:")
    reference.execute(store.schema_sql())
    assert _columns(migrated) == _columns(reference)
    assert _constraints(migrated) == _constraints(reference)
    versions = [r[0] for r in migrated.execute("SELECT version FROM schema_migrations ORDER BY 1").fetchall()]
    assert versions == [v for v, _, _ in store.migrations()]
    assert store.migrate(migrated) == []  # idempotent


def _segmented(text: str, name: str = "m.txt"):
    doc = ingest_bytes(text.encode(), Path(name))
    return segment(doc, MeetingMeta(body="Anytown Parish Council", doc_kind="minutes"))


def _extraction(seg) -> Extraction:
    p = seg.passages[0]
    rec = Record(
        Record.make_id(seg.doc_id, "decision", p.char_start, p.char_end, "t.v1"),
        seg.doc_id,
        "decision",
        p.text,
        {"outcome": "approved", "decided_by": None, "subject": "plan"},
        p.char_start,
        p.char_end,
        0.9,
        "t.v1",
        p.passage_id,
        p.agenda_item_id,
        p.page,
    )
    ent = Entity(stable_id("e_", seg.doc_id, 4), seg.doc_id, p.passage_id, "ORG", "Board", 4, 9)
    return Extraction((rec,), (ent,))


def test_write_document_is_idempotent_and_keeps_provenance() -> None:
    con = store.connect(":memory:")
    seg = _segmented("The Board approved the plan.\n\nThe Clerk will write to Highways.")
    vectors = {store_hash: [0.1] * 384 for store_hash in ("h1",)}
    for _ in range(2):
        store.write_document(con, seg, _extraction(seg), vectors, "m")
    counts = store.table_counts(con)
    assert counts["documents"] == 1 and counts["passages"] == 2 and counts["records"] == 1
    assert counts["embeddings"] == 1 and counts["entities"] == 1
    text, start, end, fields = con.execute(
        "SELECT d.text, r.char_start, r.char_end, r.fields FROM records r JOIN documents d USING (doc_id)"
    ).fetchone()
    assert text[start:end] == "The Board approved the plan."
    assert json.loads(fields)["outcome"] == "approved"


def test_changed_file_supersedes_old_version() -> None:
    con = store.connect(":memory:")
    old = _segmented("The Board approved the plan.")
    new = _segmented("The Board rejected the plan.")
    store.write_document(con, old, Extraction((), ()), {}, "m")
    store.record_file(con, "corpus/m.txt", old.doc_id, 10, 1.0, "run1")
    store.write_document(con, new, Extraction((), ()), {}, "m")
    store.record_file(con, "corpus/m.txt", new.doc_id, 10, 2.0, "run2")
    rows = dict(con.execute("SELECT doc_id, superseded_by FROM documents").fetchall())
    assert rows == {old.doc_id: new.doc_id, new.doc_id: None}


def test_missing_hashes_only_reports_unembedded_texts() -> None:
    con = store.connect(":memory:")
    store.upsert_embeddings(con, {"a": [0.0] * 384}, "m")
    assert store.missing_hashes(con, ["a", "b", "b"], "m") == ["b"]
    assert store.missing_hashes(con, ["a"], "other-model") == ["a"]
    assert store.upsert_embeddings(con, {"a": [1.0] * 384}, "m") == 0  # never embedded twice


def test_load_extensions_from_packages() -> None:
    con = duckdb.connect(":memory:")
    store.load_extension(con, "fts")
    store.load_extension(con, "vss")
    loaded = {
        r[0] for r in con.execute("SELECT extension_name FROM duckdb_extensions() WHERE loaded").fetchall()
    }
    assert {"fts", "vss"} <= loaded


def test_documents_extracted_by_an_older_extractor_are_planned_again(db_copy: Path) -> None:
    """After an upgrade of the extractor, the next run re-extracts what the old version made."""
    from pipeline.config import EXTRACTOR_VERSION
    from pipeline.runs import plan_changes

    con = store.connect(db_copy)
    paths = [Path(p) for (p,) in con.execute("SELECT path FROM files").fetchall()]
    assert plan_changes(con, paths).todo == []
    old = con.execute("SELECT doc_id FROM records ORDER BY doc_id LIMIT 1").fetchone()[0]
    con.execute("UPDATE records SET extractor = 'boardtrace-extract.v0' WHERE doc_id = ?", [old])
    plan = plan_changes(con, paths)
    redo = {
        con.execute("SELECT doc_id FROM files WHERE path = ?", [str(p)]).fetchone()[0] for p in plan.changed
    }
    assert redo == {old}
    assert store.outdated_doc_ids(con, EXTRACTOR_VERSION) == {old}
    con.close()

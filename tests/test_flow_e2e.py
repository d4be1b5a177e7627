"""End to end: the real Prefect flow with the real spaCy and MiniLM models over corpus/."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import queries, store
from pipeline.config import SUPPORTED_SUFFIXES
from pipeline.ingest import discover

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[1]
BT = str(Path(sys.executable).parent / "boardtrace")


def _ids(con, table: str, key: str) -> list[str]:
    return [r[0] for r in con.execute(f"SELECT {key} FROM {table} ORDER BY 1").fetchall()]  # noqa: S608


def test_corpus_lands_with_provenance(built_db: Path, corpus_dir: Path) -> None:
    con = store.connect(built_db, read_only=True)
    expected = [p for p in discover(corpus_dir) if p.suffix.lower() in SUPPORTED_SUFFIXES]
    assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == len(expected)
    assert con.execute("SELECT count(*) FROM failures").fetchone()[0] == 0
    # The text at every passage's and record's offsets is the passage or record.
    bad = con.execute(
        "SELECT count(*) FROM passages p JOIN documents d USING (doc_id) "
        "WHERE substr(d.text, p.char_start + 1, p.char_end - p.char_start) <> p.text"
    ).fetchone()[0]
    assert bad == 0
    bad = con.execute(
        "SELECT count(*) FROM records r JOIN documents d USING (doc_id) "
        "WHERE substr(d.text, r.char_start + 1, r.char_end - r.char_start) <> r.text"
    ).fetchone()[0]
    assert bad == 0
    # Every passage and record text has an embedding; PDF passages have pages; items resolve.
    missing = con.execute(
        "SELECT count(*) FROM (SELECT text_hash FROM passages UNION SELECT text_hash FROM records) t "
        "ANTI JOIN embeddings e ON e.text_hash = t.text_hash"
    ).fetchone()[0]
    assert missing == 0
    assert (
        con.execute(
            "SELECT count(*) FROM passages p JOIN documents d USING (doc_id) WHERE d.fmt = 'pdf' AND p.page IS NULL"
        ).fetchone()[0]
        == 0
    )
    assert (
        con.execute(
            "SELECT count(*) FROM passages WHERE agenda_item_id IS NOT NULL AND agenda_item_id NOT IN "
            "(SELECT item_id FROM agenda_items)"
        ).fetchone()[0]
        == 0
    )
    labels = {r[0] for r in con.execute("SELECT DISTINCT label FROM entities").fetchall()}
    assert {"PERSON", "ORG", "DATE", "MONEY", "PERCENT"} <= labels
    meta = con.execute(
        "SELECT body, meeting_date::VARCHAR, doc_kind FROM documents WHERE name = '005_dundee-ijb-2021-08-25-minutes.txt'"
    ).fetchone()
    assert meta == ("Dundee City Health and Social Care Integration Joint Board", "2021-08-25", "minutes")
    s = queries.stats(con)
    assert s["records"] == sum(s["records_by_type"].values()) > 0


def test_export_format(built_db: Path) -> None:
    con = store.connect(built_db, read_only=True)
    rows = list(queries.export_records(con))
    assert rows
    keys = {"id", "doc", "doc_id", "type", "text", "fields", "page", "agenda_item", "char_start", "char_end",
            "confidence", "extractor"}  # fmt: skip
    for row in rows:
        assert set(row) == keys
        assert row["type"] in ("decision", "commitment", "target")
        assert isinstance(row["fields"], dict)
    shown = queries.show(con, rows[0]["id"])
    assert shown["context"]["text"] == rows[0]["text"]


def test_second_run_over_unchanged_input_changes_nothing(
    built_db: Path, db_copy: Path, corpus_dir: Path
) -> None:
    from flows.nightly import nightly

    before = store.connect(built_db, read_only=True)
    tables = {"documents": "doc_id", "passages": "passage_id", "records": "record_id", "entities": "entity_id",
              "agenda_items": "item_id", "embeddings": "text_hash"}  # fmt: skip
    expected = {t: _ids(before, t, k) for t, k in tables.items()}
    before.close()
    summary = nightly(corpus=str(corpus_dir), db=str(db_copy))
    assert summary["new"] == [] and summary["changed"] == [] and summary["failed"] == []
    after = store.connect(db_copy, read_only=True)
    assert {t: _ids(after, t, k) for t, k in tables.items()} == expected


def test_cli_run_records_bad_documents_and_exits_2(tmp_path: Path, prefect_harness: None) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text(
        "Minutes of the Anytown Parish Council meeting held on 4 March 2024.\n\n"
        "RESOLVED that the minutes of the previous meeting be approved.\n\n"
        "Action: Clerk to write to the county council by 1 May 2024.\n"
    )
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "random.pdf").write_bytes(os.urandom(3000))
    (corpus / "old.txt").write_bytes("The Council noted the \u00a35,000 grant.".encode("cp1252"))
    (corpus / "page.html").write_text(
        "<html><body><script>alert(1)</script><p onclick='x()'>The Board approved the plan.</p></body></html>"
    )
    (corpus / "sheet.xlsx").write_bytes(b"PK")
    (corpus / "huge.txt").write_text("The Board noted the update. " * 2000)
    db = tmp_path / "out" / "bt.duckdb"
    env = {**os.environ, "BOARDTRACE_MAX_FILE_BYTES": "20000"}
    result = subprocess.run([BT, "run", "--corpus", str(corpus), "--db", str(db), "--failure-threshold", "0.9"], capture_output=True, text=True,
                            env=env, cwd=REPO, timeout=600)  # fmt: skip
    assert result.returncode == 2, result.stderr
    con = store.connect(db, read_only=True)
    reasons = dict(con.execute("SELECT regexp_extract(path, '[^/]+$'), reason FROM failures").fetchall())
    assert reasons == {
        "empty.txt": "empty_document",
        "random.pdf": "corrupt_document",
        "sheet.xlsx": "unsupported_format",
        "huge.txt": "file_too_large",
    }
    names = {r[0] for r in con.execute("SELECT name FROM documents").fetchall()}
    assert names == {"good.txt", "old.txt", "page.html"}
    warnings = con.execute("SELECT warnings FROM documents WHERE name = 'old.txt'").fetchone()[0]
    assert warnings == ["not valid UTF-8; decoded as cp1252"]
    html = con.execute("SELECT text FROM documents WHERE name = 'page.html'").fetchone()[0]
    assert html == "The Board approved the plan."
    summary = json.loads(next((db.parent / "runs").glob("*.json")).read_text())
    assert len(summary["failed"]) == 4 and summary["status"] == "partial"
    # Exporting works from the CLI in the contract form.
    out = subprocess.run(
        [BT, "export", "--db", str(db)], capture_output=True, text=True, cwd=REPO, timeout=300
    )
    assert out.returncode == 0
    assert all(json.loads(line)["doc"] in names for line in out.stdout.splitlines())

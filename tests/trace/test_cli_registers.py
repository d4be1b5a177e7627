"""`boardtrace trace` (the JSON contract evaluation relies on) and the registers."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from pipeline import store
from pipeline.cli import app
from pipeline.errors import NotFound
from pipeline.registers import write_registers
from pipeline.trace import trace_new_documents
from tests.trace.conftest import SERIES, write_meeting

CONTRACT = ["id", "doc", "type", "text", "fields", "status", "links"]
LINK_KEYS = {"doc", "text", "label", "score", "meeting_date", "page"}


@pytest.fixture
def traced_db(tmp_path: Path) -> Path:
    db = tmp_path / "traced.duckdb"
    con = store.connect(db)
    meetings = list(SERIES)
    name, body, when, _ = meetings[3]
    # Document text must be escaped in the HTML report.
    meetings[3] = (name, body, when, [("3. Allotment Gates. <script>alert(1)</script> would be sent.",
                                       ["<script>alert(1)</script> would be sent."])])  # fmt: skip
    trace_new_documents(con, [write_meeting(con, m) for m in meetings])
    con.close()
    return db


def run(*args: str) -> list[dict]:
    result = CliRunner().invoke(app, ["trace", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_json_is_one_object_per_item_in_the_contract_shape(traced_db: Path) -> None:
    items = run("--db", str(traced_db), "--json")
    assert len(items) == 7
    for item in items:
        assert list(item)[:7] == CONTRACT
        assert item["type"] in ("commitment", "target")
        for link in item["links"]:
            assert set(link) >= LINK_KEYS
            assert link["label"] in ("restated", "progress", "completed", "delayed", "changed")
    done = [i for i in items if i["status"] == "done"]
    assert done and all(i["links"] for i in done)
    linked = next(i for i in items if i["text"].startswith("The subject would be placed"))
    assert [ln["meeting_date"] for ln in linked["links"]] == ["2013-10-03", "2013-11-07"]


def test_status_filter_and_one_item(traced_db: Path) -> None:
    overdue = run("--db", str(traced_db), "--status", "overdue", "--json")
    assert overdue and {i["status"] for i in overdue} == {"overdue"}
    assert {i["status"] for i in run("--db", str(traced_db), "--status", "no_evidence", "--json")} <= {
        "no evidence"
    }
    one = run(overdue[0]["id"], "--db", str(traced_db), "--json")
    assert [i["id"] for i in one] == [overdue[0]["id"]]
    text = CliRunner().invoke(app, ["trace", overdue[0]["id"], "--db", str(traced_db)])
    assert text.exit_code == 0 and "OVERDUE" in text.output


def test_unknown_id_and_bad_status_fail_cleanly(traced_db: Path) -> None:
    result = CliRunner().invoke(app, ["trace", "r_nope", "--db", str(traced_db)])
    assert result.exit_code != 0 and isinstance(result.exception, NotFound)
    result = CliRunner().invoke(app, ["trace", "--db", str(traced_db), "--status", "finished"])
    assert result.exit_code == 2


def test_registers_are_written_and_escaped(traced_db: Path, tmp_path: Path) -> None:
    con = store.connect(traced_db, read_only=True)
    try:
        paths = write_registers(con, tmp_path / "registers")
    finally:
        con.close()
    assert set(paths) == {
        "commitments.csv",
        "commitments.parquet",
        "targets.csv",
        "targets.parquet",
        "report.html",
    }
    with paths["commitments.csv"].open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 7 and {"id", "status", "due_date", "latest_evidence_quote"} <= set(rows[0])
    assert pq.read_table(paths["commitments.parquet"]).num_rows == 7
    assert pq.read_table(paths["targets.parquet"]).num_rows == 0
    page = paths["report.html"].read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Commitment register" in page and "Target register" in page and "Status counts" in page
    assert 'href="https://example.org/002_tp-2013-10.md"' in page


def test_report_links_only_to_web_urls() -> None:
    from pipeline.registers import _href

    assert _href("javascript:alert(1)", "m.pdf", 3) == "m.pdf#page=3"
    assert _href("data:text/html,x", "m.txt", None) == "m.txt"
    assert _href("https://example.org/m.pdf", "m.pdf", 2) == "https://example.org/m.pdf#page=2"

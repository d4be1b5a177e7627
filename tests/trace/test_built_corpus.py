"""The real flow over the sample corpus traces the West Dereham series and writes the registers."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from pipeline import store
from pipeline.cli import app


def test_the_series_is_traced_by_the_nightly_flow(built_db: Path) -> None:
    con = store.connect(built_db, read_only=True)
    try:
        rows = con.execute(
            "SELECT s.name, t.name, l.label FROM links l JOIN documents s ON s.doc_id = l.source_doc_id "
            "JOIN documents t ON t.doc_id = l.target_doc_id"
        ).fetchall()
        statuses = dict(con.execute("SELECT status, count(*) FROM item_status GROUP BY 1").fetchall())
    finally:
        con.close()
    west = [r for r in rows if "west-dereham" in r[0]]
    assert len(west) >= 10
    assert all(s < t for s, t, _ in west)  # evidence always comes from a later meeting
    assert {"completed", "delayed"} <= {label for _, _, label in west}
    assert statuses.get("done") and statuses.get("no evidence")
    registers = built_db.parent / "registers"
    assert (registers / "commitments.csv").exists() and (registers / "report.html").exists()


def test_cli_json_on_the_built_database(built_db: Path) -> None:
    result = CliRunner().invoke(app, ["trace", "--db", str(built_db), "--status", "done", "--json"])
    assert result.exit_code == 0, result.output
    items = json.loads(result.output)
    assert items and all(i["status"] == "done" and i["links"] for i in items)
    assert {"doc", "text", "label", "score", "meeting_date", "page"} <= set(items[0]["links"][0])

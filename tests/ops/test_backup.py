"""`boardtrace export --format parquet` then `boardtrace import`: every table survives the round trip."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from opshelp import Nights, assert_consistent, assert_same_content, copy_db
from typer.testing import CliRunner

from pipeline.cli import app


def _runs(db: Path) -> list[tuple[object, ...]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT * FROM runs ORDER BY run_id").fetchall()
    finally:
        con.close()


@pytest.mark.slow
def test_parquet_round_trip(nights: Nights, tmp_path: Path) -> None:
    runner = CliRunner()
    backup = tmp_path / "backup"
    exported = runner.invoke(
        app, ["export", "--db", str(nights.second_db), "--format", "parquet", "--out", str(backup)]
    )
    assert exported.exit_code == 0, exported.output
    manifest = json.loads((backup / "manifest.json").read_text())
    assert manifest["tables"]["records"] > 0 and (backup / "embeddings.parquet").exists()

    # Restore over an existing, different database: it is replaced whole.
    target = copy_db(nights.first_db, tmp_path / "restored")
    restored = runner.invoke(app, ["import", str(backup), "--db", str(target)])
    assert restored.exit_code == 0, restored.output
    assert_same_content(target, nights.second_db)
    assert _runs(target) == _runs(nights.second_db)
    assert_consistent(target)

    # A restored database carries on: the next run finds nothing to do.
    from flows.nightly import nightly

    summary = nightly(corpus=str(nights.corpus), db=str(target))
    assert summary["new"] == [] and summary["changed"] == [] and len(summary["unchanged"]) == 4


def test_import_refuses_a_folder_that_is_not_a_backup(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["import", str(tmp_path), "--db", str(tmp_path / "x.duckdb")])
    assert result.exit_code != 0
    assert not (tmp_path / "x.duckdb").exists()


def test_parquet_export_needs_a_folder(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["export", "--db", str(tmp_path / "x.duckdb"), "--format", "parquet"])
    assert result.exit_code == 2 and "--out" in result.output

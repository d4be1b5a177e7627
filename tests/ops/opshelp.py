"""Helpers for the operations tests: a tiny corpus in two states (a night's changes between
them), database comparison, and real `boardtrace run` processes paused at a stage and killed."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

REPO = Path(__file__).resolve().parents[2]
BOARDTRACE = REPO / ".venv" / "bin" / "boardtrace"
# Small plain-text documents: the crash tests spawn real runs, so every document costs seconds.
FIRST_NIGHT = ("008_slough-hwb-2021-10-21-matters-arising.txt", "009_plymouth-hwb-strategic-framework-item.txt",
               "011_barnsley-hwb-strategy-update-item.txt")  # fmt: skip
ADDED = "013_bolsover-ambition-plan-targets-2023-q1.txt"
CHANGED = "009_plymouth-hwb-strategic-framework-item.txt"
AMENDMENT = (
    "\n\nRESOLVED that the Board approves the strategic framework and agrees to review progress "
    "in March 2024.\n"
)

# Columns that legitimately differ between two runs over the same input: which run wrote a row,
# and when. Vectors are compared with a tolerance in `assert_same_content`.
VOLATILE_COLUMNS = {"run_id", "last_run_id", "ingested_at", "superseded_at", "failed_at", "created_at"}
VOLATILE = {"embeddings": {"vector"}, "search_cells": {"centroid", "vectors"}}
# Set-valued strings whose order is not defined (string_agg without ORDER BY in the index build).
_NORMALISE = {("search_units", "parties"): "array_to_string(list_sort(string_split(parties, ' | ')), ' | ')"}
# Not content: run bookkeeping, and the search index's build stamp.
NOT_CONTENT = {"runs", "schema_migrations", "search_meta"}


@dataclass(frozen=True)
class Nights:
    corpus: Path  # in its second-night state
    first_db: Path  # after an uninterrupted first night (read-only: copy it)
    second_db: Path  # after an uninterrupted second night on top of it (the reference)


def copy_db(src: Path, dest_dir: Path) -> Path:
    dest_dir.mkdir(parents=True, exist_ok=True)
    target = dest_dir / "boardtrace.duckdb"
    shutil.copyfile(src, target)
    return target


# Comparing databases -----------------------------------------------------------------------------


def _tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [
        r[0]
        for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' "
            "AND table_type = 'BASE TABLE' ORDER BY table_name"
        ).fetchall()
    ]


def content(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows, sorted, without run ids, timestamps and vectors."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        out = {}
        for table in _tables(con):
            if table in NOT_CONTENT:
                continue
            cols = [
                r[0]
                for r in con.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_schema = 'main' "
                    "AND table_name = ? ORDER BY ordinal_position",
                    [table],
                ).fetchall()
                if r[0] not in VOLATILE_COLUMNS | VOLATILE.get(table, set())
            ]
            exprs = [_NORMALISE.get((table, c), c) for c in cols]
            rows = con.execute(f'SELECT {", ".join(exprs)} FROM "{table}"').fetchall()  # noqa: S608
            out[table] = sorted(rows, key=repr)
        return out
    finally:
        con.close()


def vectors(db: Path) -> dict[tuple[str, str], list[float]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {
            (h, m): list(v)
            for h, m, v in con.execute("SELECT text_hash, model, vector FROM embeddings").fetchall()
        }
    finally:
        con.close()


def assert_same_content(actual: Path, expected: Path) -> None:
    got, want = content(actual), content(expected)
    assert got.keys() == want.keys()
    for table in want:
        assert got[table] == want[table], f"table {table} differs"
    va, ve = vectors(actual), vectors(expected)
    assert va.keys() == ve.keys()
    worst = max((abs(x - y) for k in ve for x, y in zip(va[k], ve[k], strict=True)), default=0.0)
    assert worst < 1e-4, f"embedding vectors differ by up to {worst}"


def assert_consistent(db: Path) -> None:
    """No orphans, no half-written documents, no run left 'running', no working copy left over."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        checks = {
            "child rows without their document": """
                SELECT count(*) FROM (
                    SELECT doc_id FROM pages UNION ALL SELECT doc_id FROM agenda_items
                    UNION ALL SELECT doc_id FROM passages UNION ALL SELECT doc_id FROM entities
                    UNION ALL SELECT doc_id FROM records) c
                WHERE doc_id NOT IN (SELECT doc_id FROM documents)""",
            "documents without passages": """
                SELECT count(*) FROM documents d
                WHERE NOT EXISTS (SELECT 1 FROM passages p WHERE p.doc_id = d.doc_id)""",
            "entities without their passage":
                "SELECT count(*) FROM entities WHERE passage_id NOT IN (SELECT passage_id FROM passages)",
            "texts without an embedding": """
                SELECT count(*) FROM (SELECT text_hash FROM passages UNION SELECT text_hash FROM records) t
                WHERE text_hash NOT IN (SELECT text_hash FROM embeddings)""",
            "files pointing at no document":
                "SELECT count(*) FROM files WHERE doc_id NOT IN (SELECT doc_id FROM documents)",
            "current documents no file points at": """
                SELECT count(*) FROM documents
                WHERE superseded_by IS NULL AND doc_id NOT IN (SELECT doc_id FROM files)""",
            "paths with two current versions": """
                SELECT count(*) FROM (SELECT path FROM documents WHERE superseded_by IS NULL
                                      GROUP BY path HAVING count(*) > 1)""",
            "runs still marked running": "SELECT count(*) FROM runs WHERE status = 'running'",
        }  # fmt: skip
        for name, sql in checks.items():
            row = con.execute(sql).fetchone()
            assert row is not None and row[0] == 0, f"{name}: {row[0] if row else '?'}"
    finally:
        con.close()
    assert not db.with_name(db.name + ".next").exists(), "working copy left behind"


# Real runs in other processes --------------------------------------------------------------------


def subprocess_env(**extra: str) -> dict[str, str]:
    """The environment for a `boardtrace` child: the session's Prefect API (no API start-up per
    child), offline models, and `extra`."""
    from prefect.settings import PREFECT_API_URL

    env = dict(os.environ)
    api = PREFECT_API_URL.value()
    if api:
        env["PREFECT_API_URL"] = api
    env.update({"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false",
                "PREFECT_LOGGING_LEVEL": "WARNING", "NO_COLOR": "1"})  # fmt: skip
    env.update(extra)
    return env


class PausedRun:
    """`boardtrace run` in its own process group, paused at a stage (see flows.nightly.pause_point)."""

    def __init__(self, corpus: Path, db: Path, pause_at: str, workdir: Path, *args: str, **env: str) -> None:
        workdir.mkdir(parents=True, exist_ok=True)
        self.marker = workdir / f"paused-{pause_at.replace(':', '-')}"
        self.log = workdir / "run.log"
        self.proc = subprocess.Popen(
            [str(BOARDTRACE), "run", "--corpus", str(corpus), "--db", str(db), *args],
            env=subprocess_env(BOARDTRACE_TEST_PAUSE_AT=pause_at, BOARDTRACE_TEST_PAUSE_FILE=str(self.marker), **env),
            stdout=self.log.open("w"), stderr=subprocess.STDOUT, start_new_session=True, cwd=REPO,
        )  # fmt: skip

    def wait_paused(self, timeout: float = 300) -> None:
        deadline = time.monotonic() + timeout
        while not self.marker.exists():
            if self.proc.poll() is not None:
                raise AssertionError(
                    f"run exited ({self.proc.returncode}) before pausing:\n{self.log.read_text()}"
                )
            if time.monotonic() > deadline:
                self.kill()
                raise AssertionError(f"run did not pause in {timeout} s:\n{self.log.read_text()}")
            time.sleep(0.1)

    def kill(self) -> None:
        """SIGKILL the whole process group, as a power cut or the OOM killer would."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=60)

    def release(self) -> None:
        Path(str(self.marker) + ".go").touch()

    def finish(self, timeout: float = 300) -> int:
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise


def boardtrace(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BOARDTRACE), *args],
        env=subprocess_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=REPO,
    )

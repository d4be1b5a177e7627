"""The steps of a run, as plain functions the Prefect flow calls: change detection, per-document
processing with failure isolation, and the run's summary."""

from __future__ import annotations

import json
import time
import uuid
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from pipeline import store
from pipeline.config import EXTRACTOR_VERSION
from pipeline.errors import BoardtraceError, IngestError
from pipeline.ingest import ingest_file
from pipeline.manifest import merge_meta, sidecar_meta
from pipeline.records import Failure, MeetingMeta, SegmentedDocument, sha256_bytes
from pipeline.segment import detect_meta, segment


def new_run_id() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ-") + uuid.uuid4().hex[:6]


@dataclass
class ChangePlan:
    new: list[Path] = field(default_factory=list)
    changed: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)

    @property
    def todo(self) -> list[Path]:
        return self.new + self.changed


def plan_changes(con: duckdb.DuckDBPyConnection, paths: list[Path]) -> ChangePlan:
    """Sort files into new, changed and unchanged. Size and mtime equal to the last run's means
    unchanged without reading; otherwise the content hash decides (a touched file is unchanged).
    A document whose records an older extractor made counts as changed: it is extracted again."""
    known = store.known_files(con)
    stored = store.stored_doc_ids(con) - store.outdated_doc_ids(con, EXTRACTOR_VERSION)
    plan = ChangePlan()
    for path in paths:
        key = str(path)
        stat = path.stat()
        previous = known.get(key)
        if (
            previous
            and previous[1] == stat.st_size
            and previous[2] == stat.st_mtime
            and previous[0] in stored
        ):
            plan.unchanged.append(path)
            continue
        if previous is None:
            plan.new.append(path)
            continue
        digest = sha256_bytes(path.read_bytes())
        if digest == previous[0] and digest in stored:
            plan.unchanged.append(path)
        else:
            plan.changed.append(path)
    return plan


def read_and_segment(path: Path, manifest: dict[str, MeetingMeta], max_bytes: int) -> SegmentedDocument:
    """Ingest one file and split it; metadata from the manifest or a sidecar overrides detection."""
    source = ingest_file(path, max_bytes=max_bytes)
    given = sidecar_meta(path) or manifest.get(path.name)
    return segment(source, merge_meta(detect_meta(source), given))


def is_transient(error: BaseException) -> bool:
    """Worth retrying: an I/O hiccup somewhere in the cause chain (disk, network, database file),
    not a document that is simply unreadable (those fail the same way every time)."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, FileNotFoundError | IsADirectoryError | PermissionError):
            return False
        if isinstance(seen, OSError | TimeoutError | duckdb.IOException):
            return True
        if type(seen).__module__.startswith("httpx") and type(seen).__name__.endswith(
            ("TransportError", "TimeoutException", "NetworkError", "ConnectError", "ReadError")
        ):
            return True
        seen = seen.__cause__
    return False


def failure_from(path: Path, error: Exception, stage: str) -> Failure:
    if isinstance(error, IngestError):
        return Failure(str(path), error.reason, str(error), stage)
    if isinstance(error, BoardtraceError):
        return Failure(str(path), type(error).__name__, str(error), stage)
    return Failure(str(path), "unexpected_error", f"{type(error).__name__}: {error}", stage)


@dataclass
class RunSummary:
    run_id: str
    corpus: str
    db: str
    started_at: str
    finished_at: str | None = None
    status: str = "running"
    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[dict[str, str]] = field(default_factory=list)
    records_added: dict[str, int] = field(default_factory=dict)
    stage_seconds: dict[str, float] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)
    records_by_type: dict[str, int] = field(default_factory=dict)
    # Runs that were killed before publishing; this run resumed from their working copy.
    resumed_from: list[str] = field(default_factory=list)
    # Files those runs committed (so this run found them unchanged); not counted as unchanged.
    resumed_documents: list[str] = field(default_factory=list)

    def add_time(self, stage: str, seconds: float) -> None:
        self.stage_seconds[stage] = round(self.stage_seconds.get(stage, 0.0) + seconds, 3)

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, default=str)


class StageTimer:
    def __init__(self, summary: RunSummary, stage: str) -> None:
        self.summary, self.stage = summary, stage

    def __enter__(self) -> StageTimer:
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        self.summary.add_time(self.stage, time.perf_counter() - self.start)


def start_run(con: duckdb.DuckDBPyConnection, run_id: str, corpus: str) -> None:
    con.execute(
        "INSERT INTO runs (run_id, started_at, corpus, status) VALUES (?, ?, ?, 'running') "
        "ON CONFLICT (run_id) DO NOTHING",
        [run_id, datetime.now(UTC).replace(tzinfo=None), corpus],
    )


def interrupted_runs(con: duckdb.DuckDBPyConnection, current: str) -> list[str]:
    """Runs recorded in this (working) database that never finished: they were killed, and the
    documents they committed are whole but have not been through the end-of-run steps yet."""
    return [
        row[0]
        for row in con.execute(
            "SELECT run_id FROM runs WHERE finished_at IS NULL AND run_id <> ? ORDER BY started_at", [current]
        ).fetchall()
    ]


def documents_of_runs(con: duckdb.DuckDBPyConnection, run_ids: list[str]) -> list[str]:
    """Ids of the documents written by any of `run_ids`, in name order."""
    if not run_ids:
        return []
    return [
        row[0]
        for row in con.execute(
            "SELECT doc_id FROM documents WHERE list_contains(?, run_id) ORDER BY name, doc_id",
            [run_ids],
        ).fetchall()
    ]


def paths_of_runs(con: duckdb.DuckDBPyConnection, run_ids: list[str]) -> set[str]:
    """The input paths whose current entry was written by one of `run_ids`."""
    if not run_ids:
        return set()
    return {
        row[0]
        for row in con.execute(
            "SELECT path FROM files WHERE list_contains(?, last_run_id)", [run_ids]
        ).fetchall()
    }


def close_interrupted_runs(con: duckdb.DuckDBPyConnection, run_ids: list[str]) -> None:
    if run_ids:
        con.execute(
            "UPDATE runs SET status = 'interrupted', finished_at = ? WHERE list_contains(?, run_id)",
            [datetime.now(UTC).replace(tzinfo=None), run_ids],
        )


def finish_run(con: duckdb.DuckDBPyConnection, summary: RunSummary) -> None:
    summary.totals = store.table_counts(con)
    summary.records_by_type = {
        row[0]: int(row[1])
        for row in con.execute(
            "SELECT r.type, count(*) FROM records r JOIN documents d USING (doc_id) "
            "WHERE d.superseded_by IS NULL GROUP BY r.type ORDER BY r.type"
        ).fetchall()
    }
    summary.finished_at = datetime.now(UTC).isoformat(timespec="seconds")
    con.execute(
        "UPDATE runs SET finished_at = ?, status = ?, n_new = ?, n_changed = ?, n_unchanged = ?, n_failed = ?, "
        "summary = ? WHERE run_id = ?",
        [datetime.now(UTC).replace(tzinfo=None), summary.status, len(summary.new), len(summary.changed),
         len(summary.unchanged), len(summary.failed), summary.to_json(), summary.run_id],
    )  # fmt: skip


def write_summary_file(summary: RunSummary, runs_dir: Path) -> Path:
    runs_dir.mkdir(parents=True, exist_ok=True)
    path = runs_dir / f"{summary.run_id}.json"
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(summary.to_json(), encoding="utf-8")
    tmp.replace(path)
    return path


def summary_markdown(summary: RunSummary) -> str:
    lines = [
        f"# boardtrace run {summary.run_id}",
        "",
        f"Status: **{summary.status}**, corpus `{summary.corpus}`",
        "",
        "| documents | count |",
        "|---|---|",
        f"| new | {len(summary.new)} |",
        f"| changed | {len(summary.changed)} |",
        f"| unchanged | {len(summary.unchanged)} |",
        f"| failed | {len(summary.failed)} |",
        "",
        "| records added | count |",
        "|---|---|",
    ]
    lines += [f"| {k} | {v} |" for k, v in sorted(summary.records_added.items())]
    if summary.failed:
        lines += ["", "| failed file | reason | message |", "|---|---|---|"]
        lines += [f"| {f['path']} | {f['reason']} | {f['message'][:120]} |" for f in summary.failed]
    lines += ["", "| stage | seconds |", "|---|---|"]
    lines += [f"| {k} | {v:.2f} |" for k, v in summary.stage_seconds.items()]
    return "\n".join(lines)


def count_by_type(types: list[str]) -> dict[str, int]:
    return dict(Counter(types))


def as_dict(obj: Any) -> dict[str, Any]:
    return asdict(obj)

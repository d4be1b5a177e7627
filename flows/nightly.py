"""The nightly flow: find what changed, read it, extract, embed, store, trace, report.

Each task is a few lines over a `pipeline` function. Retries sit only on tasks that do I/O.
Large inputs are passed `quote()`d: Prefect would otherwise walk every element of them looking for
futures (seconds per document for a dict of vectors). Documents go through in batches, so that embedding gets one large, length-sorted call per batch.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.utilities.annotations import quote

from pipeline import store
from pipeline.config import Settings
from pipeline.embed import MODEL_NAME, embed_texts
from pipeline.errors import RunFailed
from pipeline.extract import extract_document, load_nlp
from pipeline.ingest import discover
from pipeline.manifest import load_manifest
from pipeline.records import Extraction, Failure, MeetingMeta, SegmentedDocument, text_hash
from pipeline.runs import (
    RunSummary,
    StageTimer,
    failure_from,
    finish_run,
    new_run_id,
    plan_changes,
    read_and_segment,
    start_run,
    summary_markdown,
    write_summary_file,
)
from pipeline.search import refresh_indexes
from pipeline.store.snapshot import writer_session
from pipeline.trace import trace_new_documents

# Listeners get (event, payload) for progress display; the CLI registers a progress bar here.
ProgressListener = Callable[[str, dict[str, Any]], None]
PROGRESS_LISTENERS: list[ProgressListener] = []
BATCH_DOCUMENTS = 16


def opaque(value: Any) -> Any:
    """Hide a large argument from Prefect's input introspection (see the module docstring)."""
    return quote(value)


def _emit(event: str, **payload: Any) -> None:
    for listener in PROGRESS_LISTENERS:
        listener(event, payload)


@task(
    name="read-document", cache_policy=NO_CACHE, persist_result=False, retries=2, retry_delay_seconds=[1, 5]
)
def read_document(path: Path, manifest: dict[str, MeetingMeta], max_bytes: int) -> SegmentedDocument:
    return read_and_segment(path, manifest, max_bytes)


@task(name="extract-document", cache_policy=NO_CACHE, persist_result=False)
def extract(seg: SegmentedDocument) -> Extraction:
    return extract_document(load_nlp(), seg)


@task(name="embed-texts", cache_policy=NO_CACHE, persist_result=False)
def embed(texts: list[str]) -> list[list[float]]:
    return embed_texts(texts)


@task(
    name="write-document", cache_policy=NO_CACHE, persist_result=False, retries=2, retry_delay_seconds=[1, 5]
)
def write(db: Path, seg: SegmentedDocument, extraction: Extraction, vectors: dict[str, list[float]],
          run_id: str) -> None:  # fmt: skip
    con = store.connect(db)
    try:
        store.write_document(con, seg, extraction, vectors, MODEL_NAME, run_id)
        stat = Path(seg.source.path).stat()
        store.record_file(con, seg.source.path, seg.doc_id, stat.st_size, stat.st_mtime, run_id)
    finally:
        con.close()


def _texts_to_embed(db: Path, batch: list[tuple[SegmentedDocument, Extraction]]) -> list[str]:
    by_hash: dict[str, str] = {}
    for seg, extraction in batch:
        for p in seg.passages:
            by_hash.setdefault(text_hash(p.text), p.text)
        for r in extraction.records:
            by_hash.setdefault(text_hash(r.text), r.text)
    con = store.connect(db)
    try:
        missing = store.missing_hashes(con, by_hash, MODEL_NAME)
    finally:
        con.close()
    return [by_hash[h] for h in missing]


def _process_batch(db: Path, paths: list[Path], manifest: dict[str, MeetingMeta], settings: Settings,
                   summary: RunSummary, status_of: dict[str, str]) -> list[Failure]:  # fmt: skip
    failures: list[Failure] = []
    ready: list[tuple[SegmentedDocument, Extraction]] = []
    for path in paths:
        stage = "ingest"
        try:
            with StageTimer(summary, "ingest"):
                seg = read_document(path, manifest, settings.max_file_bytes)
            stage = "extract"
            with StageTimer(summary, "extract"):
                extraction = extract(opaque(seg))
            ready.append((seg, extraction))
        except Exception as e:  # one bad document never stops the run
            failures.append(failure_from(path, e, stage))
            _emit("document", path=str(path), status="failed")
    if not ready:
        return failures
    with StageTimer(summary, "embed"):
        texts = _texts_to_embed(db, ready)
        vectors = dict(zip((text_hash(t) for t in texts), embed(texts), strict=True)) if texts else {}
    for seg, extraction in ready:
        try:
            with StageTimer(summary, "store"):
                write(db, opaque(seg), opaque(extraction), opaque(vectors), summary.run_id)
        except Exception as e:
            failures.append(failure_from(Path(seg.source.path), e, "store"))
            _emit("document", path=seg.source.path, status="failed")
            continue
        getattr(summary, status_of[seg.source.path]).append(seg.source.path)
        for record in extraction.records:
            summary.records_added[record.type] = summary.records_added.get(record.type, 0) + 1
        _emit("document", path=seg.source.path, status="ok")
    return failures


@task(name="trace-new-documents", cache_policy=NO_CACHE, persist_result=False)
def refresh_trace(con: Any, doc_ids: list[str]) -> int:
    return trace_new_documents(con, doc_ids)


def summary_doc_ids(con: Any, run_id: str) -> list[str]:
    return [
        row[0]
        for row in con.execute(
            "SELECT doc_id FROM documents WHERE run_id = ? ORDER BY name", [run_id]
        ).fetchall()
    ]


@flow(name="boardtrace-nightly", log_prints=True)
def nightly(corpus: str = "corpus", db: str = "outputs/boardtrace.duckdb", wait_for_lock: bool = False,
            failure_threshold: float = 0.5) -> dict[str, Any]:  # fmt: skip
    """Bring the database up to date with the corpus folder; returns the run summary."""
    logger = get_run_logger()
    settings = Settings(corpus=Path(corpus), db=Path(db), failure_threshold=failure_threshold)
    run_id = new_run_id()
    started = time.perf_counter()
    summary = RunSummary(run_id=run_id, corpus=corpus, db=db, started_at=time.strftime("%Y-%m-%dT%H:%M:%S"))
    with writer_session(settings.db, wait=wait_for_lock) as work:
        con = store.connect(work)
        try:
            start_run(con, run_id, corpus)
            with StageTimer(summary, "plan"):
                manifest = load_manifest(settings.corpus)
                plan = plan_changes(con, discover(settings.corpus))
        finally:
            con.close()
        summary.unchanged = [str(p) for p in plan.unchanged]
        status_of = {str(p): "new" for p in plan.new} | {str(p): "changed" for p in plan.changed}
        _emit("plan", total=len(plan.todo), unchanged=len(plan.unchanged))
        logger.info("%d new, %d changed, %d unchanged", len(plan.new), len(plan.changed), len(plan.unchanged))

        failures: list[Failure] = []
        todo = plan.todo
        for i in range(0, len(todo), BATCH_DOCUMENTS):
            failures += _process_batch(
                work, todo[i : i + BATCH_DOCUMENTS], manifest, settings, summary, status_of
            )

        con = store.connect(work)
        try:
            written = [doc_id for doc_id in summary_doc_ids(con, run_id)]
            with StageTimer(summary, "trace"):
                refresh_trace(con, written)
            with StageTimer(summary, "index"):
                refresh_indexes(con)
            for failure in failures:
                store.record_failure(con, run_id, failure)
                summary.failed.append({"path": failure.path, "reason": failure.reason, "message": failure.message,
                                       "stage": failure.stage})  # fmt: skip
            attempted = len(todo)
            share = len(failures) / attempted if attempted else 0.0
            summary.status = "failed" if share > settings.failure_threshold else (
                "partial" if failures else "completed")  # fmt: skip
            summary.add_time("total", time.perf_counter() - started)
            finish_run(con, summary)
        finally:
            con.close()
    summary_path = write_summary_file(summary, settings.runs_dir)
    try:
        create_markdown_artifact(key="boardtrace-run-summary", markdown=summary_markdown(summary))
    except Exception as e:  # an artifact is a nicety; the JSON summary is the record
        logger.warning("could not create the run artifact: %s", e)
    if summary.status == "failed":
        raise RunFailed(
            f"{len(failures)} of {len(todo)} documents failed (threshold {failure_threshold:.0%})",
            str(summary_path),
        )
    return summary.__dict__

"""The nightly flow: find what changed, read it, extract, embed, store, trace, report.

Each task is a few lines over a `pipeline` function. Retries sit only on tasks that do I/O, and
only for errors that are worth retrying (`pipeline.runs.is_transient`): an unreadable document
fails the same way every time and is recorded at once.
Large inputs are passed `quote()`d: Prefect would otherwise walk every element of them looking for
futures (seconds per document for a dict of vectors). Documents go through in batches, so that
embedding gets one large, length-sorted call per batch.

Crash safety comes from `pipeline.store.snapshot`: everything is written to a working copy under
the writer lock and published by one atomic rename at the end. A run killed part-way leaves the
working copy; the next run resumes from it, and finishes the end-of-run steps (trace, indexes)
for the documents the killed run committed too.

With `task_runner="dask"` reading, extraction and embedding are submitted to a Dask cluster
(prefect-dask); writing stays here, in the one process that holds the lock.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.client.schemas.objects import TaskRun
from prefect.states import State
from prefect.tasks import Task, exponential_backoff
from prefect.utilities.annotations import quote

from pipeline import store
from pipeline.config import Settings
from pipeline.embed import MODEL_NAME, embed_texts
from pipeline.errors import RunFailed
from pipeline.extract import extract_document, load_nlp
from pipeline.ingest import discover
from pipeline.manifest import load_manifest
from pipeline.records import Extraction, Failure, MeetingMeta, SegmentedDocument, text_hash
from pipeline.registers import write_registers
from pipeline.runs import (
    RunSummary,
    StageTimer,
    close_interrupted_runs,
    documents_of_runs,
    failure_from,
    finish_run,
    interrupted_runs,
    is_transient,
    new_run_id,
    paths_of_runs,
    plan_changes,
    read_and_segment,
    start_run,
    summary_markdown,
    write_summary_file,
)
from pipeline.search import refresh_indexes
from pipeline.store.snapshot import writer_session
from pipeline.trace import outdated_trace_docs, trace_new_documents

# Listeners get (event, payload) for progress display; the CLI registers a progress bar here.
ProgressListener = Callable[[str, dict[str, Any]], None]
PROGRESS_LISTENERS: list[ProgressListener] = []
BATCH_DOCUMENTS = 16
IO_RETRIES = 3


def opaque(value: Any) -> Any:
    """Hide a large argument from Prefect's input introspection (see the module docstring)."""
    return quote(value)


class Boxed:
    """`opaque` for task runners that ship arguments to other processes: Dask unpacks tuples (and
    `quote` is a named tuple), so there the value travels in this plain box, which Prefect does not
    walk either. Tasks take their arguments through `unbox`."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value


def unbox(value: Any) -> Any:
    return value.value if isinstance(value, Boxed) else value


def _emit(event: str, **payload: Any) -> None:
    for listener in PROGRESS_LISTENERS:
        listener(event, payload)


_pause_counts: dict[str, int] = {}


def pause_point(stage: str) -> None:
    """Test hook for the crash tests: with BOARDTRACE_TEST_PAUSE_AT=<stage>[:<n>], the n-th time
    (default 1st) the run reaches `stage` it writes BOARDTRACE_TEST_PAUSE_FILE and waits there until
    `<that file>.go` appears (or it is killed). A no-op unless both variables are set."""
    wanted = os.environ.get("BOARDTRACE_TEST_PAUSE_AT")
    marker = os.environ.get("BOARDTRACE_TEST_PAUSE_FILE")
    if not wanted or not marker:
        return
    name, _, nth = wanted.partition(":")
    if name != stage:
        return
    _pause_counts[stage] = _pause_counts.get(stage, 0) + 1
    if _pause_counts[stage] != int(nth or 1):
        return
    Path(marker).write_text(f"{os.getpid()} {stage}\n", encoding="utf-8")
    go = Path(marker + ".go")
    deadline = time.monotonic() + 600
    while not go.exists() and time.monotonic() < deadline:
        time.sleep(0.05)


_writers: dict[str, Any] = {}


def writer_connection(db: Path) -> Any:
    """The run's one read-write connection to its working copy. Kept open for the whole run:
    closing a DuckDB connection checkpoints the file, which per document cost more than the
    writing (0.5 s a document at 1,000 documents). Committed transactions are in the WAL, which
    survives a kill and is replayed by the next run."""
    con = _writers.get(str(db))
    if con is None:
        con = _writers[str(db)] = store.connect(db)
    return con


def close_writer(db: Path) -> None:
    """Close the run's connection (checkpointing the working copy); the next use reopens it."""
    con = _writers.pop(str(db), None)
    if con is not None:
        con.close()


def _batch_size() -> int:
    raw = os.environ.get("BOARDTRACE_BATCH_DOCUMENTS", "")
    return int(raw) if raw.isdigit() and int(raw) > 0 else BATCH_DOCUMENTS


def retry_if_transient(task: Task[..., Any], task_run: TaskRun, state: State[Any]) -> bool:
    """Prefect retry condition: retry I/O hiccups, not documents that are simply unreadable."""
    error = state.data
    if not isinstance(error, BaseException):
        try:
            error = state.result(raise_on_failure=False)
        except Exception:
            return False
    return isinstance(error, BaseException) and is_transient(error)


@task(name="read-document", cache_policy=NO_CACHE, persist_result=False, retries=IO_RETRIES,
      retry_delay_seconds=exponential_backoff(backoff_factor=1), retry_jitter_factor=0.5,
      retry_condition_fn=retry_if_transient)  # fmt: skip
def read_document(path: Path, manifest: dict[str, MeetingMeta], max_bytes: int) -> SegmentedDocument:
    seg = read_and_segment(path, unbox(manifest), max_bytes)
    pause_point("ingest")
    return seg


@task(name="extract-document", cache_policy=NO_CACHE, persist_result=False)
def extract(seg: SegmentedDocument) -> Extraction:
    extraction = extract_document(load_nlp(), unbox(seg))
    pause_point("extract")
    return extraction


@task(name="embed-texts", cache_policy=NO_CACHE, persist_result=False)
def embed(texts: list[str]) -> list[list[float]]:
    vectors = embed_texts(unbox(texts))
    pause_point("embed")
    return vectors


@task(name="write-document", cache_policy=NO_CACHE, persist_result=False, retries=IO_RETRIES,
      retry_delay_seconds=exponential_backoff(backoff_factor=1), retry_jitter_factor=0.5,
      retry_condition_fn=retry_if_transient)  # fmt: skip
def write(db: Path, seg: SegmentedDocument, extraction: Extraction, vectors: dict[str, list[float]],
          run_id: str) -> None:  # fmt: skip
    con = writer_connection(db)
    try:
        store.write_document(con, seg, extraction, vectors, MODEL_NAME, run_id)
        pause_point("write")  # the document's rows are committed, its file entry is not yet
        stat = Path(seg.source.path).stat()
        con.execute("BEGIN TRANSACTION")
        try:
            store.record_file(con, seg.source.path, seg.doc_id, stat.st_size, stat.st_mtime, run_id)
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
    except Exception:
        close_writer(db)  # a retry starts from a fresh connection (DuckDB may have invalidated this one)
        raise


@task(name="fetch-sources", cache_policy=NO_CACHE, persist_result=False)
def fetch_sources(sources_file: Path, cache_dir: Path) -> dict[str, Any]:
    """Download the URL list / ModernGov documents into `cache_dir` (retries live in pipeline.sources)."""
    from pipeline.sources import fetch_all, load_sources

    return fetch_all(load_sources(sources_file), cache_dir).as_dict()


def _gather(task_: Task[..., Any], inputs: Sequence[Any], parallel: bool,
            call: Callable[[Any], tuple[Any, ...]]) -> list[Any]:  # fmt: skip
    """Run `task_` on every input; each result is the value or the exception it raised.
    In parallel mode all runs are submitted first (to the flow's task runner), then collected."""
    if not parallel:
        results: list[Any] = []
        for item in inputs:
            try:
                results.append(task_(*call(item)))
            except Exception as e:
                results.append(e)
        return results
    futures = [task_.submit(*call(item)) for item in inputs]
    out: list[Any] = []
    for future in futures:
        try:
            out.append(future.result())
        except Exception as e:
            out.append(e)
    return out


def _texts_to_embed(db: Path, batch: list[tuple[SegmentedDocument, Extraction]]) -> list[str]:
    by_hash: dict[str, str] = {}
    for seg, extraction in batch:
        for p in seg.passages:
            by_hash.setdefault(text_hash(p.text), p.text)
        for r in extraction.records:
            by_hash.setdefault(text_hash(r.text), r.text)
    missing = store.missing_hashes(writer_connection(db), by_hash, MODEL_NAME)
    return [by_hash[h] for h in missing]


def _fail(failures: list[Failure], path: str, error: Exception, stage: str) -> None:
    failures.append(failure_from(Path(path), error, stage))
    _emit("document", path=path, status="failed")


def _process_batch(db: Path, paths: list[Path], manifest: dict[str, MeetingMeta], settings: Settings,
                   summary: RunSummary, status_of: dict[str, str], parallel: bool) -> list[Failure]:  # fmt: skip
    failures: list[Failure] = []
    hide: Callable[[Any], Any] = Boxed if parallel else opaque
    with StageTimer(summary, "ingest"):
        read = _gather(read_document, paths, parallel,
                       lambda p: (p, hide(manifest), settings.max_file_bytes))  # fmt: skip
    segs: list[SegmentedDocument] = []
    for path, result in zip(paths, read, strict=True):
        if isinstance(result, Exception):  # one bad document never stops the run
            _fail(failures, str(path), result, "ingest")
        else:
            segs.append(result)
    with StageTimer(summary, "extract"):
        extracted = _gather(extract, segs, parallel, lambda s: (hide(s),))
    ready: list[tuple[SegmentedDocument, Extraction]] = []
    for seg, result in zip(segs, extracted, strict=True):
        if isinstance(result, Exception):
            _fail(failures, seg.source.path, result, "extract")
        else:
            ready.append((seg, result))
    if not ready:
        return failures
    with StageTimer(summary, "embed"):
        texts = _texts_to_embed(db, ready)
        try:
            if not texts:
                vectors: dict[str, list[float]] = {}
            else:
                embedded = embed.submit(hide(texts)).result() if parallel else embed(hide(texts))
                vectors = dict(zip((text_hash(t) for t in texts), embedded, strict=True))
        except Exception as e:  # the model failing fails this batch's documents, not the run
            for seg, _ in ready:
                _fail(failures, seg.source.path, e, "embed")
            return failures
    for seg, extraction in ready:
        try:
            with StageTimer(summary, "store"):
                write(db, opaque(seg), opaque(extraction), opaque(vectors), summary.run_id)
        except Exception as e:
            _fail(failures, seg.source.path, e, "store")
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
    return documents_of_runs(con, [run_id])


def task_runner_for(name: str, address: str | None = None) -> Any:
    """The Prefect task runner called `name`: "default" (this process) or "dask" (a local
    cluster, or the scheduler at `address`)."""
    if name == "default":
        return None
    if name == "dask":
        from prefect_dask import DaskTaskRunner

        if address:
            return DaskTaskRunner(address=address)
        return DaskTaskRunner(cluster_kwargs={"n_workers": 2, "threads_per_worker": 1, "processes": True})
    raise ValueError(f"unknown task runner {name!r}; use default or dask")


def nightly_with_runner(name: str = "default", address: str | None = None) -> Any:
    """The nightly flow, on the task runner called `name` (see `task_runner_for`)."""
    runner = task_runner_for(name, address)
    return nightly if runner is None else nightly.with_options(task_runner=runner)


@flow(name="boardtrace-nightly", log_prints=True)
def nightly(corpus: str = "corpus", db: str = "outputs/boardtrace.duckdb", wait_for_lock: bool = False,
            failure_threshold: float = 0.5, sources: str | None = None) -> dict[str, Any]:  # fmt: skip
    """Bring the database up to date with the corpus folder (and the `sources` file's URL lists and
    ModernGov sites, if given); returns the run summary."""
    logger = get_run_logger()
    settings = Settings(corpus=Path(corpus), db=Path(db), failure_threshold=failure_threshold)
    parallel = type(nightly_context_runner()).__name__ == "DaskTaskRunner"
    run_id = new_run_id()
    started = time.perf_counter()
    summary = RunSummary(run_id=run_id, corpus=corpus, db=db, started_at=time.strftime("%Y-%m-%dT%H:%M:%S"))
    with writer_session(settings.db, wait=wait_for_lock) as work:
        try:
            roots = [settings.corpus]
            if sources:
                fetched_dir = settings.db.parent / "fetched"
                with StageTimer(summary, "fetch"):
                    report = fetch_sources(Path(sources), fetched_dir)
                logger.info("sources: %s", {k: len(v) for k, v in report.items() if isinstance(v, list)})
                roots.append(fetched_dir / "files")
            con = writer_connection(work)
            start_run(con, run_id, corpus)
            resumed = interrupted_runs(con, run_id)
            inherited = paths_of_runs(con, resumed)
            with StageTimer(summary, "plan"):
                manifest = load_manifest(settings.corpus)
                paths = [p for root in roots if root.exists() for p in discover(root)]
                plan = plan_changes(con, paths)
            if resumed:
                logger.warning("resuming from the working copy of interrupted run(s) %s", ", ".join(resumed))
            summary.resumed_from = resumed
            summary.resumed_documents = sorted(str(p) for p in plan.unchanged if str(p) in inherited)
            summary.unchanged = [str(p) for p in plan.unchanged if str(p) not in inherited]
            status_of = {str(p): "new" for p in plan.new} | {str(p): "changed" for p in plan.changed}
            _emit("plan", total=len(plan.todo), unchanged=len(plan.unchanged))
            logger.info(
                "%d new, %d changed, %d unchanged", len(plan.new), len(plan.changed), len(plan.unchanged)
            )

            failures: list[Failure] = []
            todo = plan.todo
            size = _batch_size()
            for i in range(0, len(todo), size):
                failures += _process_batch(
                    work, todo[i : i + size], manifest, settings, summary, status_of, parallel
                )

            con = writer_connection(work)
            # Documents committed by killed runs have not been traced or indexed yet: do them now.
            written = documents_of_runs(con, [*resumed, run_id])
            written += [d for d in outdated_trace_docs(con) if d not in written]  # links of an older method
            with StageTimer(summary, "trace"):
                refresh_trace(con, written)
                write_registers(con, settings.registers_dir)  # CSV, Parquet and HTML registers
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
            close_interrupted_runs(con, resumed)
            finish_run(con, summary)
        finally:
            close_writer(work)  # checkpoints the working copy before it is published
        pause_point("publish")  # everything is committed to the working copy; not yet published
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


def nightly_context_runner() -> Any:
    """The task runner of the flow run in progress (None outside a flow)."""
    from prefect.context import FlowRunContext

    ctx = FlowRunContext.get()
    return ctx.task_runner if ctx else None

"""Running the Prefect flow from the CLI with a progress bar on a terminal.

This is the one place `pipeline` imports Prefect (through `flows`): the front door that starts the flow.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from pipeline.errors import RunFailed


def run_with_progress(corpus: Path, db: Path, wait: bool, failure_threshold: float, task_runner: str = "default",
                      dask_address: str | None = None, sources: Path | None = None) -> dict[str, Any]:  # fmt: skip
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    from flows.nightly import PROGRESS_LISTENERS, nightly_with_runner

    nightly = nightly_with_runner(task_runner, dask_address)

    show = sys.stderr.isatty()
    progress = Progress(
        TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(),
        TimeElapsedColumn(), transient=False, disable=not show,
    )  # fmt: skip
    task_id = progress.add_task("documents", total=None)

    def listener(event: str, payload: dict[str, Any]) -> None:
        if event == "plan":
            progress.update(
                task_id, total=payload["total"], description=f"documents ({payload['unchanged']} unchanged)"
            )
        elif event == "document":
            progress.advance(task_id)

    PROGRESS_LISTENERS.append(listener)
    try:
        with progress:
            state = nightly(
                corpus=str(corpus), db=str(db), wait_for_lock=wait, failure_threshold=failure_threshold,
                sources=str(sources) if sources else None, return_state=True,
            )  # fmt: skip
    finally:
        PROGRESS_LISTENERS.remove(listener)
    if state.is_failed():
        error = state.result(raise_on_failure=False)
        if isinstance(error, RunFailed):
            # Too many documents failed: the run still wrote its summary; report it, exit 1.
            import json

            data: dict[str, Any] = json.loads(Path(error.summary_path).read_text(encoding="utf-8"))
            return data
        if isinstance(error, BaseException):
            raise error
    result: dict[str, Any] = state.result()
    return result

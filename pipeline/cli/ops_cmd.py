"""schedule, import: running boardtrace unattended, and restoring a backup.

`schedule` is, like `run`, a front door that starts Prefect (through `flows`); nothing else in
`pipeline` imports it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from pipeline.cli import app
from pipeline.cli.core import DEFAULT_DB, DbOption

err = Console(stderr=True)


@app.command()
def schedule(
    corpus: Annotated[Path, typer.Option("--corpus", help="Folder of documents, read recursively.")] = Path(
        "corpus"
    ),
    db: DbOption = DEFAULT_DB,
    cron: Annotated[str, typer.Option("--cron", help="When to run, as a cron expression.")] = "0 2 * * *",
    timezone: Annotated[str, typer.Option("--timezone", help="Time zone of the cron expression.")] = (
        "Europe/London"
    ),
    failure_threshold: Annotated[
        float, typer.Option(help="Share of failed documents above which a run fails.")
    ] = 0.5,
    sources: Annotated[
        Path | None, typer.Option("--sources", help="URL list / ModernGov sources file (docs/operations.md).")
    ] = None,
    name: Annotated[str, typer.Option("--name", help="Deployment name.")] = "nightly",
    task_runner: Annotated[str, typer.Option("--task-runner", help="default or dask.")] = "default",
    dask_address: Annotated[
        str | None, typer.Option("--dask-address", help="Dask scheduler address.")
    ] = None,
    port: Annotated[
        int,
        typer.Option(
            "--port", help="Port of the local Prefect server started when PREFECT_API_URL is unset."
        ),
    ] = 4200,
) -> None:
    """Serve the nightly run as a Prefect deployment on a cron schedule (default 02:00), until stopped.

    With PREFECT_API_URL set, the deployment registers with that Prefect server (and shows in its UI);
    without it, a local Prefect server is started for as long as this command runs.

    Example: boardtrace schedule --corpus /data/minutes --db /data/boardtrace.duckdb --cron "30 1 * * *"
    """
    from flows.schedule import serve_nightly

    if task_runner not in ("default", "dask"):
        raise typer.BadParameter("use default or dask", param_hint="--task-runner")
    err.print(f"serving boardtrace-nightly/{name} on '{cron}' ({timezone}); Ctrl-C to stop")
    serve_nightly(
        corpus=str(corpus), db=str(db), cron=cron, timezone=timezone, failure_threshold=failure_threshold,
        sources=str(sources) if sources else None, name=name, task_runner=task_runner,
        dask_address=dask_address, port=port,
    )  # fmt: skip


@app.command("import")
def import_(
    src: Annotated[Path, typer.Argument(help="A folder written by `boardtrace export --format parquet`.")],
    db: DbOption = DEFAULT_DB,
    wait: Annotated[
        bool, typer.Option("--wait", help="Wait for a running writer instead of refusing.")
    ] = False,
) -> None:
    """Restore a Parquet backup into --db, replacing it atomically (readers never see a mix).

    Example: boardtrace import backups/2026-11-30 --db outputs/boardtrace.duckdb
    """
    from pipeline.backup import import_parquet

    counts = import_parquet(src, db, wait=wait)
    err.print(f"restored {sum(counts.values())} rows in {len(counts)} tables into {db}")

"""serve: the local web app (search, records, documents, registers; JSON API under /api)."""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Annotated

import typer

from pipeline.cli import app
from pipeline.cli.core import DEFAULT_DB, DbOption, err


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@app.command()
def serve(
    db: DbOption = DEFAULT_DB,
    host: Annotated[str, typer.Option(help="Address to listen on; the default keeps it to this machine.")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
    corpus: Annotated[
        Path | None,
        typer.Option(help="Folder the original files may be served from (default: the last run's corpus)."),
    ] = None,
) -> None:
    """Serve the web app over the database, read-only. It keeps serving while a nightly run
    writes, and picks up the new data when the run swaps the file in.

    Example: boardtrace serve --db outputs/boardtrace.duckdb, then open http://127.0.0.1:8000/
    """
    import uvicorn

    from pipeline.web import create_app
    from pipeline.web.app import LOCAL_HOSTS

    local = _is_loopback(host)
    if not local:
        err.print(
            f"[yellow]warning[/yellow]: listening on {host}; the app has no login, anyone who can reach it can read the data"
        )
    _single_thread_queries()
    # On loopback only local names are accepted (no DNS rebinding); elsewhere the user chose to share.
    web = create_app(db, corpus=corpus, allowed_hosts=(*LOCAL_HOSTS, host) if local else ("*",))
    err.print(f"boardtrace: serving {db} at http://{host}:{port}/  (Ctrl-C stops)")
    uvicorn.run(web, host=host, port=port, log_level="warning", access_log=False)


def _single_thread_queries() -> None:
    """One query is one short sentence: torch's thread pool gains nothing on it and, on a busy
    2-core machine, spinning threads made it 5x slower (150 ms vs 28 ms measured)."""
    try:
        import torch

        torch.set_num_threads(1)
    except ImportError:
        pass

"""Serve the nightly flow as a Prefect deployment on a cron schedule.

Prefect's ephemeral API (what a plain `boardtrace run` uses) has no scheduler, so serving needs a
real Prefect server. With PREFECT_API_URL set, that server is used and the deployment appears in
its UI. Without it, `serve_nightly` starts a private `prefect server start` on 127.0.0.1 as a child
process (state in PREFECT_HOME, UI on the same port) and stops it on exit: one command either way.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

DEPLOYMENT_NAME = "nightly"
DEFAULT_CRON = "0 2 * * *"
DEFAULT_TIMEZONE = "Europe/London"


def deployment_parameters(
    corpus: str, db: str, failure_threshold: float, sources: str | None
) -> dict[str, Any]:
    # Absolute paths: scheduled runs start in a fresh process whose working directory may differ.
    return {
        "corpus": str(Path(corpus).resolve()),
        "db": str(Path(db).resolve()),
        "failure_threshold": failure_threshold,
        "sources": str(Path(sources).resolve()) if sources else None,
        "wait_for_lock": True,  # a scheduled run queues behind a manual one instead of failing
    }


def configured_api_url() -> str | None:
    from prefect.settings import PREFECT_API_URL

    value = PREFECT_API_URL.value()
    return str(value) if value else None


def _healthy(api_url: str) -> bool:
    try:
        return httpx.get(api_url.rstrip("/") + "/health", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


@contextmanager
def local_server(port: int, startup_timeout: float = 120) -> Iterator[str]:
    """A `prefect server start` child on 127.0.0.1:`port` for as long as the block runs."""
    api_url = f"http://127.0.0.1:{port}/api"
    if _healthy(api_url):  # one is already running there (e.g. a previous `boardtrace schedule`)
        yield api_url
        return
    log = (
        Path(os.environ.get("PREFECT_HOME", Path.home() / ".prefect")).expanduser() / "boardtrace-server.log"
    )
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)],
            stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + startup_timeout
        while not _healthy(api_url):
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the local Prefect server did not start; see {log}")
            time.sleep(0.5)
        yield api_url
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


def serve_nightly(corpus: str, db: str, cron: str = DEFAULT_CRON, timezone: str = DEFAULT_TIMEZONE,
                  failure_threshold: float = 0.5, sources: str | None = None, name: str = DEPLOYMENT_NAME,
                  task_runner: str = "default", dask_address: str | None = None,
                  port: int = 4200) -> None:  # fmt: skip
    """Register the nightly deployment with its cron schedule and execute its runs until stopped."""
    from prefect.deployments.runner import EntrypointType
    from prefect.schedules import Cron
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from flows.nightly import nightly_with_runner

    flow_ = nightly_with_runner(task_runner, dask_address)
    kwargs: dict[str, Any] = {
        "name": name,
        "schedules": [Cron(cron, timezone=timezone)],
        "parameters": deployment_parameters(corpus, db, failure_threshold, sources),
        "global_limit": 1,  # never two nightly runs at once (the writer lock would refuse one anyway)
        "tags": ["boardtrace", "nightly"],
        "description": "Bring the boardtrace database up to date with the corpus (docs/operations.md).",
        "entrypoint_type": EntrypointType.MODULE_PATH,
    }
    if configured_api_url():
        flow_.serve(**kwargs)
        return
    with local_server(port) as api_url, temporary_settings(updates={PREFECT_API_URL: api_url}):
        os.environ["PREFECT_API_URL"] = api_url  # for the flow-run processes the runner starts
        print(f"boardtrace: started a local Prefect server; UI at {api_url.removesuffix('/api')}", flush=True)
        flow_.serve(**kwargs)

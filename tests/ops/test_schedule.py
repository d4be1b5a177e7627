"""`boardtrace schedule` registers the nightly deployment, with its cron schedule and parameters,
with the Prefect server in PREFECT_API_URL (here the test session's), and serves it."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from opshelp import BOARDTRACE, REPO, subprocess_env


def test_deployment_parameters_are_absolute_and_wait_for_the_lock(tmp_path: Path) -> None:
    from flows.schedule import deployment_parameters

    params = deployment_parameters("corpus", "out/x.duckdb", 0.25, None)
    assert Path(params["corpus"]).is_absolute() and Path(params["db"]).is_absolute()
    assert params["wait_for_lock"] is True and params["failure_threshold"] == 0.25


@pytest.mark.slow
def test_schedule_serves_a_cron_deployment(tmp_path: Path, prefect_harness: None) -> None:
    from prefect.client.orchestration import get_client

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    db = tmp_path / "db" / "boardtrace.duckdb"
    log = tmp_path / "schedule.log"
    proc = subprocess.Popen(
        [str(BOARDTRACE), "schedule", "--corpus", str(corpus), "--db", str(db), "--cron", "15 3 * * *",
         "--timezone", "UTC", "--name", "nightly-test"],
        env=subprocess_env(), stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True, cwd=REPO,
    )  # fmt: skip
    try:
        deployment = None
        deadline = time.monotonic() + 180
        with get_client(sync_client=True) as client:
            while deployment is None:
                assert proc.poll() is None, log.read_text()
                assert time.monotonic() < deadline, log.read_text()
                try:
                    deployment = client.read_deployment_by_name("boardtrace-nightly/nightly-test")
                except Exception:  # not registered yet
                    time.sleep(0.5)
        assert [s.schedule.cron for s in deployment.schedules] == ["15 3 * * *"]  # type: ignore[union-attr]
        assert [s.schedule.timezone for s in deployment.schedules] == ["UTC"]  # type: ignore[union-attr]
        assert deployment.parameters["db"] == str(db.resolve())
        assert deployment.parameters["wait_for_lock"] is True
        assert deployment.entrypoint == "flows.nightly.nightly"
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()

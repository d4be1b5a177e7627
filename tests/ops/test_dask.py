"""Scale-out: the nightly run with reading, extraction and embedding on a local 2-worker Dask
cluster (prefect-dask) writes the same database as the default runner."""

from __future__ import annotations

from pathlib import Path

import pytest
from opshelp import Nights, assert_consistent, assert_same_content, copy_db


@pytest.mark.slow
def test_dask_runner_writes_what_the_default_runner_writes(nights: Nights, tmp_path: Path) -> None:
    from distributed import LocalCluster

    from flows.nightly import nightly_with_runner

    db = copy_db(nights.first_db, tmp_path / "db")
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        # The --dask-address path: an existing cluster, reached by its scheduler's address.
        flow = nightly_with_runner("dask", cluster.scheduler_address)
        assert len(cluster.workers) == 2
        summary = flow(corpus=str(nights.corpus), db=str(db))
        # The scheduler saw the work: reading, extraction and embedding ran on the workers.
        ran = {
            name: prefix.state_counts["memory"] for name, prefix in cluster.scheduler.task_prefixes.items()
        }
    assert ran == {"read_document": 2, "extract": 2, "embed": 1}
    assert summary["status"] == "completed" and len(summary["new"]) == 1 and len(summary["changed"]) == 1
    assert_same_content(db, nights.second_db)
    assert_consistent(db)

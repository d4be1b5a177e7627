"""Shared fixtures. The expensive ones (real Prefect flow over the real corpus with the real spaCy
and MiniLM models) are session-scoped and built once."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.config import apply_offline_env

apply_offline_env()

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"
GOLD = CORPUS / "gold"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """One temporary Prefect API for every test that runs a real flow."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture(scope="session")
def built_db(tmp_path_factory: pytest.TempPathFactory, prefect_harness: None) -> Path:
    """The sample corpus run through the real nightly flow once; tests must treat it as read-only
    (copy it with `db_copy` to write)."""
    from flows.nightly import nightly

    out = tmp_path_factory.mktemp("built")
    db = out / "boardtrace.duckdb"
    nightly(corpus=str(CORPUS), db=str(db))
    return db


@pytest.fixture
def db_copy(built_db: Path, tmp_path: Path) -> Path:
    target = tmp_path / "copy.duckdb"
    shutil.copyfile(built_db, target)
    return target

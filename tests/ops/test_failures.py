"""Retries only for transient I/O errors; one bad document never stops a run; the run is Failed only
past the failure threshold."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from pipeline.errors import CorruptDocument, RunFailed, StoreError, UnsupportedFormat
from pipeline.runs import is_transient


def test_only_transient_errors_are_retried() -> None:
    assert is_transient(OSError(5, "Input/output error"))
    assert is_transient(TimeoutError())
    assert is_transient(duckdb.IOException("disk full"))
    wrapped = StoreError("writing x failed")
    wrapped.__cause__ = duckdb.IOException("could not write")
    assert is_transient(wrapped)
    assert not is_transient(FileNotFoundError(2, "gone"))
    assert not is_transient(UnsupportedFormat("'.xyz'"))
    assert not is_transient(CorruptDocument("bad PDF"))
    assert not is_transient(ValueError("a bug"))


def _bad_corpus(folder: Path, good: int) -> Path:
    folder.mkdir()
    (folder / "notes.xyz").write_text("not a supported format", encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    repo = Path(__file__).resolve().parents[2]
    for name in sorted(p.name for p in (repo / "corpus").glob("01[13]_*.txt"))[:good]:
        (folder / name).write_bytes((repo / "corpus" / name).read_bytes())
    return folder


@pytest.mark.slow
def test_bad_documents_are_isolated_and_the_threshold_decides(tmp_path: Path, prefect_harness: None) -> None:
    from flows.nightly import nightly

    corpus = _bad_corpus(tmp_path / "corpus", good=2)
    db = tmp_path / "out" / "boardtrace.duckdb"
    summary = nightly(corpus=str(corpus), db=str(db), failure_threshold=0.5)  # 2 of 4 failed: not over
    assert summary["status"] == "partial" and len(summary["new"]) == 2
    reasons = {Path(f["path"]).name: f["reason"] for f in summary["failed"]}
    assert reasons == {"notes.xyz": "unsupported_format", "empty.txt": "empty_document"}
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM failures").fetchone() == (2,)
    con.close()

    state = nightly(corpus=str(corpus), db=str(db), failure_threshold=0.25, return_state=True)
    assert state.is_failed()  # the 2 bad files are tried again: 2 of 2 failed
    error = state.result(raise_on_failure=False)
    assert isinstance(error, RunFailed)
    written = json.loads(Path(error.summary_path).read_text())
    assert written["status"] == "failed" and len(written["unchanged"]) == 2
    assert not db.with_name(db.name + ".next").exists()  # published even so


@pytest.mark.slow
def test_a_transient_read_error_is_retried(
    tmp_path: Path, prefect_harness: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    import flows.nightly as nightly_module

    corpus = _bad_corpus(tmp_path / "corpus", good=1)
    for bad in ("notes.xyz", "empty.txt"):
        (corpus / bad).unlink()
    calls: list[str] = []
    real = nightly_module.read_and_segment

    def flaky(path: Path, *args: object) -> object:
        calls.append(path.name)
        if len(calls) == 1:
            raise OSError(5, "Input/output error")
        return real(path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(nightly_module, "read_and_segment", flaky)
    summary = nightly_module.nightly(corpus=str(corpus), db=str(tmp_path / "out" / "b.duckdb"))
    assert summary["status"] == "completed" and len(calls) == 2

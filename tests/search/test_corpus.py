"""Search over the sample corpus as the real nightly flow leaves it (session fixture `built_db`)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from pipeline import store
from pipeline.search import search

REPO = Path(__file__).resolve().parents[2]


def quality_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("search_quality", REPO / "bench" / "search_quality.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def judged_db(tmp_path_factory: pytest.TempPathFactory, prefect_harness: None) -> Path:
    """The documents the search judgments were written against (bench/queries/pool.txt) through the
    real nightly flow: documents added to the corpus later are unjudged and would count as misses."""
    from flows.nightly import nightly

    corpus = quality_module().judged_corpus(REPO / "corpus", tmp_path_factory.mktemp("judged-corpus"))
    db = tmp_path_factory.mktemp("judged") / "boardtrace.duckdb"
    nightly(corpus=str(corpus), db=str(db))
    return db


def test_the_judged_pool_is_in_the_corpus() -> None:
    pool = (REPO / "bench" / "queries" / "pool.txt").read_text(encoding="utf-8").split()
    assert len(pool) >= 100 and all((REPO / "corpus" / name).is_file() for name in pool)


def test_the_flow_builds_the_index_and_every_judgment_names_real_text(judged_db: Path) -> None:
    quality = quality_module()
    con = store.connect(judged_db, read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM search_units").fetchone()[0] > 0
        assert quality.check_judgments(con, quality.load_queries()) == []
    finally:
        con.close()


def test_hybrid_is_at_least_as_good_as_either_mode_alone(judged_db: Path) -> None:
    quality = quality_module()
    con = store.connect(judged_db, read_only=True)
    try:
        queries = quality.load_queries()
        assert len(queries) >= 40
        scores = {mode: quality.evaluate(con, queries, mode)["ndcg@10"] for mode in quality.MODES}
    finally:
        con.close()
    # a small margin: extraction changes move the figures a little (bench/search_quality.py reports them)
    assert scores["hybrid"] >= max(scores["keyword"], scores["semantic"]) - 0.02, scores
    assert scores["hybrid"] >= 0.5, scores


def test_governance_questions_find_their_answers(built_db: Path) -> None:
    con = store.connect(built_db, read_only=True)
    try:
        top = [h.text for h in search(con, "what did the Board decide about the estates strategy", k=5)]
        assert any("estates" in t.lower() for t in top)
        hits = search(con, "Five Year Plan", k=10, body="kent")
        assert hits and all("kent" in (h.body or "").lower() for h in hits)
        phrase = search(con, '"Five Year Plan"', k=10)
        assert phrase and all("five year plan" in " ".join(h.text.lower().split()) for h in phrase)
    finally:
        con.close()


@pytest.mark.parametrize("extra", [[], ["--mode", "keyword", "--type", "decision"]])
def test_cli_as_the_evaluation_calls_it(built_db: Path, extra: list[str]) -> None:
    exe = Path(sys.executable).with_name("boardtrace")
    result = subprocess.run(
        [str(exe), "search", "approval of the minutes", "--db", str(built_db), "-k", "5", "--json", *extra],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert 0 < len(rows) <= 5
    for row in rows:
        assert {"id", "doc", "type", "text", "score", "page", "agenda_item", "meeting_date", "fields"} <= set(
            row
        )


def test_cli_refuses_bad_input_with_one_line(built_db: Path) -> None:
    exe = Path(sys.executable).with_name("boardtrace")
    result = subprocess.run(
        [str(exe), "search", "'; DROP TABLE records; --", "--db", str(built_db), "--since", "someday"],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.strip().startswith("boardtrace:") and "Traceback" not in result.stderr

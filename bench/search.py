"""Search speed at 10k / 100k / 1M records, made by varying real corpus sentences.

    nice -n 10 python bench/search.py --source outputs/boardtrace.duckdb                 # 10k, 100k
    nice -n 10 python bench/search.py --source outputs/boardtrace.duckdb --sizes 1000000 --hnsw-max 0

The source is a database built by `boardtrace run` over corpus/. Each synthetic record is a real
unit's sentence with a few words swapped in from another sentence and a fragment of a third
appended; its vector is the real MiniLM vector of the first, nudged towards the other two and
renormalised (embedding a million texts would take hours here). The bodies, dates, types and
fields vary so that the filters have something to do.

Reported per size: index build time (units, fts, postings, vector cells), database size, query
latency p50/p95 per mode with query embedding included (the embedding cache is cleared before
every query), the stock fts `match_bm25` macro for comparison, exact vector search (numpy over
all vectors, and DuckDB's array_cosine_similarity scan), the IVF cells' recall@10 against exact,
and the vss HNSW index (build, latency, recall) up to --hnsw-max records.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline import store  # noqa: E402
from pipeline.config import EMBED_DIM  # noqa: E402
from pipeline.embed import MODEL_NAME  # noqa: E402
from pipeline.search import engine, search  # noqa: E402
from pipeline.search.index import refresh_indexes  # noqa: E402

QUERIES = REPO / "bench" / "queries" / "search.jsonl"
BODIES = [
    "Milburn Parish Council",
    "Kent and Medway Joint Health and Wellbeing Board",
    "Dundee Integration Joint Board",
    "West Dereham Parish Council",
    "Slough Health & Wellbeing Board",
    "Peninsula Transport Board",
    "Aberdeen City Integration Joint Board",
    "Ferring Parish Council",
    "Python Steering Council",
    "Derby and Derbyshire CCG Governing Body",
    "Haringey Health and Wellbeing Board",
    "Bolsover District Council",
]
TYPES = ["decision", "commitment", "target"]
OUTCOMES = ["approved", "agreed", "noted", "deferred", "rejected", "endorsed"]
RECORDS_PER_DOC = 400


def source_units(source: Path) -> tuple[list[str], np.ndarray]:
    con = store.connect(source, read_only=True)
    try:
        table = con.execute(
            "SELECT u.text, e.vector FROM search_units u JOIN embeddings e "
            "ON e.text_hash = u.text_hash AND e.model = ? WHERE length(u.text) > 30",
            [MODEL_NAME],
        ).arrow()
        if hasattr(table, "read_all"):
            table = table.read_all()
    finally:
        con.close()
    texts = table.column("text").to_pylist()
    vectors = np.asarray(table.column("vector").combine_chunks().flatten().to_numpy(), np.float32)
    return texts, vectors.reshape(-1, EMBED_DIM)


def synthesise(texts: list[str], vectors: np.ndarray, n: int, seed: int = 7) -> tuple[list[str], np.ndarray]:
    rng = np.random.default_rng(seed)
    words = [t.split() for t in texts]
    a = rng.integers(0, len(texts), n)
    b = rng.integers(0, len(texts), n)
    c = rng.integers(0, len(texts), n)
    out_texts = []
    for i in range(n):
        base = list(words[a[i]])
        donor = words[b[i]]
        for _ in range(min(3, len(base))):
            base[int(rng.integers(0, len(base)))] = donor[int(rng.integers(0, len(donor)))]
        tail = words[c[i]][: int(rng.integers(2, 8))]
        out_texts.append(" ".join(base + ["—"] + tail + [f"({i % 997})"]))
    noise = rng.standard_normal((n, EMBED_DIM), dtype=np.float32) * 0.02
    mixed = vectors[a] + 0.35 * vectors[b] + 0.15 * vectors[c] + noise
    mixed /= np.linalg.norm(mixed, axis=1, keepdims=True)
    return out_texts, mixed.astype(np.float32)


def build_db(path: Path, texts: list[str], vectors: np.ndarray) -> None:
    if path.exists():
        path.unlink()
    con = store.connect(path)
    rng = random.Random(11)
    n = len(texts)
    n_docs = max(1, n // RECORDS_PER_DOC)
    docs = []
    for d in range(n_docs):
        docs.append({
            "doc_id": f"doc{d:06d}", "name": f"synthetic-{d:06d}.txt", "path": f"/synthetic/{d:06d}.txt",
            "fmt": "txt", "size_bytes": 0, "title": None, "body": BODIES[d % len(BODIES)],
            "meeting_date": date(2012, 1, 1) + timedelta(days=(d * 37) % 5000),
            "doc_kind": "minutes" if d % 3 else "plan", "source_url": None, "text": "", "n_pages": 1,
            "warnings": [], "superseded_by": None, "superseded_at": None, "run_id": "bench",
            "ingested_at": time.strftime("%Y-%m-%d %H:%M:%S"),
        })  # fmt: skip
    store.insert_rows(con, "documents", docs)
    hashes = [hashlib.sha256(t.encode()).hexdigest() for t in texts]
    types = [TYPES[i % 3] for i in range(n)]
    fields = []
    for i in range(n):
        if types[i] == "decision":
            fields.append(
                json.dumps({"outcome": OUTCOMES[i % len(OUTCOMES)], "decided_by": None, "subject": None})
            )
        elif types[i] == "commitment":
            due = (date(2014, 1, 1) + timedelta(days=rng.randrange(4000))).isoformat() if i % 4 == 0 else None
            fields.append(
                json.dumps(
                    {"owner": BODIES[(i * 7) % len(BODIES)], "action": None, "due": None, "due_date": due}
                )
            )
        else:
            fields.append(json.dumps({"metric": None, "deadline": None,
                                      "deadline_date": f"{2015 + i % 12}-12-31" if i % 2 else None}))  # fmt: skip
    records = pa.table({
        "record_id": pa.array([f"r{i:08d}" for i in range(n)]),
        "doc_id": pa.array([f"doc{min(i // RECORDS_PER_DOC, n_docs - 1):06d}" for i in range(n)]),
        "type": pa.array(types), "text": pa.array(texts), "text_hash": pa.array(hashes),
        "fields": pa.array(fields), "char_start": pa.array(np.zeros(n, np.int32)),
        "char_end": pa.array(np.array([len(t) for t in texts], np.int32)), "page": pa.array(np.ones(n, np.int32)),
        "agenda_item_id": pa.array([None] * n, pa.string()), "passage_id": pa.array([None] * n, pa.string()),
        "confidence": pa.array(np.ones(n)), "extractor": pa.array(["bench"] * n),
    })  # fmt: skip
    con.register("_r", records)
    con.execute(
        "INSERT INTO records SELECT record_id, doc_id, type, text, text_hash, fields::JSON, char_start, char_end, "
        "page, agenda_item_id, passage_id, confidence, extractor FROM _r"
    )
    con.unregister("_r")
    _, first = np.unique(np.asarray(hashes), return_index=True)
    emb = pa.table({
        "text_hash": pa.array([hashes[i] for i in first]), "model": pa.array([MODEL_NAME] * len(first)),
        "vector": pa.FixedSizeListArray.from_arrays(pa.array(vectors[first].ravel(), pa.float32()), EMBED_DIM),
    })  # fmt: skip
    con.register("_e", emb)
    con.execute("INSERT INTO embeddings SELECT text_hash, model, vector FROM _e")
    con.unregister("_e")
    con.execute("CHECKPOINT")
    con.close()


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))], 1)


def timed_queries(
    con: Any, queries: list[str], mode: str, cold: bool = False, cached: bool = False, **kw: Any
) -> dict[str, float]:
    times = []
    for q in queries:
        if cached:
            engine._query_vector(q)
        else:
            engine._query_vector.cache_clear()  # query embedding included in the measurement
        if cold:  # as a fresh process would: no vector cells or centroids in memory yet
            engine.clear_caches()
        t = time.perf_counter()
        search(con, q, k=10, mode=mode, **kw)
        times.append((time.perf_counter() - t) * 1000)
    return {"p50_ms": pct(times, 50), "p95_ms": pct(times, 95), "n": len(times)}


def exact_top(vectors: np.ndarray, q: np.ndarray, k: int = 10) -> np.ndarray:
    sims = vectors @ q
    part = np.argpartition(-sims, k)[:k]
    return part[np.argsort(-sims[part])]


def bench_size(
    n: int, args: argparse.Namespace, texts: list[str], vectors: np.ndarray, queries: list[str]
) -> dict[str, Any]:
    from pipeline.embed import embed_texts

    out: dict[str, Any] = {"records": n, "load_average_at_start": [round(x, 1) for x in os.getloadavg()]}
    path = Path(args.workdir) / f"search_{n}.duckdb"
    t = time.perf_counter()
    syn_texts, syn_vectors = synthesise(texts, vectors, n)
    if args.reuse and path.exists():  # a database kept (--keep) by an earlier run: queries only
        con = store.connect(path, read_only=True)
        stats: dict[str, Any] = dict(con.execute("SELECT key, value FROM search_meta").fetchall())
        con.close()
        out["reused"] = str(path)
    else:
        build_db(path, syn_texts, syn_vectors)
        out["seconds_load"] = round(time.perf_counter() - t, 1)
        con = store.connect(path)
        t = time.perf_counter()
        stats = refresh_indexes(con, force=True)
        out["seconds_index_build"] = round(time.perf_counter() - t, 1)
        con.execute("CHECKPOINT")
        con.close()
    out["build"] = {
        k: v
        for k, v in stats.items()
        if k.startswith("seconds") or k in ("units", "terms", "postings", "cells", "probe_cells")
    }
    out["db_mb"] = round(path.stat().st_size / 1e6, 1)
    con = store.connect(path, read_only=True)
    t = time.perf_counter()
    search(con, "warm up the model and the index", k=10)  # model load and first read, reported apart
    out["first_query_with_model_load_ms"] = round((time.perf_counter() - t) * 1000, 1)
    t = time.perf_counter()
    engine.clear_caches()
    search(con, "estates strategy and capital plan", k=10)
    out["first_query_ms"] = round((time.perf_counter() - t) * 1000, 1)
    emb_times = []
    for q in queries:
        t = time.perf_counter()
        embed_texts([q])
        emb_times.append((time.perf_counter() - t) * 1000)
    out["query_embedding"] = {"p50_ms": pct(emb_times, 50), "p95_ms": pct(emb_times, 95)}
    lat = {mode: timed_queries(con, queries, mode) for mode in ("keyword", "semantic", "hybrid")}
    lat["hybrid, query vector cached (retrieval alone)"] = timed_queries(con, queries, "hybrid", cached=True)
    lat["hybrid, cold cells (a fresh process)"] = timed_queries(con, queries, "hybrid", cold=True)
    lat["hybrid --type decision --body council"] = timed_queries(
        con, queries, "hybrid", type="decision", body="council"
    )
    lat["hybrid --body milburn --since 2015"] = timed_queries(
        con, queries, "hybrid", body="milburn", since="2015"
    )
    lat['phrase "five year plan"'] = timed_queries(
        con, ['"five year plan"', '"estates strategy"', '"parish council" allotments'] * 5, "hybrid"
    )
    out["latency"] = lat
    # Stock fts macro, for comparison (a few queries: it is slow at scale)
    store.load_extension(con, "fts")
    stock = []
    for q in queries[:5]:
        t = time.perf_counter()
        con.execute(
            "SELECT uid, s FROM (SELECT uid, fts_main_search_units.match_bm25(uid, ?) AS s FROM search_units) "
            "WHERE s IS NOT NULL ORDER BY s DESC LIMIT 10",
            [q],
        ).fetchall()
        stock.append((time.perf_counter() - t) * 1000)
    out["stock_match_bm25"] = {"p50_ms": pct(stock, 50), "max_ms": round(max(stock), 1)}
    # Exact vector search vs the IVF cells
    uid_vec = con.execute("SELECT uid FROM search_units ORDER BY uid").fetchnumpy()["uid"]
    assert len(uid_vec) == n
    qvecs = np.asarray([engine._query_vector(q) for q in queries], np.float32)
    np_times, recalls, ivf_times = [], [], []
    index = engine._index(con)
    for qv in qvecs:
        t = time.perf_counter()
        truth = exact_top(syn_vectors, qv)
        np_times.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        got, _ = engine._semantic_rank(con, index, qv, None, 10, 10)
        ivf_times.append((time.perf_counter() - t) * 1000)
        recalls.append(len(set(truth.tolist()) & set(got.tolist())) / 10)
    out["vector"] = {
        "cells": index.cells, "probe_cells": index.probe,
        "ivf_p50_ms": pct(ivf_times, 50), "ivf_p95_ms": pct(ivf_times, 95),
        "ivf_recall@10_vs_exact": round(statistics.mean(recalls), 4),
        "exact_numpy_in_memory_p50_ms": pct(np_times, 50),
    }  # fmt: skip
    sql_times = []
    for qv in qvecs[:5]:
        t = time.perf_counter()
        con.execute(
            "SELECT r.record_id FROM records r JOIN embeddings e ON e.text_hash = r.text_hash "
            "ORDER BY array_cosine_similarity(e.vector, ?::FLOAT[384]) DESC LIMIT 10",
            [qv.tolist()],
        ).fetchall()
        sql_times.append((time.perf_counter() - t) * 1000)
    out["vector"]["exact_duckdb_scan_p50_ms"] = pct(sql_times, 50)
    con.close()
    out["load_average_after_queries"] = [round(x, 1) for x in os.getloadavg()]
    if n <= args.hnsw_max:
        out["hnsw"] = bench_hnsw(syn_vectors, qvecs)
    if not args.keep:
        path.unlink()
    return out


def bench_hnsw(vectors: np.ndarray, qvecs: np.ndarray) -> dict[str, Any]:
    import duckdb

    con = duckdb.connect(":memory:")
    store.load_extension(con, "vss")
    con.execute(f"CREATE TABLE v (id INTEGER, vector FLOAT[{EMBED_DIM}])")
    table = pa.table({
        "id": pa.array(np.arange(len(vectors), dtype=np.int32)),
        "vector": pa.FixedSizeListArray.from_arrays(pa.array(vectors.ravel(), pa.float32()), EMBED_DIM),
    })  # fmt: skip
    con.register("_v", table)
    con.execute("INSERT INTO v SELECT * FROM _v")
    con.unregister("_v")
    t = time.perf_counter()
    con.execute("CREATE INDEX v_hnsw ON v USING HNSW (vector) WITH (metric = 'cosine')")
    build = time.perf_counter() - t
    times, recalls = [], []
    for qv in qvecs:
        t = time.perf_counter()
        got = con.execute(
            "SELECT id FROM v ORDER BY array_cosine_distance(vector, ?::FLOAT[384]) LIMIT 10",
            [qv.tolist()],
        ).fetchall()
        times.append((time.perf_counter() - t) * 1000)
        recalls.append(len({r[0] for r in got} & set(exact_top(vectors, qv).tolist())) / 10)
    con.close()
    return {"build_s": round(build, 1), "p50_ms": pct(times, 50), "p95_ms": pct(times, 95),
            "recall@10_vs_exact": round(statistics.mean(recalls), 4)}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--source", default="outputs/boardtrace.duckdb", help="a database built over corpus/")
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated record counts (add 1000000)")
    parser.add_argument(
        "--hnsw-max", type=int, default=100_000, help="largest size to build a vss HNSW index for"
    )
    parser.add_argument("--workdir", default="/tmp/boardtrace-bench")
    parser.add_argument("--keep", action="store_true", help="keep the synthetic databases")
    parser.add_argument(
        "--reuse", action="store_true", help="query databases kept by --keep instead of rebuilding"
    )
    parser.add_argument("--json", dest="json_out", help="write the results here too")
    args = parser.parse_args()
    Path(args.workdir).mkdir(parents=True, exist_ok=True)
    texts, vectors = source_units(Path(args.source))
    queries = [json.loads(line)["query"] for line in QUERIES.read_text().splitlines() if line.strip()]
    results = []
    for n in (int(s) for s in args.sizes.split(",")):
        print(f"== {n} records", file=sys.stderr)
        result = bench_size(n, args, texts, vectors, queries)
        print(json.dumps(result, indent=1))
        results.append(result)
        if args.json_out:
            Path(args.json_out).write_text(json.dumps(results, indent=1))
    shutil.rmtree(args.workdir, ignore_errors=True) if not args.keep else None


if __name__ == "__main__":
    main()

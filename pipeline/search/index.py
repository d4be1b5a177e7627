"""Build the search index (the search_* tables of migration 0002) from the stored documents.

Three parts, rebuilt together after each run's writes:
- search_units: the searchable units (records and non-heading passages of current documents) with
  the columns the filters need, so a filter never joins at query time;
- search_terms: an inverted index with precomputed BM25 term scores, compiled from DuckDB's fts
  index (its tokenizer, Porter stemmer, stopwords and statistics). The stock `match_bm25` macro
  scores every document of the table per query (~1 s at 1M units); reading the posting lists of
  the query's own terms is milliseconds;
- search_cells: an inverted-file vector index (spherical k-means cells). A query scores only the
  vectors of the cells nearest to it. Up to EXACT_MAX_UNITS units there is one cell, so search is
  exact, which at that size is faster than any approximate index.
"""

from __future__ import annotations

import hashlib
import math
import time
import uuid
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa

from pipeline.config import EMBED_DIM
from pipeline.embed import MODEL_NAME
from pipeline.store import load_extension

INDEX_VERSION = "search.v1"
FTS_SCHEMA = "fts_main_search_units"
BM25_K1 = 1.2
BM25_B = 0.75
# fts tokenizer: lower-case, strip accents, split on anything but letters and digits (the default
# also drops digits, which loses years, PEP numbers and sums of money).
FTS_IGNORE = "(\\.|[^a-z0-9])+"
EXACT_MAX_UNITS = 20_000
CELL_SIZE = 1_000  # target vectors per k-means cell above EXACT_MAX_UNITS
KMEANS_SAMPLE = 50_000
KMEANS_ITERATIONS = 8

_UNITS_SQL = """
INSERT INTO search_units
WITH current_docs AS (
    SELECT doc_id, body, meeting_date, doc_kind FROM documents WHERE superseded_by IS NULL
),
units AS (
    SELECT r.record_id AS id, 'record' AS kind, r.type, r.text, r.text_hash, r.doc_id, r.passage_id,
           r.page, r.agenda_item_id, r.fields::JSON AS fields, r.char_start, r.char_end
    FROM records r
    UNION ALL
    SELECT p.passage_id, 'passage', 'passage', p.text, p.text_hash, p.doc_id, p.passage_id, p.page,
           p.agenda_item_id, json_object('heading', p.heading, 'passage_kind', p.kind), p.char_start, p.char_end
    FROM passages p WHERE p.kind <> 'heading'
),
named AS (
    -- people and organisations named inside each unit, for the owner/organisation filter
    SELECT u.id, string_agg(DISTINCT e.text, ' | ' ORDER BY e.text) AS names
    FROM units u JOIN entities e
      ON e.passage_id = u.passage_id AND e.char_start >= u.char_start AND e.char_end <= u.char_end
    WHERE e.label IN ('ORG', 'PERSON', 'NORP', 'GPE')
    GROUP BY u.id
)
SELECT (row_number() OVER (ORDER BY u.doc_id, u.char_start, u.kind DESC, u.id) - 1)::INTEGER AS uid,
       u.id, u.kind, u.type, u.text, u.text_hash, u.doc_id, u.passage_id, u.page, u.agenda_item_id,
       d.body, d.meeting_date, d.doc_kind,
       lower(u.fields ->> 'outcome') AS outcome,
       nullif(concat_ws(' | ', u.fields ->> 'owner', u.fields ->> 'decided_by', u.fields ->> 'organisation',
                        n.names), '') AS parties,
       coalesce(TRY_CAST(u.fields ->> 'deadline_date' AS DATE), TRY_CAST(u.fields ->> 'due_date' AS DATE))
           AS deadline,
       u.fields,
       NULL AS cell
FROM units u JOIN current_docs d USING (doc_id) LEFT JOIN named n USING (id)
"""


def _fingerprint(con: duckdb.DuckDBPyConnection) -> str:
    """What the index is built from: if this has not changed, neither would the index."""
    row = con.execute(
        "SELECT (SELECT string_agg(doc_id || ':' || coalesce(run_id, ''), ',' ORDER BY doc_id) "
        "        FROM documents WHERE superseded_by IS NULL), "
        "(SELECT count(*) FROM records), (SELECT count(*) FROM passages), (SELECT count(*) FROM entities), "
        "(SELECT count(*) FROM embeddings WHERE model = ?), "
        "(SELECT string_agg(DISTINCT extractor, ',' ORDER BY extractor) FROM records)",
        [MODEL_NAME],
    ).fetchone()
    return hashlib.sha256(f"{INDEX_VERSION}|{MODEL_NAME}|{row}".encode()).hexdigest()


def read_meta(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    try:
        return {k: v for k, v in con.execute("SELECT key, value FROM search_meta").fetchall()}
    except duckdb.CatalogException:
        return {}


def refresh_indexes(con: duckdb.DuckDBPyConnection, force: bool = False) -> dict[str, Any]:
    """Rebuild the search index after a run's writes; a no-op when its inputs have not changed.
    Returns the timings and sizes of the build (or of the build that is still current)."""
    fingerprint = _fingerprint(con)
    meta = read_meta(con)
    if not force and meta.get("fingerprint") == fingerprint:
        return {"skipped": True, **meta}
    load_extension(con, "fts")
    stats: dict[str, Any] = {}
    started = time.perf_counter()
    con.execute("BEGIN TRANSACTION")
    try:
        build_units(con, stats)
        build_keyword_index(con, stats)
        build_vector_index(con, stats)
        stats.update(fingerprint=fingerprint, build_id=uuid.uuid4().hex, index_version=INDEX_VERSION,
                     model=MODEL_NAME, seconds_total=round(time.perf_counter() - started, 3))  # fmt: skip
        con.execute("DELETE FROM search_meta")
        con.executemany("INSERT INTO search_meta VALUES (?, ?)", [[k, str(v)] for k, v in stats.items()])
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return stats


def build_units(con: duckdb.DuckDBPyConnection, stats: dict[str, Any]) -> None:
    t = time.perf_counter()
    con.execute("DELETE FROM search_units")
    con.execute(_UNITS_SQL)
    row = con.execute("SELECT count(*) FROM search_units").fetchone()
    stats["units"] = int(row[0]) if row else 0
    stats["seconds_units"] = round(time.perf_counter() - t, 3)


def build_keyword_index(con: duckdb.DuckDBPyConnection, stats: dict[str, Any]) -> None:
    t = time.perf_counter()
    con.execute(
        "PRAGMA create_fts_index('search_units', 'uid', 'text', stemmer = 'porter', stopwords = 'english', "
        f"ignore = '{FTS_IGNORE}', strip_accents = 1, lower = 1, overwrite = 1)"
    )
    stats["seconds_fts"] = round(time.perf_counter() - t, 3)
    t = time.perf_counter()
    con.execute("DELETE FROM search_terms")
    _insert_postings(con)
    row = con.execute("SELECT count(*), coalesce(sum(df), 0) FROM search_terms").fetchone()
    stats["terms"], stats["postings"] = (int(row[0]), int(row[1])) if row else (0, 0)
    stats["seconds_postings"] = round(time.perf_counter() - t, 3)


def _column(con: duckdb.DuckDBPyConnection, sql: str) -> dict[str, np.ndarray]:
    return {k: np.asarray(v) for k, v in con.execute(sql).fetchnumpy().items()}


def _insert_postings(con: duckdb.DuckDBPyConnection) -> None:
    """Posting lists with the BM25 of fts's match_bm25 (log10 IDF, k1, b) precomputed per (term,
    unit). Done in numpy: DuckDB's ordered list() aggregate was ~40x slower at 100k units."""
    terms = _column(con, f"SELECT termid, docid FROM {FTS_SCHEMA}.terms")  # noqa: S608 (module constant)
    if len(terms["termid"]) == 0:
        return
    docs = _column(con, f"SELECT docid, name, len FROM {FTS_SCHEMA}.docs")  # noqa: S608
    vocab = _column(con, f"SELECT termid, term, df FROM {FTS_SCHEMA}.dict")  # noqa: S608
    st = con.execute(f"SELECT num_docs, avgdl FROM {FTS_SCHEMA}.stats").fetchone()  # noqa: S608
    num_docs, avgdl = (float(st[0]), float(st[1])) if st else (1.0, 1.0)
    # fts docids are row ids (offset inside a transaction): map them to positions 0..n-1
    doc_order = np.argsort(docs["docid"])
    doc_ids = docs["docid"][doc_order]
    doc_uid = docs["name"][doc_order].astype(np.int32)
    doc_len = docs["len"][doc_order].astype(np.float64)
    n_docs = len(doc_ids)
    # term frequency per (term, doc): the fts terms table has one row per token occurrence
    position = np.searchsorted(doc_ids, terms["docid"]).astype(np.int64)
    key, tf = np.unique(terms["termid"].astype(np.int64) * n_docs + position, return_counts=True)
    termid = key // n_docs
    docid = key % n_docs
    term_df = np.zeros(int(vocab["termid"].max()) + 1, dtype=np.float64)
    term_df[vocab["termid"]] = vocab["df"]
    df = term_df[termid]
    idf = np.log10((num_docs - df + 0.5) / (df + 0.5) + 1)
    weights = idf * (tf * (BM25_K1 + 1) / (tf + BM25_K1 * (1 - BM25_B + BM25_B * doc_len[docid] / avgdl)))
    uids = doc_uid[docid]
    # within each term, order by unit id (docids follow uids, but do not rely on it)
    order = np.lexsort((uids, termid))
    termid, uids, weights = termid[order], uids[order], weights[order].astype(np.float32)
    starts = np.flatnonzero(np.r_[True, termid[1:] != termid[:-1]])
    offsets = np.r_[starts, len(termid)].astype(np.int32)
    term_ids = termid[starts]
    term_of = dict(zip(vocab["termid"].tolist(), vocab["term"].tolist(), strict=True))
    table = pa.table(
        {
            "term": pa.array([term_of[int(t)] for t in term_ids], pa.string()),
            "df": pa.array(np.diff(offsets), pa.int32()),
            "uids": pa.ListArray.from_arrays(pa.array(offsets), pa.array(uids, pa.int32())),
            "weights": pa.ListArray.from_arrays(pa.array(offsets), pa.array(weights, pa.float32())),
        }
    )
    con.register("_postings", table)
    try:
        # sorted by term, so that a query's term filter skips most of the table by zone map
        con.execute("INSERT INTO search_terms SELECT term, df, uids, weights FROM _postings ORDER BY term")
    finally:
        con.unregister("_postings")


def unit_vectors(con: duckdb.DuckDBPyConnection) -> tuple[np.ndarray, np.ndarray]:
    """(uids, vectors) of every unit that has an embedding, vectors unit-normalised float32."""
    table = con.execute(
        "SELECT u.uid, e.vector FROM search_units u JOIN embeddings e "
        "ON e.text_hash = u.text_hash AND e.model = ? ORDER BY u.uid",
        [MODEL_NAME],
    ).arrow()
    if hasattr(table, "read_all"):
        table = table.read_all()
    uids = table.column("uid").to_numpy().astype(np.int32)
    if len(uids) == 0:
        return uids, np.zeros((0, EMBED_DIM), dtype=np.float32)
    flat = table.column("vector").combine_chunks().flatten().to_numpy()
    vectors = np.asarray(flat, dtype=np.float32).reshape(-1, EMBED_DIM)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return uids, vectors / np.maximum(norms, 1e-12)


def spherical_kmeans(vectors: np.ndarray, cells: int, seed: int = 0) -> np.ndarray:
    """Centroids (unit-normalised) of `cells` clusters, trained on a sample."""
    rng = np.random.default_rng(seed)
    sample = vectors[
        rng.choice(len(vectors), min(len(vectors), max(KMEANS_SAMPLE, cells * 20)), replace=False)
    ]
    centroids = sample[rng.choice(len(sample), cells, replace=False)].copy()
    for _ in range(KMEANS_ITERATIONS):
        assign = assign_cells(sample, centroids)
        order = np.argsort(assign, kind="stable")
        present, starts = np.unique(assign[order], return_index=True)
        sums = np.zeros_like(centroids)
        sums[present] = np.add.reduceat(sample[order], starts, axis=0)
        empty = np.bincount(assign, minlength=cells) == 0
        sums[empty] = sample[rng.choice(len(sample), int(empty.sum()), replace=False)]
        centroids = sums / np.maximum(np.linalg.norm(sums, axis=1, keepdims=True), 1e-12)
    return centroids.astype(np.float32)


def assign_cells(vectors: np.ndarray, centroids: np.ndarray, chunk: int = 65_536) -> np.ndarray:
    out = np.empty(len(vectors), dtype=np.int32)
    for start in range(0, len(vectors), chunk):
        out[start : start + chunk] = np.argmax(vectors[start : start + chunk] @ centroids.T, axis=1)
    return out


def cell_count(n_units: int) -> int:
    return 1 if n_units <= EXACT_MAX_UNITS else max(2, round(n_units / CELL_SIZE))


def build_vector_index(con: duckdb.DuckDBPyConnection, stats: dict[str, Any]) -> None:
    t = time.perf_counter()
    con.execute("DELETE FROM search_cells")
    uids, vectors = unit_vectors(con)
    stats["vectors"] = len(uids)
    n_cells = cell_count(len(uids)) if len(uids) else 0
    stats["cells"] = n_cells
    if n_cells == 0:
        stats["seconds_vectors"] = round(time.perf_counter() - t, 3)
        return
    if n_cells == 1:
        assign = np.zeros(len(uids), dtype=np.int32)
        mean = vectors.mean(axis=0)
        centroids = (mean / max(float(np.linalg.norm(mean)), 1e-12)).reshape(1, -1).astype(np.float32)
    else:
        centroids = spherical_kmeans(vectors, n_cells)
        assign = assign_cells(vectors, centroids)
    order = np.argsort(assign, kind="stable")
    bounds = np.searchsorted(assign[order], np.arange(n_cells + 1))
    cell_ids, cell_uids, cell_vectors = [], [], []
    for cell in range(n_cells):
        members = order[bounds[cell] : bounds[cell + 1]]
        cell_ids.append(cell)
        cell_uids.append(uids[members])
        cell_vectors.append(np.ascontiguousarray(vectors[members], dtype="<f4").tobytes())
    table = pa.table(
        {
            "cell": pa.array(cell_ids, pa.int32()),
            "centroid": pa.FixedSizeListArray.from_arrays(
                pa.array(centroids.ravel(), pa.float32()), EMBED_DIM
            ),
            "uids": pa.array(cell_uids, pa.list_(pa.int32())),
            "vectors": pa.array(cell_vectors, pa.binary()),
        }
    )
    assignment = pa.table({"uid": pa.array(uids), "cell": pa.array(assign)})
    con.register("_cells", table)
    con.register("_assignment", assignment)
    try:
        con.execute("INSERT INTO search_cells SELECT cell, centroid, uids, vectors FROM _cells")
        con.execute("UPDATE search_units SET cell = a.cell FROM _assignment a WHERE search_units.uid = a.uid")
    finally:
        con.unregister("_cells")
        con.unregister("_assignment")
    stats["probe_cells"] = probe_count(n_cells)
    stats["seconds_vectors"] = round(time.perf_counter() - t, 3)


PROBE_FRACTION = 0.02
MIN_PROBES = 8


def probe_count(n_cells: int) -> int:
    """Cells a query reads: all of them when there are few, else ~2 % (measured in bench/search.py)."""
    return n_cells if n_cells <= MIN_PROBES else max(MIN_PROBES, math.ceil(n_cells * PROBE_FRACTION))

"""Hybrid search: BM25 over the keyword index, cosine over the vector cells, fused by weighted
reciprocal rank; filters and quoted phrases restrict every mode alike.

Each query reads only the posting lists of its own terms and the vector cells nearest to it, then
ranks in numpy; the candidates' rows come back from search_units in one parameterised query.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Any

import duckdb
import numpy as np

from pipeline.config import EMBED_DIM
from pipeline.embed import embed_query
from pipeline.errors import QueryError
from pipeline.search.index import FTS_SCHEMA, INDEX_VERSION, read_meta
from pipeline.search.query import MAX_K, MAX_TERMS, MODES, Filters, ParsedQuery, parse_query
from pipeline.store import load_extension

POOL = 100  # candidates taken from each mode before fusion
# A restriction (filters, phrases) is searched through this many times the usual cells, keeping
# only allowed units; when that leaves too few, through every cell holding an allowed unit.
WIDE_PROBE_FACTOR = 4
# Show a passage and a record taken from it once, the record (typed, with fields) in the place? Off:
# on the tune half of the judged queries it cost recall (0.765 -> 0.700), as the record is often
# a clause of the sentence that answers the question.
FOLD_PASSAGES = False


@dataclass(frozen=True)
class Fusion:
    """How hybrid mode combines the two rankings. "rrf": sum of weight / (rrf_k + rank) over the
    modes that found a unit; "sum": weighted sum of BM25 scaled by the best BM25 and cosine.
    Defaults: the best nDCG@10 + recall@10 on the tune half of bench/queries/search.jsonl
    (`python bench/search_quality.py --tune`); the figures reported are on the other half."""

    method: str = "rrf"
    rrf_k: float = 3.0
    keyword_weight: float = 1.0
    semantic_weight: float = 1.25
    # Fused score × (1 + boost) for records of the type the question asks for ("what did the Board
    # decide …"); 0.25 was best on the tune half (0.572 -> 0.577 nDCG@10; test half 0.482 -> 0.488).
    intent_boost: float = 0.25


DEFAULT_FUSION = Fusion()


@dataclass
class Hit:
    id: str
    kind: str  # record | passage
    doc: str
    doc_id: str
    type: str  # decision | commitment | target | passage
    text: str
    score: float
    page: int | None
    agenda_item: str | None
    meeting_date: str | None
    body: str | None
    doc_kind: str | None = None
    passage_id: str | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    why: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class _Index:
    build_id: str
    units: int
    cells: int
    probe: int
    centroids: np.ndarray


_INDEXES: dict[str, _Index] = {}


def _index(con: duckdb.DuckDBPyConnection) -> _Index:
    meta = read_meta(con)
    if not meta.get("build_id"):
        raise QueryError("this database has no search index yet: run `boardtrace run` to build it")
    if meta.get("index_version") != INDEX_VERSION:
        raise QueryError(
            f"the search index was built by {meta.get('index_version')}; run `boardtrace run` to rebuild it"
        )
    build_id = meta["build_id"]
    cached = _INDEXES.get(build_id)
    if cached is None:
        n_cells = int(meta.get("cells", 0))
        centroids = np.zeros((0, EMBED_DIM), dtype=np.float32)
        if n_cells:
            rows = con.execute("SELECT centroid FROM search_cells ORDER BY cell").fetchall()
            centroids = np.asarray([r[0] for r in rows], dtype=np.float32)
        cached = _Index(
            build_id, int(meta.get("units", 0)), n_cells, int(meta.get("probe_cells", 1)), centroids
        )
        _INDEXES.clear()  # one database at a time is the common case; keep memory bounded
        _INDEXES[build_id] = cached
    return cached


@lru_cache(maxsize=256)
def _query_vector(text: str) -> np.ndarray:
    import torch

    # One query is one short sequence: a second thread buys little and, on a busy machine, costs
    # 5-10x in contention (35 ms single-threaded against 200-1000 ms with two, measured in bench/).
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        vector = np.asarray(embed_query(text), dtype=np.float32)
    finally:
        torch.set_num_threads(threads)
    return vector / max(float(np.linalg.norm(vector)), 1e-12)


@dataclass
class _Postings:
    words: dict[str, list[str]]  # stem -> the query words that produced it
    terms: list[str]  # the stems found in the index, rarest first
    df: list[int]
    uids: list[np.ndarray]
    weights: list[np.ndarray]


_TOKENS_SQL = f"SELECT w, stem(w, 'porter') FROM (SELECT unnest({FTS_SCHEMA}.tokenize(?)) AS w) WHERE w <> ''"  # noqa: S608
# Stems are letters and digits only (the fts tokenizer splits on anything else): one
# space-separated parameter carries them. search_terms is stored sorted by term, so the filter
# reads only the posting lists it needs (a join with the stems read them all).
_POSTINGS_SQL = (
    "SELECT term, df, uids, weights FROM search_terms "
    "WHERE term IN (SELECT unnest(string_split(?, ' '))) ORDER BY df, term"
)


def _lookup(con: duckdb.DuckDBPyConnection, text: str) -> _Postings:
    """Tokenise and stem `text` with the fts index's own tokenizer and stemmer, then read the
    posting lists of its terms."""
    try:
        rows = con.execute(_TOKENS_SQL, [text]).fetchall()
    except duckdb.Error:  # fts not loaded in this connection yet (DuckDB would try to download it)
        load_extension(con, "fts")
        rows = con.execute(_TOKENS_SQL, [text]).fetchall()
    out = _Postings({}, [], [], [], [])
    for word, stem in rows:
        if word not in out.words.setdefault(stem, []):
            out.words[stem].append(word)
    stems = [t for t in out.words if t and t.isalnum()]
    if not stems:
        return out
    table = con.execute(_POSTINGS_SQL, [" ".join(stems)]).arrow()
    if hasattr(table, "read_all"):
        table = table.read_all()
    n = min(table.num_rows, MAX_TERMS)  # the rarest terms carry the ranking
    if n == 0:
        return out
    uid_col = table.column("uids").combine_chunks()
    w_col = table.column("weights").combine_chunks()
    uid_off, uid_val = uid_col.offsets.to_numpy(), uid_col.values.to_numpy()
    w_off, w_val = w_col.offsets.to_numpy(), w_col.values.to_numpy()
    out.terms = table.column("term").to_pylist()[:n]
    out.df = table.column("df").to_pylist()[:n]
    for i in range(n):
        out.uids.append(uid_val[uid_off[i] : uid_off[i + 1]])
        out.weights.append(w_val[w_off[i] : w_off[i + 1]])
    return out


# Lists of ids travel as one comma-separated parameter: DuckDB's Python client tries
# `import pandas` for every element of a list parameter (55 failed imports, ~40 % of a keyword
# query's time, measured with cProfile); SQL splits it with string_split(?, ',')::INTEGER[].
def int_list(values: Iterable[int] | np.ndarray) -> str:
    return ",".join(str(int(v)) for v in values) or "-1"


def _top(uids: np.ndarray, scores: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    if len(uids) > n:
        part = np.argpartition(-scores, n - 1)[:n]
        uids, scores = uids[part], scores[part]
    order = np.lexsort((uids, -scores))
    return uids[order], scores[order]


def _keyword_rank(
    postings: _Postings, n_units: int, restrict: np.ndarray | None, pool: int
) -> tuple[np.ndarray, np.ndarray]:
    if not postings.terms:
        return np.zeros(0, np.int32), np.zeros(0, np.float32)
    scores = np.zeros(n_units, dtype=np.float32)
    for uids, weights in zip(postings.uids, postings.weights, strict=True):
        scores[uids] += weights
    if restrict is not None:
        candidates = restrict[scores[restrict] > 0]
    elif sum(len(u) for u in postings.uids) * 8 < n_units:  # few postings: no pass over every unit
        candidates = np.unique(np.concatenate(postings.uids)).astype(np.int32)
    else:
        candidates = np.flatnonzero(scores).astype(np.int32)
    return _top(candidates, scores[candidates], pool)


# Cells read from the database stay in memory (least recently used dropped past the budget), so a
# long-lived process (web app, notebook) pays DuckDB's blob read once per cell.
# Budget: BOARDTRACE_SEARCH_CACHE_MB, 2 GB by default (1M units' cells are 1.5 GB).
CELL_CACHE_BYTES = int(os.environ.get("BOARDTRACE_SEARCH_CACHE_MB", "2048") or 2048) << 20
_CELLS: OrderedDict[tuple[str, int], tuple[np.ndarray, np.ndarray]] = OrderedDict()
_cells_bytes = 0


def clear_caches() -> None:
    """Forget cached cells, centroids and query vectors (for benchmarks of cold queries)."""
    global _cells_bytes
    _CELLS.clear()
    _cells_bytes = 0
    _INDEXES.clear()
    _query_vector.cache_clear()


def _cells_vectors(
    con: duckdb.DuckDBPyConnection, build_id: str, cells: list[int]
) -> list[tuple[np.ndarray, np.ndarray]]:
    global _cells_bytes
    missing = [c for c in cells if (build_id, c) not in _CELLS]
    if missing:
        rows = con.execute(
            "SELECT cell, uids, vectors FROM search_cells WHERE cell IN (SELECT unnest(?::INTEGER[]))",
            [missing],
        ).fetchall()
        for cell, uids, blob in rows:
            vectors = np.frombuffer(blob, dtype="<f4").reshape(-1, EMBED_DIM)
            _CELLS[(build_id, cell)] = (np.asarray(uids, dtype=np.int32), vectors)
            _cells_bytes += vectors.nbytes
        while _cells_bytes > CELL_CACHE_BYTES and len(_CELLS) > len(cells):
            _, (_, dropped) = _CELLS.popitem(last=False)
            _cells_bytes -= dropped.nbytes
    parts = []
    for c in cells:
        if (build_id, c) in _CELLS:
            _CELLS.move_to_end((build_id, c))
            parts.append(_CELLS[(build_id, c)])
    return parts


def _semantic_rank(
    con: duckdb.DuckDBPyConnection, index: _Index, vector: np.ndarray, restrict: np.ndarray | None,
    pool: int, need: int,
) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    if index.cells == 0 or (restrict is not None and len(restrict) == 0):
        return np.zeros(0, np.int32), np.zeros(0, np.float32)
    if index.cells == 1:
        return _score_cells(con, index, vector, [0], restrict, pool)
    sims = index.centroids @ vector
    if restrict is None:
        return _score_cells(con, index, vector, np.argsort(-sims)[: index.probe].tolist(), None, pool)
    # With a restriction: more of the nearest cells, keeping only allowed units; if fewer than
    # `need` survive (a narrow filter), every cell holding an allowed unit, which is exact.
    wide = np.argsort(-sims)[: index.probe * WIDE_PROBE_FACTOR].tolist()
    uids, scores = _score_cells(con, index, vector, wide, restrict, pool)
    if len(uids) >= min(need, len(restrict)):
        return uids, scores
    cells = [
        r[0]
        for r in con.execute(
            "SELECT DISTINCT cell FROM search_units "
            "WHERE cell IS NOT NULL AND uid IN (SELECT unnest(string_split(?, ',')::INTEGER[]))",
            [int_list(restrict)],
        ).fetchall()
    ]
    return _score_cells(con, index, vector, cells, restrict, pool)


def _score_cells(
    con: duckdb.DuckDBPyConnection, index: _Index, vector: np.ndarray, cells: list[int],
    restrict: np.ndarray | None, pool: int,
) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    found_uids, found_scores = [], []
    for uids, vectors in _cells_vectors(con, index.build_id, cells):
        if restrict is not None:  # cell by cell: no copy of the probed vectors
            keep = np.isin(uids, restrict, assume_unique=True)
            if not keep.any():
                continue
            uids, vectors = uids[keep], vectors[keep]
        found_uids.append(uids)
        found_scores.append(vectors @ vector)
    if not found_uids:
        return np.zeros(0, np.int32), np.zeros(0, np.float32)
    return _top(np.concatenate(found_uids), np.concatenate(found_scores), pool)


# A unit's text as phrases are compared: lower case, no accents, words separated by single spaces
# (phrase_key does the same to the query's phrase).
_PHRASE_TEXT = "' ' || regexp_replace(lower(strip_accents(text)), '[^a-z0-9]+', ' ', 'g') || ' '"


def _restriction(
    con: duckdb.DuckDBPyConnection, query: ParsedQuery, filters: Filters, postings_of: dict[str, _Postings]
) -> np.ndarray | None:
    """The sorted unit ids the filters and quoted phrases allow; None when nothing restricts."""
    allowed: np.ndarray | None = None
    where, params = filters.where()
    if filters.active():
        ids = con.execute(f"SELECT uid FROM search_units u WHERE {where} ORDER BY uid", params).fetchnumpy()  # noqa: S608
        allowed = np.asarray(ids["uid"], dtype=np.int32)
    for phrase in query.phrases:
        key = f" {phrase_key(phrase)} "
        postings = postings_of[phrase]
        if postings.uids:
            # candidates hold every indexed word of the phrase; their text is then checked here
            common = postings.uids[0]
            for uids in postings.uids[1:]:
                common = np.intersect1d(common, uids, assume_unique=True)
            if allowed is not None:
                common = np.intersect1d(common, allowed, assume_unique=True)
            texts = con.execute(
                "SELECT uid, text FROM search_units WHERE uid IN (SELECT unnest(string_split(?, ',')::INTEGER[]))",
                [int_list(common)],
            ).fetchall()
            # checked here: in SQL the text test ran on every unit before the id filter (15x slower)
            allowed = np.asarray(sorted(u for u, t in texts if key in f" {phrase_key(t)} "), dtype=np.int32)
        else:  # only stopwords (or words the index never saw): read the text of every allowed unit
            scanned = con.execute(
                f"SELECT uid FROM search_units u WHERE {where} AND contains({_PHRASE_TEXT}, ?) ORDER BY uid",  # noqa: S608
                [*params, key],
            ).fetchnumpy()
            found = np.asarray(scanned["uid"], dtype=np.int32)
            allowed = found if allowed is None else np.intersect1d(allowed, found, assume_unique=True)
    return allowed


_NOT_WORD = re.compile(r"[^a-z0-9]+")


def phrase_key(text: str) -> str:
    """Lower case, accents stripped, words (letters and digits) separated by single spaces."""
    lowered = text.lower()
    if not lowered.isascii():
        lowered = "".join(c for c in unicodedata.normalize("NFKD", lowered) if not unicodedata.combining(c))
    return _NOT_WORD.sub(" ", lowered).strip()


def _fuse(ranked: dict[str, tuple[np.ndarray, np.ndarray]], fusion: Fusion) -> list[tuple[int, float]]:
    weights = {"keyword": fusion.keyword_weight, "semantic": fusion.semantic_weight}
    fused: dict[int, float] = {}
    for mode, (uids, scores) in ranked.items():
        if fusion.method == "rrf":
            values = [weights[mode] / (fusion.rrf_k + rank) for rank in range(1, len(uids) + 1)]
        else:
            top = float(scores[0]) if len(scores) and mode == "keyword" else 1.0
            values = (weights[mode] * scores / max(top, 1e-9)).tolist()
        for uid, value in zip(uids.tolist(), values, strict=True):
            fused[uid] = fused.get(uid, 0.0) + value
    return sorted(fused.items(), key=lambda item: (-item[1], item[0]))


def search(
    con: duckdb.DuckDBPyConnection,
    query: str,
    k: int = 10,
    mode: str = "hybrid",
    filters: Filters | None = None,
    fusion: Fusion = DEFAULT_FUSION,
    **filter_args: Any,
) -> list[Hit]:
    """The best `k` units for `query`, best first. `filters` (or the same names as keyword
    arguments: type, outcome, body, doc_kind, since, until, party, has_deadline, deadline_before,
    deadline_after) narrow the search; "quoted phrases" must appear word for word.

    Raises QueryError for anything the user should rephrase; never lets their text reach SQL
    except as a parameter."""
    if mode not in MODES:
        raise QueryError(f"unknown mode {str(mode)[:20]!r}: choose hybrid, keyword or semantic")
    if not isinstance(k, int) or not 1 <= k <= MAX_K:
        raise QueryError(f"k must be a whole number from 1 to {MAX_K}")
    if filters is not None and filter_args:
        raise QueryError("give filters either as a Filters object or as keyword arguments, not both")
    filters = filters or Filters.make(**filter_args)
    parsed = parse_query(query)
    try:
        return _search(con, parsed, k, mode, filters, fusion)
    except duckdb.Error as e:
        raise QueryError(f"search failed: {str(e).splitlines()[0][:200]}") from e


def _search(
    con: duckdb.DuckDBPyConnection, parsed: ParsedQuery, k: int, mode: str, filters: Filters, fusion: Fusion
) -> list[Hit]:
    index = _index(con)
    pool = max(POOL, 3 * k)
    postings = _lookup(con, parsed.text)
    phrase_postings = {p: _lookup(con, p) for p in parsed.phrases}
    restrict = _restriction(con, parsed, filters, phrase_postings)
    ranked: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    if mode in ("hybrid", "keyword"):
        ranked["keyword"] = _keyword_rank(postings, index.units, restrict, pool)
    vector: np.ndarray | None = None
    if mode in ("hybrid", "semantic"):
        vector = _query_vector(parsed.text)
        ranked["semantic"] = _semantic_rank(con, index, vector, restrict, pool, need=2 * k)
    fused = _fuse(ranked, fusion)
    if mode != "hybrid":  # a single mode ranks by its own score
        fused = [(int(u), float(s)) for u, s in zip(*ranked[mode], strict=True)]
    # Only the fused ranking is boosted: a single mode ranks by its own score, as its figures are reported
    wanted = (
        asked_type(parsed.text) if mode == "hybrid" and fusion.intent_boost and not filters.type else None
    )
    if wanted and fused:
        fused = _boost_type(con, fused, wanted, fusion.intent_boost)
    hits = _hits(con, fused, k, ranked, postings, parsed)
    for hit in hits:
        if wanted and hit.type == wanted:
            hit.why["asked_for"] = wanted  # the question asks for this type: ranked up a little
    return hits


_INTENT = {
    # "agreed" but not "be agreed" / "to agree": a deadline for agreeing is a commitment, not a decision
    "decision": re.compile(
        r"\b(?:decid\w*|decisions?|resolved|resolutions?|approv\w*|(?<!be )agreed|rejected)\b", re.I
    ),
    "commitment": re.compile(
        r"\b(?:commit\w*|undert(?:ook|ake\w*)|promis\w*|actions?|who\s+will|follow(?:ed)?[\s-]up)\b", re.I
    ),
    "target": re.compile(r"\b(?:targets?|aims?|goals?|how\s+many|how\s+much|by\s+(?:19|20)\d\d)\b", re.I),
}


def asked_type(text: str) -> str | None:
    """The record type a question asks for, when it names exactly one: "what did the Board decide
    about …" (decision), "who committed to …" (commitment), "targets on smoking" (target)."""
    found = [t for t, pattern in _INTENT.items() if pattern.search(text)]
    return found[0] if len(found) == 1 else None


def _boost_type(
    con: duckdb.DuckDBPyConnection, fused: list[tuple[int, float]], wanted: str, boost: float
) -> list[tuple[int, float]]:
    types = dict(
        con.execute(
            "SELECT uid, type FROM search_units WHERE uid IN (SELECT unnest(string_split(?, ',')::INTEGER[]))",
            [int_list(u for u, _ in fused)],
        ).fetchall()
    )
    scored = [(u, s * (1 + boost) if types.get(u) == wanted else s) for u, s in fused]
    return sorted(scored, key=lambda item: (-item[1], item[0]))


# Three small reads rather than one join: joined, DuckDB scans every unit (the uid filter stays
# "optional"); alone, the uid filter prunes by zone map (73 ms -> 3 ms at 100k units).
_HIT_SQL = """
SELECT uid, id, kind, type, text, text_hash, fields, page, doc_id, meeting_date, body, agenda_item_id,
       doc_kind, passage_id
FROM search_units WHERE uid IN (SELECT unnest(string_split(?, ',')::INTEGER[]))
"""
_DOC_SQL = "SELECT doc_id, name FROM documents WHERE doc_id IN (SELECT unnest(string_split(?, ',')))"
_ITEM_SQL = (
    "SELECT item_id, number, title FROM agenda_items WHERE item_id IN (SELECT unnest(string_split(?, ',')))"
)


def _hit_rows(con: duckdb.DuckDBPyConnection, uids: list[int]) -> dict[int, tuple[Any, ...]]:
    units = con.execute(_HIT_SQL, [int_list(uids)]).fetchall()
    # ids are our own hashes (hex digits, letters, underscores): joining them with commas is safe
    docs = dict(con.execute(_DOC_SQL, [",".join({r[8] for r in units})]).fetchall()) if units else {}
    item_ids = {r[11] for r in units if r[11]}
    items = {
        row[0]: row[1:]
        for row in (con.execute(_ITEM_SQL, [",".join(item_ids)]).fetchall() if item_ids else [])
    }
    out = {}
    for (uid, unit_id, kind, rtype, text, text_hash, fields, page, doc_id, meeting_date, body, item_id,
         doc_kind, passage_id) in units:  # fmt: skip
        number, title = items.get(item_id, (None, None))
        out[uid] = (uid, unit_id, kind, rtype, text, text_hash, fields, page, docs.get(doc_id, doc_id), doc_id,
                    meeting_date, body, number, title, doc_kind, passage_id)  # fmt: skip
    return out


def _hits(
    con: duckdb.DuckDBPyConnection, fused: list[tuple[int, float]], k: int,
    ranked: dict[str, tuple[np.ndarray, np.ndarray]], postings: _Postings, parsed: ParsedQuery,
) -> list[Hit]:  # fmt: skip
    head = fused[: 3 * k]  # room for the duplicates folded away below
    if not head:
        return []
    rows = _hit_rows(con, [u for u, _ in head])
    rank_of = {
        mode: {int(u): (i + 1, float(s)) for i, (u, s) in enumerate(zip(*found, strict=True))}
        for mode, found in ranked.items()
    }
    hits: list[Hit] = []
    seen_text: dict[str, Hit] = {}
    shown_passages: dict[str, int] = {}  # passage id -> position of the hit standing for it
    for uid, score in head:
        row = rows.get(uid)
        if row is None:
            continue
        (_, unit_id, kind, rtype, text, text_hash, fields, page, doc, doc_id, meeting_date, body,
         item_number, item_title, doc_kind, passage_id) = row  # fmt: skip
        if text_hash in seen_text:  # the same words again: in another copy of the document, or
            shown = seen_text[text_hash]  # a record that is its whole passage
            if doc != shown.doc and doc not in shown.why.get("also_in", []):
                shown.why.setdefault("also_in", []).append(doc)
            continue
        position = shown_passages.get(passage_id) if FOLD_PASSAGES and passage_id else None
        if position is not None and kind == "passage":
            continue  # a record from this passage is already shown
        if position is None and len(hits) == k:
            continue
        why: dict[str, Any] = {
            "terms": [
                w
                for t, u in zip(postings.terms, postings.uids, strict=True)
                if _holds(u, uid)
                for w in postings.words[t]
            ]
        }
        if parsed.phrases:
            why["phrases"] = list(parsed.phrases)
        for mode, ranks in rank_of.items():
            if uid in ranks:
                rank, value = ranks[uid]
                why[f"{mode}_rank"] = rank
                why[f"{mode}_score"] = round(value, 4)
        hit = Hit(
            id=unit_id, kind=kind, doc=doc, doc_id=doc_id, type=rtype, text=text, score=round(score, 6),
            page=page, meeting_date=meeting_date.isoformat() if meeting_date else None, body=body,
            agenda_item=(f"{item_number}. {item_title}" if item_number else item_title) if item_title else None,
            doc_kind=doc_kind, passage_id=passage_id,
            fields=json.loads(fields) if isinstance(fields, str) else (fields or {}), why=why,
        )  # fmt: skip
        seen_text[text_hash] = hit
        if position is not None:
            shown = hits[position]
            if shown.kind == "passage":  # the record says the same more precisely: it takes the place
                hit.score = shown.score
                hit.why["passage"] = shown.text
                hits[position] = hit
                continue
            if len(hits) == k:
                continue
        elif passage_id:
            shown_passages[passage_id] = len(hits)
        hits.append(hit)
    return hits


def _holds(sorted_uids: np.ndarray, uid: int) -> bool:
    i = int(np.searchsorted(sorted_uids, uid))
    return i < len(sorted_uids) and int(sorted_uids[i]) == uid


def describe(hit: Hit) -> str:
    """One line saying why a hit matched, for people."""
    parts = []
    if hit.why.get("terms"):
        parts.append("terms " + ", ".join(hit.why["terms"]))
    if "keyword_score" in hit.why:
        parts.append(f"bm25 {hit.why['keyword_score']:.2f} (#{hit.why['keyword_rank']})")
    if "semantic_score" in hit.why:
        parts.append(f"cosine {hit.why['semantic_score']:.2f} (#{hit.why['semantic_rank']})")
    if hit.why.get("phrases"):
        parts.append("phrase " + "; ".join(f'"{p}"' for p in hit.why["phrases"]))
    if hit.why.get("also_in"):
        parts.append("also in " + ", ".join(hit.why["also_in"]))
    if hit.why.get("asked_for"):
        parts.append(f"a {hit.why['asked_for']}, as asked")
    return "; ".join(parts) or "matched"


__all__ = ["DEFAULT_FUSION", "Fusion", "Hit", "describe", "search"]

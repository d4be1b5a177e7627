"""Search over passages and records (foundation version: keyword + exact semantic, fused by RRF).
The search issue deepens this module; the CLI and web app call `search()`."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from typing import Any

import duckdb

from pipeline.embed import MODEL_NAME, embed_query
from pipeline.errors import QueryError

MAX_QUERY_CHARS = 2000
RRF_K = 60
_WORD = re.compile(r"[A-Za-z0-9£%][A-Za-z0-9£%'-]*")


@dataclass
class Hit:
    id: str
    kind: str  # record | passage
    doc: str
    doc_id: str
    type: str
    text: str
    score: float
    page: int | None
    agenda_item: str | None
    meeting_date: str | None
    body: str | None
    fields: dict[str, Any] = field(default_factory=dict)
    why: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def clean_query(query: str) -> str:
    query = query.strip()
    if not query:
        raise QueryError("the query is empty")
    return query[:MAX_QUERY_CHARS]


_UNITS = (
    "SELECT r.record_id AS id, 'record' AS kind, r.type, r.text, r.text_hash, r.fields, r.page, r.doc_id, "
    "r.agenda_item_id FROM records r "
    "UNION ALL SELECT p.passage_id, 'passage', 'passage', p.text, p.text_hash, '{}', p.page, p.doc_id, "
    "p.agenda_item_id FROM passages p WHERE p.kind <> 'heading'"
)


def search(con: duckdb.DuckDBPyConnection, query: str, k: int = 10, mode: str = "hybrid") -> list[Hit]:
    query = clean_query(query)
    if mode not in ("hybrid", "keyword", "semantic"):
        raise QueryError(f"unknown mode {mode!r}; choose hybrid, keyword or semantic")
    terms = sorted({t.lower() for t in _WORD.findall(query)})
    ranks: dict[str, dict[str, float]] = {}
    pool = max(k * 5, 50)
    if mode in ("hybrid", "keyword") and terms:
        rows = con.execute(
            f"WITH u AS ({_UNITS}) SELECT u.id, "  # noqa: S608 (fixed SQL, terms are parameters)
            "list_sum(list_transform(?, t -> CASE WHEN contains(lower(u.text), t) THEN 1 ELSE 0 END)) AS hits "
            "FROM u JOIN documents d USING (doc_id) WHERE d.superseded_by IS NULL AND hits > 0 "
            "ORDER BY hits DESC, length(u.text) LIMIT ?",
            [terms, pool],
        ).fetchall()
        for rank, (uid, hits) in enumerate(rows):
            ranks.setdefault(uid, {})["keyword_rank"] = rank + 1
            ranks[uid]["keyword_hits"] = hits
    if mode in ("hybrid", "semantic"):
        vector = embed_query(query)
        rows = con.execute(
            f"WITH u AS ({_UNITS}) SELECT u.id, array_cosine_similarity(e.vector, ?::FLOAT[384]) AS sim "  # noqa: S608
            "FROM u JOIN embeddings e ON e.text_hash = u.text_hash AND e.model = ? "
            "JOIN documents d USING (doc_id) WHERE d.superseded_by IS NULL ORDER BY sim DESC LIMIT ?",
            [vector, MODEL_NAME, pool],
        ).fetchall()
        for rank, (uid, sim) in enumerate(rows):
            ranks.setdefault(uid, {})["semantic_rank"] = rank + 1
            ranks[uid]["semantic_score"] = round(float(sim), 4)
    scored = sorted(
        (
            (sum(1.0 / (RRF_K + v) for key, v in info.items() if key.endswith("_rank")), uid)
            for uid, info in ranks.items()
        ),
        reverse=True,
    )[:k]
    hits = []
    for score, uid in scored:
        row = con.execute(
            f"WITH u AS ({_UNITS}) SELECT u.id, u.kind, u.type, u.text, u.fields, u.page, d.name, d.doc_id, "  # noqa: S608
            "d.meeting_date, d.body, a.number, a.title FROM u JOIN documents d USING (doc_id) "
            "LEFT JOIN agenda_items a ON a.item_id = u.agenda_item_id WHERE u.id = ?",
            [uid],
        ).fetchone()
        if row is None:
            continue
        info = ranks[uid]
        hits.append(
            Hit(
                id=row[0], kind=row[1], type=row[2], text=row[3],
                fields=json.loads(row[4]) if isinstance(row[4], str) else (row[4] or {}),
                page=row[5], doc=row[6], doc_id=row[7],
                meeting_date=row[8].isoformat() if row[8] else None, body=row[9],
                agenda_item=(f"{row[10]}. {row[11]}" if row[10] else row[11]) if row[11] else None,
                score=round(score, 6),
                why={"terms": [t for t in terms if t in row[3].lower()], **info},
            )
        )  # fmt: skip
    return hits


def refresh_indexes(con: duckdb.DuckDBPyConnection) -> None:
    """Rebuild whatever search indexes the database keeps, after a run's writes. The foundation
    version keeps none (keyword search scans); the search issue adds BM25 and HNSW here."""
    return None

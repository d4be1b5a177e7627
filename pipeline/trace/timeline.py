"""Reading tracing back: each commitment's or target's timeline of evidence, and its stored status."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

import duckdb

from pipeline.trace.link import TRACED_TYPES, Doc, body_key, due_date_of, related
from pipeline.trace.status import Evidence, decide_status


@dataclass(slots=True)
class LinkView:
    doc: str
    text: str
    label: str
    score: float
    meeting_date: date | None
    page: int | None
    quote: str | None
    doc_id: str
    passage_id: str | None
    record_id: str | None
    link_id: str
    source_url: str | None = None


@dataclass(slots=True)
class ItemTimeline:
    id: str
    doc: str
    type: str
    text: str
    fields: dict[str, Any]
    status: str
    links: list[LinkView] = field(default_factory=list)
    reason: str = ""
    decided_by: str | None = None
    due_date: date | None = None
    as_of: date | None = None
    meeting_date: date | None = None
    page: int | None = None
    body: str | None = None
    doc_id: str = ""
    source_url: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The CLI's JSON contract first (id, doc, type, text, fields, status, links), then extras."""
        links = [
            {"doc": ln.doc, "text": ln.text, "label": ln.label, "score": ln.score,
             "meeting_date": ln.meeting_date, "page": ln.page, "quote": ln.quote, "doc_id": ln.doc_id,
             "passage_id": ln.passage_id, "record_id": ln.record_id, "link_id": ln.link_id}
            for ln in self.links
        ]  # fmt: skip
        out = {k: v for k, v in asdict(self).items() if k != "links"}
        ordered = {k: out.pop(k) for k in ("id", "doc", "type", "text", "fields", "status")}
        return {**ordered, "links": links, **out}


def _current_docs(con: duckdb.DuckDBPyConnection) -> list[Doc]:
    rows = con.execute(
        "SELECT doc_id, name, meeting_date, body FROM documents WHERE superseded_by IS NULL"
    ).fetchall()
    return [Doc(r[0], r[1], r[2], body_key(r[3])) for r in rows]


def _status_rows(con: duckdb.DuckDBPyConnection, docs: Sequence[Doc], all_docs: Sequence[Doc],
                 run_id: str | None) -> list[dict[str, Any]]:  # fmt: skip
    """The item_status rows of the items of `docs`, judged against the dates of `all_docs`."""
    if not docs:
        return []
    by_id = {d.doc_id: d for d in docs}
    dated = [d for d in all_docs if d.meeting_date]
    peers: dict[str, list[date]] = {}
    for key in {d.body_key for d in docs}:
        peers[key] = sorted(d.meeting_date for d in dated if d.meeting_date and related(d.body_key, key))
    latest_any = max((d.meeting_date for d in dated if d.meeting_date), default=None)
    rows = con.execute(
        "SELECT record_id, doc_id, type, text, fields FROM records "
        "WHERE list_contains(?, doc_id) AND list_contains(?, type)",
        [list(by_id), list(TRACED_TYPES)],
    ).fetchall()
    evidence: dict[str, list[Evidence]] = {}
    for link_id, record_id, label, meeting_date, name in con.execute(
        "SELECT l.link_id, l.record_id, l.label, d.meeting_date, d.name FROM links l "
        "JOIN documents d ON d.doc_id = l.target_doc_id "
        "WHERE d.superseded_by IS NULL AND list_contains(?, l.source_doc_id)",
        [list(by_id)],
    ).fetchall():
        evidence.setdefault(record_id, []).append(Evidence(link_id, label, meeting_date, name))
    out = []
    for record_id, doc_id, _type, text, fields in rows:
        doc = by_id[doc_id]
        f = json.loads(fields) if isinstance(fields, str) else (fields or {})
        due = due_date_of(f, text, doc.meeting_date)
        dates = peers.get(doc.body_key, [])
        as_of = dates[-1] if dates else latest_any
        later = sum(1 for d in dates if doc.meeting_date and d > doc.meeting_date)
        st = decide_status(doc.meeting_date, due, as_of, evidence.get(record_id, []), later)
        out.append({"record_id": record_id, "doc_id": doc_id, "status": st.status, "decided_by": st.decided_by,
                    "reason": st.reason, "due_date": due, "as_of": as_of,
                    "n_links": len(evidence.get(record_id, [])), "run_id": run_id})  # fmt: skip
    return out


def refresh_status(
    con: duckdb.DuckDBPyConnection,
    body_keys: Iterable[str],
    run_id: str | None = None,
    since: date | None = None,
) -> int:
    """Recompute item_status for the items of the given bodies (and their related bodies).

    With `since`, only items that can have changed are judged again: those of meetings from
    `since` on (new links only reach items within the look-back window), undated ones, and
    those still open or with a deadline not yet passed at their last judgement. An item
    settled earlier keeps its status and the date it was judged at.
    """
    keys = set(body_keys)
    if not keys:
        return 0
    all_docs = _current_docs(con)
    docs = [d for d in all_docs if any(related(d.body_key, k) for k in keys)]
    if since is not None:
        pending = {
            r[0]
            for r in con.execute(
                "SELECT DISTINCT doc_id FROM item_status WHERE status = 'open' OR due_date >= as_of"
            ).fetchall()
        }
        docs = [d for d in docs if d.meeting_date is None or d.meeting_date >= since or d.doc_id in pending]
    rows = _status_rows(con, docs, all_docs, run_id)
    con.execute("DELETE FROM item_status WHERE list_contains(?, doc_id)", [[d.doc_id for d in docs]])
    if rows:
        from pipeline.store import insert_rows

        insert_rows(con, "item_status", rows)
    return len(rows)


def _has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    row = con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = ?", [name]).fetchone()
    return bool(row and row[0])


def timelines(
    con: duckdb.DuckDBPyConnection, record_id: str | None = None, status: str | None = None
) -> list[ItemTimeline]:
    """Every current commitment and target (or one, by id) with its status and dated evidence."""
    all_docs = _current_docs(con)
    stored: dict[str, dict[str, Any]] = {}
    if _has_table(con, "item_status"):
        cols = (
            "record_id",
            "doc_id",
            "status",
            "decided_by",
            "reason",
            "due_date",
            "as_of",
            "n_links",
            "run_id",
        )
        for values in con.execute(f"SELECT {', '.join(cols)} FROM item_status").fetchall():  # noqa: S608
            stored[values[0]] = dict(zip(cols, values, strict=True))
    items = con.execute(
        """
        SELECT r.record_id, d.name, r.type, r.text, r.fields, r.page, d.meeting_date, d.body, d.doc_id,
               d.source_url
        FROM records r JOIN documents d ON d.doc_id = r.doc_id
        WHERE d.superseded_by IS NULL AND list_contains(?, r.type) AND (? IS NULL OR r.record_id = ?)
        ORDER BY d.meeting_date NULLS LAST, d.name, r.char_start
        """,
        [list(TRACED_TYPES), record_id, record_id],
    ).fetchall()
    missing = {r[8] for r in items if r[0] not in stored}
    if missing:
        for computed in _status_rows(con, [d for d in all_docs if d.doc_id in missing], all_docs, None):
            stored[computed["record_id"]] = computed
    links: dict[str, list[LinkView]] = {}
    has_quote = _has_table(con, "item_status")
    quote_col = "l.quote" if has_quote else "NULL"
    for row in con.execute(
        f"""
        SELECT l.record_id, d.name, p.text, l.label, l.score, d.meeting_date, p.page, {quote_col},
               l.target_doc_id, l.target_passage_id, l.target_record_id, l.link_id, d.source_url
        FROM links l
        JOIN documents d ON d.doc_id = l.target_doc_id
        LEFT JOIN passages p ON p.passage_id = l.target_passage_id
        WHERE d.superseded_by IS NULL AND (? IS NULL OR l.record_id = ?)
        ORDER BY d.meeting_date, d.name, p.ordinal
        """,  # noqa: S608 (a fixed column name)
        [record_id, record_id],
    ).fetchall():
        links.setdefault(row[0], []).append(LinkView(
            doc=row[1], text=row[2] or "", label=row[3], score=row[4], meeting_date=row[5], page=row[6],
            quote=row[7], doc_id=row[8], passage_id=row[9], record_id=row[10], link_id=row[11],
            source_url=row[12]))  # fmt: skip
    out = []
    for rid, name, typ, text, fields, page, meeting_date, body, doc_id, url in items:
        st = stored.get(rid, {})
        tl = ItemTimeline(
            id=rid, doc=name, type=typ, text=text,
            fields=json.loads(fields) if isinstance(fields, str) else (fields or {}),
            status=st.get("status", "open"), links=links.get(rid, []), reason=st.get("reason", ""),
            decided_by=st.get("decided_by"), due_date=st.get("due_date"), as_of=st.get("as_of"),
            meeting_date=meeting_date, page=page, body=body, doc_id=doc_id, source_url=url,
        )  # fmt: skip
        if status is None or tl.status == status:
            out.append(tl)
    return out

"""Tracing commitments and targets across later documents: links, statuses, timelines.

`trace_new_documents` is what the nightly flow calls with the documents a run wrote. For each new
document it links (a) the commitments and targets of earlier meetings of the same or a related body
to the new document's passages, and (b) the new document's own commitments and targets to the
passages of later meetings already stored (documents can arrive out of order). Then it refreshes
the status of the items of the bodies it touched. See link.py for the method, status.py for the
status rules and timeline.py for reading the result back.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

import duckdb

from pipeline.trace.link import (
    LOOKBACK_DAYS,
    METHOD,
    Doc,
    Item,
    Link,
    Passage,
    attach_target_records,
    load_docs,
    load_items,
    load_passages,
    peer_docs,
    score_pairs,
)
from pipeline.trace.status import STATUSES, decide_status
from pipeline.trace.timeline import ItemTimeline, refresh_status, timelines

__all__ = [
    "STATUSES",
    "ItemTimeline",
    "decide_status",
    "outdated_trace_docs",
    "refresh_status",
    "retrace_all",
    "timelines",
    "trace_new_documents",
]


def _pairs(con: duckdb.DuckDBPyConnection, new: Sequence[Doc]) -> list[tuple[Doc, Doc]]:
    """(earlier, later) document pairs to compare: every new document against its peers both ways."""
    pairs: set[tuple[Doc, Doc]] = set()
    for doc in new:
        for earlier in peer_docs(con, doc, later=False):
            pairs.add((earlier, doc))
        for later in peer_docs(con, doc, later=True):
            pairs.add((doc, later))
    return sorted(pairs, key=lambda p: (p[0].doc_id, p[1].doc_id))


def link_documents(con: duckdb.DuckDBPyConnection, pairs: Sequence[tuple[Doc, Doc]]) -> list[Link]:
    """Links from the items of each earlier document to the passages of the later one.

    Each pair is scored on its own (term weights from the two documents only), so a link does not
    depend on which other documents arrived in the same night.
    """
    found: dict[str, Link] = {}
    docs = {d.doc_id: d for pair in pairs for d in pair}
    items: dict[str, list[Item]] = {}
    for item in load_items(con, [docs[i] for i in sorted({a.doc_id for a, _ in pairs})]):
        items.setdefault(item.doc_id, []).append(item)
    passages: dict[str, list[Passage]] = {}
    for passage in load_passages(
        con, [docs[i] for i in sorted({b.doc_id for a, b in pairs if a.doc_id in items})]
    ):
        passages.setdefault(passage.doc_id, []).append(passage)
    for source, target in pairs:
        for link in score_pairs(items.get(source.doc_id, []), passages.get(target.doc_id, []), docs):
            found.setdefault(link.link_id, link)
    return attach_target_records(con, list(found.values()))


def trace_new_documents(con: duckdb.DuckDBPyConnection, doc_ids: Sequence[str]) -> int:
    """Link records to evidence in the given (new or changed) documents; returns links written."""
    ids = list(dict.fromkeys(doc_ids))
    if not ids:
        return 0
    con.execute("BEGIN TRANSACTION")
    try:
        replaced = [
            r[0]
            for r in con.execute(
                "SELECT doc_id FROM documents WHERE list_contains(?, superseded_by)", [ids]
            ).fetchall()
        ]
        stale = ids + replaced
        con.execute(
            "DELETE FROM links WHERE list_contains(?, source_doc_id) OR list_contains(?, target_doc_id)",
            [stale, stale],
        )
        con.execute("DELETE FROM item_status WHERE list_contains(?, doc_id)", [replaced])
        new = [d for d in load_docs(con, ids) if d.doc_id not in replaced]
        links = link_documents(con, _pairs(con, new))
        runs = dict(
            con.execute(
                "SELECT doc_id, run_id FROM documents WHERE list_contains(?, doc_id)", [ids]
            ).fetchall()
        )
        if links:
            from pipeline.store import insert_rows

            insert_rows(
                con,
                "links",
                [ln.row(runs.get(ln.target_doc_id) or runs.get(ln.source_doc_id)) for ln in links],
            )
        dated = [d.meeting_date for d in new if d.meeting_date]
        since = min(dated) - timedelta(days=LOOKBACK_DAYS) if dated and len(dated) == len(new) else None
        refresh_status(con, {d.body_key for d in new}, run_id=next(iter(runs.values()), None), since=since)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return len(links)


def outdated_trace_docs(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Documents at either end of a link another tracing method made: the next run traces them again,
    as the extractor version does for records."""
    rows = con.execute(
        "SELECT source_doc_id FROM links WHERE method <> ? UNION SELECT target_doc_id FROM links WHERE method <> ?",
        [METHOD, METHOD],
    ).fetchall()
    return sorted(r[0] for r in rows)


def retrace_all(con: duckdb.DuckDBPyConnection) -> int:
    """Forget every link and trace every current document again (after a change of method)."""
    ids = [r[0] for r in con.execute("SELECT doc_id FROM documents WHERE superseded_by IS NULL").fetchall()]
    con.execute("DELETE FROM links")
    con.execute("DELETE FROM item_status")
    return trace_new_documents(con, ids)

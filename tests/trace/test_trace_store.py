"""Tracing in a real DuckDB: links both ways in time, body rules, idempotency, statuses."""

from __future__ import annotations

from datetime import date
from typing import Any

import duckdb

from pipeline.trace import outdated_trace_docs, retrace_all, timelines, trace_new_documents
from pipeline.trace.link import METHOD
from tests.trace.conftest import SERIES, doc_id_of, write_meeting

Series = tuple[duckdb.DuckDBPyConnection, list[str]]


def link_set(con: duckdb.DuckDBPyConnection) -> set[tuple[Any, ...]]:
    return set(con.execute("SELECT link_id, record_id, target_passage_id, label FROM links").fetchall())


def by_text(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    return {t.text: t for t in timelines(con)}


def test_links_later_meetings_of_the_same_body(series_db: Series) -> None:
    con, ids = series_db
    assert trace_new_documents(con, ids) > 0
    items = by_text(con)
    handyman = items[SERIES[0][3][0][1][0]]
    assert [(ln.doc, ln.label) for ln in handyman.links][0] == ("002_tp-2013-10.md", "completed")
    assert handyman.status == "done"
    inspection = items["Councillors would make another allotment inspection on 28 September."]
    assert inspection.status == "done" and inspection.links[0].label == "completed"
    gates = items["The subject would be placed on the agenda for the next meeting."]
    assert [(ln.doc, ln.label) for ln in gates.links] == [
        ("002_tp-2013-10.md", "delayed"),
        ("003_tp-2013-11.md", "delayed"),  # body written in capitals without "(Norfolk)": same body
    ]
    assert gates.status == "overdue" and gates.due_date == date(2013, 10, 31)
    # Another body's minutes mention the same subjects and are never evidence.
    assert not any(ln.doc.startswith("004_") for t in items.values() for ln in t.links)
    assert items["CP agreed to report the rubbish dumping to the Borough Council."].status == "no evidence"
    assert items["PW & TF would attend a seminar on Green Burials on 17 Oct 2013."].status == "overdue"
    assert items["Replacement allotment gates should be placed on the next agenda."].status == "in progress"


def test_evidence_quotes_the_sentence_and_keeps_provenance(series_db: Series) -> None:
    con, ids = series_db
    trace_new_documents(con, ids)
    row = con.execute(
        "SELECT l.quote, l.source_doc_id, l.target_doc_id, p.text, l.method FROM links l "
        "JOIN passages p ON p.passage_id = l.target_passage_id "
        "WHERE l.quote LIKE '%carried out an allotments inspection%'"
    ).fetchone()
    assert row is not None
    quote, source, target, passage, method = row
    assert quote in passage and not quote.startswith("4.1.2")
    assert (source, target) == (doc_id_of(SERIES[0][0]), doc_id_of(SERIES[1][0]))
    assert method == METHOD


def test_out_of_order_arrival_gives_the_same_links(series_db: Series) -> None:
    con, ids = series_db
    trace_new_documents(con, ids)
    together = link_set(con)
    con.execute("DELETE FROM links")
    for doc_id in reversed(ids):  # the latest meeting first: later evidence is already stored
        trace_new_documents(con, [doc_id])
    assert link_set(con) == together


def test_tracing_again_changes_nothing(series_db: Series) -> None:
    con, ids = series_db
    trace_new_documents(con, ids)
    first = link_set(con)
    statuses = con.execute("SELECT record_id, status FROM item_status ORDER BY 1").fetchall()
    trace_new_documents(con, ids[1:2])
    retrace_all(con)
    assert link_set(con) == first
    assert con.execute("SELECT record_id, status FROM item_status ORDER BY 1").fetchall() == statuses


def test_a_replaced_document_loses_its_links(series_db: Series) -> None:
    con, ids = series_db
    trace_new_documents(con, ids)
    name, body, when, paragraphs = SERIES[1]
    new_id = write_meeting(con, ("002_tp-2013-10-v2.md", body, when, paragraphs[2:]))
    con.execute("UPDATE documents SET superseded_by = ? WHERE doc_id = ?", [new_id, ids[1]])
    trace_new_documents(con, [new_id])
    targets = {r[0] for r in con.execute("SELECT target_doc_id FROM links").fetchall()}
    assert ids[1] not in targets and new_id in targets
    items = by_text(con)
    assert items[SERIES[0][3][0][1][0]].status == "no evidence"  # its evidence was in the old version


def test_undated_documents_are_not_ordered(series_db: Series) -> None:
    con, ids = series_db
    undated = write_meeting(con, ("005_tp-undated.md", SERIES[0][1], None, SERIES[1][3]))
    trace_new_documents(con, [*ids, undated])
    assert con.execute("SELECT count(*) FROM links WHERE target_doc_id = ?", [undated]).fetchone() == (0,)


def test_no_new_documents_is_a_no_op(series_db: Series) -> None:
    con, _ = series_db
    assert trace_new_documents(con, []) == 0


def test_links_an_older_method_made_mark_their_documents_for_tracing_again(series_db: Series) -> None:
    con, ids = series_db
    trace_new_documents(con, ids)
    assert outdated_trace_docs(con) == []
    source, target = con.execute("SELECT source_doc_id, target_doc_id FROM links LIMIT 1").fetchone()
    con.execute(
        "UPDATE links SET method = 'trace.rules.v0' WHERE source_doc_id = ? AND target_doc_id = ?",
        [source, target],
    )
    assert set(outdated_trace_docs(con)) == {source, target}
    trace_new_documents(con, outdated_trace_docs(con))
    assert outdated_trace_docs(con) == []

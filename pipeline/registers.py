"""Registers for people who do not use a terminal: the commitment and target registers as CSV and
Parquet, and one self-contained HTML report (status counts, both registers, each item's timeline
with quoted evidence and links to the source document and page). Every document text is escaped.

Files are written beside each other under `out_dir` and swapped in with os.replace, so a reader
never sees half a register.
"""

from __future__ import annotations

import csv
import html
import io
import json
import os
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.trace import STATUSES, ItemTimeline, timelines

COLUMNS = (
    "id", "type", "status", "text", "owner_or_metric", "due", "due_date", "as_of", "reason", "body", "doc",
    "meeting_date", "page", "source_url", "n_links", "latest_evidence_label", "latest_evidence_date",
    "latest_evidence_doc", "latest_evidence_page", "latest_evidence_quote", "fields",
)  # fmt: skip


def register_row(item: ItemTimeline) -> dict[str, Any]:
    f = item.fields
    latest = item.links[-1] if item.links else None
    return {
        "id": item.id, "type": item.type, "status": item.status, "text": item.text,
        "owner_or_metric": f.get("owner") or f.get("metric"), "due": f.get("due") or f.get("deadline"),
        "due_date": item.due_date.isoformat() if item.due_date else None,
        "as_of": item.as_of.isoformat() if item.as_of else None, "reason": item.reason, "body": item.body,
        "doc": item.doc, "meeting_date": item.meeting_date.isoformat() if item.meeting_date else None,
        "page": item.page, "source_url": item.source_url, "n_links": len(item.links),
        "latest_evidence_label": latest.label if latest else None,
        "latest_evidence_date": latest.meeting_date.isoformat() if latest and latest.meeting_date else None,
        "latest_evidence_doc": latest.doc if latest else None,
        "latest_evidence_page": latest.page if latest else None,
        "latest_evidence_quote": (latest.quote or latest.text) if latest else None,
        "fields": json.dumps(f, ensure_ascii=False, sort_keys=True, default=str),
    }  # fmt: skip


def _replace(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _csv(rows: Sequence[dict[str, Any]]) -> bytes:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(COLUMNS))
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8")


def _parquet(rows: Sequence[dict[str, Any]]) -> bytes:
    schema = pa.schema([(c, pa.int64() if c in ("page", "n_links", "latest_evidence_page") else pa.string())
                        for c in COLUMNS])  # fmt: skip
    table = pa.Table.from_pylist(list(rows), schema=schema)
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink)
    return bytes(sink.getvalue().to_pybytes())


def write_registers(con: duckdb.DuckDBPyConnection, out_dir: Path | str) -> dict[str, Path]:
    """Write commitments.csv/.parquet, targets.csv/.parquet and report.html; returns their paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    items = timelines(con)
    written: dict[str, Path] = {}
    for typ, name in (("commitment", "commitments"), ("target", "targets")):
        rows = [register_row(i) for i in items if i.type == typ]
        for suffix, data in (("csv", _csv(rows)), ("parquet", _parquet(rows))):
            path = out / f"{name}.{suffix}"
            _replace(path, data)
            written[f"{name}.{suffix}"] = path
    report = out / "report.html"
    _replace(report, render_report(items).encode("utf-8"))
    written["report.html"] = report
    return written


# --- HTML -----------------------------------------------------------------------------------------

_CSS = """
body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#222}
h1{font-size:1.6rem} h2{margin-top:2.2rem;border-bottom:1px solid #ccc}
table{border-collapse:collapse;width:100%;margin:.6rem 0} th,td{border:1px solid #ddd;padding:.3rem .45rem;
vertical-align:top;text-align:left} th{background:#f3f3f3}
.s{display:inline-block;padding:0 .45rem;border-radius:.6rem;font-size:.85em;white-space:nowrap}
.s-done{background:#d6f5d6}.s-overdue{background:#ffd6d6}.s-in-progress{background:#fff1c2}
.s-changed{background:#e3dcff}.s-open{background:#e6f0ff}.s-no-evidence{background:#eee}
details{margin:.35rem 0 .8rem} summary{cursor:pointer} blockquote{margin:.3rem 0 .3rem 1rem;
padding-left:.6rem;border-left:3px solid #bbb;color:#333} .meta{color:#666;font-size:.88em}
"""


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _href(url: str | None, doc: str, page: int | None) -> str:
    # Only web links are made from a manifest's URL: a "javascript:" or "data:" URL would run in the report.
    if url and not url.lower().startswith(("http://", "https://")):
        url = None
    target = url or doc
    if page and (target.lower().split("?")[0].endswith(".pdf") or not url):
        target = f"{target}#page={page}"
    return target


def _source(doc: str, url: str | None, page: int | None, meeting_date: Any) -> str:
    where = f"{_e(doc)}{f', p. {page}' if page else ''}"
    when = f" ({_e(meeting_date)})" if meeting_date else ""
    return f'<a href="{_e(_href(url, doc, page))}">{where}</a>{when}'


def _status(status: str) -> str:
    return f'<span class="s s-{status.replace(" ", "-")}">{_e(status)}</span>'


def _register(items: Sequence[ItemTimeline], title: str, anchor: str) -> str:
    rows = []
    for i in items:
        latest = i.links[-1] if i.links else None
        evidence = f"{_e(latest.label)} {_e(latest.meeting_date)}" if latest else ""
        rows.append(
            f'<tr><td>{_status(i.status)}</td><td><a href="#{_e(i.id)}">{_e(i.text)}</a></td>'
            f"<td>{_e(i.due_date or '')}</td><td>{_source(i.doc, i.source_url, i.page, i.meeting_date)}</td>"
            f"<td>{evidence}</td></tr>"
        )
    body = "".join(rows) or '<tr><td colspan="5">none</td></tr>'
    return (
        f'<h2 id="{anchor}">{_e(title)} ({len(items)})</h2><table><tr><th>status</th><th>item</th><th>due</th>'
        f"<th>source</th><th>latest evidence</th></tr>{body}</table>"
    )


def _timeline(item: ItemTimeline) -> str:
    steps = []
    for ln in item.links:
        steps.append(
            f"<li>{_e(ln.meeting_date)} <b>{_e(ln.label)}</b> (score {ln.score:.2f}) "
            f"{_source(ln.doc, ln.source_url, ln.page, None)}<blockquote>{_e(ln.quote or ln.text)}</blockquote></li>"
        )
    trail = f"<ol>{''.join(steps)}</ol>" if steps else '<p class="meta">no later evidence</p>'
    return (
        f'<details id="{_e(item.id)}"><summary>{_status(item.status)} [{_e(item.type)}] {_e(item.text)}</summary>'
        f'<p class="meta">{_source(item.doc, item.source_url, item.page, item.meeting_date)} · {_e(item.body)} · '
        f"{_e(item.reason)}{f' · due {_e(item.due_date)}' if item.due_date else ''} · id {_e(item.id)}</p>"
        f"<blockquote>{_e(item.text)}</blockquote>{trail}</details>"
    )


def render_report(items: Sequence[ItemTimeline]) -> str:
    """One HTML page with no external resources; all document text escaped."""
    commitments = [i for i in items if i.type == "commitment"]
    targets = [i for i in items if i.type == "target"]
    counts = []
    for label, group in (("commitments", commitments), ("targets", targets)):
        c = Counter(i.status for i in group)
        counts.append(f"<tr><th>{label}</th>{''.join(f'<td>{c.get(s, 0)}</td>' for s in STATUSES)}"
                      f"<td>{len(group)}</td></tr>")  # fmt: skip
    head = "".join(f"<th>{_e(s)}</th>" for s in STATUSES)
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>boardtrace registers</title>'
        f"<style>{_CSS}</style></head><body><h1>Commitments and targets: registers</h1>"
        f'<p class="meta">Generated {generated}. Status is judged as of the latest meeting stored for each '
        "item's body. Evidence is quoted from later documents; follow the links to the source and page.</p>"
        f"<h2>Status counts</h2><table><tr><th></th>{head}<th>total</th></tr>{''.join(counts)}</table>"
        f"{_register(commitments, 'Commitment register', 'commitments')}"
        f"{_register(targets, 'Target register', 'targets')}"
        f"<h2>Timelines</h2>{''.join(_timeline(i) for i in items)}</body></html>"
    )

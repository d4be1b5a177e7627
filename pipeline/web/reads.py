"""What the web pages and the JSON API show, read from the store through the library.

Search goes through `pipeline.search.search`, records and documents through `pipeline.queries`,
status and timelines through `pipeline.trace.timelines`, register CSV rows through
`pipeline.registers.register_row`. The SQL here covers only what the pages need beyond that
(browsing by filter, a document's passages with their records, filter choices); all of it is
parameterised.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

import duckdb

from pipeline import queries
from pipeline.errors import NotFound, QueryError
from pipeline.records import DOC_KINDS, RECORD_FIELDS, RECORD_TYPES
from pipeline.registers import COLUMNS as REGISTER_CSV_COLUMNS
from pipeline.registers import register_row
from pipeline.search import search
from pipeline.trace import timelines
from pipeline.web.marks import split_marked

PER_PAGE = 10
MAX_PAGE = 50
MAX_FETCH = 300
MAX_TEXT_FILTER = 200
RESULT_TYPES: tuple[str, ...] = (*RECORD_TYPES, "passage")
SEARCH_MODES = ("hybrid", "keyword", "semantic")
RECORD_ID = re.compile(r"^[a-z]{1,3}_[0-9a-f]{16}$")
DOC_ID = re.compile(r"^[0-9a-f]{64}$")

# Readable labels for record fields, in the order chips are shown.
FIELD_LABELS: dict[str, str] = {
    "outcome": "Outcome",
    "decided_by": "Decided by",
    "subject": "Subject",
    "owner": "Owner",
    "action": "Action",
    "due": "Due",
    "due_date": "Due date",
    "metric": "Metric",
    "comparator": "Comparator",
    "value": "Value",
    "value_high": "Up to",
    "unit": "Unit",
    "direction": "Direction",
    "deadline": "Deadline",
    "deadline_date": "Deadline date",
}
CHIP_FIELDS = ("outcome", "decided_by", "owner", "due", "due_date", "value", "deadline", "deadline_date")


def check_record_id(record_id: str) -> str:
    if not RECORD_ID.fullmatch(record_id):
        raise NotFound(f"not a record id: {record_id[:80]!r}")
    return record_id


def check_doc_id(doc_id: str) -> str:
    if not DOC_ID.fullmatch(doc_id):
        raise NotFound(f"not a document id: {doc_id[:80]!r}")
    return doc_id


def _rows(cur: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    names = [d[0] for d in cur.description or []]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def _fields(value: Any) -> dict[str, Any]:
    if isinstance(value, str):
        loaded = json.loads(value)
        return loaded if isinstance(loaded, dict) else {}
    return dict(value or {})


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def shown(value: Any) -> str:
    """A cell value for people: blanks for None, 189000000.0 as 189,000,000, 0.25 as 0.25."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() else f"{value:,.6g}"
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return str(_iso(value))


def chips(fields: dict[str, Any]) -> list[dict[str, str]]:
    """The fields worth a glance in a result list, as label/value pairs (value and unit joined)."""
    out = []
    for key in CHIP_FIELDS:
        value = fields.get(key)
        if value in (None, "", []):
            continue
        if key == "value":
            high = fields.get("value_high")
            text = f"{shown(value)}–{shown(high)}" if high not in (None, "") else shown(value)
            if fields.get("unit"):
                text += f" {fields['unit']}"
            out.append({"label": "Value", "value": text})
        else:
            out.append({"label": FIELD_LABELS.get(key, key), "value": shown(value)})
    return out


# ---------------------------------------------------------------- search


@dataclass(frozen=True)
class SearchFilters:
    type: str | None = None
    outcome: str | None = None
    body: str | None = None
    since: date | None = None
    until: date | None = None
    kind: str | None = None
    owner: str | None = None

    def active(self) -> bool:
        return any(v is not None for v in asdict(self).values())

    def to_params(self) -> dict[str, str]:
        return {k: _iso(v) or "" for k, v in asdict(self).items() if v is not None}


def _text_filter(name: str, value: str | None) -> str | None:
    value = (value or "").strip()
    if not value:
        return None
    if len(value) > MAX_TEXT_FILTER:
        raise QueryError(f"the {name} filter is too long")
    return value


def _date_filter(name: str, value: str | None, end: bool = False) -> date | None:
    """YYYY-MM-DD, or YYYY-MM / YYYY meaning its first day (its last for the end of a range)."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        if re.fullmatch(r"\d{4}", value):
            return date(int(value), 12, 31) if end else date(int(value), 1, 1)
        if re.fullmatch(r"\d{4}-\d{2}", value):
            year, month = int(value[:4]), int(value[5:])
            if not end:
                return date(year, month, 1)
            following = date(year + month // 12, month % 12 + 1, 1)
            return date.fromordinal(following.toordinal() - 1)
        return date.fromisoformat(value)
    except ValueError as e:
        raise QueryError(f"{name} must be a date like 2021-06-30, 2021-06 or 2021, not {value[:40]!r}") from e


def parse_filters(
    type: str | None = None,
    outcome: str | None = None,
    body: str | None = None,
    since: str | None = None,
    until: str | None = None,
    kind: str | None = None,
    owner: str | None = None,
) -> SearchFilters:
    """Validate filter values from a URL; QueryError explains what is wrong."""
    type_ = _text_filter("type", type)
    if type_ is not None and type_ not in RESULT_TYPES:
        raise QueryError(f"type must be one of {', '.join(RESULT_TYPES)}")
    kind_ = _text_filter("kind", kind)
    if kind_ is not None and kind_ not in DOC_KINDS:
        raise QueryError(f"document kind must be one of {', '.join(DOC_KINDS)}")
    filters = SearchFilters(
        type=type_,
        outcome=_text_filter("outcome", outcome),
        body=_text_filter("body", body),
        since=_date_filter("since", since),
        until=_date_filter("until", until, end=True),
        kind=kind_,
        owner=_text_filter("owner", owner),
    )
    if filters.since and filters.until and filters.since > filters.until:
        raise QueryError("the date range is empty: 'from' is after 'to'")
    return filters


def keeps(result: dict[str, Any], f: SearchFilters) -> bool:
    """Whether a result passes the filters (applied after search, whatever search did itself)."""
    fields = result.get("fields") or {}
    when = result.get("meeting_date")
    owner = str(fields.get("owner") or "")
    return not (
        (f.type and result["type"] != f.type)
        or (f.outcome and str(fields.get("outcome") or "").lower() != f.outcome.lower())
        or (f.body and (result.get("body") or "") != f.body)
        or (f.kind and result.get("doc_kind") != f.kind)
        or (f.since and (not when or when < f.since.isoformat()))
        or (f.until and (not when or when > f.until.isoformat()))
        or (f.owner and f.owner.lower() not in owner.lower())
    )


# Our filter -> search()'s name for it, and whether search() matches it exactly as we do. Body
# and party are substring matches there (party also covers decided-by and named organisations),
# so those two are narrowed again here by `keeps`.
_SEARCH_FILTERS = {"type": ("type", True), "outcome": ("outcome", True), "body": ("body", False),
                   "since": ("since", True), "until": ("until", True), "kind": ("doc_kind", True),
                   "owner": ("party", False)}  # fmt: skip


def search_filters(f: SearchFilters) -> tuple[dict[str, Any], set[str]]:
    """(keyword arguments for `search()`, the names of our filters it applies exactly)."""
    kwargs: dict[str, Any] = {}
    exact: set[str] = set()
    for ours, value in asdict(f).items():
        if value is None:
            continue
        theirs, same = _SEARCH_FILTERS[ours]
        kwargs[theirs] = value
        if same:
            exact.add(ours)
    return kwargs, exact


def why_parts(why: dict[str, Any]) -> list[str]:
    """Why a result matched, in words: matched words, keyword and meaning scores, phrases."""
    parts = []
    if why.get("terms"):
        parts.append("words: " + ", ".join(dict.fromkeys(str(t) for t in why["terms"])))
    if why.get("phrases"):
        parts.append("phrases: " + ", ".join(f"“{p}”" for p in why["phrases"]))
    if "keyword_rank" in why:
        score = f" {why['keyword_score']:.2f}" if isinstance(why.get("keyword_score"), int | float) else ""
        parts.append(f"keyword match{score} (#{why['keyword_rank']})")
    if "semantic_rank" in why:
        score = f" {why['semantic_score']:.2f}" if isinstance(why.get("semantic_score"), int | float) else ""
        parts.append(f"similar in meaning{score} (#{why['semantic_rank']})")
    if why.get("filters"):
        parts.append(str(why["filters"]))
    if why.get("also_in"):
        parts.append("same words also in " + ", ".join(str(d) for d in why["also_in"]))
    return parts


def _result(hit: dict[str, Any], doc_kind: str | None) -> dict[str, Any]:
    fields = _fields(hit.get("fields"))
    why = hit.get("why") or {}
    return {
        "id": hit["id"],
        "kind": hit.get("kind", "record"),
        "type": hit["type"],
        "text": hit["text"],
        "doc": hit["doc"],
        "doc_id": hit["doc_id"],
        "doc_kind": doc_kind,
        "passage_id": hit.get("passage_id") or (hit["id"] if hit.get("kind") == "passage" else None),
        "page": hit.get("page"),
        "agenda_item": hit.get("agenda_item"),
        "meeting_date": _iso(hit.get("meeting_date")),
        "body": hit.get("body"),
        "fields": fields,
        "chips": chips(fields),
        "score": hit.get("score"),
        "why": why,
        "why_parts": why_parts(why) if isinstance(why, dict) else [],
        "terms": [str(t) for t in why.get("terms", [])] if isinstance(why, dict) else [],
    }


def search_results(
    con: duckdb.DuckDBPyConnection, q: str, filters: SearchFilters, page: int = 1, mode: str = "hybrid"
) -> dict[str, Any]:
    """One page of results: by search when there is a query, else by filter (newest first)."""
    if mode not in SEARCH_MODES:
        raise QueryError(f"mode must be one of {', '.join(SEARCH_MODES)}")
    page = min(max(page, 1), MAX_PAGE)
    q = q.strip()
    if q:
        results, has_more = _searched(con, q, filters, page, mode)
        how = "search"
    elif filters.active():
        results, has_more = _browsed(con, filters, page)
        how = "filter"
    else:
        results, has_more, how = [], False, "none"
    return {
        "query": q,
        "mode": mode,
        "how": how,
        "filters": filters.to_params(),
        "page": page,
        "per_page": PER_PAGE,
        "has_more": has_more and page < MAX_PAGE,
        "results": results,
    }


def _searched(
    con: duckdb.DuckDBPyConnection, q: str, f: SearchFilters, page: int, mode: str
) -> tuple[list[dict[str, Any]], bool]:
    need = page * PER_PAGE + 1
    native, exact = search_filters(f)
    left = [name for name, value in asdict(f).items() if value is not None and name not in exact]
    # Filters applied afterwards thin the list, so then fetch more than one page's worth.
    k = min(MAX_FETCH, max(need * 3, 50)) if left else need
    hits = [h.to_dict() for h in search(con, q, k=k, mode=mode, **native)]
    results = [r for r in (_result(h, h.get("doc_kind")) for h in hits) if keeps(r, f)]
    start = (page - 1) * PER_PAGE
    return results[start : start + PER_PAGE], len(results) > start + PER_PAGE


def _browsed(
    con: duckdb.DuckDBPyConnection, f: SearchFilters, page: int
) -> tuple[list[dict[str, Any]], bool]:
    if f.type == "passage":
        return [], False
    rows = _rows(
        con.execute(
            "SELECT r.record_id AS id, 'record' AS kind, r.type, r.text, r.fields, r.page, r.passage_id, "
            "d.name AS doc, d.doc_id, d.doc_kind, d.meeting_date, d.body, a.number AS item_number, "
            "a.title AS item_title "
            "FROM records r JOIN documents d USING (doc_id) "
            "LEFT JOIN agenda_items a ON a.item_id = r.agenda_item_id "
            "WHERE d.superseded_by IS NULL "
            "AND (?::VARCHAR IS NULL OR r.type = ?) "
            "AND (?::VARCHAR IS NULL OR lower(json_extract_string(r.fields, '$.outcome')) = lower(?)) "
            "AND (?::VARCHAR IS NULL OR d.body = ?) "
            "AND (?::DATE IS NULL OR d.meeting_date >= ?) "
            "AND (?::DATE IS NULL OR d.meeting_date <= ?) "
            "AND (?::VARCHAR IS NULL OR d.doc_kind = ?) "
            "AND (?::VARCHAR IS NULL OR contains(lower(coalesce(json_extract_string(r.fields, '$.owner'), '')), "
            "lower(?))) "
            "ORDER BY d.meeting_date DESC NULLS LAST, d.name, r.char_start LIMIT ? OFFSET ?",
            [f.type, f.type, f.outcome, f.outcome, f.body, f.body, f.since, f.since, f.until, f.until,
             f.kind, f.kind, f.owner, f.owner, PER_PAGE + 1, (page - 1) * PER_PAGE],
        )
    )  # fmt: skip
    results = []
    for row in rows[:PER_PAGE]:
        row["agenda_item"] = queries.agenda_label(row.pop("item_number"), row.pop("item_title"))
        row["why"] = {"filters": "matches the filters"}
        results.append(_result(row, row["doc_kind"]))
    return results, len(rows) > PER_PAGE


def facets(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """The values the filter menus offer."""
    current = "FROM documents WHERE superseded_by IS NULL"
    bodies = [
        r[0]
        for r in con.execute(f"SELECT DISTINCT body {current} AND body IS NOT NULL ORDER BY 1").fetchall()
    ]  # noqa: S608
    kinds = [r[0] for r in con.execute(f"SELECT DISTINCT doc_kind {current} ORDER BY 1").fetchall()]  # noqa: S608
    outcomes = [
        r[0]
        for r in con.execute(
            "SELECT DISTINCT json_extract_string(r.fields, '$.outcome') AS o FROM records r "
            "JOIN documents d USING (doc_id) WHERE d.superseded_by IS NULL AND o IS NOT NULL ORDER BY 1"
        ).fetchall()
    ]
    owners = [
        r[0]
        for r in con.execute(
            "SELECT json_extract_string(r.fields, '$.owner') AS o FROM records r JOIN documents d USING (doc_id) "
            "WHERE d.superseded_by IS NULL AND o IS NOT NULL AND o <> '' GROUP BY 1 ORDER BY count(*) DESC, 1 "
            "LIMIT 200"
        ).fetchall()
    ]
    return {
        "types": list(RESULT_TYPES),
        "bodies": bodies,
        "kinds": kinds,
        "outcomes": outcomes,
        "owners": owners,
    }


# ---------------------------------------------------------------- records and documents


def _document_meta(con: duckdb.DuckDBPyConnection, doc_id: str) -> dict[str, Any]:
    rows = _rows(
        con.execute(
            "SELECT doc_id, name, title, body, meeting_date, doc_kind, fmt, n_pages, source_url, superseded_by, "
            "ingested_at FROM documents WHERE doc_id = ?",
            [doc_id],
        )
    )
    if not rows:
        raise NotFound(f"no document has the id {doc_id}")
    doc = rows[0]
    doc["meeting_date"] = _iso(doc["meeting_date"])
    doc["ingested_at"] = _iso(doc["ingested_at"])
    url = doc.get("source_url") or ""
    # Only web links are offered as links: a manifest could carry javascript: or file: URLs.
    doc["source_link"] = url if re.match(r"^https?://", url, flags=re.IGNORECASE) else None
    return doc


def record_view(con: duckdb.DuckDBPyConnection, record_id: str) -> dict[str, Any]:
    """A record with every field, its quote in context, provenance, entities and trace."""
    check_record_id(record_id)
    obj = queries.show(con, record_id)
    if obj.get("kind") != "record":
        raise NotFound(f"no record has the id {record_id}")
    fields = _fields(obj.get("fields"))
    context = obj.get("context") or {"before": "", "text": obj["text"], "after": ""}
    return {
        "id": obj["record_id"],
        "type": obj["type"],
        "text": obj["text"],
        "fields": fields,
        "field_rows": [
            {"key": k, "label": FIELD_LABELS.get(k, k.replace("_", " ").capitalize()), "value": v}
            for k, v in sorted(
                fields.items(),
                key=lambda kv: (
                    list(FIELD_LABELS).index(kv[0]) if kv[0] in FIELD_LABELS else len(FIELD_LABELS)
                ),
            )
        ],  # fmt: skip
        "chips": chips(fields),
        "context": {"before": context["before"], "text": context["text"], "after": context["after"]},
        "document": _document_meta(con, obj["doc_id"]),
        "page": obj.get("page"),
        "agenda_item": obj.get("agenda_item"),
        "passage_id": obj.get("passage_id"),
        "char_start": obj["char_start"],
        "char_end": obj["char_end"],
        "confidence": obj.get("confidence"),
        "extractor": obj.get("extractor"),
        "entities": [{"label": e["label"], "text": e["text"]} for e in obj.get("entities", [])],
        "trace": record_trace(con, obj["record_id"], obj["type"]),
    }


def _plain(obj: Any) -> dict[str, Any]:
    data = asdict(obj) if hasattr(obj, "__dataclass_fields__") else dict(obj)
    return {k: _iso(v) if isinstance(v, date) else v for k, v in data.items()}


def _event(link: dict[str, Any]) -> dict[str, Any]:
    return {
        "label": link.get("label"),
        "meeting_date": _iso(link.get("meeting_date")),
        "doc": link.get("doc"),
        "doc_id": link.get("doc_id"),
        "passage_id": link.get("passage_id"),
        "record_id": link.get("record_id"),
        "page": link.get("page"),
        "text": link.get("quote") or link.get("text"),
        "score": link.get("score"),
        "link_id": link.get("link_id"),
    }


def record_trace(con: duckdb.DuckDBPyConnection, record_id: str, type_: str) -> dict[str, Any] | None:
    """Status and dated later evidence of a commitment or target (tracing's timeline); None for
    decisions, which are not traced."""
    if type_ not in ("commitment", "target"):
        return None
    found = timelines(con, record_id=record_id)
    if not found:
        return {"status": "not traced", "reason": "", "events": []}
    item = _plain(found[0])
    links = item.pop("links", None) or []
    item.pop("fields", None)
    return {**item, "events": [_event(_plain(x)) for x in links]}


def document_view(con: duckdb.DuckDBPyConnection, doc_id: str) -> dict[str, Any]:
    """A document's agenda items and passages, with its records marked inside the passages."""
    check_doc_id(doc_id)
    doc = _document_meta(con, doc_id)
    items = _rows(
        con.execute(
            "SELECT item_id, number, title, page FROM agenda_items WHERE doc_id = ? ORDER BY ordinal",
            [doc_id],
        )
    )
    passages = _rows(
        con.execute(
            "SELECT passage_id, kind, text, char_start, char_end, agenda_item_id, page, heading FROM passages "
            "WHERE doc_id = ? ORDER BY ordinal",
            [doc_id],
        )
    )
    records = _rows(
        con.execute(
            "SELECT record_id, type, text, fields, char_start, char_end, page, passage_id FROM records "
            "WHERE doc_id = ? ORDER BY char_start, type",
            [doc_id],
        )
    )
    by_passage: dict[str | None, list[dict[str, Any]]] = {}
    for r in records:
        r["fields"] = _fields(r["fields"])
        r["chips"] = chips(r["fields"])
        by_passage.setdefault(r["passage_id"], []).append(r)
    known = {p["passage_id"] for p in passages}
    for p in passages:
        recs = by_passage.get(p["passage_id"], [])
        p["records"] = recs
        p["pieces"] = split_marked(
            p["text"], ((r["char_start"] - p["char_start"], r["char_end"] - p["char_start"], r["record_id"])
                        for r in recs)
        )  # fmt: skip
    record_types = {r["record_id"]: r["type"] for r in records}
    sections: list[dict[str, Any]] = []
    index = {i["item_id"]: i for i in items}
    for p in passages:
        item = index.get(p["agenda_item_id"]) if p["agenda_item_id"] else None
        if not sections or sections[-1]["item_id"] != p["agenda_item_id"]:
            sections.append({"item_id": p["agenda_item_id"], "item": item, "passages": []})
        sections[-1]["passages"].append(p)
    return {
        "document": doc,
        "agenda_items": items,
        "sections": sections,
        "record_types": record_types,
        "orphan_records": [r for pid, rs in by_passage.items() if pid not in known for r in rs],
        "counts": {t: sum(1 for r in records if r["type"] == t) for t in RECORD_TYPES},
    }


def documents_list(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    rows = _rows(
        con.execute(
            "SELECT d.doc_id, d.name, d.title, d.body, d.meeting_date, d.doc_kind, d.n_pages, "
            "(SELECT count(*) FROM records r WHERE r.doc_id = d.doc_id) AS n_records "
            "FROM documents d WHERE d.superseded_by IS NULL ORDER BY d.meeting_date DESC NULLS LAST, d.name"
        )
    )
    for r in rows:
        r["meeting_date"] = _iso(r["meeting_date"])
    return rows


# ---------------------------------------------------------------- registers

REGISTERS: dict[str, dict[str, Any]] = {
    "commitments": {
        "type": "commitment",
        "title": "Commitments register",
        "fields": RECORD_FIELDS["commitment"],
    },
    "targets": {
        "type": "target",
        "title": "Targets register",
        "fields": RECORD_FIELDS["target"],
    },
}
COMMON_COLUMNS = ("status", "reason", "evidence", "body", "meeting_date", "doc", "page", "text", "id")
REGISTER_PAGE = 100


def register_columns(name: str) -> tuple[str, ...]:
    return (*REGISTERS[name]["fields"], *COMMON_COLUMNS)


def register_rows(con: duckdb.DuckDBPyConnection, name: str) -> list[dict[str, Any]]:
    """Every item of a register with tracing's status and evidence count; each row keeps its row of
    the nightly register CSV under `_export`, so a download has the same format as that file."""
    check_register(name)
    rows = []
    for item in timelines(con):
        if item.type != REGISTERS[name]["type"]:
            continue
        row = _plain(item)
        row["evidence"] = len(row.pop("links", None) or [])
        out = _normalise_register_row(row, name)
        out["_export"] = register_row(item)
        rows.append(out)
    return rows


def _normalise_register_row(row: dict[str, Any], name: str) -> dict[str, Any]:
    """A timeline item as one flat register row: the type's fields beside status and provenance."""
    fields = _fields(row.get("fields"))
    out = {k: fields.get(k) for k in REGISTERS[name]["fields"]}
    for key, value in row.items():
        if key != "fields":
            out.setdefault(key, _iso(value) if isinstance(value, date) else value)
    out["status"] = out.get("status") or "unknown"
    return out


def _sort_key(column: str) -> Callable[[dict[str, Any]], tuple[int, float, str]]:
    """Numbers by value before text (a column may mix them); blanks are kept out by the caller."""

    def key(row: dict[str, Any]) -> tuple[int, float, str]:
        value = row.get(column)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return (0, float(value), "")
        return (1, 0.0, str(_iso(value)).lower())

    return key


def check_register(name: str) -> str:
    if name not in REGISTERS:
        raise NotFound(f"no register called {name[:40]!r}; choose {', '.join(REGISTERS)}")
    return name


def register_view(
    source_rows: list[dict[str, Any]],
    name: str,
    status: str | None = None,
    q: str | None = None,
    body: str | None = None,
    owner: str | None = None,
    sort: str | None = None,
    order: str = "asc",
    page: int | None = 1,
) -> dict[str, Any]:
    """A register (`source_rows` from `register_rows`, not modified) filtered and sorted; counts by
    status are of the rows the other filters keep. page=None returns every row (the CSV)."""
    check_register(name)
    columns = register_columns(name)
    sort = sort or "meeting_date"
    if sort not in columns:
        raise QueryError(f"cannot sort by {sort[:40]!r}; choose one of {', '.join(columns)}")
    if order not in ("asc", "desc"):
        raise QueryError("order must be asc or desc")
    q_, body_, owner_, status_ = (_text_filter(n, v) for n, v in
                                  (("q", q), ("body", body), ("owner", owner), ("status", status)))  # fmt: skip
    rows = [
        r
        for r in source_rows
        if (not body_ or r.get("body") == body_)
        and (not owner_ or owner_.lower() in str(r.get("owner") or "").lower())
        and (not q_ or q_.lower() in " ".join(str(r.get(c) or "") for c in columns).lower())
    ]
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["status"]] = counts.get(r["status"], 0) + 1
    if status_:
        rows = [r for r in rows if r["status"] == status_]
    present = [r for r in rows if r.get(sort) not in (None, "")]
    blank = [r for r in rows if r.get(sort) in (None, "")]
    rows = sorted(present, key=_sort_key(sort), reverse=order == "desc") + blank
    total = len(rows)
    if page is not None:
        page = max(page, 1)
        rows = rows[(page - 1) * REGISTER_PAGE : page * REGISTER_PAGE]
    return {
        "name": name,
        "title": REGISTERS[name]["title"],
        "columns": list(columns),
        "filters": {
            k: v for k, v in (("status", status_), ("q", q_), ("body", body_), ("owner", owner_)) if v
        },
        "sort": sort,
        "order": order,
        "counts": dict(sorted(counts.items())),
        "total": total,
        "page": page,
        "per_page": REGISTER_PAGE,
        "rows": [
            {**{k: v for k, v in r.items() if k != "_export"}, "meeting_date": _iso(r.get("meeting_date"))}
            for r in rows
        ],
        "export": [r.get("_export") or {} for r in rows] if page is None else None,
    }


def _csv_cell(value: Any) -> str:
    text = "" if value is None else str(_iso(value))
    # A cell starting with = + - @ is a formula to a spreadsheet; auditors open these in Excel.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def register_csv(view: dict[str, Any]) -> str:
    """The filtered, sorted register as CSV, in the nightly register file's columns."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(REGISTER_CSV_COLUMNS)
    for row in view["export"] or []:
        writer.writerow([_csv_cell(row.get(c)) for c in REGISTER_CSV_COLUMNS])
    return out.getvalue()

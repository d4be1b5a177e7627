"""A tiny search database written row by row (no flow, no spaCy): three bodies, a handful of
passages and records with known fields, real MiniLM vectors. Built once per session."""

from __future__ import annotations

import json
import shutil
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from pipeline import store
from pipeline.embed import MODEL_NAME, embed_texts
from pipeline.records import text_hash
from pipeline.search import refresh_indexes

DOCS = [
    ("d_milburn", "milburn-2021-03-04.txt", "Milburn Parish Council", date(2021, 3, 4), "minutes"),
    (
        "d_kent",
        "kent-plan-2019.txt",
        "Kent and Medway Joint Health and Wellbeing Board",
        date(2019, 6, 1),
        "plan",
    ),
    (
        "d_kent_copy",
        "kent-plan-2019.pdf",
        "Kent and Medway Joint Health and Wellbeing Board",
        date(2019, 6, 1),
        "plan",
    ),
    ("d_python", "python-sc-2020.md", "Python Steering Council", date(2020, 11, 2), "report"),
]
# (doc, passage text, [(record type, record text, fields)])
PASSAGES: list[tuple[str, str, list[tuple[str, str, dict[str, Any]]]]] = [
    ("d_milburn", "Councillors agreed that the clerk would report the rubbish dumping in Mill Lane to the Borough Council.",
     [("commitment", "the clerk would report the rubbish dumping in Mill Lane to the Borough Council",
       {"owner": "the clerk", "action": "report the rubbish dumping", "due": None, "due_date": None})]),
    ("d_milburn", "The payment to NALC was not approved; 50% of the precept is held in reserve.",
     [("decision", "The payment to NALC was not approved",
       {"outcome": "rejected", "decided_by": "Milburn Parish Council", "subject": "payment to NALC"})]),
    ("d_milburn", "RESOLVED that the allotment rents be increased to £30 from April 2022.",
     [("decision", "RESOLVED that the allotment rents be increased to £30 from April 2022.",
       {"outcome": "approved", "decided_by": None, "subject": "allotment rents"})]),
    ("d_kent", "Delivery of our K&M estates strategy including success in national bidding rounds for funding.",
     [("commitment", "Delivery of our K&M estates strategy including success in national bidding rounds for funding.",
       {"owner": "Kent and Medway STP", "action": "deliver the estates strategy", "due": None, "due_date": None})]),
    ("d_kent", "Less than 12% of the population will smoke by 2023/24.",
     [("target", "Less than 12% of the population will smoke by 2023/24.",
       {"metric": "smoking prevalence", "comparator": "lt", "value": 12, "unit": "%", "deadline": "by 2023/24",
        "deadline_date": "2024-03-31"})]),
    ("d_kent", "All systems to become Integrated Care Systems by 2021, working with Healthwatch.",
     [("target", "All systems to become Integrated Care Systems by 2021",
       {"metric": "systems becoming ICSs", "comparator": "state", "deadline": "by 2021", "deadline_date": "2021-12-31"})]),
    ("d_kent_copy", "Delivery of our K&M estates strategy including success in national bidding rounds for funding.", []),
    ("d_python", "Steering Council accepted PEP 584 (add union operators to dict).",
     [("decision", "Steering Council accepted PEP 584 (add union operators to dict).",
       {"outcome": "approved", "decided_by": "Steering Council", "subject": "PEP 584"})]),
    ("d_python", "Google is going to sponsor the core dev sprints this year.", []),
]  # fmt: skip


def write_small_db(path: Path) -> None:
    con = store.connect(path)
    now = datetime(2026, 1, 1)
    texts: list[str] = []
    docs, passages, records = [], [], []
    for doc_id, name, body, meeting, kind in DOCS:
        docs.append({"doc_id": doc_id, "name": name, "path": f"/corpus/{name}", "fmt": "text", "size_bytes": 1,
                     "title": None, "body": body, "meeting_date": meeting, "doc_kind": kind, "source_url": None,
                     "text": "", "n_pages": 1, "warnings": [], "superseded_by": None, "superseded_at": None,
                     "run_id": "test", "ingested_at": now})  # fmt: skip
    for i, (doc_id, text, recs) in enumerate(PASSAGES):
        pid = f"p{i:02d}"
        passages.append({"passage_id": pid, "doc_id": doc_id, "ordinal": i, "kind": "paragraph", "text": text,
                         "text_hash": text_hash(text), "char_start": i * 200, "char_end": i * 200 + len(text),
                         "agenda_item_id": None, "page": 1, "heading": None})  # fmt: skip
        texts.append(text)
        for j, (rtype, rtext, fields) in enumerate(recs):
            start = i * 200 + text.index(rtext)
            records.append({"record_id": f"r{i:02d}{j}", "doc_id": doc_id, "type": rtype, "text": rtext,
                            "text_hash": text_hash(rtext), "fields": json.dumps(fields), "char_start": start,
                            "char_end": start + len(rtext), "page": 1, "agenda_item_id": None, "passage_id": pid,
                            "confidence": 1.0, "extractor": "test.v1"})  # fmt: skip
            texts.append(rtext)
    store.insert_rows(con, "documents", docs)
    store.insert_rows(con, "passages", passages)
    store.insert_rows(con, "records", records)
    unique = sorted(set(texts))
    store.upsert_embeddings(
        con, dict(zip(map(text_hash, unique), embed_texts(unique), strict=True)), MODEL_NAME
    )
    refresh_indexes(con)
    con.close()


@pytest.fixture(scope="session")
def small_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("search") / "small.duckdb"
    write_small_db(path)
    return path


@pytest.fixture
def small_copy(small_db: Path, tmp_path: Path) -> Path:
    target = tmp_path / "small-copy.duckdb"
    shutil.copyfile(small_db, target)
    return target


@pytest.fixture
def reader(small_db: Path) -> Any:
    con = store.connect(small_db, read_only=True)
    yield con
    con.close()

"""A tiny series of meetings written straight into DuckDB, with bag-of-words vectors standing in for
MiniLM (the linker only needs texts that share words to lie close together)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path

import duckdb
import numpy as np
import pytest

from pipeline import store
from pipeline.config import EMBED_DIM, EMBED_MODEL_NAME
from pipeline.records import stable_id, text_hash

Meeting = tuple[str, str | None, date | None, Sequence[tuple[str, Sequence[str]]]]

PARISH = "Test Parish Council (Norfolk)"
SERIES: list[Meeting] = [
    (
        "001_tp-2013-09.md",
        PARISH,
        date(2013, 9, 5),
        [
            (
                "5.1.4 Village Handyman. The Parish Council was now seeking a replacement Handyman and "
                "notification of this would be in the next Village drop.",
                [
                    "The Parish Council was now seeking a replacement Handyman and notification of this would be in "
                    "the next Village drop."
                ],
            ),
            (
                "8. Allotments Inspection. Councillors would make another allotment inspection on 28 September.",
                ["Councillors would make another allotment inspection on 28 September."],
            ),
            (
                "14.1 Allotment Gates. The gates did not fit. The subject would be placed on the agenda for the "
                "next meeting.",
                ["The subject would be placed on the agenda for the next meeting."],
            ),
            (
                "13. Correspondence. PW & TF would attend a seminar on Green Burials on 17 Oct 2013.",
                ["PW & TF would attend a seminar on Green Burials on 17 Oct 2013."],
            ),
            (
                "15.2 Fly-Tipping. CP agreed to report the rubbish dumping to the Borough Council.",
                ["CP agreed to report the rubbish dumping to the Borough Council."],
            ),
        ],
    ),
    (
        "002_tp-2013-10.md",
        PARISH,
        date(2013, 10, 3),
        [
            (
                "4.1.5 Village Handyman. An advertisement to find a new Village Handyman had now been placed in "
                "the Village Pump and in every village household through the leaflet drop.",
                [],
            ),
            (
                "4.1.2 Allotments Inspection. The Parish Council had carried out an allotments inspection on "
                "28 September. Two plots remained vacant.",
                [],
            ),
            (
                "11.1 Allotment Gates. Replacement allotment gates should be placed on the next agenda.",
                ["Replacement allotment gates should be placed on the next agenda."],
            ),
            (
                "4.4 Village Hall Report. Bookings for the hall were being received and the bar was popular.",
                [],
            ),
        ],
    ),
    (
        "003_tp-2013-11.md",
        "TEST PARISH COUNCIL",
        date(2013, 11, 7),
        [
            ("12.1 Allotment Gates. Replacement allotment gates should be placed on the agenda.", []),
            ("4.2 Police report. No crimes had been reported in the area.", []),
        ],
    ),
    (
        "004_other-board-2013-10.md",
        "Another Board",
        date(2013, 10, 10),
        [
            (
                "3. Allotment Gates. An advertisement for a Village Handyman had been placed; the allotments "
                "inspection on 28 September had been carried out.",
                [],
            ),
        ],
    ),
]


def fake_vector(text: str) -> list[float]:
    v = np.zeros(EMBED_DIM, dtype=np.float32)
    for word in re.findall(r"[a-z]{3,}", text.lower()):
        v[int(hashlib.md5(word.encode()).hexdigest(), 16) % EMBED_DIM] += 1.0
    n = float(np.linalg.norm(v))
    return (v / n if n else v).tolist()


def doc_id_of(name: str) -> str:
    return hashlib.sha256(name.encode()).hexdigest()


def write_meeting(con: duckdb.DuckDBPyConnection, meeting: Meeting, run_id: str = "test") -> str:
    name, body, when, paragraphs = meeting
    doc_id = doc_id_of(name)
    text = "\n\n".join(p for p, _ in paragraphs)
    store.insert_rows(
        con,
        "documents",
        [
            {
                "doc_id": doc_id,
                "name": name,
                "path": f"corpus/{name}",
                "fmt": "text",
                "size_bytes": len(text),
                "title": None,
                "body": body,
                "meeting_date": when,
                "doc_kind": "minutes",
                "source_url": f"https://example.org/{name}",
                "text": text,
                "n_pages": 0,
                "warnings": [],
                "superseded_by": None,
                "superseded_at": None,
                "run_id": run_id,
                "ingested_at": "2026-01-01 00:00:00",
            }
        ],
    )
    passages, records, vectors = [], [], {}
    offset = 0
    for i, (ptext, items) in enumerate(paragraphs):
        pid = stable_id("p", doc_id, i)
        passages.append(
            {
                "passage_id": pid,
                "doc_id": doc_id,
                "ordinal": i,
                "kind": "paragraph",
                "text": ptext,
                "text_hash": text_hash(ptext),
                "char_start": offset,
                "char_end": offset + len(ptext),
                "agenda_item_id": None,
                "page": 1,
                "heading": None,
            }
        )
        vectors[text_hash(ptext)] = fake_vector(ptext)
        for item in items:
            start = offset + ptext.index(item)
            records.append(
                {
                    "record_id": stable_id("r", doc_id, start),
                    "doc_id": doc_id,
                    "type": "commitment",
                    "text": item,
                    "text_hash": text_hash(item),
                    "fields": "{}",
                    "char_start": start,
                    "char_end": start + len(item),
                    "page": 1,
                    "agenda_item_id": None,
                    "passage_id": pid,
                    "confidence": 1.0,
                    "extractor": "test",
                }
            )
            vectors[text_hash(item)] = fake_vector(item)
        offset += len(ptext) + 2
    store.insert_rows(con, "passages", passages)
    store.insert_rows(con, "records", records)
    store.upsert_embeddings(con, vectors, EMBED_MODEL_NAME)
    return doc_id


@pytest.fixture
def series_db(tmp_path: Path) -> Iterator[tuple[duckdb.DuckDBPyConnection, list[str]]]:
    con = store.connect(tmp_path / "series.duckdb")
    ids = [write_meeting(con, m) for m in SERIES]
    yield con, ids
    con.close()

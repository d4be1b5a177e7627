"""Tracing cost of a night's new documents against a stored history (synthetic, 10k records).

    python bench/trace.py                 # histories of 1k, 5k and 10k records; 1, 2, 4, 8 new documents
    python bench/trace.py --sizes 10000 --nights 1 4

The history is minutes of `--bodies` boards meeting monthly, each meeting with `--records`
commitments and targets and three passages per record, every text with a unit vector (random:
the model is not what is measured). Histories grow by more years of the same boards, so older
meetings fall outside the look-back window, as in real use. Each night adds the next meeting of
`n` boards and is traced with `trace_new_documents`, in a copy of the history so nights do not
pile up. Reported: seconds per night and per new document.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline import store  # noqa: E402
from pipeline.config import EMBED_DIM, EMBED_MODEL_NAME  # noqa: E402
from pipeline.records import stable_id, text_hash  # noqa: E402
from pipeline.trace import refresh_status, trace_new_documents  # noqa: E402
from pipeline.trace.link import body_key  # noqa: E402

TOPICS = ["allotment gates", "broadband rollout", "village handyman", "cemetery extension", "speed signs",
          "data protection policy", "footpath walk", "precept budget", "risk assessment", "bus shelter",
          "street lighting", "play equipment", "flood drainage", "parking enforcement", "hedge cutting",
          "waiting times", "bed occupancy", "workforce plan", "estates strategy", "mental health beds"]  # fmt: skip
OWNERS = ["The Chairman", "The Clerk", "PK", "The Chief Officer", "The Director", "The Board"]


def _unit(rng: np.random.Generator, n: int) -> np.ndarray:
    v = rng.standard_normal((n, EMBED_DIM)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def meeting_rows(
    body: int, when: date, n_records: int, rng: np.random.Generator
) -> dict[str, list[dict[str, Any]]]:
    doc_id = stable_id("d", body, when)
    rows: dict[str, list[dict[str, Any]]] = {"documents": [], "passages": [], "records": [], "vectors": []}
    texts: list[str] = []
    for i in range(n_records):
        topic = TOPICS[int(rng.integers(len(TOPICS)))]
        owner = OWNERS[int(rng.integers(len(OWNERS)))]
        record = f"{owner} agreed to report on the {topic} ({body}-{when}-{i}) by the next meeting."
        passages = [
            f"{i}.1 {topic.title()}. {record}",
            f"{owner} said the {topic} had been discussed with officers on {when:%d %B %Y}.",
            f"It was noted that progress on the {topic} continued; item {body}-{when}-{i}.",
        ]
        for j, ptext in enumerate(passages):
            pid = stable_id("p", doc_id, i, j)
            rows["passages"].append({"passage_id": pid, "doc_id": doc_id, "ordinal": 3 * i + j, "kind": "paragraph",
                                     "text": ptext, "text_hash": text_hash(ptext), "char_start": 0,
                                     "char_end": len(ptext), "agenda_item_id": None, "page": None, "heading": None})  # fmt: skip
            texts.append(ptext)
            if j == 0:
                rows["records"].append({"record_id": stable_id("r", doc_id, i), "doc_id": doc_id,
                                        "type": "commitment" if i % 4 else "target", "text": record,
                                        "text_hash": text_hash(record), "fields": "{}", "char_start": 0,
                                        "char_end": len(record), "page": None, "agenda_item_id": None,
                                        "passage_id": pid, "confidence": 1.0, "extractor": "bench"})  # fmt: skip
                texts.append(record)
    rows["documents"].append({"doc_id": doc_id, "name": f"body{body:03d}-{when}.txt", "path": f"bench/{doc_id}",
                              "fmt": "text", "size_bytes": 1, "title": None, "body": f"Board {body}",
                              "meeting_date": when, "doc_kind": "minutes", "source_url": None, "text": "",
                              "n_pages": 0, "warnings": [], "superseded_by": None, "superseded_at": None,
                              "run_id": "bench", "ingested_at": time.strftime("%Y-%m-%d %H:%M:%S")})  # fmt: skip
    vectors = _unit(rng, len(texts))
    rows["vectors"] = [{"h": text_hash(t), "v": vectors[k].tolist()} for k, t in enumerate(texts)]
    return rows


def write(con: Any, rows: dict[str, list[dict[str, Any]]]) -> None:
    for table in ("documents", "passages", "records"):
        store.insert_rows(con, table, rows[table])
    store.upsert_embeddings(con, {r["h"]: r["v"] for r in rows["vectors"]}, EMBED_MODEL_NAME)


def build_history(path: Path, n_records: int, bodies: int, per_meeting: int, seed: int) -> date:
    """History of about `n_records` records; returns the date of the last meeting."""
    rng = np.random.default_rng(seed)
    con = store.connect(path)
    meetings = max(1, n_records // (bodies * per_meeting))
    start = date(2015, 1, 1)
    batch: dict[str, list[dict[str, Any]]] = {"documents": [], "passages": [], "records": [], "vectors": []}
    last = start
    for m in range(meetings):
        last = start + timedelta(days=30 * m)
        for b in range(bodies):
            for key, value in meeting_rows(b, last, per_meeting, rng).items():
                batch[key].extend(value)
        if len(batch["records"]) >= 2000:
            write(con, batch)
            batch = {k: [] for k in batch}
    write(con, batch)
    con.execute("CHECKPOINT")
    # Statuses exist as after nightly runs (links are not built for the history: tracing all of
    # it takes minutes, and a night's cost depends on the documents it reads, not on old links).
    refresh_status(con, {body_key(f"Board {b}") for b in range(bodies)})
    con.close()
    return last


def night(history: Path, last: date, n_new: int, bodies: int, per_meeting: int, workdir: Path) -> float:
    db = workdir / "night.duckdb"
    shutil.copyfile(history, db)
    con = store.connect(db)
    rng = np.random.default_rng(1000 + n_new)
    when = last + timedelta(days=30)
    new_ids = []
    for b in range(n_new):
        rows = meeting_rows(b % bodies, when, per_meeting, rng)
        write(con, rows)
        new_ids.append(rows["documents"][0]["doc_id"])
    started = time.perf_counter()
    trace_new_documents(con, new_ids)
    elapsed = time.perf_counter() - started
    con.close()
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--sizes", type=int, nargs="+", default=[1000, 5000, 10000], help="history sizes (records)"
    )
    ap.add_argument("--nights", type=int, nargs="+", default=[1, 2, 4, 8], help="new documents per night")
    ap.add_argument("--bodies", type=int, default=10)
    ap.add_argument("--records", type=int, default=10, help="commitments and targets per meeting")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    print(f"{'history':>8} {'docs':>5} {'new docs':>8} {'night s':>8} {'s/new doc':>9}")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for size in args.sizes:
            history = work / f"history-{size}.duckdb"
            last = build_history(history, size, args.bodies, args.records, seed=size)
            con = store.connect(history, read_only=True)
            n_records = con.execute("SELECT count(*) FROM records").fetchone()[0]  # type: ignore[index]
            n_docs = con.execute("SELECT count(*) FROM documents").fetchone()[0]  # type: ignore[index]
            con.close()
            for n_new in args.nights:
                times = [
                    night(history, last, n_new, args.bodies, args.records, work) for _ in range(args.repeat)
                ]
                t = statistics.median(times)
                print(f"{n_records:>8} {n_docs:>5} {n_new:>8} {t:>8.3f} {t / n_new:>9.3f}", flush=True)


if __name__ == "__main__":
    main()

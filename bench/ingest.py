"""Ingestion throughput on this machine: PDF pages/s, embedding passages/s, end-to-end documents/min.

    .venv/bin/python bench/ingest.py [--repeat 3]

Prints a small table and writes bench/out/ingest.json. Figures, not assertions: the README quotes them.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

from pipeline.config import apply_offline_env

apply_offline_env()

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"


def bench_pdf(repeat: int) -> dict[str, float]:
    from pipeline.ingest import ingest_file

    pdfs = sorted(CORPUS.rglob("*.pdf"))
    times, pages = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        pages = sum(len(ingest_file(p).pages) for p in pdfs)
        times.append(time.perf_counter() - start)
    best = min(times)
    return {
        "pdf_files": len(pdfs),
        "pdf_pages": pages,
        "pdf_seconds": round(best, 2),
        "pdf_pages_per_s": round(pages / best, 1),
    }


def bench_embed(repeat: int) -> dict[str, float]:
    from pipeline.embed import embed_texts, load_model
    from pipeline.ingest import discover, ingest_file
    from pipeline.segment import detect_meta, segment

    passages = []
    for path in discover(CORPUS):
        try:
            doc = ingest_file(path)
        except Exception:  # noqa: S112 (only documents that ingest are embedded)
            continue
        passages += [p.text for p in segment(doc, detect_meta(doc)).passages]
    load_model()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        embed_texts(passages)
        times.append(time.perf_counter() - start)
    best = min(times)
    return {
        "passages": len(passages),
        "embed_seconds": round(best, 2),
        "passages_per_s": round(len(passages) / best, 1),
    }


def bench_end_to_end() -> dict[str, float]:
    from flows.nightly import nightly
    from pipeline.ingest import discover

    docs = len(discover(CORPUS))
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        start = time.perf_counter()
        summary = nightly(corpus=str(CORPUS), db=str(db))
        cold = time.perf_counter() - start
        start = time.perf_counter()
        nightly(corpus=str(CORPUS), db=str(db))
        warm = time.perf_counter() - start
    work = summary["stage_seconds"].get("total", cold)
    return {
        "documents": docs,
        "flow_seconds_first_run": round(cold, 1),
        "flow_work_seconds": round(work, 1),
        "documents_per_minute": round(docs / work * 60, 1),
        "stage_seconds": summary["stage_seconds"],
        "rerun_unchanged_seconds": round(warm, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    results = {"cpu_count": os.cpu_count()}
    results |= bench_pdf(args.repeat)
    results |= bench_embed(args.repeat)
    results |= bench_end_to_end()
    out = REPO / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "ingest.json").write_text(json.dumps(results, indent=2))
    width = max(len(k) for k in results)
    for key, value in results.items():
        print(f"{key:<{width}}  {value}")


if __name__ == "__main__":
    main()
